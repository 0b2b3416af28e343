// Speed of the WebAssembly core in Node: the reference graph (stereo, 48 kHz, 128-frame blocks,
// the browser comparison's settings: eight EQ bands +6 −3 +4 −6 +2 −4 +3 −2 dB, master −3 dB,
// bench/browser/settings.js) over 60 s of its seeded stereo noise (bench/browser/seeded-noise.js).
// Three ways of driving it, interleaved run by run:
//   worklet path: copy a block into wasm memory, the raw export
//     _wavegraph_process_block(engine.selfPtr(), frames, numInputChannels, blockStartFrame),
//     copy the block out (what worklet/processor.ts does per quantum, without its ring and
//     analyser work);
//   raw export only: the same call on whatever the input buffers hold (no copies);
//   Embind processBlock: copies around WasmEngine.processBlock (the Embind call costs extra).
// Settings are applied with applyNow (no ramps; ids from dist/index.js NodeId/ParamId). Before
// timing, the worklet path's first second is checked against renderOffline with the same
// settings (max abs difference printed; must be 0 or the run fails: wrong ids or settings).
// Reports ns per frame (median and best of RUNS, wall time) and × real time.
// Run after `bash scripts/build.sh wasm && bash scripts/build.sh ts`: node bench/wasm-bench.mjs
// Exit codes: 0 done; 1 a setting was refused, blocks were refused, or the check failed.
import { readFileSync } from 'node:fs';
import createWavegraphCore from '../dist/wavegraph-core.mjs';
import { NodeId, ParamId, renderOffline } from '../dist/index.js';
import { seededNoise } from './browser/seeded-noise.js';
import { BAND_GAINS_DB, MASTER_GAIN_DB, NOISE_SEED, NUM_CHANNELS, SAMPLE_RATE_HZ } from './browser/settings.js';

const BLOCK_FRAMES = 128;
const SECONDS = 60;
const RUNS = 7;
const RING_CAPACITY = 256;
const CROSSFADE_MS = 5;

function fail(message) {
  console.error(`bench/wasm-bench.mjs: ${message}`);
  process.exit(1);
}

const core = createWavegraphCore({ wasmBinary: readFileSync(new URL('../dist/wavegraph-core.wasm', import.meta.url)) });
const engine = new core.WasmEngine();
const prepareError = engine.prepare(SAMPLE_RATE_HZ, BLOCK_FRAMES, NUM_CHANNELS, RING_CAPACITY, RING_CAPACITY, CROSSFADE_MS);
if (prepareError) fail(`prepare: ${prepareError}`);
for (let band = 0; band < BAND_GAINS_DB.length; ++band) {
  const error = engine.applyNow(NodeId.eq, ParamId.eqBandGainDb(band), BAND_GAINS_DB[band]);
  if (error) fail(`applyNow eq band ${band}: ${error}`);
}
const gainError = engine.applyNow(NodeId.master, ParamId.masterGainDb, MASTER_GAIN_DB);
if (gainError) fail(`applyNow master gain: ${gainError}`);

const totalFrames = SECONDS * SAMPLE_RATE_HZ;
const noise = seededNoise(NUM_CHANNELS, totalFrames, NOISE_SEED);
const inputAt = noise.map((_, c) => engine.inputPtr(c) / 4);
const outputAt = noise.map((_, c) => engine.outputPtr(c) / 4);
const enginePtr = engine.selfPtr();
const processBlockRaw = core._wavegraph_process_block;
const out = noise.map(() => new Float32Array(totalFrames));
let framesDone = 0;  // the engine's clock, continued over every run

/** [audio-like] Renders `frames` frames from noise[, start) into out, one way. */
function render(way, frames) {
  const heap = core.HEAPF32;
  for (let start = 0; start < frames; start += BLOCK_FRAMES) {
    if (way !== 'raw') for (let c = 0; c < NUM_CHANNELS; ++c) heap.set(noise[c].subarray(start, start + BLOCK_FRAMES), inputAt[c]);
    if (way === 'embind') engine.processBlock(BLOCK_FRAMES, NUM_CHANNELS, framesDone);
    else processBlockRaw(enginePtr, BLOCK_FRAMES, NUM_CHANNELS, framesDone);
    framesDone += BLOCK_FRAMES;
    if (way !== 'raw') for (let c = 0; c < NUM_CHANNELS; ++c) out[c].set(heap.subarray(outputAt[c], outputAt[c] + BLOCK_FRAMES), start);
  }
}

// Check: the first second of the worklet path equals renderOffline's (same core, same settings).
const checkFrames = SAMPLE_RATE_HZ;
render('worklet', checkFrames);
const reference = await renderOffline({
  input: noise.map((ch) => ch.subarray(0, checkFrames)), sampleRate: SAMPLE_RATE_HZ,
  bandGainsDb: BAND_GAINS_DB, gainDb: MASTER_GAIN_DB,
});
let maxAbs = 0;
for (let c = 0; c < NUM_CHANNELS; ++c)
  for (let i = 0; i < checkFrames; ++i) maxAbs = Math.max(maxAbs, Math.abs(out[c][i] - reference[c][i]));
if (!(maxAbs === 0)) fail(`the worklet path differs from renderOffline by max abs ${maxAbs} over 1 s (ids or settings wrong?)`);

const ways = { worklet: 'copies + raw export (worklet path)', raw: 'raw export only, no copies', embind: 'copies + Embind processBlock' };
const times = Object.fromEntries(Object.keys(ways).map((w) => [w, []]));
for (let run = 0; run < RUNS; ++run) {
  for (const way of Object.keys(ways)) {
    const t0 = performance.now();
    render(way, totalFrames);
    times[way].push(performance.now() - t0);
  }
}
if (engine.badBlocks() !== 0) fail(`${engine.badBlocks()} blocks refused`);
engine.delete();

const median = (v) => { const s = [...v].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
console.log(`wasm reference graph in Node ${process.version}, stereo ${SAMPLE_RATE_HZ} Hz, ${BLOCK_FRAMES}-frame blocks, ${SECONDS} s ` +
  `(${totalFrames} frames), ${RUNS} runs each (interleaved), wall time; the worklet path equals renderOffline (max abs ${maxAbs}):`);
for (const [way, what] of Object.entries(ways)) {
  const med = median(times[way]), best = Math.min(...times[way]);
  console.log(`  ${what.padEnd(36)} median ${((med * 1e6) / totalFrames).toFixed(2).padStart(6)} ns/frame ` +
    `(best ${((best * 1e6) / totalFrames).toFixed(2)}), ${((SECONDS * 1000) / med).toFixed(0)}× real time`);
}
