// The benchmark page: renders the same seeded stereo noise through four variants, each in its
// own OfflineAudioContext, and measures the wall time of startRendering. Driven by run.mjs
// through window.wavegraphBench (prepare → render × runs → fidelity).
//   a  the browser's nodes: 8 BiquadFilterNode "peaking" → AnalyserNode → GainNode
//   b  wavegraph's worklet (createEngine, setBandGain × 8, setGain)
//   b' wavegraph's worklet with the eq's webAudioRounding = 1 (each band's output rounded to
//      float32 before it is fed back, as Chromium's BiquadFilterNode does), the settings in the
//      graph (createEngine({ graph: referenceGraph({ bandGainsDb, gainDb, webAudioRounding }) }):
//      no ramps, so it can match (a) from frame 0)
//   c  an empty pass-through AudioWorkletProcessor
//   d  a plain JavaScript 8-band peaking biquad worklet
import { compileCore, createEngine, referenceGraph } from 'wavegraph';
import { seededNoise } from './seeded-noise.js';
import {
  BAND_FREQUENCIES_HZ, BAND_GAINS_DB, BAND_Q, MASTER_GAIN_DB, NOISE_SEED, NUM_CHANNELS, SAMPLE_RATE_HZ,
} from './settings.js';

const passThroughUrl = new URL('./passthrough-processor.js', import.meta.url).href;
const jsBiquadUrl = new URL('./js-biquad-processor.js', import.meta.url).href;
const wasmKernelUrl = new URL('./wasm-kernel-processor.js', import.meta.url).href;

export const VARIANTS = {
  a: "the browser's nodes: 8 BiquadFilterNode peaking + AnalyserNode + GainNode",
  b: "wavegraph's worklet (createEngine, reference graph)",
  "b'": "wavegraph's worklet, eq.webAudioRounding = 1, settings in the graph",
  c: 'empty pass-through AudioWorklet',
  d: 'plain JavaScript 8-band biquad worklet',
};

/** The raw wasm graph in this browser (run.mjs, every run): the reference of the third target. */
export const RAW_VARIANTS = {
  raw: 'the raw wasm graph: _wavegraph_process_block per quantum in a worklet, no copies',
};

/** Profiling variants (run.mjs --profile): parts of (b)'s cost. */
export const PROFILE_VARIANTS = {
  copies: 'profile: worklet copying into and out of wasm memory, no DSP',
  kernel: 'profile: the same copies + raw export _wavegraph_process_block',
};

let noise;             // AudioBuffer, stereo seeded noise
const kept = {};       // variant → [Float32Array per channel] of one render
let pending;           // { name, keep, context, cleanup } between setUp and start
let baselineUrl;       // processor.js of variant (b0) (run.mjs --baseline), or undefined
let renderSize = 128;  // frames per render quantum (renderSizeHint; run.mjs --render-size)

function newContext() {
  const context = new OfflineAudioContext({ numberOfChannels: NUM_CHANNELS, length: noise.length, sampleRate: SAMPLE_RATE_HZ, renderSizeHint: renderSize });
  const rendered = context.renderQuantumSize ?? 128;
  if (rendered !== renderSize) throw new Error(`renderSizeHint ${renderSize}: this browser renders ${rendered}-frame quanta`);
  return context;
}

/** Builds variant `name` between an AudioBufferSourceNode (the noise) and the destination. Returns a cleanup. */
async function build(name, context) {
  const source = new AudioBufferSourceNode(context, { buffer: noise });
  source.start(0);
  const targetGainLinear = Math.pow(10, MASTER_GAIN_DB / 20);
  switch (name) {
    case 'a': {
      let node = source;
      for (let band = 0; band < BAND_FREQUENCIES_HZ.length; band++) {
        const filter = new BiquadFilterNode(context, {
          type: 'peaking', frequency: BAND_FREQUENCIES_HZ[band], Q: BAND_Q, gain: BAND_GAINS_DB[band],
        });
        node = node.connect(filter);
      }
      const analyser = new AnalyserNode(context, { fftSize: 2048 });
      const gain = new GainNode(context, { gain: targetGainLinear });
      node.connect(analyser).connect(gain).connect(context.destination);
      return () => {};
    }
    case 'b':
    case 'b0': {
      const engine = await createEngine(context, name === 'b0' ? { numChannels: NUM_CHANNELS, processorUrl: baselineUrl } : { numChannels: NUM_CHANNELS });
      if (engine.transport !== 'sharedArrayBuffer')
        throw new Error(`wavegraph transport is ${engine.transport}, expected sharedArrayBuffer (is the page cross-origin isolated?)`);
      for (let band = 0; band < BAND_GAINS_DB.length; band++) {
        const status = engine.setBandGain(band, BAND_GAINS_DB[band]);
        if (!status.ok) throw new Error(`setBandGain(${band}, ${BAND_GAINS_DB[band]}): ${status.message}`);
      }
      const status = engine.setGain(MASTER_GAIN_DB);
      if (!status.ok) throw new Error(`setGain(${MASTER_GAIN_DB}): ${status.message}`);
      source.connect(engine.node).connect(context.destination);
      return () => engine.close();
    }
    case "b'": {
      // Rejects (one line naming the JSON path) with a package whose eq has no webAudioRounding.
      const graph = referenceGraph({ bandGainsDb: BAND_GAINS_DB, gainDb: MASTER_GAIN_DB, webAudioRounding: true });
      const engine = await createEngine(context, { numChannels: NUM_CHANNELS, graph });
      if (engine.transport !== 'sharedArrayBuffer')
        throw new Error(`wavegraph transport is ${engine.transport}, expected sharedArrayBuffer (is the page cross-origin isolated?)`);
      // An older referenceGraph drops the option silently: check that the running eq has it, set.
      const rounding = engine.parameters().find((n) => n.id === 'eq')?.parameters.find((p) => p.name === 'webAudioRounding');
      if (!rounding || rounding.value !== 1) {
        engine.close();
        throw new Error(`the eq of this package ${rounding ? `has webAudioRounding = ${rounding.value}, not 1` : 'has no webAudioRounding parameter'}`);
      }
      source.connect(engine.node).connect(context.destination);
      return () => engine.close();
    }
    case 'c': {
      await context.audioWorklet.addModule(passThroughUrl);
      const node = new AudioWorkletNode(context, 'bench-passthrough', {
        numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [NUM_CHANNELS],
      });
      source.connect(node).connect(context.destination);
      return () => node.disconnect();
    }
    case 'd': {
      await context.audioWorklet.addModule(jsBiquadUrl);
      const node = new AudioWorkletNode(context, 'bench-js-biquad', {
        numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [NUM_CHANNELS],
        processorOptions: {
          frequenciesHz: BAND_FREQUENCIES_HZ, q: BAND_Q, bandGainsDb: BAND_GAINS_DB, gainDb: MASTER_GAIN_DB,
        },
      });
      source.connect(node).connect(context.destination);
      return () => node.disconnect();
    }
    case 'copies':
    case 'kernel':
    case 'raw': {
      await context.audioWorklet.addModule(wasmKernelUrl);
      const node = new AudioWorkletNode(context, 'bench-wasm-kernel', {
        numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [NUM_CHANNELS],
        processorOptions: {
          mode: name, bandGainsDb: BAND_GAINS_DB, gainDb: MASTER_GAIN_DB, numChannels: NUM_CHANNELS, blockFrames: renderSize,
          wasmModule: await compileCore(),
        },
      });
      let failed = false;
      node.onprocessorerror = () => { failed = true; };
      const reply = await new Promise((resolve) => { node.port.onmessage = (event) => resolve(event.data); });
      if (reply.type !== 'ready') throw new Error(`profile variant ${name}: ${reply.message}`);
      source.connect(node).connect(context.destination);
      return () => {
        node.disconnect();
        if (failed) throw new Error(`the ${name} profiling worklet failed (processorerror)`);
      };
    }
    default:
      throw new Error(`variant "${name}" is not one of ${[...Object.keys(VARIANTS), ...Object.keys(RAW_VARIANTS), ...Object.keys(PROFILE_VARIANTS)].join(', ')}`);
  }
}

function rmsDb(channels) {
  let sum = 0, count = 0;
  for (const ch of channels) { for (let i = 0; i < ch.length; i++) sum += ch[i] * ch[i]; count += ch.length; }
  return 10 * Math.log10(sum / count);
}

/**
 * A plain-JS model of variant (a)'s arithmetic, to explain the a↔b difference (not timed):
 * Chromium's BiquadFilterNode as measured here (Chromium 156) is the Cookbook peaking biquad in
 * direct form I with double coefficients, except that A = 10^(gainDb/40) is rounded to float32
 * and the feedback state y[n−1], y[n−2] holds the float32-rounded output; then variant (a)'s
 * constant GainNode gain. wavegraph keeps A and the feedback in double.
 */
function chromiumModel(input) {
  const gain = Math.fround(Math.pow(10, MASTER_GAIN_DB / 20));
  return input.map((samples) => {
    const y = new Float32Array(samples);
    for (let band = 0; band < BAND_FREQUENCIES_HZ.length; band++) {
      const A = Math.fround(Math.pow(10, BAND_GAINS_DB[band] / 40));
      const w0 = (2 * Math.PI * BAND_FREQUENCIES_HZ[band]) / SAMPLE_RATE_HZ;
      const alpha = Math.sin(w0) / (2 * BAND_Q), k = Math.cos(w0), a0 = 1 + alpha / A;
      const b0 = (1 + alpha * A) / a0, b1 = (-2 * k) / a0, b2 = (1 - alpha * A) / a0, a1 = (-2 * k) / a0, a2 = (1 - alpha / A) / a0;
      let x1 = 0, x2 = 0, y1 = 0, y2 = 0;
      for (let i = 0; i < y.length; i++) {
        const x0 = y[i];
        const out = Math.fround(b0 * x0 + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2);
        x2 = x1; x1 = x0; y2 = y1; y1 = out;
        y[i] = out;
      }
    }
    for (let i = 0; i < y.length; i++) y[i] *= gain;
    return y;
  });
}

/** max |x − y| over all channels and the frames from startFrame on, with where it happened. */
function maxAbsDifference(x, y, startFrame) {
  let max = 0, frame = startFrame, channel = 0;
  for (let c = 0; c < x.length; c++) {
    const xc = x[c], yc = y[c];
    for (let i = startFrame; i < xc.length; i++) {
      const d = Math.abs(xc[i] - yc[i]);
      if (!(d <= max)) { max = d; frame = i; channel = c; }  // NaN counts as the largest
    }
  }
  return { maxAbs: max, frame, channel };
}

window.wavegraphBench = {
  variants: VARIANTS,

  /** Adds variant (b0): (b) with the worklet module at `url` (an earlier processor.js). */
  setBaseline(url) {
    baselineUrl = url;
    this.variants = { ...VARIANTS, b0: `(b) with the --baseline worklet (${url.split('/').slice(-2).join('/')})` };
  },

  rawVariants: RAW_VARIANTS,

  profileVariants: PROFILE_VARIANTS,

  /** Makes the stereo noise AudioBuffer (seconds long); contexts render `quantumFrames`-frame quanta (default 128). Returns its shape and level. */
  prepare(seconds, quantumFrames = 128) {
    renderSize = quantumFrames;
    const frames = Math.round(seconds * SAMPLE_RATE_HZ);
    const channels = seededNoise(NUM_CHANNELS, frames, NOISE_SEED);
    noise = new AudioBuffer({ numberOfChannels: NUM_CHANNELS, length: frames, sampleRate: SAMPLE_RATE_HZ });
    channels.forEach((samples, c) => noise.copyToChannel(samples, c));
    return {
      frames, numChannels: NUM_CHANNELS, sampleRateHz: SAMPLE_RATE_HZ, inputRmsDb: rmsDb(channels),
      crossOriginIsolated: window.crossOriginIsolated === true, userAgent: navigator.userAgent,
    };
  },

  /**
   * Builds variant `name` in a fresh OfflineAudioContext (module loading and createEngine
   * happen here, untimed); start() then renders it. keep: store the output for fidelity().
   */
  async setUp(name, keep) {
    const context = newContext();
    const cleanup = await build(name, context);
    pending = { name, keep, context, cleanup };
  },

  /** Renders what setUp built; times only startRendering. Returns { ms, frames, numChannels[, outputRmsDb] }. */
  async start() {
    if (!pending) throw new Error('start() without setUp()');
    const { name, keep, context, cleanup } = pending;
    pending = undefined;
    const t0 = performance.now();
    const rendered = await context.startRendering();
    const ms = performance.now() - t0;
    cleanup();
    const channels = [];
    for (let c = 0; c < rendered.numberOfChannels; c++) channels.push(rendered.getChannelData(c));
    const result = { ms, frames: rendered.length, numChannels: rendered.numberOfChannels };
    if (keep) {
      kept[name] = channels;
      result.outputRmsDb = rmsDb(channels);
    }
    return result;
  },

  /** setUp then start: one render of variant `name`. */
  async render(name, keep) {
    await this.setUp(name, keep);
    return this.start();
  },

  /**
   * Renders variant `name` once in a context of `quantumFrames`-frame quanta and keeps its output
   * as `${name}@${quantumFrames}` (the variant's own kept output stays). Returns its key.
   */
  async renderAtQuantum(name, quantumFrames) {
    const saved = [renderSize, kept[name]];
    renderSize = quantumFrames;
    try {
      await this.render(name, true);
      kept[`${name}@${quantumFrames}`] = kept[name];
    } finally {
      [renderSize, kept[name]] = saved;
    }
    return `${name}@${quantumFrames}`;
  },

  /** Computes the model of (a)'s arithmetic (chromiumModel) as kept output 'model'. Returns its time in ms. */
  model() {
    const t0 = performance.now();
    const input = [];
    for (let c = 0; c < noise.numberOfChannels; c++) input.push(noise.getChannelData(c));
    kept.model = chromiumModel(input);
    return performance.now() - t0;
  },

  /** max |x − y| between kept outputs from frame startFrame (default 0) on, e.g. fidelity('a', 'b'). */
  fidelity(x, y, startFrame = 0) {
    if (!kept[x] || !kept[y]) throw new Error(`no kept output for ${kept[x] ? y : x}`);
    return maxAbsDifference(kept[x], kept[y], startFrame);
  },
};
