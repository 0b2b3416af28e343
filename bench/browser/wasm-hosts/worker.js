// Dedicated Worker host of bench/browser/wasm-hosts.mjs: { wasmModule } sets the loop up,
// { blocks } runs that many blocks; each message is answered with { done: true, peak } or { error }.
import createWavegraphCore from '/dist/wavegraph-core.mjs';
import { setUpRawLoop } from './loop.js';

let loop;
self.onmessage = ({ data }) => {
  try {
    if (data.wasmModule) loop = setUpRawLoop(createWavegraphCore, data.wasmModule);
    if (data.blocks) loop.runBlocks(data.blocks);
    self.postMessage({ done: true, peak: loop.peak() });
  } catch (error) {
    self.postMessage({ error: String(error) });
  }
};
