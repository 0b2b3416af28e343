// How much wasm memory the core needs (Node): for each case, a fresh instance of
// dist/wavegraph-core.wasm runs what one side of the page runs, and the run reports
//   grew to   the largest size the allocator asked memory to grow to (none: it fitted)
//   in use    the top of the heap at the end (static data, stack and everything allocated),
//             read by allocating a 64 MiB probe, which only fits above the top
//   memory    the instance's WebAssembly.Memory size at the end (growth adds 20 % or more)
// What a case needs is the larger of the first two.
//   worklet            createEngine's processor: prepare(48 kHz, 128, 2 ch, rings 256/1024, 5 ms),
//                      the reference graph, a 128-frame block
//   worklet+track      the same plus examples/tracks/focus-binaural.json, rendered 1 s
//   worklet+swap       the same as worklet plus a second reference graph swapped in (both plans live)
//   page               the main-thread copy (prepare with rings 2/2) plus the demo's pre-Start copy
//   large              worklet with a 64-node graph: 16 × (parametricEq → delay → gain → analyser)
//   delays             worklet with 64 delays in parallel (each holds 1 s of stereo: 375 KiB)
// Run after `bash scripts/build.sh wasm`: node bench/wasm-memory.mjs
//   env WAVEGRAPH_DIST=<dir> picks another build's dist/ (default: this checkout's dist/).
// Exit codes: 0 done; 1 a case failed to prepare or load.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = process.env.WAVEGRAPH_DIST ?? new URL('../dist/', import.meta.url).pathname;
const { default: createWavegraphCore } = await import(pathToFileURL(path.join(dist, 'wavegraph-core.mjs')).href);
const wasmModule = new WebAssembly.Module(readFileSync(path.join(dist, 'wavegraph-core.wasm')));
const track = readFileSync(new URL('../examples/tracks/focus-binaural.json', import.meta.url), 'utf8');
const MiB = 1024 * 1024;

/** A fresh instance whose memory growth requests are recorded (the glue's resize import, by name). */
function instantiate() {
  const watch = { peakRequestBytes: 0 };
  const core = {
    locateFile: (p) => p,
    instantiateWasm(imports, receive) {
      for (const table of Object.values(imports)) {
        for (const [key, fn] of Object.entries(table)) {
          if (typeof fn === 'function' && fn.name === '_emscripten_resize_heap') {
            table[key] = (requested) => {
              watch.peakRequestBytes = Math.max(watch.peakRequestBytes, requested >>> 0);
              return fn(requested);
            };
          }
        }
      }
      const instance = new WebAssembly.Instance(wasmModule, imports);
      receive(instance, wasmModule);
      return instance.exports;
    },
  };
  createWavegraphCore(core);
  watch.initialBytes = core.HEAPU8.length;
  return { core, watch };
}

function must(error) {
  if (error) {
    console.error(`bench/wasm-memory.mjs: ${error}`);
    process.exit(1);
  }
}

function referenceGraph() {
  return JSON.stringify({
    nodes: [{ id: 'source', type: 'input' }, { id: 'eq', type: 'parametricEq' }, { id: 'analyser', type: 'analyser' },
      { id: 'master', type: 'gain' }, { id: 'meter', type: 'meter' }],
    connections: [{ from: 'source', to: 'eq' }, { from: 'eq', to: 'analyser' }, { from: 'analyser', to: 'master' },
      { from: 'master', to: 'meter' }],
    output: 'meter',
  });
}

function chainGraph(groups) {
  const nodes = [{ id: 'source', type: 'input' }];
  for (let g = 0; g < groups; ++g) {
    nodes.push({ id: `eq${g}`, type: 'parametricEq' });
    nodes.push({ id: `delay${g}`, type: 'delay' });
    nodes.push({ id: `gain${g}`, type: 'gain' });
    nodes.push({ id: `analyser${g}`, type: 'analyser' });
  }
  const connections = nodes.slice(1).map((n, i) => ({ from: nodes[i].id, to: n.id }));
  return JSON.stringify({ nodes, connections, output: nodes[nodes.length - 1].id });
}

function delaysGraph(count) {
  const nodes = [{ id: 'source', type: 'input' }];
  for (let d = 0; d < count; ++d) nodes.push({ id: `delay${d}`, type: 'delay' });
  const connections = nodes.slice(1).map((n) => ({ from: 'source', to: n.id }));
  nodes.push({ id: 'mix', type: 'mixer' });
  for (let d = 0; d < count; ++d) connections.push({ from: `delay${d}`, to: 'mix' });
  return JSON.stringify({ nodes, connections, output: 'mix' });
}

function worklet(core, graph) {
  const engine = new core.WasmEngine();
  must(engine.prepare(48000, 128, 2, 256, 1024, 5));
  if (graph) must(engine.loadGraph(graph));
  engine.processBlock(128, 0, -1);
  return engine;
}

const CASES = {
  worklet: (core) => worklet(core),
  'worklet+track': (core) => {
    const engine = worklet(core);
    must(engine.loadTrack(track));
    for (let i = 0; i < 375; ++i) engine.processBlock(128, 0, -1);
  },
  'worklet+swap': (core) => {
    const engine = worklet(core);
    must(engine.loadGraph(referenceGraph()));
    engine.processBlock(128, 0, -1);
  },
  page: (core) => {
    for (let i = 0; i < 2; ++i) {
      const engine = new core.WasmEngine();
      must(engine.prepare(48000, 128, 2, 2, 2, 0));
      must(engine.loadGraph(referenceGraph()));
      engine.processBlock(0, 0, -1);
    }
  },
  large: (core) => worklet(core, chainGraph(16)),
  delays: (core) => worklet(core, delaysGraph(64)),
};

const selected = process.argv.length > 2 ? process.argv.slice(2) : Object.keys(CASES);
const PROBE_BYTES = 64 * MiB;
const mib = (bytes) => `${(bytes / MiB).toFixed(2)} MiB`;
console.log(`initial memory ${mib(instantiate().watch.initialBytes)}`);
console.log('case             grew to      in use       memory');
for (const name of selected) {
  if (!(name in CASES)) must(`unknown case '${name}' (allowed: ${Object.keys(CASES).join(', ')})`);
  const { core, watch } = instantiate();
  CASES[name](core);
  const highWater = watch.peakRequestBytes > 0 ? mib(watch.peakRequestBytes) : 'none';
  const memoryBytes = core.HEAPU8.length;
  watch.peakRequestBytes = 0;
  core._free(core._malloc(PROBE_BYTES));
  const inUse = watch.peakRequestBytes - PROBE_BYTES;
  console.log(`${name.padEnd(16)} ${highWater.padEnd(12)} ${mib(inUse).padEnd(12)} ${mib(memoryBytes)}`);
}
