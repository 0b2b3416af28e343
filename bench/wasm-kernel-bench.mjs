// Times the raw wasm export _wavegraph_process_block (no JS copies) for four graphs:
// pass (input only), noeq (analyser, gain, meter), eq (8-band parametricEq), full (eq + the
// rest). Stereo, 48 kHz, 128-frame blocks, seeded noise input; each graph renders SECONDS of
// audio per run. Prints, per graph, the median and range over RUNS of wall time and of the
// process's CPU time (process.cpuUsage(), steadier on a shared machine), in ns per frame.
// Usage: node bench/wasm-kernel-bench.mjs [--dist <dir>] [--runs N] [--seconds S] [graph ...]
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const args = process.argv.slice(2);
let dist = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../dist');
let runs = 7, seconds = 10;
const kinds = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--dist') dist = path.resolve(args[++i]);
  else if (args[i] === '--runs') runs = Number(args[++i]);
  else if (args[i] === '--seconds') seconds = Number(args[++i]);
  else kinds.push(args[i]);
}
const file = dist.endsWith('.mjs') ? dist : path.join(dist, 'wavegraph-core.mjs');
const { default: createWavegraphCore } = await import(pathToFileURL(file).href);

const SR = 48000, CH = 2, BF = 128;
const gains = [6, -3, 4, -6, 2, -4, 3, -2];
function graph(kind) {
  const eqp = Object.fromEntries(gains.map((g, b) => [`band${b}.gainDb`, g]));
  const n = {
    pass: [{ id: 'source', type: 'input' }],
    eq: [{ id: 'source', type: 'input' }, { id: 'eq', type: 'parametricEq', params: eqp }],
    full: [{ id: 'source', type: 'input' }, { id: 'eq', type: 'parametricEq', params: eqp },
      { id: 'analyser', type: 'analyser' }, { id: 'master', type: 'gain', params: { gainDb: -3 } },
      { id: 'meter', type: 'meter' }],
    noeq: [{ id: 'source', type: 'input' }, { id: 'analyser', type: 'analyser' },
      { id: 'master', type: 'gain', params: { gainDb: -3 } }, { id: 'meter', type: 'meter' }],
  }[kind];
  if (!n) throw new Error(`unknown graph '${kind}' (allowed: pass, noeq, eq, full)`);
  const conns = [];
  for (let i = 1; i < n.length; i++) conns.push({ from: n[i - 1].id, to: n[i].id });
  return JSON.stringify({ nodes: n, connections: conns, output: n[n.length - 1].id });
}
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[(s.length - 1) >> 1]; };
const fmt = (a) => `${median(a).toFixed(2)} (${Math.min(...a).toFixed(2)}–${Math.max(...a).toFixed(2)})`;

// The .wasm next to the glue (a build with the wasm embedded in the .mjs has none).
const wasmFile = file.replace(/\.mjs$/, '.wasm');
const core = createWavegraphCore(existsSync(wasmFile) ? { wasmBinary: readFileSync(wasmFile) } : {});
console.log(`# ${file}\n# graph  wall ns/frame median (range)   cpu ns/frame median (range), ${runs} runs × ${seconds} s`);
for (const kind of kinds.length ? kinds : ['pass', 'noeq', 'eq', 'full']) {
  const e = new core.WasmEngine();
  let err = e.prepare(SR, BF, CH, 256, 256, 5);
  if (err) throw new Error(err);
  err = e.loadGraph(graph(kind));
  if (err) throw new Error(err);
  const self = e.selfPtr();
  const proc = core._wavegraph_process_block;
  let seed = 42;
  const heap = core.HEAPF32;
  for (let c = 0; c < CH; c++) {
    const p = e.inputPtr(c) / 4;
    for (let i = 0; i < BF; i++) {
      seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
      heap[p + i] = ((seed >>> 0) / 4294967296 - 0.5) * 0.5;
    }
  }
  const total = Math.round(seconds * SR / BF) * BF;
  for (let f = 0; f < SR; f += BF) proc(self, BF, CH, f);  // warm-up (tier-up)
  const wall = [], cpu = [];
  for (let run = 0; run < runs; run++) {
    const c0 = process.cpuUsage(), t0 = performance.now();
    for (let f = 0; f < total; f += BF) proc(self, BF, CH, f);
    const t1 = performance.now(), c1 = process.cpuUsage(c0);
    wall.push((t1 - t0) * 1e6 / total);
    cpu.push((c1.user + c1.system) * 1e3 / total);
  }
  console.log(`${kind.padEnd(6)}  ${fmt(wall)}   ${fmt(cpu)}`);
  e.delete();
}
