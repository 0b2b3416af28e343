// End-to-end tests of the wavegraph demo in headless Chromium (npm run test:e2e).
// Serves demo/ with Vite (with and without COOP/COEP), drives it with playwright-core, prints
// one line per check with the measured numbers and a final "N passed, M failed" line.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import {
  checkLiveNotch,
  checkOfflineBandCut,
  checkPageLoads,
  checkWithoutIsolation,
} from './checks.mjs';
import {
  checkFilePlays, checkLayoutAndKeyboard, checkMicrophone, checkPicturesMove, checkPresetsAndKeyboard, checkResponseCurve,
  checkCurveHandles, checkSources,
} from './checks-demo.mjs';
import { startDemoServer } from './demo-server.mjs';
import { CheckRunner, closeWithin } from './harness.mjs';

const CHECK_TIMEOUT_MS = 30_000;
const WATCHDOG_MS = 175_000;

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];

const runner = new CheckRunner();
const cleanups = [];

async function cleanUp() {
  for (const [what, close] of cleanups.splice(0).reverse()) await closeWithin(close, 10_000, what);
}

const watchdog = setTimeout(async () => {
  console.log(`FAIL watchdog: the run exceeded ${WATCHDOG_MS / 1000} s`);
  runner.failed++;
  await cleanUp();
  console.log(runner.summary());
  process.exit(1);
}, WATCHDOG_MS);

try {
  const packageEntry = new URL('../../dist/index.js', import.meta.url);
  if (!existsSync(packageEntry)) throw new Error('dist/index.js is missing: build first (npm run build)');
  const isolatedServer = await startDemoServer({ crossOriginIsolated: true });
  cleanups.push(['isolated server', isolatedServer.close]);
  const plainServer = await startDemoServer({ crossOriginIsolated: false });
  cleanups.push(['non-isolated server', plainServer.close]);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  cleanups.push(['browser', () => browser.close()]);

  const isolated = isolatedServer.url;
  await runner.run('a. page loads, isolated, status after Start', CHECK_TIMEOUT_MS, () => checkPageLoads(browser, isolated));
  await runner.run('b. offline band 4 at -20 dB on a 1 kHz tone', CHECK_TIMEOUT_MS, () => checkOfflineBandCut(browser, isolated));
  await runner.run('c. live pink noise, "960 Hz" to -24 dB, curve, bypass', CHECK_TIMEOUT_MS, () => checkLiveNotch(browser, isolated));
  await runner.run('d. without COOP/COEP (postMessage)', CHECK_TIMEOUT_MS, () => checkWithoutIsolation(browser, plainServer.url));
  await runner.run('e. pink noise: spectrum drawn, meters move', CHECK_TIMEOUT_MS, () => checkPicturesMove(browser, isolated));
  await runner.run('f. Front_Center.wav through the file input, loop on/off', CHECK_TIMEOUT_MS, () => checkFilePlays(browser, isolated));
  await runner.run('g. presets and Reset vs demo/README.md, arrow keys', CHECK_TIMEOUT_MS, () => checkPresetsAndKeyboard(browser, isolated));
  await runner.run('h. response curve vs C++ core and Chromium biquads', CHECK_TIMEOUT_MS, () => checkResponseCurve(browser, isolated));
  await runner.run('i. 360 px layout, HiDPI canvases, Tab reaches every control', CHECK_TIMEOUT_MS, () => checkLayoutAndKeyboard(browser, isolated));
  await runner.run('j. oscillator frequency and harmonics, noise colours', CHECK_TIMEOUT_MS, () => checkSources(browser, isolated));
  await runner.run('k. drag a band handle on the curve, wheel for Q', CHECK_TIMEOUT_MS, () => checkCurveHandles(browser, isolated));
  const micBrowser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream'],
  });
  cleanups.push(['microphone browser', () => micBrowser.close()]);
  await runner.run('l. microphone: fake device plays, refusal and no-device messages', CHECK_TIMEOUT_MS, () => checkMicrophone(micBrowser, browser, isolated));
} catch (error) {
  runner.failed++;
  console.log(`FAIL setup: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  clearTimeout(watchdog);
  await cleanUp();
}

console.log(runner.summary());
process.exitCode = runner.failed > 0 ? 1 : 0;
