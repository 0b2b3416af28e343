// Profiling variants for `run.mjs --profile` (not part of the comparison): the wasm core driven
// with nothing around it (blocks of processorOptions.blockFrames frames, the context's render
// quantum, default 128), to split variant (b)'s cost into the worklet machinery (c), the copies
// into and out of wasm memory, the DSP through the raw export, and the rest of
// worklet/processor.ts's per-quantum work (command ring pull, event mirror, analyser
// publishing, counters) = (b) − 'kernel'.
//   processorOptions.mode 'copies': copy the input into the wasm input buffers and the wasm
//     output buffers to the output, no DSP;
//   'kernel': the same copies around the raw export
//     `_wavegraph_process_block(engine.selfPtr(), frames, numInputChannels, blockStartFrame)`,
//     the call processor.ts makes per quantum (no Embind on the audio path);
//   'raw' (run.mjs's variant (raw), not only --profile): the raw export alone, no copies, on
//     seeded noise written into the wasm input buffers once (the graph's cost in this browser,
//     as bench/wasm-graph-bench.mjs measures it in Node); its output stays silent.
// The engine is the reference graph (the WasmEngine's default) with the bench's settings applied
// at once through applyNow before the first quantum (no ramps): eq.band{b}.gainDb and master.gainDb,
// their ids looked up by name in the engine's description (docs/parameters.md lists them).
// Uses the WasmEngine Embind interface of dist/wavegraph-core.mjs (web/src/wavegraph-core.d.mts),
// internal to the package; the core arrives compiled in processorOptions.wasmModule (the
// package's compileCore()) and is instantiated synchronously here, as worklet/processor.ts does.
// Posts { type: 'ready' } or { type: 'error', message } on its port.
import createWavegraphCore from 'wavegraph/wavegraph-core.mjs';
import { applyReferenceSettings, instantiateCore } from './wasm-hosts/loop.js';

const RING_CAPACITY = 256;
const CROSSFADE_MS = 5;

class WasmKernelProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.engine = undefined;
    try {
      this.setUp(options.processorOptions);
      this.port.postMessage({ type: 'ready' });
    } catch (error) {
      this.port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  /** [control] Instantiates the core, prepares the engine, applies the settings; throws a one-line Error on failure. */
  setUp({ mode, bandGainsDb, gainDb, numChannels, wasmModule, blockFrames = 128 }) {
    const BLOCK_FRAMES = blockFrames;
    this.blockFrames = blockFrames;
    this.runKernel = mode === 'kernel' || mode === 'raw';
    this.copy = mode !== 'raw';
    const core = instantiateCore(createWavegraphCore, wasmModule);
    if (typeof core._wavegraph_process_block !== 'function') throw new Error('this core has no _wavegraph_process_block export');
    const engine = new core.WasmEngine();
    const error = engine.prepare(sampleRate, BLOCK_FRAMES, numChannels, RING_CAPACITY, RING_CAPACITY, CROSSFADE_MS);
    if (error) throw new Error(`prepare: ${error}`);
    applyReferenceSettings(engine, bandGainsDb, gainDb);
    this.engine = engine;
    this.core = core;
    this.enginePtr = engine.selfPtr();
    this.numChannels = numChannels;
    this.inputs = [];
    this.outputs = [];
    for (let c = 0; c < numChannels; c++) {
      this.inputs.push(new Float32Array(core.HEAPF32.buffer, engine.inputPtr(c), BLOCK_FRAMES));
      this.outputs.push(new Float32Array(core.HEAPF32.buffer, engine.outputPtr(c), BLOCK_FRAMES));
    }
    // Mode 'raw': one block of seeded noise (xorshift32), opposite on odd channels, stays in the input buffers.
    let seed = 1;
    for (let i = 0; i < BLOCK_FRAMES; i++) {
      seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
      for (let c = 0; c < numChannels; c++) this.inputs[c][i] = (c & 1 ? -1 : 1) * ((seed >>> 0) / 4294967296 - 0.5);
    }
  }

  /** [audio] One quantum (processorOptions.blockFrames, default 128): copies in, the raw export (modes 'kernel' and 'raw'), copies out (not in mode 'raw'). */
  process(inputs, outputs) {
    if (!this.engine) return true;
    if (!this.copy) {
      this.core._wavegraph_process_block(this.enginePtr, this.blockFrames, this.numChannels, currentFrame);
      return true;
    }
    const input = inputs[0], output = outputs[0];
    const numInputChannels = Math.min(input.length, this.numChannels);
    for (let c = 0; c < numInputChannels; c++) this.inputs[c].set(input[c]);
    if (this.runKernel) this.core._wavegraph_process_block(this.enginePtr, this.blockFrames, numInputChannels, currentFrame);
    for (let c = 0; c < this.numChannels; c++) output[c].set(this.outputs[c]);
    return true;
  }
}

registerProcessor('bench-wasm-kernel', WasmKernelProcessor);
