// Offline rendering in Node, engine against engine (docs/performance.md; a benchmark, not a
// timed test): the same seeded stereo 48 kHz noise as the browser comparison
// (bench/browser/seeded-noise.js), through the reference chain with the same settings
// (bench/browser/settings.js: 8 RBJ peaking bands, Q 1, gains BAND_GAINS_DB, master
// MASTER_GAIN_DB), rendered in one Node process by
//   wavegraph          renderOffline from the built package (dist/index.js), in memory;
//   plain JS           the browser comparison's plain-JS worklet (bench/browser/js-biquad-processor.js,
//                      direct form I in Float64) driven quantum by quantum, 128 frames, as an
//                      AudioWorklet would drive it;
//   node-web-audio-api its OfflineAudioContext: AudioBufferSourceNode → 8 BiquadFilterNode
//                      (peaking) → GainNode, as a Web Audio user would write it;
//   faustwasm          the chain written in Faust (fi.tf2 with the RBJ coefficients), compiled
//                      by @grame/faustwasm's libfaust to wasm, -double, rendered by its
//                      offline processor in 128-frame buffers.
// Each engine runs once untimed (module compile, tier-up), then `rounds` interleaved rounds;
// wall and CPU (process.cpuUsage: every thread of this process) medians in ns per frame.
// Prints each engine's time over wavegraph's by wall and by CPU time, the targets (plain JS ≥ 3×,
// node-web-audio-api ≥ 4×; judged by CPU time: on a shared machine wall time also counts the time
// other processes held the core), and max |engine − wavegraph| after the first 100 ms (wavegraph
// ramps its gains from 0 dB over 5 ms; the others hold their values from frame 0).
//
// Usage: node bench/node/engines.mjs [--rounds N (1…20, default 7)] [--seconds S (1…600, default 60)]
//          [--only NAME[,NAME…]] (wavegraph, js, nwa, faust)
// Exit codes: 0 done (targets are reported, not enforced); 1 an engine failed; 2 bad arguments.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { seededNoise } from '../browser/seeded-noise.js';
import {
  BAND_FREQUENCIES_HZ, BAND_GAINS_DB, BAND_Q, DEFAULT_SECONDS, FIDELITY_SETTLE_MS, MASTER_GAIN_DB, NOISE_SEED,
  NUM_CHANNELS, SAMPLE_RATE_HZ,
} from '../browser/settings.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const RENDER_QUANTUM_FRAMES = 128;
const ENGINE_NAMES = ['wavegraph', 'js', 'nwa', 'faust'];
/** Targets: each engine's time over wavegraph's. */
const TARGETS = { js: 3, nwa: 4 };

function fail(code, message) {
  console.error(`bench/node/engines.mjs: ${message}`);
  process.exit(code);
}

function parseArgs(argv) {
  const options = { rounds: 7, seconds: DEFAULT_SECONDS, only: ENGINE_NAMES };
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i], value = argv[i + 1];
    if (!['--rounds', '--seconds', '--only'].includes(flag))
      fail(2, `unknown argument "${flag}" (allowed: --rounds N, --seconds S, --only ${ENGINE_NAMES.join(',')})`);
    if (value === undefined) fail(2, `${flag} needs a value`);
    if (flag === '--only') {
      const names = value.split(',');
      const unknown = names.find((name) => !ENGINE_NAMES.includes(name));
      if (unknown !== undefined) fail(2, `--only: unknown engine "${unknown}" (allowed: ${ENGINE_NAMES.join(', ')})`);
      options.only = ENGINE_NAMES.filter((name) => name === 'wavegraph' || names.includes(name));
      continue;
    }
    const number = Number(value);
    if (flag === '--rounds') {
      if (!(Number.isInteger(number) && number >= 1 && number <= 20)) fail(2, `--rounds ${value} is out of range (an integer 1…20)`);
      options.rounds = number;
    } else {
      if (!(number >= 1 && number <= 600)) fail(2, `--seconds ${value} is out of range (1…600 s)`);
      options.seconds = number;
    }
  }
  return options;
}

/** wavegraph: renderOffline of the reference graph with the comparison's settings. */
async function wavegraphEngine(input) {
  const { renderOffline } = await import(pathToFileURL(path.join(repoRoot, 'dist/index.js')).href);
  const settings = { input, sampleRate: SAMPLE_RATE_HZ, bandGainsDb: BAND_GAINS_DB, gainDb: MASTER_GAIN_DB };
  return { label: 'wavegraph renderOffline', render: () => renderOffline(settings) };
}

/**
 * Plain JS: the browser comparison's worklet class, loaded with the AudioWorkletGlobalScope names
 * it uses (AudioWorkletProcessor, registerProcessor, sampleRate) and called once per quantum.
 */
async function plainJsEngine(input) {
  let processorClass;
  globalThis.AudioWorkletProcessor = class {};
  globalThis.registerProcessor = (_name, cls) => { processorClass = cls; };
  globalThis.sampleRate = SAMPLE_RATE_HZ;
  await import('../browser/js-biquad-processor.js');
  const processorOptions = { frequenciesHz: BAND_FREQUENCIES_HZ, q: BAND_Q, bandGainsDb: BAND_GAINS_DB, gainDb: MASTER_GAIN_DB };
  const frames = input[0].length;
  return {
    label: 'plain JS loop (Float64 direct form I)',
    render: () => {
      const processor = new processorClass({ processorOptions });
      const output = input.map(() => new Float32Array(frames));
      for (let start = 0; start < frames; start += RENDER_QUANTUM_FRAMES) {
        const end = Math.min(frames, start + RENDER_QUANTUM_FRAMES);
        processor.process([input.map((channel) => channel.subarray(start, end))], [output.map((channel) => channel.subarray(start, end))]);
      }
      return output;
    },
  };
}

/** node-web-audio-api: the chain as Web Audio nodes in its OfflineAudioContext. */
async function nodeWebAudioEngine(input) {
  const { OfflineAudioContext } = await import('node-web-audio-api');
  const frames = input[0].length;
  return {
    label: 'node-web-audio-api OfflineAudioContext',
    render: async () => {
      const context = new OfflineAudioContext(NUM_CHANNELS, frames, SAMPLE_RATE_HZ);
      const buffer = context.createBuffer(NUM_CHANNELS, frames, SAMPLE_RATE_HZ);
      input.forEach((channel, c) => buffer.copyToChannel(channel, c));
      const source = context.createBufferSource();
      source.buffer = buffer;
      let last = source;
      BAND_FREQUENCIES_HZ.forEach((frequencyHz, band) => {
        const filter = context.createBiquadFilter();
        filter.type = 'peaking';
        filter.frequency.value = frequencyHz;
        filter.Q.value = BAND_Q;
        filter.gain.value = BAND_GAINS_DB[band];
        last = last.connect(filter);
      });
      const gain = context.createGain();
      gain.gain.value = 10 ** (MASTER_GAIN_DB / 20);
      last.connect(gain).connect(context.destination);
      source.start();
      const rendered = await context.startRendering();
      return Array.from({ length: NUM_CHANNELS }, (_, c) => rendered.getChannelData(c));
    },
  };
}

/** The chain in Faust: RBJ peakingEQ coefficients (Audio EQ Cookbook) into fi.tf2, per channel. */
function faustChainSource() {
  const bands = BAND_FREQUENCIES_HZ.map((frequencyHz, band) => `peak(${frequencyHz}, ${BAND_GAINS_DB[band]})`).join(' : ');
  return `import("stdfaust.lib");
peak(f0, gainDb) = fi.tf2(b0 / a0, b1 / a0, b2 / a0, a1 / a0, a2 / a0)
with {
  A = pow(10, gainDb / 40);
  w0 = 2 * ma.PI * f0 / ma.SR;
  alpha = sin(w0) / (2 * ${BAND_Q});
  b0 = 1 + alpha * A; b1 = -2 * cos(w0); b2 = 1 - alpha * A;
  a0 = 1 + alpha / A; a1 = -2 * cos(w0); a2 = 1 - alpha / A;
};
chain = ${bands} : *(pow(10, ${MASTER_GAIN_DB} / 20));
process = chain, chain;
`;
}

/** faustwasm: libfaust (wasm) compiles the chain with -double; its offline processor renders it. */
async function faustEngine(input) {
  // The package's "main" is a CommonJS build inside a "type": "module" package, which Node loads
  // as an empty module; its ES build is imported by path, as the package's own scripts do.
  const faustwasm = await import('@grame/faustwasm/dist/esm/index.js');
  const { instantiateFaustModuleFromFile, LibFaust, FaustCompiler, FaustMonoDspGenerator } = faustwasm;
  const modulePath = path.join(repoRoot, 'node_modules/@grame/faustwasm/libfaust-wasm/libfaust-wasm.js');
  const compiler = new FaustCompiler(new LibFaust(await instantiateFaustModuleFromFile(modulePath)));
  const generator = new FaustMonoDspGenerator();
  await generator.compile(compiler, 'reference_chain', faustChainSource(), '-double');
  const frames = input[0].length;
  return {
    label: `faustwasm ${compiler.version()} -double`,
    render: async () => {
      const processor = await generator.createOfflineProcessor(SAMPLE_RATE_HZ, RENDER_QUANTUM_FRAMES);
      if (!processor) throw new Error('faustwasm made no offline processor');
      return processor.render(input, frames);
    },
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timed(render) {
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const output = await render();
  const cpu = process.cpuUsage(cpu0);
  return { output, wallMs: Number(process.hrtime.bigint() - t0) / 1e6, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function cpuDescription() {
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}, load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`;
}

const options = parseArgs(process.argv.slice(2));
const frames = Math.round(options.seconds * SAMPLE_RATE_HZ);
const input = seededNoise(NUM_CHANNELS, frames, NOISE_SEED);
const makers = { wavegraph: wavegraphEngine, js: plainJsEngine, nwa: nodeWebAudioEngine, faust: faustEngine };
try {
  const engines = [];
  for (const name of options.only) {
    const engine = await makers[name](input);
    const warmUp = await timed(engine.render);
    // A copy: node-web-audio-api's channel arrays live only as long as their context.
    const output = Array.from(warmUp.output, (channel) => Float32Array.from(channel));
    engines.push({ name, ...engine, output, firstWallMs: warmUp.wallMs, wallMs: [], cpuMs: [] });
  }
  for (let round = 0; round < options.rounds; round++) {
    for (const engine of engines) {
      const run = await timed(engine.render);
      engine.wallMs.push(run.wallMs);
      engine.cpuMs.push(run.cpuMs);
    }
  }
  const reference = engines[0];
  const settleFrame = Math.round((FIDELITY_SETTLE_MS / 1000) * SAMPLE_RATE_HZ);
  const ns = (ms) => (ms * 1e6) / frames;
  const lines = [
    `Offline rendering in Node: reference chain, stereo ${SAMPLE_RATE_HZ} Hz, ${options.seconds} s (${frames} frames) of seeded noise; ` +
      `median of ${options.rounds} interleaved rounds after one warm-up each; Node ${process.version}; ${cpuDescription()}`,
    `  ${'engine'.padEnd(42)} ${'wall ns/frame'.padStart(13)} ${'CPU ns/frame'.padStart(12)} ${'× wavegraph (wall, CPU)'.padStart(23)}  first call  max |x − wavegraph| after ${FIDELITY_SETTLE_MS} ms`,
  ];
  for (const engine of engines) {
    const wall = median(engine.wallMs), cpu = median(engine.cpuMs);
    const ratio = wall / median(reference.wallMs);
    const cpuRatio = cpu / median(reference.cpuMs);
    let maxAbs = 0;
    for (let c = 0; c < NUM_CHANNELS; c++)
      for (let i = settleFrame; i < frames; i++) maxAbs = Math.max(maxAbs, Math.abs(engine.output[c][i] - reference.output[c][i]));
    const target = TARGETS[engine.name];
    const verdict = target === undefined ? '' : `  (target wavegraph ≥ ${target}× faster by CPU time: ${cpuRatio >= target ? 'met' : 'NOT met'})`;
    lines.push(`  ${engine.label.padEnd(42)} ${ns(wall).toFixed(1).padStart(13)} ${ns(cpu).toFixed(1).padStart(12)} ` +
      `${`${ratio.toFixed(2)}, ${cpuRatio.toFixed(2)}`.padStart(23)}  ${ns(engine.firstWallMs).toFixed(1).padStart(10)}  ${engine === reference ? '—' : maxAbs.toExponential(2)}${verdict}`);
  }
  console.log(lines.join('\n'));
} catch (error) {
  console.error(`bench/node/engines.mjs: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  process.exit(1);
}
