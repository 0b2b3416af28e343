// The browser's own DynamicsCompressorNode against wavegraph's "dynamicsCompressor" node on the
// same input (seeded noise in bursts of four levels, so that attack, adaptive release and the knee
// all take part), for several parameter sets, in an OfflineAudioContext at 48 kHz.
import { renderOffline } from '../../dist/index.js';
import { openPage } from './demo-page.mjs';

const SAMPLE_RATE_HZ = 48000;
const FRAMES = 48000;
const NOISE_SEED = 20261207;
/** Burst levels (linear peak), 6000 frames each, in turn. */
const LEVELS = [0.9, 0.05, 0.4, 0.005];
/** W3C parameters (seconds) and wavegraph's (ms). */
const CASES = [
  { threshold: -24, knee: 30, ratio: 12, attack: 0.003, release: 0.25 },
  { threshold: -40, knee: 6, ratio: 8, attack: 0.01, release: 0.1 },
  { threshold: -12, knee: 0, ratio: 20, attack: 0, release: 1 },
  { threshold: -50, knee: 40, ratio: 2, attack: 0.1, release: 0.05 },
];
/**
 * Chromium computes the compressor in float with fdlibm's float functions (powf, log10f, asinf);
 * wavegraph in float with the same steps but double-precision functions rounded to float. The
 * gain is a feedback loop, so the last-bit differences accumulate slowly: the limit is 1e-4 of full
 * scale (-80 dBFS).
 */
export const COMPRESSOR_LIMIT = 1e-4;

/** Seeded noise in ±0.5 (a 32-bit LCG) times the burst level, as float32. */
function burstNoise(frames, seed) {
  const out = new Float32Array(frames);
  let state = seed >>> 0;
  for (let i = 0; i < frames; ++i) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    out[i] = (state / 2 ** 32 - 0.5) * 2 * LEVELS[Math.floor(i / 6000) % LEVELS.length];
  }
  return out;
}

/**
 * w. For every case: the browser renders the bursts through a DynamicsCompressorNode; renderOffline
 * through {input → dynamicsCompressor (same settings)}. Passes when every case's max |difference|
 * ≤ COMPRESSOR_LIMIT; the detail gives each case's max |difference| and both reductions at the end.
 */
export async function checkCompressorSamples(browser, url) {
  const input = burstNoise(FRAMES, NOISE_SEED);
  const { page, errors } = await openPage(browser, `${url}offline-test.html`);
  let browserOutputs;
  try {
    browserOutputs = await page.evaluate(async ({ cases, input, sampleRate }) => {
      const samples = Float32Array.from(input);
      const outputs = [];
      for (const c of cases) {
        const context = new OfflineAudioContext({ numberOfChannels: 1, length: samples.length, sampleRate });
        const buffer = new AudioBuffer({ numberOfChannels: 1, length: samples.length, sampleRate });
        buffer.copyToChannel(samples, 0);
        const source = new AudioBufferSourceNode(context, { buffer });
        const compressor = new DynamicsCompressorNode(context, c);
        source.connect(compressor).connect(context.destination);
        source.start(0);
        const rendered = await context.startRendering();
        outputs.push({ samples: Array.from(rendered.getChannelData(0)), reduction: compressor.reduction });
      }
      return outputs;
    }, { cases: CASES, input: Array.from(input), sampleRate: SAMPLE_RATE_HZ });
  } finally {
    await page.close();
  }
  const parts = [];
  let pass = errors.length === 0;
  for (let k = 0; k < CASES.length; ++k) {
    const c = CASES[k];
    const graph = {
      nodes: [
        { id: 'in', type: 'input' },
        { id: 'comp', type: 'dynamicsCompressor', params: { thresholdDb: c.threshold, kneeDb: c.knee, ratio: c.ratio, attackMs: c.attack * 1000, releaseMs: c.release * 1000 } },
      ],
      connections: [{ from: 'in', to: 'comp' }],
      output: 'comp',
    };
    const [ours] = await renderOffline({ input: [input], sampleRate: SAMPLE_RATE_HZ, graph });
    const theirs = browserOutputs[k].samples;
    let diff = 0;
    let at = 0;
    for (let i = 0; i < FRAMES; ++i) {
      const d = Math.abs(ours[i] - theirs[i]);
      if (d > diff) { diff = d; at = i; }
    }
    if (!(diff <= COMPRESSOR_LIMIT)) pass = false;
    parts.push(`${c.threshold}/${c.knee}/${c.ratio}/${c.attack}/${c.release}: max |diff| ${diff.toExponential(2)} at ${at} ` +
      `(reduction ${browserOutputs[k].reduction.toFixed(2)} dB)`);
  }
  return { pass, detail: parts.join('; ') + (errors.length ? `; page errors: ${errors.join(' | ')}` : '') };
}
