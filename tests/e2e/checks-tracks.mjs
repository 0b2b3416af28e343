// End-to-end checks of the demo's Tracks panel. Each resolves to { pass, detail } with
// the measured numbers.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { artifactsDir, describeConsole } from './checks.mjs';
import { openPage, startDemo } from './demo-page.mjs';

const FOCUS_TRACK = fileURLToPath(new URL('../../examples/tracks/focus-binaural.json', import.meta.url));
/** The binaural beat of focus-binaural.json's first step: 200 Hz base, ears at 195 and 205 Hz. */
const BINAURAL_BASE_HZ = 200;
/** Reference region for the tone test: two octaves above the base (pink noise: 6 dB lower there). */
const REFERENCE_HZ = 800;

const fmt = (x, digits = 2) => (x === null || x === undefined || Number.isNaN(x) ? String(x) : x.toFixed(digits));

/** Two readings of engine.trackPosition() `gapMs` apart, with the page clock: { p0, p1, elapsedS }. */
async function positionAdvance(page, gapMs) {
  return page.evaluate(async (gapMs) => {
    const { engine } = window.wavegraphDemo;
    const t0 = performance.now();
    const p0 = engine.trackPosition().positionSeconds;
    await new Promise((resolve) => setTimeout(resolve, gapMs));
    const t1 = performance.now();
    const p1 = engine.trackPosition().positionSeconds;
    return { p0, p1, elapsedS: (t1 - t0) / 1000 };
  }, gapMs);
}

/** How often the panel's shown position changes: distinct panel readings in 1 s, sampled every 20 ms. */
async function panelUpdatesPerSecond(page) {
  return page.evaluate(async () => {
    const seen = new Set();
    const shown = new Set();
    const end = performance.now() + 1000;
    while (performance.now() < end) {
      const s = window.wavegraphDemo.track();
      seen.add(s.positionSeconds);
      shown.add(s.shown);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return { readings: seen.size, texts: shown.size };
  });
}

/** Meter readings every 60 ms for 1.2 s: { distinct, maxPeakDb, rmsSpreadDb }. */
async function sampleMeters(page) {
  return page.evaluate(async () => {
    const samples = [];
    const end = performance.now() + 1200;
    while (performance.now() < end) {
      samples.push(window.wavegraphDemo.meters());
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    const rms = samples.flatMap((s) => s.rmsDb);
    return {
      distinct: new Set(samples.map((s) => s.frameTime)).size,
      maxPeakDb: Math.max(...samples.flatMap((s) => s.peakDb)),
      rmsSpreadDb: Math.max(...rms) - Math.min(...rms),
    };
  });
}

/**
 * Level (dB) of the drawn spectrum within ±4 bins of `toneHz` relative to ±4 bins of
 * `referenceHz`, power-averaged over 10 snapshots 50 ms apart.
 */
async function toneOverReferenceDb(page, toneHz, referenceHz) {
  return page.evaluate(async ({ toneHz, referenceHz }) => {
    const sum = { tone: 0, reference: 0 };
    for (let i = 0; i < 10; i++) {
      const { binHz, db } = window.wavegraphDemo.spectrum();
      const near = (hz) => {
        const k = Math.round(hz / binHz);
        let power = 0;
        for (let j = k - 4; j <= k + 4; j++) power += 10 ** (db[j] / 10);
        return power;
      };
      sum.tone += near(toneHz);
      sum.reference += near(referenceHz);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return 10 * Math.log10(sum.tone / sum.reference);
  }, { toneHz, referenceHz });
}

/** "mm:ss / mm:ss" → [seconds, seconds], or null. */
function parseShown(text) {
  const m = /^(\d{2,}):(\d{2}) \/ (\d{2,}):(\d{2})$/.exec(text);
  return m === null ? null : [Number(m[1]) * 60 + Number(m[2]), Number(m[3]) * 60 + Number(m[4])];
}

/**
 * m. Tracks panel with examples/tracks/focus-binaural.json over the pink-noise source: Play
 * (keyboard) → the position advances like the clock (two readings 0.8 s apart, ± 0.3 s), the
 * "mm:ss / mm:ss" text follows ≈ 10×/s, the meters move, the binaural tone (200 Hz) replaces pink
 * noise in the drawn spectrum; 5 × ArrowRight on "Track position" seeks ≈ +5 s; the slider set to
 * duration − 2 s → "ended" within 4 s and a 'trackEnded' event; "Stop track" → pink noise again,
 * no track loaded.
 */
export async function checkTrackPanel(browser, url) {
  const { page, errors, warnings } = await openPage(browser, url);
  try {
    await startDemo(page);
    await page.waitForTimeout(800);
    const pinkToneDb = await toneOverReferenceDb(page, BINAURAL_BASE_HZ, REFERENCE_HZ);
    const idle = await page.evaluate(() => window.wavegraphDemo.track());
    await page.locator('#track-choice').selectOption('focus-binaural');
    const play = page.getByRole('button', { name: 'Play track', exact: true });
    await play.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.wavegraphDemo.track().state === 'playing');
    const durationSeconds = await page.evaluate(() => window.wavegraphDemo.track().durationSeconds);
    await page.waitForTimeout(300);
    const advance = await positionAdvance(page, 800);
    const updates = await panelUpdatesPerSecond(page);
    const shownNow = await page.evaluate(() => ({
      shown: document.getElementById('track-time').textContent,
      positionSeconds: window.wavegraphDemo.engine.trackPosition().positionSeconds,
      state: document.getElementById('track-state').textContent,
      source: window.wavegraphDemo.source(),
    }));
    const meters = await sampleMeters(page);
    const trackToneDb = await toneOverReferenceDb(page, BINAURAL_BASE_HZ, REFERENCE_HZ);

    // Keyboard seek: 5 × ArrowRight (1 s steps).
    const slider = page.getByRole('slider', { name: 'Track position', exact: true });
    await slider.focus();
    const beforeKeys = await page.evaluate(() => window.wavegraphDemo.engine.trackPosition().positionSeconds);
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(200);
    const afterKeys = await page.evaluate(() => window.wavegraphDemo.engine.trackPosition().positionSeconds);

    // Near the end: duration − 2 s, then wait for "ended".
    const target = Math.floor(durationSeconds) - 2;
    const seekedAt = await page.evaluate(() => performance.now());
    await slider.fill(String(target));
    await page.waitForFunction(() => window.wavegraphDemo.track().state === 'ended', null, { timeout: 6000 });
    const end = await page.evaluate((seekedAt) => ({
      afterMs: performance.now() - seekedAt,
      text: document.getElementById('track-state').textContent,
      shown: document.getElementById('track-time').textContent,
      events: window.wavegraphDemo.track().endedEvents,
      position: window.wavegraphDemo.engine.trackPosition(),
    }), seekedAt);

    // Another track while one has ended: the select switches to relax-isochronic.json (44.1 kHz
    // file, played at the context's 48 kHz), which then ends too (a second trackEnded event).
    await page.locator('#track-choice').selectOption('relax-isochronic');
    await page.waitForFunction(() => window.wavegraphDemo.track().state === 'playing' &&
      window.wavegraphDemo.track().name.endsWith('relax-isochronic.json'));
    const relax = await page.evaluate(() => ({
      durationSeconds: window.wavegraphDemo.track().durationSeconds,
      positionSeconds: window.wavegraphDemo.engine.trackPosition().positionSeconds,
    }));
    await slider.fill(String(Math.floor(relax.durationSeconds) - 1));
    await page.waitForFunction(() => window.wavegraphDemo.track().state === 'ended', null, { timeout: 6000 });
    relax.events = await page.evaluate(() => window.wavegraphDemo.track().endedEvents);
    relax.shown = await page.locator('#track-time').textContent();

    // Phone width with a track loaded: nothing overflows sideways, the seek slider keeps a usable width.
    await page.setViewportSize({ width: 360, height: 780 });
    await page.locator('#track-panel').scrollIntoViewIfNeeded();
    await page.waitForTimeout(200);
    const phone = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      sliderWidth: document.getElementById('track-seek').getBoundingClientRect().width,
    }));
    await page.locator('#track-panel').screenshot({ path: join(artifactsDir, 'tracks-360px.png') });
    await page.setViewportSize({ width: 1280, height: 720 });

    await page.getByRole('button', { name: 'Stop track', exact: true }).click();
    await page.waitForFunction(() => window.wavegraphDemo.track().state === 'stopped');
    await page.waitForTimeout(800);
    const stopped = await page.evaluate(() => ({
      track: window.wavegraphDemo.track(),
      position: window.wavegraphDemo.engine.trackPosition(),
      source: window.wavegraphDemo.source(),
      sliderDisabled: document.getElementById('track-seek').disabled,
    }));
    const backToneDb = await toneOverReferenceDb(page, BINAURAL_BASE_HZ, REFERENCE_HZ);
    const backMeters = await sampleMeters(page);

    const shownSeconds = parseShown(shownNow.shown);
    // "mm:ss" drops the fraction and the text is redrawn about every 100 ms, so the engine's
    // position read just after it is from 0 to 1 s (+ one redraw) past the whole seconds shown.
    const shownLagS = shownSeconds === null ? NaN : shownNow.positionSeconds - shownSeconds[0];
    const advanceError = advance.p1 - advance.p0 - advance.elapsedS;
    // The slider shows whole seconds, so the first key press steps from floor(before).
    const keyJump = afterKeys - Math.floor(beforeKeys);
    const pass =
      idle.state === 'stopped' && idle.shown === '--:-- / --:--' &&
      Math.abs(durationSeconds - 498) < 0.01 &&
      advance.elapsedS >= 0.5 && Math.abs(advanceError) <= 0.3 && advance.p0 > 0 &&
      updates.readings >= 7 &&
      shownSeconds !== null && shownLagS >= -0.25 && shownLagS <= 1.25 && shownSeconds[1] === 498 &&
      shownNow.state.startsWith('playing') && shownNow.source === 'pinkNoise' &&
      meters.distinct >= 8 && meters.maxPeakDb > -40 && meters.rmsSpreadDb > 0.05 &&
      trackToneDb >= pinkToneDb + 15 &&
      keyJump >= 4.8 && keyJump <= 6 &&
      Math.abs(relax.durationSeconds - 279) < 0.01 && relax.positionSeconds < 1 && relax.events === 2 &&
      relax.shown === '04:39 / 04:39' &&
      phone.scrollWidth <= 360 && phone.sliderWidth >= 100 &&
      end.afterMs <= 4000 && end.text.startsWith('ended') && end.events >= 1 && end.shown === '08:18 / 08:18' &&
      stopped.track.state === 'stopped' && stopped.position.durationSeconds === 0 && stopped.source === 'pinkNoise' &&
      stopped.sliderDisabled && stopped.track.shown === '--:-- / --:--' &&
      Math.abs(backToneDb - pinkToneDb) <= 3 && backMeters.distinct >= 8 && backMeters.maxPeakDb > -40 &&
      errors.length === 0 && warnings.length === 0;
    const detail =
      `before: "${idle.state}", "${idle.shown}"; focus-binaural.json duration ${fmt(durationSeconds, 3)} s (498 expected); ` +
      `position ${fmt(advance.p0, 3)} → ${fmt(advance.p1, 3)} s in ${fmt(advance.elapsedS, 3)} s of page clock ` +
      `(difference ${fmt(advanceError, 3)} s, ± 0.3 allowed); panel: ${updates.readings} distinct positions and ` +
      `${updates.texts} texts in 1 s; shown "${shownNow.shown}" at ${fmt(shownNow.positionSeconds, 2)} s (lag ${fmt(shownLagS, 2)} s, 0…1 s + 0.25 allowed), state "${shownNow.state}"; ` +
      `meters ${meters.distinct} readings, max peak ${fmt(meters.maxPeakDb)} dBFS, RMS spread ${fmt(meters.rmsSpreadDb)} dB; ` +
      `200 Hz over 800 Hz: pink noise ${fmt(pinkToneDb)} dB, track ${fmt(trackToneDb)} dB (≥ +15 needed); ` +
      `5 × ArrowRight: ${fmt(beforeKeys, 2)} → ${fmt(afterKeys, 2)} s (+${fmt(keyJump, 2)} from the whole second shown, 4.8…6 allowed); ` +
      `seek to ${target} s → "${end.text}" after ${fmt(end.afterMs, 0)} ms (≤ 4000), shown "${end.shown}", ` +
      `${end.events} trackEnded event(s); relax-isochronic.json chosen: duration ${fmt(relax.durationSeconds, 3)} s (279 expected), ` +
      `position ${fmt(relax.positionSeconds, 2)} s after the switch, ended at "${relax.shown}" with ${relax.events} trackEnded events in all; at 360 px: scrollWidth ${phone.scrollWidth}, seek slider ${fmt(phone.sliderWidth, 0)} px wide ` +
      `(screenshot test-artifacts/tracks-360px.png); Stop track: "${stopped.track.state}", duration ${stopped.position.durationSeconds}, ` +
      `source ${stopped.source}, 200 Hz over 800 Hz ${fmt(backToneDb)} dB, meters max peak ${fmt(backMeters.maxPeakDb)} dBFS, ` +
      describeConsole(errors, warnings);
    return { pass, detail };
  } finally {
    await page.close();
  }
}

/**
 * n. Malformed track files through the "Track file (JSON)" picker: focus-binaural.json with
 * steps[1].duration = -5, then with an unknown synth name. Each time the status area's error
 * line is the engine's one-line message, JSON path first, and nothing plays: no track in the
 * engine, position 0, "--:-- / --:--", pink noise still heard (no 200 Hz tone).
 */
export async function checkMalformedTrack(browser, url) {
  const { page, errors, warnings } = await openPage(browser, url);
  const dir = await mkdtemp(join(tmpdir(), 'wavegraph-e2e-track-'));
  try {
    const track = JSON.parse(await readFile(FOCUS_TRACK, 'utf8'));
    const negative = structuredClone(track);
    negative.steps[1].duration = -5;
    const unknown = structuredClone(track);
    unknown.steps[0].voices[0].synth_function_name = 'binaural_best';
    const cases = [
      { file: join(dir, 'negative-duration.json'), text: JSON.stringify(negative), path: 'steps[1].duration: -5 ' },
      { file: join(dir, 'unknown-synth.json'), text: JSON.stringify(unknown), path: 'steps[0].voices[0].synth_function_name: ' },
    ];
    await startDemo(page);
    await page.waitForTimeout(800);
    const pinkToneDb = await toneOverReferenceDb(page, BINAURAL_BASE_HZ, REFERENCE_HZ);
    const results = [];
    for (const c of cases) {
      await writeFile(c.file, c.text);
      await page.evaluate(() => { document.getElementById('error-line').textContent = ''; });
      await page.locator('#track-file').setInputFiles(c.file);
      await page.waitForFunction(() => document.getElementById('error-line').textContent !== '');
      await page.waitForTimeout(1000);
      const state = await page.evaluate(() => ({
        line: document.getElementById('error-line').textContent,
        track: window.wavegraphDemo.track(),
        position: window.wavegraphDemo.engine.trackPosition(),
        source: window.wavegraphDemo.source(),
      }));
      const toneDb = await toneOverReferenceDb(page, BINAURAL_BASE_HZ, REFERENCE_HZ);
      results.push({ ...c, ...state, toneDb });
    }
    const ok = (r) =>
      r.line.startsWith(r.path) && !r.line.includes('\n') && r.track.state === 'stopped' &&
      r.position.durationSeconds === 0 && r.position.positionSeconds === 0 && r.track.shown === '--:-- / --:--' &&
      r.source === 'pinkNoise' && Math.abs(r.toneDb - pinkToneDb) <= 3;
    const pass = results.every(ok) && errors.length === 0 && warnings.length === 0;
    const detail = results.map((r) =>
      `${r.file.split('/').pop()}: "${r.line}" (starts with "${r.path.trim()}": ${r.line.startsWith(r.path)}), ` +
      `state ${r.track.state}, engine duration ${r.position.durationSeconds} s, position ${r.position.positionSeconds} s, ` +
      `shown "${r.track.shown}", source ${r.source}, 200 Hz over 800 Hz ${fmt(r.toneDb)} dB (pink noise before: ${fmt(pinkToneDb)} dB)`,
    ).join('; ') + `, ${describeConsole(errors, warnings)}`;
    return { pass, detail };
  } finally {
    await rm(dir, { recursive: true, force: true });
    await page.close();
  }
}
