// Cost of the graph around the EQ in WebAssembly (Node): ns per frame of chains of nodes,
// stereo, 48 kHz, 128-frame blocks, driven through the raw export _wavegraph_process_block on
// whatever the input buffers hold (seeded noise written once; no copies in or out, no ring
// traffic): the engine's own per-block path plus the nodes. Variants (each a chain from an
// "input" node, the last node is the graph output):
//   pass      input
//   gain      input → gain (−3 dB)
//   gain0     input → gain (0 dB)
//   meter     input → meter
//   analyser  input → analyser
//   noeq      input → analyser → gain (−3 dB) → meter
//   eq        input → parametricEq (+6 −3 +4 −6 +2 −4 +3 −2 dB)
//   full      input → parametricEq → analyser → gain (−3 dB) → meter   (the reference graph)
//   biquads   input → 8 "biquad" nodes with eq's bands (peaking, 60 · 2^k Hz, Q 1, the same gains):
//             one scalar Biquad each, the arithmetic the cascade reproduces bit for bit
// Variants run interleaved, RUNS times each; each run renders SECONDS of audio. Reports the
// median and range of CPU time (process.cpuUsage, user + system) and the median wall time, in
// ns per frame, and the difference of each median to `pass`.
// Run after `bash scripts/build.sh wasm`: node bench/wasm-graph-bench.mjs [variant …]
//   env WAVEGRAPH_DIST=<dir> picks another build's dist/ (default: this checkout's dist/).
// Exit codes: 0 done; 1 a graph was refused.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const dist = process.env.WAVEGRAPH_DIST ?? new URL('../dist/', import.meta.url).pathname;
const { default: createWavegraphCore } = await import(pathToFileURL(path.join(dist, 'wavegraph-core.mjs')).href);

const SAMPLE_RATE_HZ = 48000;
const NUM_CHANNELS = 2;
const BLOCK_FRAMES = 128;
const SECONDS = Number(process.env.SECONDS ?? 20);
const RUNS = Number(process.env.RUNS ?? 9);
const BAND_GAINS_DB = [6, -3, 4, -6, 2, -4, 3, -2];

const eqParams = Object.fromEntries(BAND_GAINS_DB.map((g, b) => [`band${b}.gainDb`, g]));
const CHAINS = {
  pass: [],
  gain: [{ id: 'master', type: 'gain', params: { gainDb: -3 } }],
  gain0: [{ id: 'master', type: 'gain', params: { gainDb: 0 } }],
  meter: [{ id: 'meter', type: 'meter' }],
  analyser: [{ id: 'analyser', type: 'analyser' }],
  noeq: [{ id: 'analyser', type: 'analyser' }, { id: 'master', type: 'gain', params: { gainDb: -3 } }, { id: 'meter', type: 'meter' }],
  eq: [{ id: 'eq', type: 'parametricEq', params: eqParams }],
  full: [{ id: 'eq', type: 'parametricEq', params: eqParams }, { id: 'analyser', type: 'analyser' },
    { id: 'master', type: 'gain', params: { gainDb: -3 } }, { id: 'meter', type: 'meter' }],
  biquads: BAND_GAINS_DB.map((gainDb, k) => ({ id: `b${k}`, type: 'biquad', params: { type: 5, frequencyHz: 60 * 2 ** k, q: 1, gainDb } })),
};

function graphJson(kind) {
  const nodes = [{ id: 'source', type: 'input' }, ...CHAINS[kind]];
  const connections = [];
  for (let i = 1; i < nodes.length; ++i) connections.push({ from: nodes[i - 1].id, to: nodes[i].id });
  return JSON.stringify({ nodes, connections, output: nodes[nodes.length - 1].id });
}

const kinds = process.argv.length > 2 ? process.argv.slice(2) : Object.keys(CHAINS);
for (const kind of kinds) if (!(kind in CHAINS)) {
  console.error(`bench/wasm-graph-bench.mjs: unknown variant '${kind}' (allowed: ${Object.keys(CHAINS).join(', ')})`);
  process.exit(1);
}

const core = createWavegraphCore({ wasmBinary: readFileSync(path.join(dist, 'wavegraph-core.wasm')) });
const processBlock = core._wavegraph_process_block;
const engines = {};
for (const kind of kinds) {
  const engine = new core.WasmEngine();
  let error = engine.prepare(SAMPLE_RATE_HZ, BLOCK_FRAMES, NUM_CHANNELS, 256, 256, 5);
  if (!error) error = engine.loadGraph(graphJson(kind));
  if (error) {
    console.error(`bench/wasm-graph-bench.mjs: ${kind}: ${error}`);
    process.exit(1);
  }
  let seed = 42;  // xorshift32 noise, ±0.25
  for (let c = 0; c < NUM_CHANNELS; ++c) {
    const at = engine.inputPtr(c) / 4;
    for (let i = 0; i < BLOCK_FRAMES; ++i) {
      seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
      core.HEAPF32[at + i] = ((seed >>> 0) / 4294967296 - 0.5) * 0.5;
    }
  }
  engines[kind] = { engine, self: engine.selfPtr(), frame: 0, cpu: [], wall: [] };
}

const totalFrames = SECONDS * SAMPLE_RATE_HZ;
function run(e) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let f = 0; f < totalFrames; f += BLOCK_FRAMES) {
    processBlock(e.self, BLOCK_FRAMES, NUM_CHANNELS, e.frame);
    e.frame += BLOCK_FRAMES;
  }
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  e.cpu.push(((c.user + c.system) * 1e3) / totalFrames);
  e.wall.push((wallMs * 1e6) / totalFrames);
  e.engine.collectRetired();
}

for (const kind of kinds) run(engines[kind]);  // warm-up, not counted
for (const kind of kinds) { engines[kind].cpu.length = 0; engines[kind].wall.length = 0; }
for (let r = 0; r < RUNS; ++r) for (const kind of kinds) run(engines[kind]);

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
const passCpu = engines.pass ? median(engines.pass.cpu) : NaN;
console.log(`ns/frame, stereo, ${BLOCK_FRAMES}-frame blocks, ${SECONDS} s per run, ${RUNS} runs (dist: ${dist})`);
console.log('variant   cpu median  cpu min…max      wall median  cpu − pass');
for (const kind of kinds) {
  const e = engines[kind];
  const m = median(e.cpu);
  console.log(`${kind.padEnd(9)} ${m.toFixed(2).padStart(10)}  ${Math.min(...e.cpu).toFixed(2).padStart(6)}…${Math.max(...e.cpu).toFixed(2).padEnd(8)} ${median(e.wall).toFixed(2).padStart(11)}  ${(m - passCpu).toFixed(2).padStart(10)}`);
  e.engine.delete();
}
