// Where renderOffline's time goes, in one Node process: the same 60 s stereo render (seeded noise,
// the reference graph with the browser comparison's band gains, −3 dB master) done as
//   raw<N>     the raw export _wavegraph_process_block on N-frame blocks, no copies: the input's
//              first N frames written into the engine's input once, every block renders them
//              (silence would time the cascade's exact-flush path, not the speculative one that
//              noise runs). Engine set up and freed each round, and unobserved: the meter and analyser only pass their input
//              through, as renderOffline does)
//   observed<N> raw<N> with the meter and analyser measuring (what a worklet's engine runs)
//   copy<N>    only the copies renderOffline makes (input → wasm block, wasm block → output arrays,
//              TypedArray.set) on N-frame blocks, no DSP
//   render     renderOffline with its defaults (RENDER_BLOCK_FRAMES)
//   render128  renderOffline with blockFrames 128
//   stream     renderOfflineStream into reused buffers (its default chunks and blocks): the same
//              copies as render, without writing fresh output arrays (no new pages)
// Variants run interleaved, ROUNDS times after one warm-up round each (V8 has tiered up by then:
// bench/render-offline-repeat.mjs shows the first calls). Prints the median and range of CPU time
// (process.cpuUsage, user + system: steadier than wall time on a shared machine) in ns per frame,
// and render − raw at the same block size (the host's cost above the graph).
// Usage: node bench/render-offline-phases.mjs [rounds (default 7)] [variant …]
//   env WAVEGRAPH_DIST=<dir> picks another build's dist/ (default: this checkout's dist/).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = process.env.WAVEGRAPH_DIST ?? new URL('../dist/', import.meta.url).pathname;
const { renderOffline, renderOfflineStream, referenceGraph, RENDER_BLOCK_FRAMES, STREAM_CHUNK_FRAMES } = await import(pathToFileURL(path.join(dist, 'index.js')).href);
const { default: createWavegraphCore } = await import(pathToFileURL(path.join(dist, 'wavegraph-core.mjs')).href);

const SAMPLE_RATE_HZ = 48000;
const CHANNELS = 2;
const FRAMES = SAMPLE_RATE_HZ * 60;
const BAND_GAINS_DB = [6, -3, 4, -6, 2, -4, 3, -2];
const GAIN_DB = -3;
const input = [new Float32Array(FRAMES), new Float32Array(FRAMES)];
let seed = 1;
for (let i = 0; i < FRAMES; i++) {
  seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;  // xorshift32
  input[0][i] = (seed >>> 0) / 4294967296 - 0.5;
  input[1][i] = -input[0][i];
}
const core = createWavegraphCore({ wasmBinary: readFileSync(path.join(dist, 'wavegraph-core.wasm')) });
const graphJson = JSON.stringify(referenceGraph({ bandGainsDb: BAND_GAINS_DB, gainDb: GAIN_DB }));

function withEngine(blockFrames, body, observed = false) {
  const engine = new core.WasmEngine();
  engine.setObserved(observed);
  const error = engine.prepare(SAMPLE_RATE_HZ, blockFrames, CHANNELS, 4096, 1024, 5) || engine.loadGraph(graphJson);
  if (error) throw new Error(error);
  try {
    body(engine);
  } finally {
    engine.delete();
  }
}
const raw = (blockFrames, observed = false) => () => withEngine(blockFrames, (engine) => {
  for (let c = 0; c < CHANNELS; ++c) core.HEAPF32.set(input[c].subarray(0, blockFrames), engine.inputPtr(c) / 4);
  const self = engine.selfPtr();
  for (let f = 0; f < FRAMES; f += blockFrames) core._wavegraph_process_block(self, Math.min(blockFrames, FRAMES - f), CHANNELS, f);
}, observed);
const copy = (blockFrames) => () => withEngine(blockFrames, (engine) => {
  const heap = core.HEAPF32;
  const views = (ptr) => Array.from({ length: CHANNELS }, (_, c) => heap.subarray(ptr(c) / 4, ptr(c) / 4 + blockFrames));
  const inViews = views((c) => engine.inputPtr(c)), outViews = views((c) => engine.outputPtr(c));
  const output = Array.from({ length: CHANNELS }, () => new Float32Array(FRAMES));
  for (let f = 0; f < FRAMES; f += blockFrames) {
    const n = Math.min(blockFrames, FRAMES - f);
    for (let c = 0; c < CHANNELS; ++c) inViews[c].set(input[c].subarray(f, f + n));
    for (let c = 0; c < CHANNELS; ++c) output[c].set(n === blockFrames ? outViews[c] : outViews[c].subarray(0, n), f);
  }
});
const render = (blockFrames) => () =>
  renderOffline({ input, sampleRate: SAMPLE_RATE_HZ, bandGainsDb: BAND_GAINS_DB, gainDb: GAIN_DB, ...(blockFrames ? { blockFrames } : {}) });
const streamBuffers = Array.from({ length: CHANNELS }, () => new Float32Array(STREAM_CHUNK_FRAMES));
const stream = async () => {
  const options = { input, sampleRate: SAMPLE_RATE_HZ, bandGainsDb: BAND_GAINS_DB, gainDb: GAIN_DB, buffers: streamBuffers };
  for await (const chunk of renderOfflineStream(options)) if (chunk.channels.length !== CHANNELS) throw new Error('stream: wrong channels');
};

const VARIANTS = {
  raw128: raw(128), [`raw${RENDER_BLOCK_FRAMES}`]: raw(RENDER_BLOCK_FRAMES),
  observed128: raw(128, true), [`observed${RENDER_BLOCK_FRAMES}`]: raw(RENDER_BLOCK_FRAMES, true),
  copy128: copy(128), [`copy${RENDER_BLOCK_FRAMES}`]: copy(RENDER_BLOCK_FRAMES),
  render128: render(128), render: render(undefined), stream,
};
const args = process.argv.slice(2);
const rounds = args.length > 0 && /^\d+$/.test(args[0]) ? Number(args.shift()) : 7;
const names = args.length > 0 ? args : Object.keys(VARIANTS);
for (const name of names) if (!(name in VARIANTS)) {
  console.error(`bench/render-offline-phases.mjs: unknown variant '${name}' (allowed: ${Object.keys(VARIANTS).join(', ')})`);
  process.exit(1);
}
const cpu = Object.fromEntries(names.map((n) => [n, []]));
for (const name of names) await VARIANTS[name]();  // warm-up: V8 tiers up
for (let round = 0; round < rounds; ++round) for (const name of names) {
  const before = process.cpuUsage();
  await VARIANTS[name]();
  const used = process.cpuUsage(before);
  cpu[name].push(((used.user + used.system) * 1e3) / FRAMES);
}
const median = (a) => [...a].sort((x, y) => x - y)[(a.length - 1) >> 1];
console.log(`renderOffline phases, 60 s stereo 48 kHz, reference graph, CPU ns/frame over ${rounds} rounds (RENDER_BLOCK_FRAMES ${RENDER_BLOCK_FRAMES})`);
console.log('variant        median   min…max');
for (const name of names)
  console.log(`${name.padEnd(13)} ${median(cpu[name]).toFixed(2).padStart(7)}   ${Math.min(...cpu[name]).toFixed(2)}…${Math.max(...cpu[name]).toFixed(2)}`);
const above = (r, w) => (r in cpu && w in cpu ? `${(median(cpu[r]) - median(cpu[w])).toFixed(2)}` : 'n/a');
console.log(`render − raw${RENDER_BLOCK_FRAMES}: ${above('render', `raw${RENDER_BLOCK_FRAMES}`)} ns/frame; render128 − raw128: ${above('render128', 'raw128')} ns/frame`);
console.log(`render − stream (fresh output arrays): ${above('render', 'stream')} ns/frame; stream − raw${RENDER_BLOCK_FRAMES}: ${above('stream', `raw${RENDER_BLOCK_FRAMES}`)}`);
console.log(`observed − raw (the meter's and analyser's work): ${above(`observed${RENDER_BLOCK_FRAMES}`, `raw${RENDER_BLOCK_FRAMES}`)} ns/frame at ${RENDER_BLOCK_FRAMES}, ${above('observed128', 'raw128')} at 128`);
