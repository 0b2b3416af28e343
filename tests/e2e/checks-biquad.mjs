// The browser's own BiquadFilterNode against wavegraph's "biquad" node with webAudioRounding = 1,
// sample for sample: every filter type × a grid of frequencies (0 Hz, low cutoffs, mid, Nyquist),
// Q values (for lowpass/highpass in dB, including negative; for the others linear, including 0),
// gains and detunes, on the same seeded noise.
import { renderOffline } from '../../dist/index.js';
import { openPage } from './demo-page.mjs';

const SAMPLE_RATE_HZ = 48000;
const FRAMES = 2048;
const NOISE_SEED = 20261206;
const TYPES = ['lowpass', 'highpass', 'bandpass', 'notch', 'allpass', 'peaking', 'lowshelf', 'highshelf'];
const FREQUENCIES_HZ = [0, 10, 20, 35, 350, 5000, 23999, 24000];
const Q_VALUES = { lowpass: [-6, 1, 12], highpass: [-6, 1, 12], other: [0, 1, 8] };
const GAINS_DB = [-18, 0, 9.5];
/** Detune of each case in turn (cents). */
const DETUNES_CENTS = [0, -700, 33, 1200];
/** Chromium's samples are float32 and so are wavegraph's: the limit is one part in a million. */
export const BIQUAD_LIMIT = 1e-6;

/** The parameter grid: { type, typeId, frequencyHz, q, gainDb, detune }. Gains only where the type uses them; detunes in turn. */
export function biquadGrid() {
  const cases = [];
  TYPES.forEach((type, typeId) => {
    const qs = Q_VALUES[type] ?? Q_VALUES.other;
    const usesGain = type === 'peaking' || type.endsWith('shelf');
    const usesQ = !type.endsWith('shelf');
    for (const frequencyHz of FREQUENCIES_HZ)
      for (const q of usesQ ? qs : [1])
        for (const gainDb of usesGain ? GAINS_DB : [0])
          cases.push({ type, typeId, frequencyHz, q, gainDb, detune: DETUNES_CENTS[cases.length % DETUNES_CENTS.length] });
  });
  return cases;
}

/** Seeded noise in ±0.5 (a 32-bit LCG), as float32. */
function seededNoise(frames, seed) {
  const out = new Float32Array(frames);
  let state = seed >>> 0;
  for (let i = 0; i < frames; ++i) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    out[i] = (state / 2 ** 32 - 0.5);
  }
  return out;
}

/**
 * s. For every case of biquadGrid(): the browser renders the noise through a BiquadFilterNode in an
 * OfflineAudioContext (48 kHz); renderOffline renders it through {input → biquad (same settings,
 * webAudioRounding 1)}. Passes when every case's max |difference| ≤ BIQUAD_LIMIT; the detail
 * gives the case count, the overall max and the worst case.
 */
export async function checkBiquadSamples(browser, url) {
  const cases = biquadGrid();
  const noise = seededNoise(FRAMES, NOISE_SEED);
  const { page, errors } = await openPage(browser, `${url}offline-test.html`);
  let browserOutputs;
  try {
    browserOutputs = await page.evaluate(async ({ cases, noise, sampleRate }) => {
      const input = Float32Array.from(noise);
      const outputs = [];
      for (const c of cases) {
        const context = new OfflineAudioContext({ numberOfChannels: 1, length: input.length, sampleRate });
        const buffer = new AudioBuffer({ numberOfChannels: 1, length: input.length, sampleRate });
        buffer.copyToChannel(input, 0);
        const source = new AudioBufferSourceNode(context, { buffer });
        const filter = new BiquadFilterNode(context, { type: c.type, frequency: c.frequencyHz, Q: c.q, gain: c.gainDb, detune: c.detune });
        source.connect(filter).connect(context.destination);
        source.start(0);
        const rendered = await context.startRendering();
        outputs.push(Array.from(rendered.getChannelData(0)));
      }
      return outputs;
    }, { cases, noise: Array.from(noise), sampleRate: SAMPLE_RATE_HZ });
  } finally {
    await page.close();
  }
  let maxDiff = 0;
  let worst = '';
  let failing = 0;
  for (let k = 0; k < cases.length; ++k) {
    const c = cases[k];
    const graph = {
      nodes: [
        { id: 'in', type: 'input' },
        { id: 'f', type: 'biquad', params: { type: c.typeId, frequencyHz: c.frequencyHz, q: c.q, gainDb: c.gainDb, detuneCents: c.detune, webAudioRounding: 1 } },
      ],
      connections: [{ from: 'in', to: 'f' }],
      output: 'f',
    };
    const [ours] = await renderOffline({ input: [noise], sampleRate: SAMPLE_RATE_HZ, graph });
    const theirs = browserOutputs[k];
    let diff = 0;
    for (let i = 0; i < FRAMES; ++i) diff = Math.max(diff, Math.abs(ours[i] - theirs[i]));
    if (!(diff <= BIQUAD_LIMIT)) failing++;
    if (!(diff <= maxDiff)) {
      maxDiff = diff;
      worst = `${c.type} ${c.frequencyHz} Hz detune ${c.detune} Q ${c.q} gain ${c.gainDb} dB`;
    }
  }
  const pass = failing === 0 && errors.length === 0;
  return {
    pass,
    detail: `${cases.length} cases × ${FRAMES} frames, max |diff| ${maxDiff.toExponential(2)} (${worst || 'all equal'}), ` +
      `${failing} over ${BIQUAD_LIMIT}${errors.length ? `; page errors: ${errors.join(' | ')}` : ''}`,
  };
}

/** Parameter changes of checkUnsmoothedChange: at CHANGE_FRAME, from the first settings to the second. */
const CHANGES = [
  { type: 'lowpass', typeId: 0, from: { frequency: 350, Q: 1, gain: 0 }, param: 'frequency', ourParam: 'frequencyHz', to: 2000 },
  { type: 'peaking', typeId: 5, from: { frequency: 1000, Q: 2, gain: 0 }, param: 'gain', ourParam: 'gainDb', to: 12 },
  { type: 'highpass', typeId: 1, from: { frequency: 30, Q: 0, gain: 0 }, param: 'Q', ourParam: 'q', to: 9 },
  { type: 'lowshelf', typeId: 6, from: { frequency: 200, Q: 1, gain: -6 }, param: 'frequency', ourParam: 'frequencyHz', to: 24000 },
];
const CHANGE_FRAME = 1024;

/**
 * t. A parameter set without smoothing reproduces Web Audio: the browser's BiquadFilterNode with
 * `param.setValueAtTime(to, CHANGE_FRAME / sampleRate)` against renderOffline with an automation
 * point { smoothing: false } on the same frame (webAudioRounding 1). Passes when every sample,
 * the first changed one included, is within BIQUAD_LIMIT; the detail gives the first changed
 * sample of both and the max |difference|, and the max |difference| of the default (ramped) change
 * (which must be larger: the 5 ms ramp).
 */
export async function checkUnsmoothedChange(browser, url) {
  const noise = seededNoise(FRAMES, NOISE_SEED + 1);
  const { page, errors } = await openPage(browser, `${url}offline-test.html`);
  let browserOutputs;
  try {
    browserOutputs = await page.evaluate(async ({ changes, noise, sampleRate, changeFrame }) => {
      const input = Float32Array.from(noise);
      const outputs = [];
      for (const c of changes) {
        const context = new OfflineAudioContext({ numberOfChannels: 1, length: input.length, sampleRate });
        const buffer = new AudioBuffer({ numberOfChannels: 1, length: input.length, sampleRate });
        buffer.copyToChannel(input, 0);
        const source = new AudioBufferSourceNode(context, { buffer });
        const filter = new BiquadFilterNode(context, { type: c.type, ...c.from });
        filter[c.param].setValueAtTime(c.to, changeFrame / sampleRate);
        source.connect(filter).connect(context.destination);
        source.start(0);
        const rendered = await context.startRendering();
        outputs.push(Array.from(rendered.getChannelData(0)));
      }
      return outputs;
    }, { changes: CHANGES, noise: Array.from(noise), sampleRate: SAMPLE_RATE_HZ, changeFrame: CHANGE_FRAME });
  } finally {
    await page.close();
  }
  const parts = [];
  let pass = errors.length === 0;
  for (let k = 0; k < CHANGES.length; ++k) {
    const c = CHANGES[k];
    const graph = {
      nodes: [
        { id: 'in', type: 'input' },
        { id: 'f', type: 'biquad', params: { type: c.typeId, frequencyHz: c.from.frequency, q: c.from.Q, gainDb: c.from.gain, webAudioRounding: 1 } },
      ],
      connections: [{ from: 'in', to: 'f' }],
      output: 'f',
    };
    const point = { node: 'f', param: c.ourParam, value: c.to, timeSeconds: CHANGE_FRAME / SAMPLE_RATE_HZ };
    const [unsmoothed] = await renderOffline({ input: [noise], sampleRate: SAMPLE_RATE_HZ, graph, automation: [{ ...point, smoothing: false }] });
    const [ramped] = await renderOffline({ input: [noise], sampleRate: SAMPLE_RATE_HZ, graph, automation: [point] });
    const theirs = browserOutputs[k];
    let diff = 0;
    let rampedDiff = 0;
    for (let i = 0; i < FRAMES; ++i) {
      diff = Math.max(diff, Math.abs(unsmoothed[i] - theirs[i]));
      rampedDiff = Math.max(rampedDiff, Math.abs(ramped[i] - theirs[i]));
    }
    const ok = diff <= BIQUAD_LIMIT && rampedDiff > 10 * BIQUAD_LIMIT;
    if (!ok) pass = false;
    parts.push(`${c.type} ${c.param} → ${c.to}: y[${CHANGE_FRAME}] ${unsmoothed[CHANGE_FRAME].toPrecision(7)} vs ` +
      `${theirs[CHANGE_FRAME].toPrecision(7)}, max |diff| ${diff.toExponential(2)} (ramped ${rampedDiff.toExponential(2)})`);
  }
  return { pass, detail: parts.join('; ') + (errors.length ? `; page errors: ${errors.join(' | ')}` : '') };
}
