// End-to-end checks of the demo page's features. Each resolves to { pass, detail }
// with the measured numbers.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describeConsole } from './checks.mjs';
import { openPage, readSlider, startDemo } from './demo-page.mjs';
import { probeEqResponse } from './response-probe.mjs';

const FRONT_CENTER_WAV = '/usr/share/sounds/alsa/Front_Center.wav';
const BAND_NAMES = ['60 Hz', '120 Hz', '240 Hz', '480 Hz', '960 Hz', '1920 Hz', '3840 Hz', '7680 Hz'];
const DEFAULT_FREQUENCIES_HZ = [60, 120, 240, 480, 960, 1920, 3840, 7680];
const readmePath = fileURLToPath(new URL('../../demo/README.md', import.meta.url));

const fmt = (x, digits = 2) => (x === null || x === undefined || Number.isNaN(x) ? String(x) : x.toFixed(digits));

/** Pixel statistics of the spectrum canvas: pixels near the spectrum colour, and a copy for diffs. */
async function canvasPixels(page) {
  return page.evaluate(() => {
    // Read through a fresh copy, so the page's own canvas is never read back (Chromium warns
    // about repeated getImageData on one canvas).
    const canvas = document.getElementById('spectrum');
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const g = copy.getContext('2d', { willReadFrequently: true });
    g.drawImage(canvas, 0, 0);
    const { data, width, height } = g.getImageData(0, 0, copy.width, copy.height);
    let teal = 0;
    for (let i = 0; i < data.length; i += 4) {
      // The spectrum line, #4fd1c5 (79, 209, 197).
      if (Math.abs(data[i] - 79) < 40 && Math.abs(data[i + 1] - 209) < 40 && Math.abs(data[i + 2] - 197) < 40) teal++;
    }
    window.__e2ePixels = window.__e2ePixels ?? [];
    window.__e2ePixels.push(data);
    return { teal, width, height, index: window.__e2ePixels.length - 1 };
  });
}

/** Fraction of pixels that differ between two stored canvasPixels snapshots. */
async function changedFraction(page, a, b) {
  return page.evaluate(({ a, b }) => {
    const x = window.__e2ePixels[a];
    const y = window.__e2ePixels[b];
    if (x.length !== y.length) return 1;
    let changed = 0;
    for (let i = 0; i < x.length; i += 4) {
      if (x[i] !== y[i] || x[i + 1] !== y[i + 1] || x[i + 2] !== y[i + 2]) changed++;
    }
    return changed / (x.length / 4);
  }, { a, b });
}

/** Meter readings every intervalMs for durationMs: { samples, distinctFrames, maxPeakDb, maxRmsDb, rmsSpreadDb, holdOk }. */
async function sampleMeters(page, { durationMs = 1000, intervalMs = 100 } = {}) {
  return page.evaluate(async ({ durationMs, intervalMs }) => {
    const samples = [];
    const end = performance.now() + durationMs;
    while (performance.now() < end) {
      samples.push(window.wavegraphDemo.meters());
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
    const frames = new Set(samples.map((s) => s.frameTime));
    const peaks = samples.flatMap((s) => s.peakDb);
    const rms = samples.flatMap((s) => s.rmsDb);
    const holdOk = samples.every((s) => s.peakHoldDb.every((hold, c) => hold >= s.peakDb[c] - 1e-9));
    return {
      samples: samples.length,
      distinctFrames: frames.size,
      maxPeakDb: Math.max(...peaks),
      maxRmsDb: Math.max(...rms),
      rmsSpreadDb: Math.max(...rms) - Math.min(...rms),
      holdOk,
    };
  }, { durationMs, intervalMs });
}

/**
 * e. Start with pink noise: the spectrum canvas gets drawn (spectrum-coloured pixels appear,
 * successive frames differ), the animation runs near 60 fps, and the meters move.
 */
export async function checkPicturesMove(browser, url) {
  const { page, errors, warnings } = await openPage(browser, url);
  try {
    const idle = await canvasPixels(page);
    await startDemo(page);
    await page.waitForTimeout(800);
    const first = await canvasPixels(page);
    await page.waitForTimeout(300);
    const second = await canvasPixels(page);
    const changed = await changedFraction(page, first.index, second.index);
    const fps = await page.evaluate(async () => {
      const start = window.wavegraphDemo.spectrumFrames();
      const t0 = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      return ((window.wavegraphDemo.spectrumFrames() - start) * 1000) / (performance.now() - t0);
    });
    const meters = await sampleMeters(page);
    const pass =
      idle.teal < 50 && first.teal > 1000 && second.teal > 1000 && changed > 0.002 && fps >= 30 &&
      meters.distinctFrames >= 5 && meters.maxPeakDb > -40 && meters.maxRmsDb > -50 && meters.rmsSpreadDb > 0.05 &&
      meters.holdOk && errors.length === 0 && warnings.length === 0;
    const detail =
      `spectrum-coloured pixels before Start ${idle.teal}, after ${first.teal} / ${second.teal} ` +
      `(canvas ${first.width}×${first.height}), ${fmt(changed * 100, 1)} % of pixels changed in 300 ms, ` +
      `${fmt(fps, 1)} frames/s; meters: ${meters.distinctFrames} distinct readings in ${meters.samples} samples, ` +
      `max peak ${fmt(meters.maxPeakDb)} dBFS, max RMS ${fmt(meters.maxRmsDb)} dBFS, RMS spread ${fmt(meters.rmsSpreadDb)} dB, ` +
      `peak hold ≥ peak: ${meters.holdOk}, ${describeConsole(errors, warnings)}`;
    return { pass, detail };
  } finally {
    await page.close();
  }
}

/** Loudest peak (dBFS) over a window [fromMs, toMs] after now, sampled every 50 ms. */
async function maxPeakBetween(page, fromMs, toMs) {
  return page.evaluate(async ({ fromMs, toMs }) => {
    const t0 = performance.now();
    let max = -Infinity;
    while (performance.now() - t0 < toMs) {
      if (performance.now() - t0 >= fromMs) max = Math.max(max, ...window.wavegraphDemo.meters().peakDb);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return max;
  }, { fromMs, toMs });
}

/**
 * f. Front_Center.wav (1.43 s) through the file input: it becomes the source and plays (meters
 * move); with "Loop file" off it is silent 2–3 s after "Replay file", with loop on it still plays then;
 * the same file dropped on the Signal panel (a synthetic drop event with a DataTransfer) plays too.
 */
export async function checkFilePlays(browser, url) {
  const { page, errors, warnings } = await openPage(browser, url);
  try {
    await startDemo(page);
    await page.locator('#audio-file').setInputFiles(FRONT_CENTER_WAV);
    await page.waitForFunction(() => window.wavegraphDemo.source() === 'file');
    const selectValue = await page.locator('#source').inputValue();
    const playing = await sampleMeters(page, { durationMs: 1200, intervalMs: 60 });

    const loop = page.getByRole('checkbox', { name: 'Loop file' });
    await loop.focus();
    await page.keyboard.press('Space');
    const loopOff = !(await loop.isChecked());
    await page.getByRole('button', { name: 'Replay file', exact: true }).click();
    const onceMaxDb = await maxPeakBetween(page, 2000, 3000);
    const endedLine = (await page.locator('#error-line').textContent()) ?? '';

    await loop.focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Replay file', exact: true }).click();
    const loopedMaxDb = await maxPeakBetween(page, 2000, 3000);

    // Drag-and-drop of the same recording (under another name) onto the Signal panel.
    await page.locator('#source').selectOption('pinkNoise');
    await page.waitForFunction(() => window.wavegraphDemo.source() === 'pinkNoise');
    const bytes = (await readFile(FRONT_CENTER_WAV)).toString('base64');
    await page.evaluate((base64) => {
      const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], 'dropped.wav', { type: 'audio/wav' }));
      const panel = document.getElementById('source-panel');
      panel.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      panel.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, bytes);
    await page.waitForFunction(() => window.wavegraphDemo.source() === 'file' && window.wavegraphDemo.fileName() === 'dropped.wav');
    const droppedMaxDb = await maxPeakBetween(page, 0, 1200);

    const pass =
      selectValue === 'file' && playing.distinctFrames >= 8 && playing.maxPeakDb > -40 && playing.rmsSpreadDb > 3 &&
      loopOff && onceMaxDb < -120 && endedLine.includes('ended') && loopedMaxDb > -40 && droppedMaxDb > -40 &&
      errors.length === 0 && warnings.length === 0;
    const detail =
      `source "${selectValue}", first 1.2 s: ${playing.distinctFrames} readings, max peak ${fmt(playing.maxPeakDb)} dBFS, ` +
      `max RMS ${fmt(playing.maxRmsDb)} dBFS, RMS spread ${fmt(playing.rmsSpreadDb)} dB; loop off: max peak 2–3 s after replay ` +
      `${fmt(onceMaxDb)} dBFS, error line "${endedLine}"; loop on: ${fmt(loopedMaxDb)} dBFS; dropped on the panel as ` +
      `dropped.wav: max peak in 1.2 s ${fmt(droppedMaxDb)} dBFS, ${describeConsole(errors, warnings)}`;
    return { pass, detail };
  } finally {
    await page.close();
  }
}

/** The presets table of demo/README.md: { name: [8 gains in dB] }. */
export async function documentedPresets() {
  const text = await readFile(readmePath, 'utf8');
  const section = text.slice(text.indexOf('## Presets'));
  const presets = {};
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim()).filter((cell) => cell !== '');
    if (cells.length !== 9 || cells[0] === 'preset' || cells[0].startsWith('---')) continue;
    presets[cells[0]] = cells.slice(1).map(Number);
  }
  return presets;
}

async function readAllBands(page) {
  const sliders = [];
  for (const name of BAND_NAMES) sliders.push(await readSlider(page, name));
  const settings = await page.evaluate(() => window.wavegraphDemo.eqSettings());
  return { sliders, settings };
}

/**
 * g. Every preset button and Reset set every slider (value, shown text, settings) to the table
 * in demo/README.md; Reset also restores frequency, Q, master gain and bypass; the arrow keys move
 * a focused band slider by 0.5 dB and each press reaches the engine (commandsApplied).
 */
export async function checkPresetsAndKeyboard(browser, url) {
  const { page, errors, warnings } = await openPage(browser, url);
  try {
    const table = await documentedPresets();
    await startDemo(page);
    const mismatches = [];
    let disturbed = '';
    for (const [name, gains] of Object.entries(table)) {
      if (name === 'Reset') {
        // Disturb what Reset must restore: a frequency, a Q, master gain, bypass.
        await page.getByRole('spinbutton', { name: '240 Hz band frequency' }).fill('300');
        await page.keyboard.press('Enter');
        await page.getByRole('spinbutton', { name: '7680 Hz band Q' }).fill('2.5');
        await page.keyboard.press('Enter');
        await page.getByRole('slider', { name: 'Master gain', exact: true }).focus();
        for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowDown');
        await page.getByRole('switch', { name: 'Bypass EQ' }).check();
        const d = await page.evaluate(() => window.wavegraphDemo.eqSettings());
        disturbed = `before Reset: 240 Hz band at ${d.bands[2].frequencyHz} Hz, 7680 Hz band Q ${d.bands[7].q}, ` +
          `master ${d.masterGainDb} dB, bypass ${d.bypass}`;
        if (d.bands[2].frequencyHz !== 300 || d.bands[7].q !== 2.5 || d.masterGainDb !== -6 || !d.bypass) mismatches.push(disturbed);
      }
      await page.getByRole('button', { name, exact: true }).click();
      const { sliders, settings } = await readAllBands(page);
      sliders.forEach((slider, band) => {
        const expected = gains[band];
        const shownOk = slider.shown === `${expected.toFixed(1)} dB`;
        if (slider.value !== expected || !shownOk || settings.bands[band].gainDb !== expected) {
          mismatches.push(`${name} ${BAND_NAMES[band]}: slider ${slider.value} "${slider.shown}", settings ${settings.bands[band].gainDb}, table ${expected}`);
        }
        if (settings.bands[band].frequencyHz !== DEFAULT_FREQUENCIES_HZ[band] || settings.bands[band].q !== 1) {
          mismatches.push(`${name} ${BAND_NAMES[band]}: ${settings.bands[band].frequencyHz} Hz, Q ${settings.bands[band].q}`);
        }
      });
      if (name === 'Reset') {
        const master = await readSlider(page, 'Master gain');
        const bypassOn = await page.getByRole('switch', { name: 'Bypass EQ' }).isChecked();
        if (master.value !== 0 || settings.masterGainDb !== 0 || bypassOn || settings.bypass) {
          mismatches.push(`Reset: master ${master.value} / ${settings.masterGainDb}, bypass ${bypassOn} / ${settings.bypass}`);
        }
      }
    }

    // Keyboard: arrows on the focused "60 Hz" slider.
    const slider = page.getByRole('slider', { name: '60 Hz', exact: true });
    await slider.focus();
    const steps = [];
    for (const key of ['ArrowUp', 'ArrowUp', 'ArrowDown', 'ArrowRight', 'ArrowLeft', 'ArrowLeft']) {
      const applied0 = await page.evaluate(() => window.wavegraphDemo.engine.stats().commandsApplied);
      const before = (await readSlider(page, '60 Hz')).value;
      await page.keyboard.press(key);
      await page.waitForFunction((n) => window.wavegraphDemo.engine.stats().commandsApplied > n, applied0);
      const after = await readSlider(page, '60 Hz');
      const curveDb = await page.evaluate(() => window.wavegraphDemo.responseCurveDb(60));
      const applied1 = await page.evaluate(() => window.wavegraphDemo.engine.stats().commandsApplied);
      steps.push({ key, stepDb: after.value - before, shown: after.shown, curveDb, applied: applied1 - applied0 });
    }
    const expectedSteps = [0.5, 0.5, -0.5, 0.5, -0.5, -0.5];
    let levelDb = 0;
    const keysOk = steps.every((s, i) => {
      levelDb += expectedSteps[i];
      return s.stepDb === expectedSteps[i] && s.applied >= 1 && s.shown === `${levelDb.toFixed(1)} dB` &&
        Math.abs(s.curveDb - levelDb) < 0.02;
    });
    const pass = mismatches.length === 0 && Object.keys(table).length === 5 && keysOk &&
      errors.length === 0 && warnings.length === 0;
    const detail =
      `${Object.keys(table).length} documented rows (${Object.keys(table).join(', ')}), ${disturbed}, ${mismatches.length} mismatches` +
      `${mismatches.length ? `: ${mismatches.slice(0, 4).join('; ')}` : ''}; keys on "60 Hz": ` +
      steps.map((s) => `${s.key} ${s.stepDb >= 0 ? '+' : ''}${s.stepDb} dB → "${s.shown}" (curve 60 Hz ${fmt(s.curveDb)} dB, ${s.applied} command applied)`).join(', ') +
      `, ${describeConsole(errors, warnings)}`;
    return { pass, detail };
  } finally {
    await page.close();
  }
}

/**
 * h. The response curve the page draws against the C++ core: non-default settings entered through
 * the controls; the page's responseCurveDb at 32 log-spaced frequencies (25 Hz…18 kHz) is
 * compared with sine probes rendered through the same EQ by renderOffline (the wasm core) and
 * with the browser's own BiquadFilterNode.getFrequencyResponse (Chromium's or Firefox's).
 */
export async function checkResponseCurve(browser, url) {
  const { page, errors, warnings } = await openPage(browser, url);
  let probePage;
  try {
    await startDemo(page);
    await page.getByRole('button', { name: 'Voice', exact: true }).click();
    const edits = [
      ['240 Hz band frequency', '300'], ['240 Hz band Q', '2.5'],
      ['3840 Hz band frequency', '5000'], ['3840 Hz band Q', '0.5'],
      ['120 Hz band Q', '4'],
    ];
    for (const [name, value] of edits) {
      await page.getByRole('spinbutton', { name }).fill(value);
      await page.keyboard.press('Enter');
    }
    await page.getByRole('slider', { name: '7680 Hz', exact: true }).focus();
    for (let i = 0; i < 16; i++) await page.keyboard.press('ArrowUp');
    const frequenciesHz = Array.from({ length: 32 }, (_, i) => 25 * (18000 / 25) ** (i / 31));
    const page_ = await page.evaluate((frequenciesHz) => ({
      settings: window.wavegraphDemo.eqSettings(),
      curveDb: frequenciesHz.map((f) => window.wavegraphDemo.responseCurveDb(f)),
    }), frequenciesHz);
    probePage = (await openPage(browser, `${url}offline-test.html`)).page;
    const probe = await probeEqResponse(probePage, page_.settings.bands, frequenciesHz);
    const coreError = frequenciesHz.map((_, i) => Math.abs(page_.curveDb[i] - probe.coreDb[i]));
    const browserError = frequenciesHz.map((_, i) => Math.abs(page_.curveDb[i] - probe.browserDb[i]));
    const maxCore = Math.max(...coreError);
    const maxBrowser = Math.max(...browserError);
    const worst = coreError.indexOf(maxCore);
    const span = [Math.min(...page_.curveDb), Math.max(...page_.curveDb)];
    const pass = maxCore <= 0.05 && maxBrowser <= 0.01 && span[0] < -10 && span[1] > 5 &&
      errors.length === 0 && warnings.length === 0;
    const detail =
      `settings: ${page_.settings.bands.map((b) => `${b.frequencyHz} Hz Q ${b.q} ${b.gainDb} dB`).join(', ')}; ` +
      `curve spans ${fmt(span[0])}…${fmt(span[1])} dB; |curve − C++ sine probe| max ${fmt(maxCore, 4)} dB ` +
      `(at ${fmt(frequenciesHz[worst], 0)} Hz: curve ${fmt(page_.curveDb[worst], 3)}, probe ${fmt(probe.coreDb[worst], 3)}), ` +
      `|curve − ${browser.name} getFrequencyResponse| max ${fmt(maxBrowser, 5)} dB (tolerances 0.05 / 0.01 dB), ` +
      `${describeConsole(errors, warnings)}`;
    return { pass, detail };
  } finally {
    await probePage?.close();
    await page.close();
  }
}

/**
 * i. Layout and keyboard: at 360×780 CSS px with devicePixelRatio 2, nothing overflows sideways,
 * both canvases have a 2× backing store; Tab from the top reaches every enabled control; resized
 * to 1280 px the page still fits and the canvas follows.
 */
export async function checkLayoutAndKeyboard(browser, url) {
  const context = await browser.newContext({ viewport: { width: 360, height: 780 }, deviceScaleFactor: 2, hasTouch: true });
  const errors = [];
  const warnings = [];
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
    if (message.type() === 'warning') warnings.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  try {
    page.setDefaultTimeout(10_000);
    await page.goto(url, { waitUntil: 'load' });
    await startDemo(page);
    await page.waitForTimeout(300);
    const layout = await page.evaluate(() => {
      const canvases = ['spectrum', 'meters'].map((id) => {
        const c = document.getElementById(id);
        return { id, css: [c.clientWidth, c.clientHeight], backing: [c.width, c.height] };
      });
      return { scrollWidth: document.documentElement.scrollWidth, dpr: window.devicePixelRatio, canvases };
    });
    // A radio group is one Tab stop (arrow keys move inside it): it counts as reached when any of its radios is.
    const controls = await page.evaluate(() => [...new Set(
      [...document.querySelectorAll('input, select, button')]
        .filter((el) => !el.disabled && el.offsetParent !== null)
        .map((el) => (el.type === 'radio' ? `radio group ${el.name}` : el.id || el.textContent.trim())))]);
    await page.locator('body').focus();
    const reached = new Set();
    for (let i = 0; i < controls.length + 5; i++) {
      await page.keyboard.press('Tab');
      const id = await page.evaluate(() => {
        const el = document.activeElement;
        if (el === null || el === document.body) return '';
        return el.type === 'radio' ? `radio group ${el.name}` : el.id || el.textContent.trim();
      });
      if (id) reached.add(id);
    }
    const missed = controls.filter((id) => !reached.has(id));
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.waitForTimeout(300);
    const desktop = await page.evaluate(() => {
      const c = document.getElementById('spectrum');
      return { scrollWidth: document.documentElement.scrollWidth, css: [c.clientWidth, c.clientHeight], backing: [c.width, c.height] };
    });
    const desktopOk = desktop.scrollWidth <= 1280 && desktop.backing[0] === Math.round(desktop.css[0] * 2) &&
      desktop.backing[1] === Math.round(desktop.css[1] * 2);
    const hidpiOk = layout.canvases.every((c) => c.backing[0] === Math.round(c.css[0] * 2) && c.backing[1] === Math.round(c.css[1] * 2));
    const pass = layout.scrollWidth <= 360 && layout.dpr === 2 && hidpiOk && missed.length === 0 && desktopOk &&
      errors.length === 0 && warnings.length === 0;
    const detail =
      `360 px wide: document scrollWidth ${layout.scrollWidth}, devicePixelRatio ${layout.dpr}, ` +
      layout.canvases.map((c) => `${c.id} ${c.css.join('×')} CSS px → ${c.backing.join('×')} backing`).join(', ') +
      `; Tab reached ${controls.length - missed.length} of ${controls.length} enabled controls` +
      `${missed.length ? ` (missed ${missed.join(', ')})` : ''}; resized to 1280 px: scrollWidth ${desktop.scrollWidth}, ` +
      `spectrum ${desktop.css.join('×')} → ${desktop.backing.join('×')}, ${describeConsole(errors, warnings)}`;
    return { pass, detail };
  } finally {
    await context.close();
  }
}

/** Starts the demo in a new context of `browser`, selects Microphone, returns what the page says. */
async function tryMicrophone(browser, url, permissions) {
  const context = await browser.newContext({ permissions });
  const errors = [];
  const warnings = [];
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
      if (message.type() === 'warning') warnings.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    await page.goto(url, { waitUntil: 'load' });
    await startDemo(page);
    await page.locator('#source').selectOption('microphone');
    await page.waitForFunction(() =>
      window.wavegraphDemo.source() === 'microphone' || document.getElementById('error-line').textContent !== '');
    const meters = await sampleMeters(page, { durationMs: 1500, intervalMs: 60 });
    const message = (await page.locator('#error-line').textContent()) ?? '';
    const state = await page.evaluate(() => ({ source: window.wavegraphDemo.source(), select: document.getElementById('source').value }));
    return { meters, message, ...state, errors, warnings };
  } finally {
    await context.close();
  }
}

/**
 * l. Microphone, in a browser started with --use-fake-device-for-media-stream (a fake capture
 * device, real permission prompts): with the permission granted, choosing Microphone plays it
 * (meters move); with no grant, Chromium refuses (NotAllowedError) and the page shows the refusal
 * message and keeps pink noise; in the main browser (no capture device at all) the page says none
 * was found.
 */
export async function checkMicrophone(fakeDeviceBrowser, browser, url) {
  const granted = await tryMicrophone(fakeDeviceBrowser, url, ['microphone']);
  const refused = await tryMicrophone(fakeDeviceBrowser, url, []);
  const absent = await tryMicrophone(browser, url, []);
  const clean = (r) => r.errors.length === 0 && r.warnings.length === 0;
  const pass =
    granted.source === 'microphone' && granted.message === '' && granted.meters.distinctFrames >= 8 && granted.meters.maxPeakDb > -60 &&
    refused.message.includes('refused') && refused.source === 'pinkNoise' && refused.select === 'pinkNoise' &&
    absent.message.includes('no microphone found') && absent.source === 'pinkNoise' &&
    clean(granted) && clean(refused) && clean(absent);
  const detail =
    `granted: source ${granted.source}, ${granted.meters.distinctFrames} readings, max peak ${fmt(granted.meters.maxPeakDb)} dBFS, ` +
    `max RMS ${fmt(granted.meters.maxRmsDb)} dBFS; not granted: "${refused.message}", source stays ${refused.source} ` +
    `(select ${refused.select}); no device: "${absent.message}", source ${absent.source}; ` +
    describeConsole([...granted.errors, ...refused.errors, ...absent.errors], [...granted.warnings, ...refused.warnings, ...absent.warnings]);
  return { pass, detail };
}

/** In the page: the demo's drawn spectrum, power-averaged over `frames` snapshots 50 ms apart. */
async function averagedSpectrum(page, frames = 10) {
  return page.evaluate(async (frames) => {
    let sum = null;
    let binHz = 0;
    for (let i = 0; i < frames; i++) {
      const snap = window.wavegraphDemo.spectrum();
      binHz = snap.binHz;
      sum = sum ?? new Float64Array(snap.db.length);
      snap.db.forEach((db, k) => { sum[k] += 10 ** (db / 10); });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { binHz, db: Array.from(sum, (p) => 10 * Math.log10(p / frames)) };
  }, frames);
}

/** Power sum (dB) of the bins within ±4 of frequencyHz (the Blackman window's main lobe: no scalloping loss). */
function levelNear({ binHz, db }, frequencyHz) {
  const k = Math.round(frequencyHz / binHz);
  return 10 * Math.log10(db.slice(k - 4, k + 5).reduce((sum, level) => sum + 10 ** (level / 10), 0));
}

/** Frequency (Hz) of the loudest bin between 30 Hz and 20 kHz. */
function peakFrequency({ binHz, db }) {
  let best = Math.ceil(30 / binHz);
  for (let k = best; k < Math.min(db.length, 20000 / binHz); k++) if (db[k] > db[best]) best = k;
  return best * binHz;
}

/** Least-squares slope of the per-bin level (dB) against log2(frequency), 100 Hz…5 kHz: dB per octave. */
function slopeDbPerOctave({ binHz, db }) {
  const xs = [];
  const ys = [];
  for (let k = Math.ceil(100 / binHz); k <= Math.floor(5000 / binHz); k++) {
    xs.push(Math.log2(k * binHz));
    ys.push(db[k]);
  }
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  xs.forEach((x, i) => { sxy += (x - mx) * (ys[i] - my); sxx += (x - mx) ** 2; });
  return sxy / sxx;
}

async function chooseSource(page, value) {
  await page.locator('#source').selectOption(value);
  await page.waitForFunction((v) => window.wavegraphDemo.source() === v, value);
  await page.waitForTimeout(700);  // the spectrum's smoothing forgets the previous source
}

/**
 * j. The graph's own sources, measured on the drawn spectrum: the sine's peak follows
 * "Oscillator frequency (Hz)" (1000 → 2000 Hz); harmonic levels of square (3rd: 20·log10(1/3) =
 * −9.54 dB, 2nd absent), sawtooth (2nd: 20·log10(1/2) = −6.02 dB) and triangle (3rd: 20·log10(1/9) =
 * −19.08 dB) against the fundamental; noise slopes white 0, pink −3.01, brown −6.02 dB/octave
 * (100 Hz…5 kHz).
 */
export async function checkSources(browser, url) {
  const { page, errors, warnings } = await openPage(browser, url);
  try {
    await startDemo(page);
    await chooseSource(page, 'sine');
    const sine1k = await averagedSpectrum(page);
    const frequency = page.getByRole('spinbutton', { name: 'Oscillator frequency (Hz)' });
    await frequency.fill('2000');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(700);
    const sine2k = await averagedSpectrum(page);
    const harmonics = {};
    for (const [type, harmonic] of [['square', 3], ['sawtooth', 2], ['triangle', 3]]) {
      await chooseSource(page, type);
      const s = await averagedSpectrum(page);
      harmonics[type] = { harmonic, db: levelNear(s, 2000 * harmonic) - levelNear(s, 2000), second: levelNear(s, 4000) - levelNear(s, 2000) };
    }
    const slopes = {};
    for (const noise of ['whiteNoise', 'pinkNoise', 'brownNoise']) {
      await chooseSource(page, noise);
      slopes[noise] = slopeDbPerOctave(await averagedSpectrum(page, 20));
    }
    const binHz = sine1k.binHz;
    const peaks = [peakFrequency(sine1k), peakFrequency(sine2k)];
    const pass =
      Math.abs(peaks[0] - 1000) <= binHz && Math.abs(peaks[1] - 2000) <= binHz &&
      Math.abs(harmonics.square.db - -9.54) <= 0.3 && harmonics.square.second < -40 &&
      Math.abs(harmonics.sawtooth.db - -6.02) <= 0.3 &&
      Math.abs(harmonics.triangle.db - -19.08) <= 0.3 &&
      Math.abs(slopes.whiteNoise) <= 1 && Math.abs(slopes.pinkNoise - -3.01) <= 1 && Math.abs(slopes.brownNoise - -6.02) <= 1 &&
      errors.length === 0 && warnings.length === 0;
    const detail =
      `sine peak ${fmt(peaks[0], 1)} Hz → ${fmt(peaks[1], 1)} Hz after 2000 (bin ${fmt(binHz, 2)} Hz); ` +
      `square 3rd ${fmt(harmonics.square.db)} dB (−9.54 ± 0.3), 2nd ${fmt(harmonics.square.second)} dB; ` +
      `sawtooth 2nd ${fmt(harmonics.sawtooth.db)} dB (−6.02 ± 0.3); triangle 3rd ${fmt(harmonics.triangle.db)} dB (−19.08 ± 0.3); ` +
      `slopes white ${fmt(slopes.whiteNoise)}, pink ${fmt(slopes.pinkNoise)}, brown ${fmt(slopes.brownNoise)} dB/octave ` +
      `(0, −3.01, −6.02 ± 1), ${describeConsole(errors, warnings)}`;
    return { pass, detail };
  } finally {
    await page.close();
  }
}

/**
 * k. Pointer editing on the curve: drag the 960 Hz band's handle to (2000 Hz, −12 dB), then one
 * wheel notch up over it (Q × 1.1): the settings, the "960 Hz" slider and the frequency and Q
 * fields follow, and the curve peaks/dips there.
 */
export async function checkCurveHandles(browser, url) {
  const { page, errors, warnings } = await openPage(browser, url);
  try {
    await startDemo(page);
    await page.locator('#spectrum').scrollIntoViewIfNeeded();
    await page.waitForTimeout(200);
    const box = await page.locator('#spectrum').boundingBox();
    const at = async (frequencyHz, gainDb) => {
      const p = await page.evaluate(([f, g]) => window.wavegraphDemo.curvePoint(f, g), [frequencyHz, gainDb]);
      return { x: box.x + p.x, y: box.y + p.y };
    };
    const from = await at(960, 0);
    const to = await at(2000, -12);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 4 });
    await page.mouse.move(to.x, to.y, { steps: 4 });
    await page.mouse.up();
    const dragged = await page.evaluate(() => window.wavegraphDemo.eqSettings().bands[4]);
    const slider = await readSlider(page, '960 Hz');
    const field = Number(await page.getByRole('spinbutton', { name: '960 Hz band frequency' }).inputValue());
    const curveAt = await page.evaluate((f) => window.wavegraphDemo.responseCurveDb(f), dragged.frequencyHz);
    const handle = await at(dragged.frequencyHz, dragged.gainDb);
    await page.mouse.move(handle.x, handle.y);
    await page.mouse.wheel(0, -100);
    await page.waitForFunction(() => window.wavegraphDemo.eqSettings().bands[4].q !== 1);
    const q = await page.evaluate(() => window.wavegraphDemo.eqSettings().bands[4].q);
    const qField = Number(await page.getByRole('spinbutton', { name: '960 Hz band Q' }).inputValue());
    // One pixel of the plot is about 0.3 % in frequency and 0.15 dB in gain (before snapping to 0.5 dB).
    const pass =
      Math.abs(dragged.frequencyHz / 2000 - 1) <= 0.01 && dragged.gainDb === -12 &&
      slider.value === -12 && slider.shown === '-12.0 dB' && field === dragged.frequencyHz &&
      Math.abs(curveAt - -12) <= 0.1 && q === 1.1 && qField === 1.1 &&
      errors.length === 0 && warnings.length === 0;
    const detail =
      `dragged to ${dragged.frequencyHz} Hz (target 2000 ± 1 %), ${dragged.gainDb} dB; slider "${slider.shown}", ` +
      `frequency field ${field} Hz; curve at ${dragged.frequencyHz} Hz ${fmt(curveAt)} dB; wheel: Q ${q} (field ${qField}), ` +
      describeConsole(errors, warnings);
    return { pass, detail };
  } finally {
    await page.close();
  }
}
