// The new-nodes benchmark page: each job renders the same seeded stereo noise in its own
// OfflineAudioContext (or renderOffline call) through one engine:
//   web        the browser's own node (DynamicsCompressorNode, WaveShaperNode, …)
//   worklet    wavegraph's worklet (createEngine with the job's graph JSON)
//   offline    wavegraph's renderOffline, called on the page's main thread (default 1024-frame blocks)
// and the job "pass" (no node: the source straight to the destination; the worklet with a graph
// of its input only) as the machinery both pay. Driven by nodes.mjs through window.wavegraphNodesBench.
import { createEngine, NODE_TYPES, renderOffline } from 'wavegraph';
import { seededNoise } from './seeded-noise.js';
import { NOISE_SEED, NUM_CHANNELS, SAMPLE_RATE_HZ } from './settings.js';

/** Points of the waveShaper's curve: tanh(2x) over −1…1. */
const CURVE_POINTS = 4096;
/** The automation's values: a linear ramp to −20 dB over the first half, then a setTarget back to 0 dB. */
const RAMP_TARGET_DB = -20;

/** Seed of the convolver's impulse responses (not the input's). */
const IMPULSE_SEED = 0x1f2e3d4c;

/**
 * A stereo impulse response `seconds` long: seeded noise (seeded-noise.js, ±0.25) under an
 * exponential decay to −60 dB at its end, a reverb's shape.
 */
function impulseResponse(seconds) {
  const frames = Math.round(seconds * SAMPLE_RATE_HZ);
  return seededNoise(NUM_CHANNELS, frames, IMPULSE_SEED).map((channel) =>
    channel.map((x, i) => x * Math.exp((-6.907755 * i) / frames)));
}

/** The convolver job for an impulse response of `seconds` (built when first used), given as a buffer. */
function convolverJob(seconds) {
  let response;
  const get = () => (response ??= impulseResponse(seconds));
  return {
    label: `convolver, ${seconds} s stereo impulse response (seeded noise decaying to −60 dB), normalize`,
    needs: 'convolver',
    web: (context, source) => {
      const buffer = new AudioBuffer({ numberOfChannels: NUM_CHANNELS, length: get()[0].length, sampleRate: SAMPLE_RATE_HZ });
      get().forEach((samples, c) => buffer.copyToChannel(samples, c));
      return source.connect(new ConvolverNode(context, { buffer }));
    },
    audioBuffers: () => ({ response: { channels: get(), sampleRate: SAMPLE_RATE_HZ } }),
    graph: () => single({ type: 'convolver', options: { buffer: 'response' } }),
  };
}

/** Seed and length of the bufferSource's sample (not the input's noise). */
const SAMPLE_SEED = 0x0badf00d;
const SAMPLE_SECONDS = 10;
let sample;  // Float32Array[] (stereo), made when first used

/**
 * The bufferSource job at `playbackRate`: a 10 s stereo sample of seeded noise, looped over the
 * whole render (no input: the node is the source; Chromium's AudioBufferSourceNode with loop).
 */
function bufferSourceJob(playbackRate) {
  const get = () => (sample ??= seededNoise(NUM_CHANNELS, SAMPLE_SECONDS * SAMPLE_RATE_HZ, SAMPLE_SEED));
  return {
    label: `bufferSource, a ${SAMPLE_SECONDS} s stereo sample looped, playbackRate ${playbackRate}`,
    needs: 'bufferSource',
    source: false,
    web: (context) => {
      const buffer = new AudioBuffer({ numberOfChannels: NUM_CHANNELS, length: get()[0].length, sampleRate: SAMPLE_RATE_HZ });
      get().forEach((samples, c) => buffer.copyToChannel(samples, c));
      const node = new AudioBufferSourceNode(context, { buffer, loop: true, playbackRate });
      node.start(0);
      return node;
    },
    audioBuffers: () => ({ sample: { channels: get(), sampleRate: SAMPLE_RATE_HZ } }),
    graph: () => ({
      nodes: [{ id: 'play', type: 'bufferSource', options: { buffer: 'sample', loop: true }, params: { playbackRate } }],
      connections: [],
      output: 'play',
    }),
  };
}

const curve = Float32Array.from({ length: CURVE_POINTS }, (_, k) => Math.tanh(2 * ((2 * k) / (CURVE_POINTS - 1) - 1)));
const inputOnly = { nodes: [{ id: 'in', type: 'input' }], connections: [], output: 'in' };
const single = (node) => ({ nodes: [{ id: 'in', type: 'input' }, { id: 'n', ...node }], connections: [{ from: 'in', to: 'n' }], output: 'n' });
const shaperGraph = (oversample) => single({ type: 'waveShaper', options: { curve: Array.from(curve), oversample } });

/**
 * The jobs: label, what the browser builds between its source and destination (returns the last
 * node), and wavegraph's graph JSON for `seconds` of render (the automation's times depend on it).
 */
export const JOBS = {
  pass: {
    label: 'no node (source → destination; worklet: graph of its input only)',
    web: (context, source) => source,
    graph: () => inputOnly,
  },
  compressor: {
    label: 'dynamicsCompressor, threshold −24 dB (knee 30, ratio 12, attack 3 ms, release 250 ms)',
    web: (context, source) => source.connect(new DynamicsCompressorNode(context, { threshold: -24 })),
    graph: () => single({ type: 'dynamicsCompressor', params: { thresholdDb: -24 } }),
  },
  shaperNone: {
    label: `waveShaper, ${CURVE_POINTS}-point tanh curve, oversample none`,
    web: (context, source) => source.connect(new WaveShaperNode(context, { curve, oversample: 'none' })),
    graph: () => shaperGraph('none'),
  },
  shaper2x: {
    label: 'waveShaper, oversample 2x',
    web: (context, source) => source.connect(new WaveShaperNode(context, { curve, oversample: '2x' })),
    graph: () => shaperGraph('2x'),
  },
  shaper4x: {
    label: 'waveShaper, oversample 4x',
    web: (context, source) => source.connect(new WaveShaperNode(context, { curve, oversample: '4x' })),
    graph: () => shaperGraph('4x'),
  },
  swap: {
    label: 'channelSplitter(2) → channelMerger(2), L/R swapped',
    web: (context, source) => {
      const split = new ChannelSplitterNode(context, { numberOfOutputs: 2 });
      const merge = new ChannelMergerNode(context, { numberOfInputs: 2 });
      source.connect(split);
      split.connect(merge, 0, 1);
      split.connect(merge, 1, 0);
      return merge;
    },
    graph: () => ({
      nodes: [
        { id: 'in', type: 'input' },
        { id: 'split', type: 'channelSplitter', options: { numberOfOutputs: 2 } },
        { id: 'merge', type: 'channelMerger', options: { numberOfInputs: 2 } },
      ],
      connections: [
        { from: 'in', to: 'split' },
        { from: 'split', output: 0, to: 'merge', input: 1 },
        { from: 'split', output: 1, to: 'merge', input: 0 },
      ],
      output: 'merge',
    }),
  },
  automation: {
    label: 'gain automated over the whole render: linearRamp 0 → −20 dB (first half), setTarget back to 0 dB (τ = 1/10 of the render)',
    web: (context, source, seconds) => {
      const gain = new GainNode(context, { gain: 1 });
      gain.gain.setValueAtTime(1, 0);
      gain.gain.linearRampToValueAtTime(Math.pow(10, RAMP_TARGET_DB / 20), seconds / 2);
      gain.gain.setTargetAtTime(1, seconds / 2, seconds / 10);
      return source.connect(gain);
    },
    graph: (seconds) => single({
      type: 'gain', params: { gainDb: 0 },
      automation: {
        gainDb: [
          { method: 'setValueAtTime', value: 0, timeSeconds: 0 },
          { method: 'linearRampToValueAtTime', value: RAMP_TARGET_DB, timeSeconds: seconds / 2 },
          { method: 'setTargetAtTime', value: 0, timeSeconds: seconds / 2, timeConstantSeconds: seconds / 10 },
        ],
      },
    }),
  },
  convolver1s: convolverJob(1),
  convolver3s: convolverJob(3),
  bufferSource1: bufferSourceJob(1),
  bufferSource137: bufferSourceJob(1.37),
};

/** Jobs whose node type this package lacks (a package built before the node), with the reason. */
export const UNAVAILABLE = Object.fromEntries(Object.entries(JOBS)
  .filter(([, job]) => job.needs !== undefined && !(job.needs in NODE_TYPES))
  .map(([name, job]) => [name, `this package has no "${job.needs}" node`]));

/** The engines each job runs on. */
export const ENGINES = {
  web: "the browser's node(s) in an OfflineAudioContext",
  worklet: "wavegraph's worklet (createEngine({ graph })) in an OfflineAudioContext",
  offline: "wavegraph's renderOffline({ graph }) on the page's main thread",
};

let noise;             // AudioBuffer, stereo seeded noise
let noiseChannels;     // the same samples as Float32Array[] (renderOffline's input)
let seconds;
let reference;         // { job, channels } the last kept 'web' output, for difference()
let pending;           // what setUp built, for start()

function rmsDb(channels) {
  let sum = 0, count = 0;
  for (const ch of channels) { for (let i = 0; i < ch.length; i++) sum += ch[i] * ch[i]; count += ch.length; }
  return 10 * Math.log10(sum / count);
}

/** max |x − y| over every channel and frame, with where. */
function maxAbsDifference(x, y) {
  let max = 0, frame = 0, channel = 0;
  for (let c = 0; c < x.length; c++) {
    for (let i = 0; i < x[c].length; i++) {
      const d = Math.abs(x[c][i] - y[c][i]);
      if (!(d <= max)) { max = d; frame = i; channel = c; }
    }
  }
  return { maxAbs: max, frame, channel };
}

window.wavegraphNodesBench = {
  jobs: Object.fromEntries(Object.entries(JOBS).map(([name, job]) => [name, job.label])),
  engines: ENGINES,
  unavailable: UNAVAILABLE,

  /** Makes the stereo noise (s seconds). Returns its shape and level. */
  prepare(s) {
    seconds = s;
    const frames = Math.round(seconds * SAMPLE_RATE_HZ);
    noiseChannels = seededNoise(NUM_CHANNELS, frames, NOISE_SEED);
    noise = new AudioBuffer({ numberOfChannels: NUM_CHANNELS, length: frames, sampleRate: SAMPLE_RATE_HZ });
    noiseChannels.forEach((samples, c) => noise.copyToChannel(samples, c));
    return {
      frames, numChannels: NUM_CHANNELS, sampleRateHz: SAMPLE_RATE_HZ, inputRmsDb: rmsDb(noiseChannels),
      crossOriginIsolated: window.crossOriginIsolated === true,
    };
  },

  /** Builds job `job` on engine `engine` (untimed: context, modules, createEngine). */
  async setUp(job, engine) {
    const spec = JOBS[job];
    if (!spec) throw new Error(`unknown job "${job}" (${Object.keys(JOBS).join(', ')})`);
    // Jobs with buffers (a bufferSource's sample) give them as audioBuffers; jobs without an
    // input (sources) get no noise.
    const buffers = spec.audioBuffers === undefined ? {} : { audioBuffers: spec.audioBuffers() };
    const hasInput = spec.source !== false;
    if (engine === 'offline') {
      const input = hasInput ? { input: noiseChannels } : { durationSeconds: seconds, numChannels: NUM_CHANNELS };
      pending = { job, engine, options: { ...input, ...buffers, sampleRate: SAMPLE_RATE_HZ, graph: JSON.stringify(spec.graph(seconds)) } };
      return;
    }
    const context = new OfflineAudioContext({ numberOfChannels: NUM_CHANNELS, length: noise.length, sampleRate: SAMPLE_RATE_HZ });
    const source = hasInput ? new AudioBufferSourceNode(context, { buffer: noise }) : undefined;
    let cleanup = () => {};
    if (engine === 'web') {
      spec.web(context, source, seconds).connect(context.destination);
    } else if (engine === 'worklet') {
      const wavegraph = await createEngine(context, { numChannels: NUM_CHANNELS, graph: spec.graph(seconds), ...buffers });
      (source ? source.connect(wavegraph.node) : wavegraph.node).connect(context.destination);
      cleanup = () => wavegraph.close();
    } else {
      throw new Error(`unknown engine "${engine}" (${Object.keys(ENGINES).join(', ')})`);
    }
    source?.start(0);
    pending = { job, engine, context, cleanup };
  },

  /**
   * Renders what setUp built; times only the render (startRendering, or the renderOffline call).
   * keep: 'reference' keeps the output as the job's reference, 'compare' returns its max |difference|
   * from the reference. Returns { ms, frames, numChannels, outputRmsDb, difference? }.
   */
  async start(keep) {
    if (!pending) throw new Error('start() without setUp()');
    const { job, engine, context, cleanup, options } = pending;
    pending = undefined;
    let channels;
    const t0 = performance.now();
    if (engine === 'offline') {
      channels = await renderOffline(options);
    } else {
      const rendered = await context.startRendering();
      channels = Array.from({ length: rendered.numberOfChannels }, (_, c) => rendered.getChannelData(c));
    }
    const ms = performance.now() - t0;
    cleanup?.();
    const result = { ms, frames: channels[0].length, numChannels: channels.length, outputRmsDb: rmsDb(channels) };
    if (keep === 'reference') reference = { job, channels };
    if (keep === 'compare') {
      if (reference?.job !== job) throw new Error(`no reference output of job ${job}`);
      result.difference = maxAbsDifference(reference.channels, channels);
    }
    return result;
  },
};
