// AudioWorklet host of bench/browser/wasm-hosts.mjs (processorOptions { wasmModule, mode }):
//   mode 'quantum': process() runs blocksPerQuantum (default 1) blocks of the raw loop per 128-frame quantum;
//   mode 'empty':   process() returns at once (the machinery to subtract);
//   mode 'message': process() does nothing; a port message { blocks } runs that many blocks in a
//                   tight loop on the worklet thread (the same loop as the page and the Worker).
// Answers every port message, and the constructor, with { done: true, peak } or { error }.
import createWavegraphCore from '/dist/wavegraph-core.mjs';
import { setUpRawLoop } from './loop.js';

class HostProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.mode = options.processorOptions.mode;
    this.blocksPerQuantum = options.processorOptions.blocksPerQuantum ?? 1;
    try {
      this.loop = setUpRawLoop(createWavegraphCore, options.processorOptions.wasmModule);
      this.port.onmessage = ({ data }) => {
        try {
          this.loop.runBlocks(data.blocks);
          this.port.postMessage({ done: true, peak: this.loop.peak() });
        } catch (error) {
          this.port.postMessage({ error: String(error) });
        }
      };
      this.port.postMessage({ done: true, peak: 0 });
    } catch (error) {
      this.port.postMessage({ error: String(error) });
    }
  }

  /** [audio] One quantum: one raw block in mode 'quantum', nothing otherwise. */
  process() {
    if (this.mode === 'quantum') this.loop.runBlocks(this.blocksPerQuantum);
    return true;
  }
}

registerProcessor('wasm-hosts', HostProcessor);
