// The nodes beyond the reference graph in the browser's AudioWorklet against renderOffline in
// Node: the same wasm core, so the same samples, in every browser the suite runs.
import { renderOffline } from '../../dist/index.js';
import { openPage } from './demo-page.mjs';

const SAMPLE_RATE_HZ = 48000;
/** Frames rendered per job: 0.25 s, several partitions of the convolver and loops of the sample. */
const FRAMES = 12_000;
const NOISE_SEED = 0x5eed0b5;

/** Seeded noise in [−0.8, 0.8) (xorshift32), `channels` × `frames`. */
function seededNoise(channels, frames, seed) {
  let state = seed >>> 0;
  return Array.from({ length: channels }, () => Float32Array.from({ length: frames }, () => {
    state ^= state << 13; state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5; state >>>= 0;
    return (state / 4294967296 - 0.5) * 1.6;
  }));
}

/** A decaying stereo response (−60 dB at its end), `frames` long, from seeded noise. */
function decayingResponse(frames) {
  return seededNoise(2, frames, NOISE_SEED + 1).map((channel) =>
    channel.map((x, i) => 0.3 * x * Math.exp((-6.907755 * i) / frames)));
}

const curve = Array.from({ length: 1025 }, (_, i) => Math.tanh(2 * (i / 512 - 1)));
const input = (id) => ({ id, type: 'input' });

/** One graph per node type; `input: false` for sources. Buffers by name as audioBuffers. */
const JOBS = [
  {
    label: 'dynamicsCompressor',
    graph: {
      nodes: [input('in'), { id: 'comp', type: 'dynamicsCompressor', params: { thresholdDb: -30, ratio: 8 } }],
      connections: [{ from: 'in', to: 'comp' }], output: 'comp',
    },
  },
  {
    label: 'waveShaper 4x',
    graph: {
      nodes: [input('in'), { id: 'shape', type: 'waveShaper', options: { curve, oversample: '4x' } }],
      connections: [{ from: 'in', to: 'shape' }], output: 'shape',
    },
  },
  {
    label: 'channelSplitter → channelMerger (L and R crossed)',
    graph: {
      nodes: [
        input('in'),
        { id: 'split', type: 'channelSplitter', options: { numberOfOutputs: 2 } },
        { id: 'merge', type: 'channelMerger', options: { numberOfInputs: 2 } },
      ],
      connections: [
        { from: 'in', to: 'split' },
        { from: 'split', output: 0, to: 'merge', input: 1 },
        { from: 'split', output: 1, to: 'merge', input: 0 },
      ],
      output: 'merge',
    },
  },
  {
    label: 'convolver (stereo response of 3000 frames)',
    graph: {
      nodes: [input('in'), { id: 'conv', type: 'convolver', options: { buffer: 'response' } }],
      connections: [{ from: 'in', to: 'conv' }], output: 'conv',
    },
    buffers: { response: decayingResponse(3000) },
  },
  {
    label: 'bufferSource (looped, playbackRate 1.37, detune −30 cents)',
    graph: {
      nodes: [{
        id: 'play', type: 'bufferSource', options: { buffer: 'sample', loop: true, loopStartSec: 0.01, loopEndSec: 0.04 },
        params: { playbackRate: 1.37, detuneCents: -30 },
      }],
      output: 'play',
    },
    buffers: { sample: seededNoise(2, 2400, NOISE_SEED + 2) },
    input: false,
  },
];

/**
 * ab. Every node type beyond the reference graph (dynamicsCompressor, waveShaper with 4x
 * oversampling, channelSplitter/channelMerger, convolver, bufferSource) in the browser's
 * AudioWorklet — createEngine(context, { graph, audioBuffers }) in an OfflineAudioContext, the
 * page's seeded stereo noise through an AudioBufferSourceNode — against renderOffline in Node on
 * the same input and buffers. Both run the same WebAssembly core with the same block-split-free
 * arithmetic, so passes when max |difference| is 0 for every job.
 */
export async function checkNodesInWorklet(browser, url) {
  const noise = seededNoise(2, FRAMES, NOISE_SEED);
  const jobs = JOBS.map((job) => ({
    label: job.label, graph: job.graph, input: job.input !== false,
    buffers: Object.fromEntries(Object.entries(job.buffers ?? {}).map(([name, channels]) => [name, channels.map((c) => Array.from(c))])),
  }));
  const { page, errors } = await openPage(browser, `${url}offline-test.html`);
  let browserOutputs;
  try {
    await page.waitForFunction(() => window.wavegraph !== undefined);
    browserOutputs = await page.evaluate(async ({ jobs, noise, sampleRate, frames }) => {
      const outputs = [];
      for (const job of jobs) {
        const context = new OfflineAudioContext({ numberOfChannels: 2, length: frames, sampleRate });
        const audioBuffers = Object.fromEntries(Object.entries(job.buffers).map(([name, channels]) =>
          [name, { channels: channels.map((c) => Float32Array.from(c)), sampleRate }]));
        const engine = await window.wavegraph.createEngine(context, { numChannels: 2, graph: job.graph, audioBuffers });
        if (job.input) {
          const buffer = new AudioBuffer({ numberOfChannels: 2, length: frames, sampleRate });
          noise.forEach((c, i) => buffer.copyToChannel(Float32Array.from(c), i));
          const source = new AudioBufferSourceNode(context, { buffer });
          source.connect(engine.node);
          source.start(0);
        }
        engine.node.connect(context.destination);
        const rendered = await context.startRendering();
        engine.close();
        outputs.push([Array.from(rendered.getChannelData(0)), Array.from(rendered.getChannelData(1))]);
      }
      return outputs;
    }, { jobs, noise: noise.map((c) => Array.from(c)), sampleRate: SAMPLE_RATE_HZ, frames: FRAMES });
  } finally {
    await page.close();
  }
  const details = [];
  let pass = errors.length === 0;
  for (let k = 0; k < JOBS.length; ++k) {
    const job = JOBS[k];
    const audioBuffers = Object.fromEntries(Object.entries(job.buffers ?? {}).map(([name, channels]) =>
      [name, { channels, sampleRate: SAMPLE_RATE_HZ }]));
    const source = job.input === false ? { durationSeconds: FRAMES / SAMPLE_RATE_HZ, numChannels: 2 } : { input: noise };
    const ours = await renderOffline({ ...source, sampleRate: SAMPLE_RATE_HZ, graph: job.graph, audioBuffers });
    let diff = 0, peak = 0;
    for (let c = 0; c < 2; ++c) {
      const theirs = browserOutputs[k][c];
      for (let i = 0; i < FRAMES; ++i) {
        diff = Math.max(diff, Math.abs(ours[c][i] - theirs[i]));
        peak = Math.max(peak, Math.abs(ours[c][i]));
      }
    }
    pass = pass && diff === 0 && peak > 0;
    details.push(`${job.label}: max |diff| ${diff} (peak ${peak.toFixed(3)})`);
  }
  return { pass, detail: `${details.join('; ')}${errors.length ? `; page errors: ${errors.join(' | ')}` : ''}` };
}
