// Profiling variants for `run.mjs --profile` (not part of the comparison): the wasm core driven
// with nothing around it, to split variant (b)'s cost into the worklet machinery, the copies
// into and out of wasm memory, the DSP (WasmEngine.processBlock) and processor.ts's per-quantum
// work (command ring, analyser publishing, counters).
//   processorOptions.mode 'copies': copy the input into the wasm input buffers and the wasm
//     output buffers to the output, no processBlock;
//   'kernel': the same copies around WasmEngine.processBlock.
// Uses the WasmEngine Embind interface of dist/wavegraph-core.mjs (web/src/wavegraph-core.d.mts),
// which is internal and changing; two shapes are handled:
//   - ReferenceChain engine: prepare(rate, block, channels, ring), applyNow(target, param, value)
//     (node 1 = eq, param 3·band = band gain dB; node 3 = master gain, param 0 = dB),
//     processBlock(frames, channels): the same band gains and master gain are applied at once;
//   - GraphEngine engine: prepare(rate, block, channels, ring, eventRing, crossfadeMs),
//     processBlock(frames, channels, blockStartFrame = -1): the graph's defaults are rendered
//     (no applyNow), reported as settings 'defaults'.
// Posts { type: 'ready', settings: 'applied' | 'defaults' } or { type: 'error', message } on its port.
import createWavegraphCore from 'wavegraph/wavegraph-core.mjs';

class WasmKernelProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.engine = undefined;
    try {
      this.setUp(options.processorOptions);
      this.port.postMessage({ type: 'ready', settings: this.settings });
    } catch (error) {
      this.port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  /** [control] Instantiates the core and prepares the engine; throws a one-line Error on failure. */
  setUp({ mode, bandGainsDb, gainDb, numChannels }) {
    this.runKernel = mode === 'kernel';
    const core = {};
    createWavegraphCore(core);
    const engine = new core.WasmEngine();
    let error;
    this.graphApi = false;
    try {
      error = engine.prepare(sampleRate, 128, numChannels, 256);
    } catch {
      this.graphApi = true;
      error = engine.prepare(sampleRate, 128, numChannels, 256, 256, 5);
    }
    if (error) throw new Error(`prepare: ${error}`);
    if (typeof engine.applyNow === 'function') {
      error = bandGainsDb.map((g, band) => engine.applyNow(1, 3 * band, g)).find((e) => e) || engine.applyNow(3, 0, gainDb);
      if (error) throw new Error(`applyNow: ${error}`);
      this.settings = 'applied';
    } else {
      this.settings = 'defaults';
    }
    this.engine = engine;
    this.numChannels = numChannels;
    this.inputs = [];
    this.outputs = [];
    for (let c = 0; c < numChannels; c++) {
      this.inputs.push(new Float32Array(core.HEAPF32.buffer, engine.inputPtr(c), 128));
      this.outputs.push(new Float32Array(core.HEAPF32.buffer, engine.outputPtr(c), 128));
    }
  }

  /** [audio] One 128-frame quantum: copies in, processBlock (mode 'kernel'), copies out. */
  process(inputs, outputs) {
    const input = inputs[0], output = outputs[0];
    if (!this.engine) return true;
    for (let c = 0; c < this.numChannels; c++) this.inputs[c].set(input[c]);
    if (this.runKernel) {
      if (this.graphApi) this.engine.processBlock(128, this.numChannels, -1);
      else this.engine.processBlock(128, this.numChannels);
    }
    for (let c = 0; c < this.numChannels; c++) output[c].set(this.outputs[c]);
    return true;
  }
}

registerProcessor('bench-wasm-kernel', WasmKernelProcessor);
