// The browser's own nodes against wavegraph's nodes of the same name, sample for sample, in an
// OfflineAudioContext on the same seeded noise: ChannelSplitterNode / ChannelMergerNode, WaveShaperNode.
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
