// The four end-to-end checks. Each resolves to { pass, detail } with the measured numbers.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { measureNotch, notchResult, openPage, readStatusLine, startDemo } from './demo-page.mjs';
import { db } from './harness.mjs';
import { renderToneRmsDb } from './offline-render.mjs';

/** Test artefacts (screenshots), gitignored. */
export const artifactsDir = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

/** Allowed error of the offline -20 dB band cut, in dB. */
const OFFLINE_TOLERANCE_DB = 1;

export function describeConsole(errors, warnings = []) {
  const parts = [errors.length === 0 ? 'no console errors' : `console errors: ${errors.join(' | ')}`];
  if (warnings.length > 0) parts.push(`console warnings: ${warnings.join(' | ')}`);
  return parts.join(', ');
}

/**
 * a. Page loads cleanly (no console errors or warnings), is cross-origin isolated, and after
 * Start the status line reports the context's rate, quantum, latencies, load and transport;
 * Stop suspends the context and Start resumes it.
 */
export async function checkPageLoads(browser, url) {
  const { page, errors, warnings } = await openPage(browser, url);
  try {
    const title = await page.title();
    const isolated = await page.evaluate(() => window.crossOriginIsolated);
    await startDemo(page);
    await page.waitForTimeout(600);
    const status = await readStatusLine(page);
    const actual = await page.evaluate(() => ({
      sampleRateHz: window.wavegraphDemo.context.sampleRate,
      renderQuantumFrames: window.wavegraphDemo.engine.renderQuantumFrames,
      baseLatencyMs: window.wavegraphDemo.context.baseLatency * 1000,
      outputLatencyMs: window.wavegraphDemo.context.outputLatency * 1000,
    }));
    const stopButton = page.getByRole('button', { name: 'Stop', exact: true });
    await stopButton.click();
    await page.waitForFunction(() => window.wavegraphDemo.context.state === 'suspended');
    await page.waitForTimeout(300);
    const stopped = await readStatusLine(page);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.waitForFunction(() => window.wavegraphDemo.context.state === 'running');
    const errorLine = (await page.locator('#error-line').textContent()) ?? '';
    const note = (await page.locator('#transport-note').textContent()) ?? '';
    const pass =
      errors.length === 0 && warnings.length === 0 &&
      title === 'wavegraph — EQ demo' &&
      isolated === true &&
      status.isolated === true &&
      status.state === 'running' && stopped.state === 'suspended' &&
      status.sampleRateHz === actual.sampleRateHz &&
      status.renderQuantumFrames === actual.renderQuantumFrames &&
      Math.abs(status.baseLatencyMs - actual.baseLatencyMs) <= 0.05 &&
      Math.abs(status.outputLatencyMs - actual.outputLatencyMs) <= 0.05 &&
      status.audioLoadPercent >= 0 && status.audioLoadPercent < 100 &&
      status.commandsDropped === 0 &&
      status.transport === 'sharedArrayBuffer' &&
      note.includes('SharedArrayBuffer') &&
      errorLine === '';
    const detail =
      `crossOriginIsolated=${isolated}, status "${status.text}", after Stop: "${stopped.state}", ` +
      `context ${actual.sampleRateHz} Hz / ${actual.renderQuantumFrames} frames / base ${actual.baseLatencyMs.toFixed(1)} ms / ` +
      `output ${actual.outputLatencyMs.toFixed(1)} ms, ` +
      `${describeConsole(errors, warnings)}${errorLine ? `, error line "${errorLine}"` : ''}`;
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

/**
 * c. Live page, pink noise: "960 Hz" to its lowest gain (Home: -40 dB, the engine's range) drops
 * 900–1100 Hz by ≥ 15 dB relative to the reference band regions within 500 ms; the response curve
 * reads -40 dB at 960 Hz and the analytic peaking response (±0.1 dB) at 30 Hz and 16 kHz; Bypass
 * EQ brings the level back. Screenshot: test-artifacts/notch-960hz.png.
 */
export async function checkLiveNotch(browser, url) {
  const { page, errors, warnings } = await openPage(browser, url);
  try {
    await startDemo(page);
    await page.waitForTimeout(1000);
    const source = await page.evaluate(() => window.wavegraphDemo.source());
    const m = await measureNotch(page);
    await page.waitForTimeout(600);  // measureNotch turned bypass off again: the screenshot shows the notch
    await mkdir(artifactsDir, { recursive: true });
    await page.screenshot({ path: `${artifactsDir}notch-960hz.png`, fullPage: true });
    const result = notchResult(m);
    return {
      pass: result.pass && source === 'pinkNoise' && errors.length === 0 && warnings.length === 0,
      detail: `source ${source}, ${result.detail}, ${describeConsole(errors, warnings)}, screenshot test-artifacts/notch-960hz.png`,
    };
  } finally {
    await page.close();
  }
}

/** d. Served without COOP/COEP: postMessage transport, the page says so, one warning, the EQ still works. */
export async function checkWithoutIsolation(browser, url) {
  const { page, errors, warnings } = await openPage(browser, url);
  try {
    const isolated = await page.evaluate(() => window.crossOriginIsolated);
    await startDemo(page);
    await page.waitForTimeout(1000);
    const status = await readStatusLine(page);
    const note = (await page.locator('#transport-note').textContent()) ?? '';
    const result = notchResult(await measureNotch(page));
    const pass =
      result.pass &&
      errors.length === 0 &&
      isolated === false &&
      status.isolated === false &&
      status.transport === 'postMessage' &&
      note.includes('not cross-origin isolated') && note.includes('postMessage') &&
      warnings.length === 1 && warnings[0].includes('not cross-origin isolated');
    const warningText = warnings.map((text) => `"${text}"`).join(', ');
    return {
      pass,
      detail: `crossOriginIsolated=${isolated}, status "${status.text}", note "${note}", ${result.detail}, ` +
        `${describeConsole(errors)}, ${warnings.length} console warning(s) ${warningText}`,
    };
  } finally {
    await page.close();
  }
}

/** The largest processor.js that can hold no copy of the core (the .wasm alone is over 500 KB). */
const MAX_PROCESSOR_BYTES = 200_000;
/** A run of base64 this long would be an embedded binary. */
const LONG_BASE64 = /[A-Za-z0-9+/]{10000,}/;

/**
 * o. The core is downloaded once: from page load through Start to a running engine, the page's
 * network log has exactly one .wasm response, the server (which also sees the AudioWorklet's
 * module fetch) served exactly one .wasm, and processor.js (without the source map the Vite dev
 * server appends) is small and holds no long base64 run, so no copy of the core.
 */
export async function checkCoreLoadedOnce(browser, server) {
  server.requests.length = 0;
  const pageLog = [];
  // Listening from before the navigation: a browser may fetch the core while the page loads.
  const { page, errors } = await openPage(browser, server.url, {
    beforeGoto: (newPage) => newPage.on('requestfinished', async (request) => {
      const sizes = await request.sizes();
      pageLog.push({ path: new URL(request.url()).pathname, bytes: sizes.responseBodySize });
    }),
  });
  try {
    await startDemo(page);
    await page.waitForTimeout(500);
    const pageWasm = pageLog.filter((r) => r.path.endsWith('.wasm'));
    const servedWasm = server.requests.filter((r) => r.path.endsWith('.wasm'));
    const processor = server.requests.filter((r) => r.path.endsWith('/processor.js'));
    const code = processor.map((r) => r.text.split('\n//# sourceMappingURL=')[0]);
    const codeBytes = code.map((text) => Buffer.byteLength(text));
    const pass =
      errors.length === 0 &&
      pageWasm.length === 1 && servedWasm.length === 1 && servedWasm[0].status === 200 &&
      processor.length === 1 && codeBytes[0] > 0 && codeBytes[0] < MAX_PROCESSOR_BYTES && !LONG_BASE64.test(code[0]);
    const detail =
      `page network log: ${pageWasm.length} .wasm (${pageWasm.map((r) => `${r.path} ${r.bytes} B`).join(', ')}), ` +
      `server: ${servedWasm.length} .wasm (${servedWasm.map((r) => `${r.bytes} B`).join(', ')}), ` +
      `${processor.length} processor.js (code ${codeBytes.map((b) => `${b} B`).join(', ')}, expected < ${MAX_PROCESSOR_BYTES} B; ` +
      `long base64 run: ${code.some((text) => LONG_BASE64.test(text)) ? 'yes' : 'no'}), ` +
      `${server.requests.length} responses in all, ${describeConsole(errors)}`;
    return { pass, detail };
  } finally {
    await page.close();
  }
}
