// The four end-to-end checks. Each resolves to { pass, detail } with the measured numbers.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { measureSliderDrop, openPage, readStatusLine, startDemo } from './demo-page.mjs';
import { db } from './harness.mjs';
import { renderToneRmsDb } from './offline-render.mjs';

const resultsDir = fileURLToPath(new URL('../../test-results/', import.meta.url));

/** Allowed error of the offline -20 dB band cut, in dB. */
const OFFLINE_TOLERANCE_DB = 1;
/** Smallest accepted drop of the live 900–1100 Hz level after "960 Hz" → -24 dB. */
const MIN_LIVE_DROP_DB = 10;

function describeConsole(errors) {
  return errors.length === 0 ? 'no console errors' : `console errors: ${errors.join(' | ')}`;
}

/** a. Page loads cleanly, is cross-origin isolated, and Start reports rate/quantum/transport. */
export async function checkPageLoads(browser, url) {
  const { page, errors } = await openPage(browser, url);
  try {
    const title = await page.title();
    const isolated = await page.evaluate(() => window.crossOriginIsolated);
    await startDemo(page);
    const status = await readStatusLine(page);
    const actual = await page.evaluate(() => ({
      sampleRateHz: window.wavegraphDemo.context.sampleRate,
      renderQuantumFrames: window.wavegraphDemo.engine.renderQuantumFrames,
    }));
    const errorLine = (await page.locator('#error-line').textContent()) ?? '';
    const pass =
      errors.length === 0 &&
      title === 'wavegraph — EQ demo' &&
      isolated === true &&
      status.isolated === true &&
      status.sampleRateHz === actual.sampleRateHz &&
      status.renderQuantumFrames === actual.renderQuantumFrames &&
      status.transport === 'sharedArrayBuffer' &&
      errorLine === '';
    const detail =
      `crossOriginIsolated=${isolated}, status "${status.text}", ` +
      `context ${actual.sampleRateHz} Hz / ${actual.renderQuantumFrames} frames, ` +
      `${describeConsole(errors)}${errorLine ? `, error line "${errorLine}"` : ''}`;
    return { pass, detail };
  } finally {
    await page.close();
  }
}

/** b. OfflineAudioContext: band 4 at -20 dB lowers a 1 kHz tone by 20 ± 1 dB (RMS after 0.2 s). */
export async function checkOfflineBandCut(browser, url) {
  const { page, errors } = await openPage(browser, `${url}offline-test.html`);
  try {
    const isolated = await page.evaluate(() => window.crossOriginIsolated);
    const reference = await renderToneRmsDb(page, 0);
    const cut = await renderToneRmsDb(page, -20);
    const changeDb = cut.rmsDb.map((levelDb, channel) => levelDb - reference.rmsDb[channel]);
    const pass =
      isolated === true &&
      errors.length === 0 &&
      reference.status.ok && cut.status.ok &&
      reference.transport === 'sharedArrayBuffer' && cut.transport === 'sharedArrayBuffer' &&
      reference.rmsDb.length === 2 &&
      reference.rmsDb.every((levelDb) => levelDb > -30) &&
      changeDb.every((delta) => Math.abs(delta - -20) <= OFFLINE_TOLERANCE_DB);
    const detail =
      `transport ${cut.transport}, reference RMS ${reference.rmsDb.map(db).join(' / ')}, ` +
      `band 4 -20 dB RMS ${cut.rmsDb.map(db).join(' / ')}, change ${changeDb.map(db).join(' / ')} ` +
      `(expected -20 ± ${OFFLINE_TOLERANCE_DB} dB), ${describeConsole(errors)}`;
    return { pass, detail };
  } finally {
    await page.close();
  }
}

/** c. Live page, oscillator 1 kHz: the "960 Hz" slider at -24 dB drops 900–1100 Hz by ≥ 10 dB. */
export async function checkLiveSlider(browser, url) {
  const { page, errors } = await openPage(browser, url);
  try {
    await startDemo(page);
    await page.waitForTimeout(1000);
    const drop = await measureSliderDrop(page);
    await mkdir(resultsDir, { recursive: true });
    await page.screenshot({ path: `${resultsDir}demo.png`, fullPage: true });
    return liveDropResult(drop, errors, '');
  } finally {
    await page.close();
  }
}

/** d. Served without COOP/COEP: postMessage transport, one warning, slider still works. */
export async function checkWithoutIsolation(browser, url) {
  const { page, errors, warnings } = await openPage(browser, url);
  try {
    const isolated = await page.evaluate(() => window.crossOriginIsolated);
    await startDemo(page);
    const status = await readStatusLine(page);
    await page.waitForTimeout(1000);
    const drop = await measureSliderDrop(page);
    const result = liveDropResult(drop, errors, `crossOriginIsolated=${isolated}, status "${status.text}", `);
    const pass =
      result.pass &&
      isolated === false &&
      status.isolated === false &&
      status.transport === 'postMessage' &&
      warnings.length === 1;
    const warningText = warnings.map((text) => `"${text}"`).join(', ');
    return { pass, detail: `${result.detail}, ${warnings.length} console warning(s) ${warningText}` };
  } finally {
    await page.close();
  }
}

function liveDropResult(drop, errors, prefix) {
  const pass =
    errors.length === 0 &&
    drop.beforeDb > -60 &&
    drop.dropDb >= MIN_LIVE_DROP_DB &&
    drop.value === -24 &&
    drop.shownBefore === '0.0 dB' &&
    drop.shown === '-24.0 dB';
  const detail =
    `${prefix}900–1100 Hz level ${db(drop.beforeDb)} → ${db(drop.afterDb)}, drop ${db(drop.dropDb)} ` +
    `(need ≥ ${MIN_LIVE_DROP_DB} dB), slider value ${drop.value}, shown "${drop.shownBefore}" → "${drop.shown}", ` +
    describeConsole(errors);
  return { pass, detail };
}
