// What the worklet's process() costs around the engine, in Node: the shipped dist/processor.js
// under a minimal AudioWorkletGlobalScope stand-in (registerProcessor, AudioWorkletProcessor,
// sampleRate, currentFrame; a MessageChannel between node and processor), driven by createEngine
// from dist/index.js exactly as a page drives it (SharedArrayBuffer transport, crossOriginIsolated
// true), 60 s of seeded stereo noise in 128-frame quanta through the reference graph with the
// browser comparison's settings. Variants, interleaved, CPU time (process.cpuUsage):
//   process   processor.process(inputs, outputs) per quantum (the whole worklet path)
//   kernel    the same engine's raw export _wavegraph_process_block per quantum, with the copies
//             into and out of wasm memory a worklet needs (TypedArray.set), nothing else
//   raw       the raw export alone (input written once, no copies)
// and process − kernel: processor.ts's own per-quantum work (ring mirror, event mirror, analyser
// publishing, load measurement, stats). Preallocated input/output arrays, as Web Audio passes.
// --split adds process() with one part stubbed out (replaced on the processor instance for the
// round; what it saves is that part's cost):
//   noPublish  publish() (analyser frames into the page's SharedArrayBuffer, stats)
//   noLoad     the audio-load measurement (Date.now() and endLoadWindow())
//   noMirror   the command-ring and event-ring mirrors
//   unobserved the engine unobserved (WasmEngine.setObserved(false): the meter and analyser only
//              pass their input through), what a worklet nobody reads readings from could run
//   unobservedNoPublish  the same without publish() either (no analyser frames to publish)
// --baseline DIR adds process0: the process() of DIR/processor.js (e.g. a copy of an earlier dist/)
// on its own engine with the same settings, interleaved with the rest, and prints process −
// process0 paired round by round, to measure a change of worklet/*.ts in one run.
// Usage: node bench/worklet-quantum.mjs [rounds (default 7)] [--split] [--baseline DIR]
import { MessageChannel } from 'node:worker_threads';
import { setImmediate as tick } from 'node:timers/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = process.env.WAVEGRAPH_DIST ?? new URL('../dist/', import.meta.url).pathname;
const SAMPLE_RATE_HZ = 48000;
const QUANTUM = 128;
const FRAMES = SAMPLE_RATE_HZ * 60;
const BAND_GAINS_DB = [6, -3, 4, -6, 2, -4, 3, -2];
const split = process.argv.includes('--split');
const baselineAt = process.argv.indexOf('--baseline');
const baseline = baselineAt > 0 ? path.resolve(process.argv[baselineAt + 1] ?? '') : undefined;
const rounds = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 7);

const registry = new Map();
let pendingPort;
const g = globalThis;
g.crossOriginIsolated = true;
g.registerProcessor = (name, ctor) => registry.set(name, ctor);
g.AudioWorkletProcessor = class {
  constructor() { this.port = pendingPort; pendingPort = undefined; }
};
let processor;
g.AudioWorkletNode = class {
  constructor(context, name, options) {
    const channel = new MessageChannel();
    this.port = channel.port1;
    pendingPort = channel.port2;
    g.sampleRate = context.sampleRate;
    processor = new (registry.get(name))({ processorOptions: options.processorOptions });
  }
  connect() {}
  disconnect() {}
};
const context = {
  sampleRate: SAMPLE_RATE_HZ,
  audioWorklet: { addModule: async (url) => { await import(String(url)); } },
};
const { createEngine } = await import(pathToFileURL(path.join(dist, 'index.js')).href);
/** An engine with the bench's settings, and its processor (the worklet module at processorUrl, or the package's). */
async function startEngine(processorUrl) {
  const started = await createEngine(context, processorUrl ? { numChannels: 2, processorUrl } : { numChannels: 2 });
  for (let b = 0; b < BAND_GAINS_DB.length; ++b) started.setBandGain(b, BAND_GAINS_DB[b]);
  started.setGain(-3);
  for (let i = 0; i < 4; ++i) await tick();
  return [started, processor];
}
const baselineEngine = baseline ? await startEngine(pathToFileURL(path.join(baseline, 'processor.js'))) : [];
const [engine] = await startEngine();

let seed = 1;
const noise = [new Float32Array(QUANTUM), new Float32Array(QUANTUM)];
for (let i = 0; i < QUANTUM; i++) {
  seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
  noise[0][i] = (seed >>> 0) / 4294967296 - 0.5;
  noise[1][i] = -noise[0][i];
}
const inputs = [noise], outputs = [[new Float32Array(QUANTUM), new Float32Array(QUANTUM)]];
const core = processor.core, self = processor.enginePtr;
const heap = core.HEAPF32;
const inViews = [0, 1].map((c) => heap.subarray(processor.inputViews[c].byteOffset / 4, processor.inputViews[c].byteOffset / 4 + QUANTUM));
const outViews = [0, 1].map((c) => heap.subarray(processor.outputViews[c].byteOffset / 4, processor.outputViews[c].byteOffset / 4 + QUANTUM));

let frame = 0;
const VARIANTS = {
  process: () => {
    for (let f = 0; f < FRAMES; f += QUANTUM) { g.currentFrame = frame; processor.process(inputs, outputs); frame += QUANTUM; }
  },
  kernel: () => {
    for (let f = 0; f < FRAMES; f += QUANTUM) {
      for (let c = 0; c < 2; ++c) inViews[c].set(noise[c]);
      core._wavegraph_process_block(self, QUANTUM, 2, frame);
      for (let c = 0; c < 2; ++c) outputs[0][c].set(outViews[c]);
      frame += QUANTUM;
    }
  },
  raw: () => {
    for (let f = 0; f < FRAMES; f += QUANTUM) { core._wavegraph_process_block(self, QUANTUM, 2, frame); frame += QUANTUM; }
  },
};
/** process() with processor[key] replaced by stub for the round (and `also` done and undone). */
const without = (keys, stub, also = () => () => {}) => () => {
  const saved = keys.map((k) => processor[k]);
  keys.forEach((k, i) => { processor[k] = stub[i]; });
  const undo = also();
  try {
    VARIANTS.process();
  } finally {
    keys.forEach((k, i) => { processor[k] = saved[i]; });
    undo();
  }
};
if (baseline) {
  const baselineProcessor = baselineEngine[1];
  VARIANTS.process0 = () => {
    for (let f = 0; f < FRAMES; f += QUANTUM) { g.currentFrame = frame; baselineProcessor.process(inputs, outputs); frame += QUANTUM; }
  };
}
if (split) {
  VARIANTS.noPublish = without(['publish'], [() => {}]);
  VARIANTS.noLoad = without(['endLoadWindow'], [() => {}], () => {
    const now = Date.now;
    Date.now = () => 0;
    return () => { Date.now = now; };
  });
  VARIANTS.noMirror = without(['mirror', 'eventMirror'], [undefined, { push() {} }]);
  const unobserved = () => {
    processor.engine.setObserved(false);
    return () => processor.engine.setObserved(true);
  };
  VARIANTS.unobserved = without([], [], unobserved);
  VARIANTS.unobservedNoPublish = without(['publish'], [() => {}], unobserved);
}
const cpu = Object.fromEntries(Object.keys(VARIANTS).map((n) => [n, []]));
for (const name of Object.keys(VARIANTS)) VARIANTS[name]();  // warm-up: V8 tiers up
for (let round = 0; round < rounds; ++round) for (const name of Object.keys(VARIANTS)) {
  const before = process.cpuUsage();
  VARIANTS[name]();
  const used = process.cpuUsage(before);
  cpu[name].push(((used.user + used.system) * 1e3) / FRAMES);
}
const median = (a) => [...a].sort((x, y) => x - y)[(a.length - 1) >> 1];
console.log(`worklet process() in Node (fake AudioWorkletGlobalScope), 60 s stereo, ${QUANTUM}-frame quanta, CPU ns/frame over ${rounds} rounds (transport ${engine.transport})`);
for (const name of Object.keys(VARIANTS))
  console.log(`${name.padEnd(19)} ${median(cpu[name]).toFixed(2).padStart(7)}   ${Math.min(...cpu[name]).toFixed(2)}…${Math.max(...cpu[name]).toFixed(2)}`);
console.log(`process − kernel (processor.ts per quantum): ${(median(cpu.process) - median(cpu.kernel)).toFixed(2)} ns/frame; kernel − raw (copies): ${(median(cpu.kernel) - median(cpu.raw)).toFixed(2)}`);
if (split)
  for (const name of ['noPublish', 'noLoad', 'noMirror', 'unobserved', 'unobservedNoPublish'])
    console.log(`process − ${name}: ${(median(cpu.process) - median(cpu[name])).toFixed(2)} ns/frame`);
if (baseline) {
  const d = cpu.process.map((t, i) => t - cpu.process0[i]);
  const mean = d.reduce((x, y) => x + y, 0) / d.length;
  const se = Math.sqrt(d.reduce((x, y) => x + (y - mean) ** 2, 0) / (d.length - 1) / d.length);
  console.log(`process − process0 (this package's worklet minus ${baseline}'s), paired round by round: ${mean.toFixed(2)} ± ${se.toFixed(2)} ns/frame (mean ± standard error); medians ${(median(cpu.process) - median(cpu.process0)).toFixed(2)}`);
}
engine.close();
baselineEngine[0]?.close();
process.exit(0);
