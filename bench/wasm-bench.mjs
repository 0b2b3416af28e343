// Speed of the WebAssembly core in Node: the reference chain (stereo, 48 kHz, 128-frame
// blocks, eight EQ bands at ±6 dB, master gain -3 dB) over 60 s of seeded white noise, driven
// like renderOffline (copy in, processBlock, copy out). Reports ns per frame and × real time
// (best of 5 runs). Run after `bash scripts/build.sh wasm`: node bench/wasm-bench.mjs
import createWavegraphCore from '../dist/wavegraph-core.mjs';

const SAMPLE_RATE_HZ = 48000;
const CHANNELS = 2;
const BLOCK_FRAMES = 128;
const SECONDS = 60;
const RUNS = 5;

const core = createWavegraphCore();
const engine = new core.WasmEngine();
const error = engine.prepare(SAMPLE_RATE_HZ, BLOCK_FRAMES, CHANNELS, 256);
if (error) throw new Error(error);
for (let band = 0; band < 8; ++band) engine.applyNow(1, band * 3, band % 2 ? -6 : 6);
engine.applyNow(3, 0, -3);

// Seeded white noise in [-0.5, 0.5) (xorshift32), one block per channel reused cyclically
// over a one-second table so the copy-in cost is realistic.
let seed = 42;
const noise = Array.from({ length: CHANNELS }, () => {
  const ch = new Float32Array(SAMPLE_RATE_HZ);
  for (let i = 0; i < ch.length; ++i) {
    seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
    ch[i] = (seed >>> 0) / 4294967296 - 0.5;
  }
  return ch;
});
const inputAt = noise.map((_, c) => engine.inputPtr(c) / 4);
const outputAt = noise.map((_, c) => engine.outputPtr(c) / 4);
const out = new Float32Array(BLOCK_FRAMES);
const totalFrames = SECONDS * SAMPLE_RATE_HZ;

let bestMs = Infinity;
for (let run = 0; run < RUNS; ++run) {
  const t0 = performance.now();
  for (let start = 0; start < totalFrames; start += BLOCK_FRAMES) {
    const offset = start % SAMPLE_RATE_HZ;
    const heap = core.HEAPF32;
    for (let c = 0; c < CHANNELS; ++c) heap.set(noise[c].subarray(offset, offset + BLOCK_FRAMES), inputAt[c]);
    engine.processBlock(BLOCK_FRAMES, CHANNELS);
    for (let c = 0; c < CHANNELS; ++c) out.set(heap.subarray(outputAt[c], outputAt[c] + BLOCK_FRAMES));
  }
  bestMs = Math.min(bestMs, performance.now() - t0);
}
if (engine.badBlocks() !== 0) throw new Error(`${engine.badBlocks()} blocks refused`);
engine.delete();
const nsPerFrame = (bestMs * 1e6) / totalFrames;
console.log(`wasm reference chain, stereo 48 kHz, ${BLOCK_FRAMES}-frame blocks, ${SECONDS} s: ` +
  `${bestMs.toFixed(1)} ms, ${nsPerFrame.toFixed(2)} ns/frame, ${(SECONDS * 1000 / bestMs).toFixed(0)}× real time`);
