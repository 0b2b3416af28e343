// Helpers that drive the demo page like a person would and measure its live spectrum.
import { NODE_TYPES } from '../../dist/index.js';

/**
 * Opens a new page at `url`, collecting console errors/warnings and uncaught page errors;
 * `beforeGoto(page)` runs before the navigation (e.g. to listen to its requests).
 * Returns { page, errors: string[], warnings: string[] }.
 */
export async function openPage(browser, url, { beforeGoto } = {}) {
  const page = await browser.newPage();
  page.setDefaultTimeout(10_000);
  const errors = [];
  const warnings = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
    if (message.type() === 'warning') warnings.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  await beforeGoto?.(page);
  await page.goto(url, { waitUntil: 'load' });
  return { page, errors, warnings };
}

/** Clicks Start and waits until the engine exists and the AudioContext runs. */
export async function startDemo(page) {
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  await page.waitForFunction(() => window.wavegraphDemo?.context.state === 'running');
}

/**
 * The status line, parsed: { text, isolated, transport, state, sampleRateHz, renderQuantumFrames,
 * baseLatencyMs, outputLatencyMs, audioLoadPercent, commandsDropped } (fields missing from the
 * text are undefined).
 */
export async function readStatusLine(page) {
  const text = (await page.locator('#status-line').textContent()) ?? '';
  const field = (pattern) => pattern.exec(text)?.[1];
  const number = (pattern) => {
    const found = field(pattern);
    return found === undefined ? undefined : Number(found);
  };
  const isolated = field(/cross-origin isolated: (yes|no)/);
  return {
    text,
    isolated: isolated === undefined ? undefined : isolated === 'yes',
    transport: field(/transport (\w+)/),
    state: field(/ · (running|suspended|closed) · /),
    sampleRateHz: number(/sample rate (\d+) Hz/),
    renderQuantumFrames: number(/render quantum (\d+) frames/),
    baseLatencyMs: number(/base latency ([\d.]+) ms/),
    outputLatencyMs: number(/output latency ([\d.]+) ms/),
    audioLoadPercent: number(/audio load ([\d.]+) %/),
    commandsDropped: number(/dropped commands (\d+)/),
  };
}

/**
 * Power level (dB) of the engine's spectrum between lowHz and highHz: the bins' powers summed,
 * averaged over `frames` reads taken `intervalMs` apart. Uses window.wavegraphDemo.engine.
 */
export async function readBandLevelDb(page, { lowHz, highHz, frames = 12, intervalMs = 40 }) {
  return page.evaluate(
    async ({ lowHz, highHz, frames, intervalMs }) => {
      const { engine, context } = window.wavegraphDemo;
      const bins = new Float32Array(2048);
      const binHz = context.sampleRate / (2 * bins.length);
      let powerSum = 0;
      for (let frame = 0; frame < frames; frame++) {
        engine.getFloatFrequencyData(bins);
        for (let k = Math.ceil(lowHz / binHz); k <= Math.floor(highHz / binHz); k++) {
          powerSum += 10 ** (bins[k] / 10);
        }
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
      return 10 * Math.log10(powerSum / frames);
    },
    { lowHz, highHz, frames, intervalMs },
  );
}

/** The 960 Hz band's lowest gain, where Home puts its slider: the engine's range (C++ parameter table). */
export const NOTCH_DB = NODE_TYPES.parametricEq.params['band4.gainDb'].min;

/** |H| in dB at frequencyHz of an RBJ peaking section (Web Audio conventions: A = 10^(gain/40), α = sin ω0 / 2Q). */
function peakingResponseDb(centreHz, gainDb, q, frequencyHz, sampleRateHz = 48000) {
  const a = 10 ** (gainDb / 40);
  const w0 = (2 * Math.PI * centreHz) / sampleRateHz;
  const alpha = Math.sin(w0) / (2 * q);
  const c = Math.cos(w0);
  const w = (2 * Math.PI * frequencyHz) / sampleRateHz;
  const mag = (k0, k1, k2) => Math.hypot(k0 + k1 * Math.cos(w) + k2 * Math.cos(2 * w), k1 * Math.sin(w) + k2 * Math.sin(2 * w));
  return 20 * Math.log10(mag(1 + alpha * a, -2 * c, 1 - alpha * a) / mag(1 + alpha / a, -2 * c, 1 - alpha / a));
}
/** The response curve far from the notch (the other bands are at 0 dB): the analytic values. */
const NOTCH_AT_30_DB = peakingResponseDb(960, NOTCH_DB, 1, 30);
const NOTCH_AT_16000_DB = peakingResponseDb(960, NOTCH_DB, 1, 16000);

/** The band regions compared by the notch check, Hz: the notch and two reference regions. */
export const NOTCH_REGION = { lowHz: 900, highHz: 1100 };
/**
 * Reference regions around the 240 Hz and 3840 Hz bands, two octaves from 960 Hz: a peaking cut
 * to the band's lowest gain at Q 1 still lowers the next bands (480 and 1920 Hz) by design, so those
 * are not a fair "unchanged" reference; at 240 and 3840 Hz the cut of -40 dB is about 9 dB.
 */
export const REFERENCE_REGIONS = [{ lowHz: 200, highHz: 290 }, { lowHz: 3200, highHz: 4600 }];

/**
 * In the page: the level of the notch region relative to the mean of the reference regions (dB),
 * from the spectrum the demo last drew (window.wavegraphDemo.spectrum(): power sum of the bins
 * in each region).
 */
export function relativeLevelSource() {
  return `(() => {
    const regionDb = (db, binHz, { lowHz, highHz }) => {
      let power = 0;
      for (let k = Math.ceil(lowHz / binHz); k <= Math.floor(highHz / binHz); k++) power += 10 ** (db[k] / 10);
      return 10 * Math.log10(power);
    };
    return () => {
      const { binHz, db } = window.wavegraphDemo.spectrum();
      const notch = regionDb(db, binHz, ${JSON.stringify(NOTCH_REGION)});
      const refs = ${JSON.stringify(REFERENCE_REGIONS)}.map((r) => regionDb(db, binHz, r));
      return { notchDb: notch, referenceDb: refs, relativeDb: notch - refs.reduce((a, b) => a + b, 0) / refs.length };
    };
  })()`;
}

/** Mean relative level (dB) over `frames` snapshots taken `intervalMs` apart. */
export async function readRelativeLevelDb(page, { frames = 10, intervalMs = 50 } = {}) {
  return page.evaluate(async ({ source, frames, intervalMs }) => {
    const measure = (0, eval)(source);
    let sum = 0;
    for (let i = 0; i < frames; i++) {
      sum += measure().relativeDb;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
    return sum / frames;
  }, { source: relativeLevelSource(), frames, intervalMs });
}

/**
 * Presses `key` on the focused element and follows the relative level every animation frame for
 * `watchMs`: returns { firstMs (first time beforeDb − level ≥ minDropDb, ms after the keydown;
 * null if never), dropAt500Db (drop at the first frame ≥ 500 ms), settledDropDb (mean drop over
 * the frames after 500 ms) }.
 */
export async function followRelativeLevelAfterKey(page, key, { beforeDb, minDropDb, watchMs = 1000, rising = false }) {
  await page.evaluate(() => {
    window.__e2eKeyAt = undefined;
    document.addEventListener('keydown', () => { window.__e2eKeyAt = performance.now(); }, { once: true, capture: true });
  });
  await page.keyboard.press(key);
  return page.evaluate(async ({ source, beforeDb, minDropDb, watchMs, rising }) => {
    const measure = (0, eval)(source);
    const start = window.__e2eKeyAt ?? performance.now();
    let firstMs = null;
    let dropAt500Db = null;
    const settled = [];
    for (;;) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const elapsed = performance.now() - start;
      const change = beforeDb - measure().relativeDb;
      const reached = rising ? Math.abs(change) <= minDropDb : change >= minDropDb;
      if (firstMs === null && reached) firstMs = elapsed;
      if (elapsed >= 500) {
        if (dropAt500Db === null) dropAt500Db = change;
        settled.push(change);
      }
      if (elapsed >= watchMs) break;
    }
    return { firstMs, dropAt500Db, settledDropDb: settled.reduce((a, b) => a + b, 0) / settled.length };
  }, { source: relativeLevelSource(), beforeDb, minDropDb, watchMs, rising });
}

/** The value and shown text of the slider named exactly `name`. */
export async function readSlider(page, name) {
  const slider = page.getByRole('slider', { name, exact: true });
  const value = Number(await slider.inputValue());
  const shown = (await slider.locator('xpath=..').locator('output').textContent()) ?? '';
  return { value, shown };
}

/** Lowers the slider named `name` to its minimum with the keyboard (focus, Home). */
export async function lowerSliderToMinimum(page, name) {
  const slider = page.getByRole('slider', { name, exact: true });
  await slider.focus();
  await page.keyboard.press('Home');
  const value = Number(await slider.inputValue());
  const shown = (await slider.locator('xpath=..').locator('output').textContent()) ?? '';
  return { value, shown };
}

/** Smallest accepted drop of the notch region relative to the reference regions, dB. */
export const MIN_RELATIVE_DROP_DB = 15;
/** Time allowed for that drop after the key press, ms. */
export const DROP_WITHIN_MS = 500;

/**
 * The 960 Hz check shared by the isolated and non-isolated runs (pink noise playing): the
 * relative level of 900–1100 Hz before, then "960 Hz" to its lowest gain, NOTCH_DB, with the keyboard (Home) and the
 * level followed every frame; the response curve's values at 960 Hz and far away; then the
 * "Bypass EQ" switch (Space) and the level followed back.
 */
export async function measureNotch(page) {
  const before = await readSlider(page, '960 Hz');
  const beforeDb = await readRelativeLevelDb(page);
  await page.getByRole('slider', { name: '960 Hz', exact: true }).focus();
  const cut = await followRelativeLevelAfterKey(page, 'Home', { beforeDb, minDropDb: MIN_RELATIVE_DROP_DB });
  const after = await readSlider(page, '960 Hz');
  const curve = await page.evaluate(() => ({
    at960: window.wavegraphDemo.responseCurveDb(960),
    at30: window.wavegraphDemo.responseCurveDb(30),
    at16000: window.wavegraphDemo.responseCurveDb(16000),
  }));
  await page.getByRole('switch', { name: 'Bypass EQ' }).focus();
  const bypass = await followRelativeLevelAfterKey(page, 'Space', { beforeDb, minDropDb: 3, rising: true });
  const bypassState = await page.evaluate(() => ({
    at960: window.wavegraphDemo.responseCurveDb(960),
    bypass: window.wavegraphDemo.eqSettings().bypass,
    kept: window.wavegraphDemo.eqSettings().bands[4].gainDb,
  }));
  const bypassSlider = await readSlider(page, '960 Hz');
  const restored = await followRelativeLevelAfterKey(page, 'Space', { beforeDb, minDropDb: MIN_RELATIVE_DROP_DB });  // bypass off
  const restoredCurveDb = await page.evaluate(() => window.wavegraphDemo.responseCurveDb(960));
  return { before, beforeDb, cut, after, curve, bypass, bypassState, bypassSlider, restored, restoredCurveDb };
}

/** { pass, detail } of measureNotch's numbers. */
export function notchResult(m) {
  const fmt = (x) => (x === null || x === undefined ? 'never' : x.toFixed(2));
  const pass =
    m.before.value === 0 && m.before.shown === '0.0 dB' &&
    m.after.value === NOTCH_DB && m.after.shown === `${NOTCH_DB.toFixed(1)} dB` &&
    m.cut.firstMs !== null && m.cut.firstMs <= DROP_WITHIN_MS &&
    m.cut.dropAt500Db >= MIN_RELATIVE_DROP_DB && m.cut.settledDropDb >= MIN_RELATIVE_DROP_DB &&
    Math.abs(m.curve.at960 - NOTCH_DB) <= 0.1 && Math.abs(m.curve.at30 - NOTCH_AT_30_DB) <= 0.1 &&
    Math.abs(m.curve.at16000 - NOTCH_AT_16000_DB) <= 0.1 &&
    m.bypass.firstMs !== null && m.bypass.firstMs <= DROP_WITHIN_MS && Math.abs(m.bypass.settledDropDb) <= 3 &&
    m.bypassState.bypass === true && Math.abs(m.bypassState.at960) <= 0.01 && m.bypassState.kept === NOTCH_DB &&
    m.bypassSlider.value === NOTCH_DB &&
    m.restored.firstMs !== null && m.restored.firstMs <= DROP_WITHIN_MS && m.restored.settledDropDb >= MIN_RELATIVE_DROP_DB &&
    Math.abs(m.restoredCurveDb - NOTCH_DB) <= 0.1;
  const detail =
    `900–1100 Hz relative to 200–290 & 3200–4600 Hz: ${fmt(m.beforeDb)} dB; "960 Hz" ${m.before.shown} → ${m.after.shown}: ` +
    `drop ≥ ${MIN_RELATIVE_DROP_DB} dB after ${fmt(m.cut.firstMs)} ms (need ≤ ${DROP_WITHIN_MS}), ` +
    `drop at 500 ms ${fmt(m.cut.dropAt500Db)} dB, 500–1000 ms mean ${fmt(m.cut.settledDropDb)} dB; ` +
    `curve 960 Hz ${fmt(m.curve.at960)} dB (${NOTCH_DB}), 30 Hz ${fmt(m.curve.at30)} dB (${fmt(NOTCH_AT_30_DB)}), 16 kHz ${fmt(m.curve.at16000)} dB (${fmt(NOTCH_AT_16000_DB)}); ` +
    `bypass on: back within 3 dB after ${fmt(m.bypass.firstMs)} ms, 500–1000 ms mean change ${fmt(m.bypass.settledDropDb)} dB, ` +
    `curve 960 Hz ${fmt(m.bypassState.at960)} dB, slider kept ${m.bypassSlider.value}; bypass off: drop ≥ ${MIN_RELATIVE_DROP_DB} dB ` +
    `again after ${fmt(m.restored.firstMs)} ms, 500–1000 ms mean ${fmt(m.restored.settledDropDb)} dB, curve 960 Hz ${fmt(m.restoredCurveDb)} dB`;
  return { pass, detail };
}
