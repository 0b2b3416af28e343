// The browser's own nodes against wavegraph's nodes of the same name, sample for sample, in an
// OfflineAudioContext on the same seeded noise: ChannelSplitterNode / ChannelMergerNode, WaveShaperNode.
import { readFileSync } from 'node:fs';
import { renderOffline } from '../../dist/index.js';
import { openPage } from './demo-page.mjs';

const SAMPLE_RATE_HZ = 48000;
const FRAMES = 4096;
const NOISE_SEED = 20261207;
/** 'none': the same float32 formula as Blink's WaveShaperDSPKernel; a one-step difference would show. */
export const WAVE_SHAPER_NONE_LIMIT = 1e-6;
/** '2x'/'4x': Blink's resampler kernels and delays, but its convolution sums the taps in SIMD lanes (another float32 order): measured 7.2e-7 / 8.3e-7. */
export const WAVE_SHAPER_OVERSAMPLED_LIMIT = 2e-6;

/** Seeded noise in ±0.5 (a 32-bit LCG), as float32, `channels` × `frames`. */
function seededNoise(channels, frames, seed) {
  let state = seed >>> 0;
  return Array.from({ length: channels }, () => {
    const out = new Float32Array(frames);
    for (let i = 0; i < frames; ++i) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      out[i] = state / 2 ** 32 - 0.5;
    }
    return out;
  });
}

/** Max |a − b| over every channel and frame (Infinity when the shapes differ). */
function maxAbsDiff(a, b) {
  if (a.length !== b.length) return Infinity;
  let diff = 0;
  for (let c = 0; c < a.length; ++c) {
    if (a[c].length !== b[c].length) return Infinity;
    for (let i = 0; i < a[c].length; ++i) diff = Math.max(diff, Math.abs(a[c][i] - b[c][i]));
  }
  return diff;
}

/**
 * w. ChannelSplitterNode and ChannelMergerNode: 3 channels of noise → splitter(3) → merger(3) with
 * outputs crossed (0 → input 2, 1 → input 0, 2 → input 1) and the 3-channel source also into
 * merger input 1 (its channelCount 1, speakers: for 3 channels the discrete rule, channel 0);
 * a second case feeds channel 0 of 4 alone (mono) into a splitter(4) (channelInterpretation
 * discrete: the mono signal in channel 0 only, not in the centre channel as speakers would put
 * it) merged back reversed. Passes when the max
 * |difference| is 0: both only copy and add float32 samples in the same order.
 */
export async function checkChannelRouting(browser, url) {
  const noise = seededNoise(4, FRAMES, NOISE_SEED);
  const cases = [
    {
      label: 'split 3, crossed, + source into merger input 1',
      inputChannels: 3,
      graph: {
        nodes: [
          { id: 'in', type: 'input' },
          { id: 'split', type: 'channelSplitter', options: { numberOfOutputs: 3 } },
          { id: 'merge', type: 'channelMerger', options: { numberOfInputs: 3 } },
        ],
        connections: [
          { from: 'in', to: 'split' },
          { from: 'split', output: 0, to: 'merge', input: 2 },
          { from: 'split', output: 1, to: 'merge', input: 0 },
          { from: 'split', output: 2, to: 'merge', input: 1 },
          { from: 'in', to: 'merge', input: 1 },
        ],
        output: 'merge',
      },
    },
    {
      label: 'mono (channel 0 of 4) into split 4, merged reversed',
      inputChannels: 4,
      graph: {
        nodes: [
          { id: 'in', type: 'input' },
          { id: 'first', type: 'channelSplitter', options: { numberOfOutputs: 4 } },
          { id: 'split', type: 'channelSplitter', options: { numberOfOutputs: 4 } },
          { id: 'merge', type: 'channelMerger', options: { numberOfInputs: 4 } },
        ],
        connections: [
          { from: 'in', to: 'first' },
          { from: 'first', output: 0, to: 'split' },
          ...[0, 1, 2, 3].map((k) => ({ from: 'split', output: k, to: 'merge', input: 3 - k })),
        ],
        output: 'merge',
      },
    },
  ];
  const { page, errors } = await openPage(browser, `${url}offline-test.html`);
  let browserOutputs;
  try {
    browserOutputs = await page.evaluate(async ({ noise, sampleRate, frames }) => {
      const render = async (inputChannels, outputChannels, build) => {
        const context = new OfflineAudioContext({ numberOfChannels: outputChannels, length: frames, sampleRate });
        const buffer = new AudioBuffer({ numberOfChannels: inputChannels, length: frames, sampleRate });
        for (let c = 0; c < inputChannels; ++c) buffer.copyToChannel(Float32Array.from(noise[c]), c);
        const source = new AudioBufferSourceNode(context, { buffer });
        source.channelCount = inputChannels;
        build(context, source).connect(context.destination);
        source.start(0);
        const rendered = await context.startRendering();
        return Array.from({ length: outputChannels }, (_, c) => Array.from(rendered.getChannelData(c)));
      };
      const crossed = await render(3, 3, (context, source) => {
        const split = new ChannelSplitterNode(context, { numberOfOutputs: 3 });
        const merge = new ChannelMergerNode(context, { numberOfInputs: 3 });
        source.connect(split);
        split.connect(merge, 0, 2);
        split.connect(merge, 1, 0);
        split.connect(merge, 2, 1);
        source.connect(merge, 0, 1);
        return merge;
      });
      const mono = await render(4, 4, (context, source) => {
        const first = new ChannelSplitterNode(context, { numberOfOutputs: 4 });
        const split = new ChannelSplitterNode(context, { numberOfOutputs: 4 });
        const merge = new ChannelMergerNode(context, { numberOfInputs: 4 });
        source.connect(first);
        first.connect(split, 0);
        for (let k = 0; k < 4; ++k) split.connect(merge, k, 3 - k);
        return merge;
      });
      return [crossed, mono];
    }, { noise: noise.map((c) => Array.from(c)), sampleRate: SAMPLE_RATE_HZ, frames: FRAMES });
  } finally {
    await page.close();
  }
  const details = [];
  let pass = errors.length === 0;
  for (let k = 0; k < cases.length; ++k) {
    const c = cases[k];
    const ours = await renderOffline({
      input: noise.slice(0, c.inputChannels), sampleRate: SAMPLE_RATE_HZ, graph: c.graph,
    });
    const diff = maxAbsDiff(ours, browserOutputs[k]);
    pass = pass && diff === 0;
    details.push(`${c.label}: max |diff| ${diff}`);
  }
  return { pass, detail: `${details.join('; ')}${errors.length ? `; page errors: ${errors.join(' | ')}` : ''}` };
}

/**
 * y. WaveShaperNode against the waveShaper node: seeded noise scaled to ±1.3 (past both ends of
 * the curve) through a 1025-point tanh(2x) curve with oversample 'none', '2x' and '4x'. Passes when
 * 'none' is within WAVE_SHAPER_NONE_LIMIT and the oversampled modes within
 * WAVE_SHAPER_OVERSAMPLED_LIMIT; the detail gives each mode's max |difference|.
 */
export async function checkWaveShaper(browser, url) {
  const [noise] = seededNoise(1, FRAMES, NOISE_SEED + 1);
  for (let i = 0; i < noise.length; ++i) noise[i] = Math.fround(noise[i] * 2.6);
  const curve = new Float32Array(1025);
  for (let k = 0; k < curve.length; ++k) curve[k] = Math.tanh(2 * ((2 * k) / (curve.length - 1) - 1));
  const modes = ['none', '2x', '4x'];
  const { page, errors } = await openPage(browser, `${url}offline-test.html`);
  let browserOutputs;
  try {
    browserOutputs = await page.evaluate(async ({ noise, curve, modes, sampleRate, frames }) => {
      const outputs = [];
      for (const oversample of modes) {
        const context = new OfflineAudioContext({ numberOfChannels: 1, length: frames, sampleRate });
        const buffer = new AudioBuffer({ numberOfChannels: 1, length: frames, sampleRate });
        buffer.copyToChannel(Float32Array.from(noise), 0);
        const source = new AudioBufferSourceNode(context, { buffer });
        const shaper = new WaveShaperNode(context, { curve: Float32Array.from(curve), oversample });
        source.connect(shaper).connect(context.destination);
        source.start(0);
        const rendered = await context.startRendering();
        outputs.push(Array.from(rendered.getChannelData(0)));
      }
      return outputs;
    }, { noise: Array.from(noise), curve: Array.from(curve), modes, sampleRate: SAMPLE_RATE_HZ, frames: FRAMES });
  } finally {
    await page.close();
  }
  const details = [];
  let pass = errors.length === 0;
  for (let m = 0; m < modes.length; ++m) {
    const graph = {
      nodes: [{ id: 'in', type: 'input' }, { id: 'shape', type: 'waveShaper', options: { curve, oversample: modes[m] } }],
      connections: [{ from: 'in', to: 'shape' }],
      output: 'shape',
    };
    const ours = await renderOffline({ input: [noise], sampleRate: SAMPLE_RATE_HZ, graph });
    const diff = maxAbsDiff(ours, [browserOutputs[m]]);
    const limit = modes[m] === 'none' ? WAVE_SHAPER_NONE_LIMIT : WAVE_SHAPER_OVERSAMPLED_LIMIT;
    pass = pass && diff <= limit;
    details.push(`${modes[m]}: max |diff| ${diff.toExponential(2)} (limit ${limit})`);
  }
  return { pass, detail: `${details.join('; ')}${errors.length ? `; page errors: ${errors.join(' | ')}` : ''}` };
}

/**
 * Largest |a − b| over every channel and frame relative to the largest |b| (the browser's peak).
 */
function relativeMaxDiff(a, b) {
  let peak = 0;
  for (const channel of b) for (const v of channel) peak = Math.max(peak, Math.abs(v));
  return { diff: maxAbsDiff(a, b), peak };
}

/** The cabinet response of examples/impulse-responses (mono PCM 16-bit WAV), scaled by 1/32768. */
function readCabinetResponse() {
  const bytes = readFileSync(new URL('../../examples/impulse-responses/marshall-jcm200-cabinet.wav', import.meta.url));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 12; at + 8 <= bytes.length; at += 8 + view.getUint32(at + 4, true)) {
    if (bytes.toString('latin1', at, at + 4) !== 'data') continue;
    const samples = new Float32Array(view.getUint32(at + 4, true) / 2);
    for (let i = 0; i < samples.length; ++i) samples[i] = view.getInt16(at + 8 + 2 * i, true) / 32768;
    return samples;
  }
  throw new Error('marshall-jcm200-cabinet.wav has no data chunk');
}

/** ConvolverNode against convolver: the difference allowed, relative to the output's peak. */
export const CONVOLVER_RELATIVE_LIMIT = 1e-5;

/**
 * z. ConvolverNode against the convolver node in an OfflineAudioContext at 48 kHz: 0.25 s of seeded
 * noise then 0.25 s of silence (the tail) through (1) the cabinet response shipped in
 * examples/impulse-responses (mono, taken as 48 kHz data) on a mono input, normalize true;
 * (2) a stereo decaying-noise response of 12000 frames on a stereo input, normalize false;
 * (3) a 4-channel ("true stereo") one of 6000 frames on a stereo input, normalize true.
 * Both are latency 0 and use the W3C normalization; Chromium convolves with float32 FFTs
 * (its partitions and summation order differ from wavegraph's double FFTs with float32
 * spectra), so the outputs differ by float rounding: passes when max |diff| ≤
 * CONVOLVER_RELATIVE_LIMIT × the output's peak in every case.
 */
export async function checkConvolver(browser, url) {
  const cabinet = readCabinetResponse();
  const frames = SAMPLE_RATE_HZ / 2;
  const withTail = (channels) => channels.map((c) => {
    const out = new Float32Array(frames);
    out.set(c.subarray(0, frames / 2));
    return out;
  });
  const decaying = (channels, length, seed) => seededNoise(channels, length, seed).map((c) => {
    for (let n = 0; n < length; ++n) c[n] = Math.fround(c[n] * 2 * 10 ** (-3 * n / length));
    return c;
  });
  const cases = [
    { label: 'mono in, mono cabinet response, normalize', input: withTail(seededNoise(1, frames, NOISE_SEED + 2)),
      response: [cabinet], normalize: true },
    { label: 'stereo in, stereo response, normalize false', input: withTail(seededNoise(2, frames, NOISE_SEED + 3)),
      response: decaying(2, 12000, NOISE_SEED + 4), normalize: false },
    { label: 'stereo in, 4-channel response, normalize', input: withTail(seededNoise(2, frames, NOISE_SEED + 5)),
      response: decaying(4, 6000, NOISE_SEED + 6), normalize: true },
  ];
  const { page, errors } = await openPage(browser, `${url}offline-test.html`);
  let browserOutputs;
  try {
    browserOutputs = await page.evaluate(async ({ cases, sampleRate, frames }) => {
      const outputs = [];
      for (const { input, response, normalize } of cases) {
        const context = new OfflineAudioContext({ numberOfChannels: 2, length: frames, sampleRate });
        const buffer = new AudioBuffer({ numberOfChannels: input.length, length: frames, sampleRate });
        input.forEach((c, i) => buffer.copyToChannel(Float32Array.from(c), i));
        const source = new AudioBufferSourceNode(context, { buffer });
        const ir = new AudioBuffer({ numberOfChannels: response.length, length: response[0].length, sampleRate });
        response.forEach((c, i) => ir.copyToChannel(Float32Array.from(c), i));
        const convolver = new ConvolverNode(context, { disableNormalization: !normalize });
        convolver.buffer = ir;
        source.connect(convolver).connect(context.destination);
        source.start(0);
        const rendered = await context.startRendering();
        outputs.push([Array.from(rendered.getChannelData(0)), Array.from(rendered.getChannelData(1))]);
      }
      return outputs;
    }, {
      cases: cases.map(({ input, response, normalize }) => ({
        input: input.map((c) => Array.from(c)), response: response.map((c) => Array.from(c)), normalize })),
      sampleRate: SAMPLE_RATE_HZ, frames,
    });
  } finally {
    await page.close();
  }
  const details = [];
  let pass = errors.length === 0;
  for (let k = 0; k < cases.length; ++k) {
    const { label, input, response, normalize } = cases[k];
    const graph = {
      nodes: [{ id: 'in', type: 'input' }, { id: 'conv', type: 'convolver', options: { buffer: 'response', normalize } }],
      connections: [{ from: 'in', to: 'conv' }],
      output: 'conv',
    };
    const audioBuffers = { response: { channels: response, sampleRate: SAMPLE_RATE_HZ } };
    const rendered = await renderOffline({ input, sampleRate: SAMPLE_RATE_HZ, graph, audioBuffers });
    const ours = rendered.length === 1 ? [rendered[0], rendered[0]] : rendered;
    const { diff, peak } = relativeMaxDiff(ours, browserOutputs[k]);
    pass = pass && diff <= CONVOLVER_RELATIVE_LIMIT * peak && peak > 0;
    details.push(`${label}: max |diff| ${diff.toExponential(2)} of peak ${peak.toExponential(2)} (${(diff / peak).toExponential(2)})`);
  }
  return { pass, detail: `${details.join('; ')}${errors.length ? `; page errors: ${errors.join(' | ')}` : ''}` };
}

/** AudioBufferSourceNode against bufferSource: the difference allowed (W3C sample-exact, 1e-6). */
export const BUFFER_SOURCE_LIMIT = 1e-6;

/**
 * v. AudioBufferSourceNode against the bufferSource node in an OfflineAudioContext at 48 kHz, on a
 * seeded-noise stereo buffer of 6000 frames (given to renderOffline as audioBuffers): rate 1 from
 * frame 0; rate 0.5; rate 1.5 with detune 30 cents; a loop between 0.01 and 0.05 s at rate 0.8;
 * a start between two frames with an offset and a duration; a 44.1 kHz buffer with a stop time.
 * Both read at the same double positions and interpolate linearly in double, rounding to
 * float32: passes when max |diff| ≤ BUFFER_SOURCE_LIMIT in every case.
 */
export async function checkBufferSource(browser, url) {
  const frames = 8192;
  const noise = seededNoise(2, 6000, NOISE_SEED + 7);
  const cases = [
    { label: 'rate 1', options: {}, start: [0] },
    { label: 'rate 0.5', options: { playbackRate: 0.5 }, start: [0] },
    { label: 'rate 1.5, detune 30', options: { playbackRate: 1.5, detune: 30 }, start: [0.001] },
    { label: 'loop 0.01…0.05 s, rate 0.8', options: { playbackRate: 0.8, loop: true, loopStart: 0.01, loopEnd: 0.05 }, start: [0] },
    { label: 'start 10.25 frames, offset 0.005 s, duration 0.05 s', options: {}, start: [10.25 / SAMPLE_RATE_HZ, 0.005, 0.05] },
    { label: '44.1 kHz buffer, stop 0.1 s', options: {}, start: [0], stop: 0.1, bufferRate: 44100 },
  ];
  const { page, errors } = await openPage(browser, `${url}offline-test.html`);
  let browserOutputs;
  try {
    browserOutputs = await page.evaluate(async ({ cases, noise, sampleRate, frames }) => {
      const outputs = [];
      for (const { options, start, stop, bufferRate } of cases) {
        const context = new OfflineAudioContext({ numberOfChannels: 2, length: frames, sampleRate });
        const buffer = new AudioBuffer({ numberOfChannels: 2, length: noise[0].length, sampleRate: bufferRate ?? sampleRate });
        noise.forEach((c, i) => buffer.copyToChannel(Float32Array.from(c), i));
        const source = new AudioBufferSourceNode(context, { buffer, ...options });
        source.connect(context.destination);
        source.start(...start);
        if (stop !== undefined) source.stop(stop);
        const rendered = await context.startRendering();
        outputs.push([Array.from(rendered.getChannelData(0)), Array.from(rendered.getChannelData(1))]);
      }
      return outputs;
    }, { cases, noise: noise.map((c) => Array.from(c)), sampleRate: SAMPLE_RATE_HZ, frames });
  } finally {
    await page.close();
  }
  const details = [];
  let pass = errors.length === 0;
  for (let k = 0; k < cases.length; ++k) {
    const { label, options, start, stop, bufferRate } = cases[k];
    const nodeOptions = { buffer: 'noise', startTimeSec: start[0] };
    if (start[1] !== undefined) nodeOptions.offsetSec = start[1];
    if (start[2] !== undefined) nodeOptions.durationSec = start[2];
    if (stop !== undefined) nodeOptions.stopTimeSec = stop;
    if (options.loop) Object.assign(nodeOptions, { loop: true, loopStartSec: options.loopStart, loopEndSec: options.loopEnd });
    const params = { playbackRate: options.playbackRate ?? 1, detuneCents: options.detune ?? 0 };
    const graph = { nodes: [{ id: 'play', type: 'bufferSource', options: nodeOptions, params }], output: 'play' };
    const ours = await renderOffline({
      sampleRate: SAMPLE_RATE_HZ, durationSeconds: frames / SAMPLE_RATE_HZ, numChannels: 2, graph,
      audioBuffers: { noise: { channels: noise, sampleRate: bufferRate ?? SAMPLE_RATE_HZ } },
    });
    const diff = maxAbsDiff(ours, browserOutputs[k]);
    pass = pass && diff <= BUFFER_SOURCE_LIMIT;
    details.push(`${label}: max |diff| ${diff.toExponential(2)}`);
  }
  return { pass, detail: `${details.join('; ')}${errors.length ? `; page errors: ${errors.join(' | ')}` : ''}` };
}
