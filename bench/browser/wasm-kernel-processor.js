// Profiling variants for `run.mjs --profile` (not part of the comparison): the wasm core driven
// with nothing around it, to split variant (b)'s cost into the worklet machinery, the copies
// into and out of wasm memory, the DSP (WasmEngine.processBlock) and processor.ts's per-quantum
// work (command ring, analyser publishing, counters).
//   processorOptions.mode 'copies': copy the input into the wasm input buffers and the wasm
//     output buffers to the output, no processBlock;
//   'kernel': the same copies around WasmEngine.processBlock (reference chain, same band gains
//     and master gain applied at once with applyNow).
// Uses the WasmEngine Embind interface of dist/wavegraph-core.mjs (web/src/wavegraph-core.d.mts):
// prepare, applyNow (node 1 = eq, param 3·band = band gain dB; node 3 = master gain, param 0 = dB),
// inputPtr, outputPtr, processBlock.
import createWavegraphCore from 'wavegraph/wavegraph-core.mjs';

class WasmKernelProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const { mode, bandGainsDb, gainDb, numChannels } = options.processorOptions;
    this.runKernel = mode === 'kernel';
    const core = {};
    createWavegraphCore(core);
    const engine = new core.WasmEngine();
    const error = engine.prepare(sampleRate, 128, numChannels, 256) ||
      bandGainsDb.map((g, band) => engine.applyNow(1, 3 * band, g)).find((e) => e) ||
      engine.applyNow(3, 0, gainDb);
    if (error) throw new Error(`wasm-kernel-processor: ${error}`);
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
    for (let c = 0; c < this.numChannels; c++) this.inputs[c].set(input[c]);
    if (this.runKernel) this.engine.processBlock(128, this.numChannels);
    for (let c = 0; c < this.numChannels; c++) output[c].set(this.outputs[c]);
    return true;
  }
}

registerProcessor('bench-wasm-kernel', WasmKernelProcessor);
