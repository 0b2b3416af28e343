// Chromium's own AudioParam automation against wavegraph's timelines, sample for sample, in an
// OfflineAudioContext at 48 kHz: a ConstantSourceNode's offset (the "constant" node's value)
// under every method including cancelAndHoldAtTime, and a BiquadFilterNode's frequency (the
// "biquad" node with webAudioRounding 1) under ramps, setTarget and a curve on seeded noise.
import { renderOffline } from '../../dist/index.js';
import { openPage } from './demo-page.mjs';

const SAMPLE_RATE_HZ = 48000;
const FRAMES = 48000;
const NOISE_SEED = 20261207;
/**
 * wavegraph's values are the W3C formulas in double, rounded once to float32 (max 6e-8 from the
 * exact value here). Chromium computes AudioParam times and values in float32 (a linear ramp's
 * time as a float vector, setTarget by float iteration), which puts its samples up to about 2e-6
 * from the exact value; the limit is that, with room: 4e-6.
 */
export const AUTOMATION_LIMIT = 4e-6;

/** The exact W3C value of OFFSET_CALLS at time t (s), in double. */
function exactOffset(t) {
  if (t < 0.1) return 0;
  if (t < 0.2) return 0.5 - (t - 0.1) / 0.1;
  if (t < 0.3) return -0.5 * Math.pow(0.1, (t - 0.2) / 0.1);
  if (t < 0.4) return -0.05;
  if (t < 0.6) return 0.8 + (-0.05 - 0.8) * Math.exp(-(t - 0.4) / 0.02);
  if (t < 0.8) {
    const curve = [0, 1, 0.25, 0.5];
    const pos = 3 * (t - 0.6) / 0.2;
    const i = Math.floor(pos);
    return curve[i] + (curve[i + 1] - curve[i]) * (pos - i);
  }
  if (t < 0.9) return 0.5 + (1.5 - 0.5) * (t - 0.8) / 0.1;  // the ramp to 2 at 0.95, cut at 0.9 (1.5)
  return 1.5;
}

/** The cases: the AudioParam method calls (argument lists) and the matching wavegraph graph. */
const OFFSET_CALLS = [
  ['setValueAtTime', 0.5, 0.1],
  ['linearRampToValueAtTime', -0.5, 0.2],
  ['exponentialRampToValueAtTime', -0.05, 0.3],
  ['setTargetAtTime', 0.8, 0.4, 0.02],
  ['setValueCurveAtTime', [0, 1, 0.25, 0.5], 0.6, 0.2],
  ['linearRampToValueAtTime', 2, 0.95],
  ['cancelAndHoldAtTime', 0.9],
];
const FREQUENCY_CALLS = [
  ['setValueAtTime', 200, 0.05],
  ['exponentialRampToValueAtTime', 8000, 0.3],
  ['setTargetAtTime', 500, 0.35, 0.05],
  ['setValueCurveAtTime', [500, 3000, 1000], 0.6, 0.1],
  ['linearRampToValueAtTime', 12000, 0.9],
];

/** wavegraph's timeline call for one AudioParam call. */
function toCall([method, ...args]) {
  switch (method) {
    case 'setTargetAtTime': return { method, value: args[0], timeSeconds: args[1], timeConstantSeconds: args[2] };
    case 'setValueCurveAtTime': return { method, values: args[0], timeSeconds: args[1], durationSeconds: args[2] };
    case 'cancelScheduledValues': case 'cancelAndHoldAtTime': return { method, timeSeconds: args[0] };
    default: return { method, value: args[0], timeSeconds: args[1] };
  }
}

/** Seeded noise in ±0.5 (a 32-bit LCG), as float32. */
function seededNoise(frames, seed) {
  const out = new Float32Array(frames);
  let state = seed >>> 0;
  for (let i = 0; i < frames; ++i) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    out[i] = state / 2 ** 32 - 0.5;
  }
  return out;
}

function maxDifference(a, b) {
  let diff = 0;
  let at = 0;
  for (let i = 0; i < a.length; ++i) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= diff)) { diff = d; at = i; }
  }
  return { diff, at };
}

/**
 * u. The browser renders ConstantSourceNode.offset and BiquadFilterNode.frequency automation in an
 * OfflineAudioContext; renderOffline renders the same calls as wavegraph timelines. Passes when
 * both max |difference| ≤ AUTOMATION_LIMIT; the detail gives each max and its frame.
 */
export async function checkAutomationSamples(browser, url) {
  const noise = seededNoise(FRAMES, NOISE_SEED);
  const { page, errors } = await openPage(browser, `${url}offline-test.html`);
  let theirs;
  try {
    theirs = await page.evaluate(async ({ offsetCalls, frequencyCalls, noise, sampleRate, frames }) => {
      const apply = (param, calls) => { for (const [method, ...args] of calls) param[method](...args); };
      const offsetContext = new OfflineAudioContext({ numberOfChannels: 1, length: frames, sampleRate });
      const constant = new ConstantSourceNode(offsetContext, { offset: 0 });
      apply(constant.offset, offsetCalls);
      constant.connect(offsetContext.destination);
      constant.start(0);
      const offset = Array.from((await offsetContext.startRendering()).getChannelData(0));
      const filterContext = new OfflineAudioContext({ numberOfChannels: 1, length: frames, sampleRate });
      const buffer = new AudioBuffer({ numberOfChannels: 1, length: frames, sampleRate });
      buffer.copyToChannel(Float32Array.from(noise), 0);
      const source = new AudioBufferSourceNode(filterContext, { buffer });
      const filter = new BiquadFilterNode(filterContext, { type: 'lowpass', frequency: 1000, Q: 1 });
      apply(filter.frequency, frequencyCalls);
      source.connect(filter).connect(filterContext.destination);
      source.start(0);
      const filtered = Array.from((await filterContext.startRendering()).getChannelData(0));
      return { offset, filtered };
    }, { offsetCalls: OFFSET_CALLS, frequencyCalls: FREQUENCY_CALLS, noise: Array.from(noise), sampleRate: SAMPLE_RATE_HZ, frames: FRAMES });
  } finally {
    await page.close();
  }
  const [offset] = await renderOffline({
    sampleRate: SAMPLE_RATE_HZ, durationSeconds: FRAMES / SAMPLE_RATE_HZ, numChannels: 1,
    graph: { nodes: [{ id: 'c', type: 'constant', params: { value: 0 } }], output: 'c' },
    timelines: [{ node: 'c', param: 'value', calls: OFFSET_CALLS.map(toCall) }],
  });
  const [filtered] = await renderOffline({
    sampleRate: SAMPLE_RATE_HZ, input: [noise],
    graph: {
      nodes: [{ id: 'in', type: 'input' },
        { id: 'f', type: 'biquad', params: { type: 0, frequencyHz: 1000, q: 1, webAudioRounding: 1 },
          automation: { frequencyHz: FREQUENCY_CALLS.map(toCall) } }],
      connections: [{ from: 'in', to: 'f' }],
      output: 'f',
    },
  });
  const o = maxDifference(offset, theirs.offset);
  const exact = Float64Array.from({ length: FRAMES }, (_, k) => exactOffset(k / SAMPLE_RATE_HZ));
  const oursExact = maxDifference(offset, exact);
  const theirsExact = maxDifference(theirs.offset, exact);
  const f = maxDifference(filtered, theirs.filtered);
  const pass = o.diff <= AUTOMATION_LIMIT && f.diff <= AUTOMATION_LIMIT && oursExact.diff <= 1e-7 && errors.length === 0;
  return {
    pass,
    detail: `ConstantSourceNode.offset (7 calls incl. cancelAndHoldAtTime): max |diff| ${o.diff.toExponential(2)} at frame ${o.at} ` +
      `(${offset[o.at]} vs ${theirs.offset[o.at]}; from the exact W3C value: wavegraph ${oursExact.diff.toExponential(2)}, ` +
      `Chromium ${theirsExact.diff.toExponential(2)} at frame ${theirsExact.at}); BiquadFilterNode.frequency (5 calls) on noise: max |diff| ` +
      `${f.diff.toExponential(2)} at frame ${f.at}; limit ${AUTOMATION_LIMIT}${errors.length ? `; page errors: ${errors.join(' | ')}` : ''}`,
  };
}
