// End-to-end tests of the wavegraph demo in headless Chromium (npm run test:e2e).
// Serves demo/ with Vite (with and without COOP/COEP), drives it with playwright-core, prints
// one line per check with the measured numbers and a final "N passed, M failed" line.
// Arguments select checks by letter (`node tests/e2e/run.mjs m n`); none runs them all.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import {
  checkCoreLoadedOnce,
  checkLiveNotch,
  checkOfflineBandCut,
  checkPageLoads,
  checkWithoutIsolation,
} from './checks.mjs';
import {
  checkFilePlays, checkLayoutAndKeyboard, checkMicrophone, checkPicturesMove, checkPresetsAndKeyboard, checkResponseCurve,
  checkCurveHandles, checkSources,
} from './checks-demo.mjs';
import { checkCustomCore } from './checks-custom-core.mjs';
import { checkMalformedTrack, checkTrackPanel } from './checks-tracks.mjs';
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
const selected = new Set(process.argv.slice(2));
/** Runs check `name` (its letter is the text before the first '.') unless arguments leave it out. */
const run = (name, body) => (selected.size === 0 || selected.has(name.split('.')[0])
  ? runner.run(name, CHECK_TIMEOUT_MS, body)
  : Promise.resolve(true));
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
  await run('a. page loads, isolated, status after Start', () => checkPageLoads(browser, isolated));
  await run('b. offline band 4 at -20 dB on a 1 kHz tone', () => checkOfflineBandCut(browser, isolated));
  await run('c. live pink noise, "960 Hz" to its lowest gain (-40 dB), curve, bypass', () => checkLiveNotch(browser, isolated));
  await run('d. without COOP/COEP (postMessage)', () => checkWithoutIsolation(browser, plainServer.url));
  await run('e. pink noise: spectrum drawn, meters move', () => checkPicturesMove(browser, isolated));
  await run('f. Front_Center.wav through the file input, loop on/off', () => checkFilePlays(browser, isolated));
  await run('g. presets and Reset vs demo/README.md, arrow keys', () => checkPresetsAndKeyboard(browser, isolated));
  await run('h. response curve vs C++ core and Chromium biquads', () => checkResponseCurve(browser, isolated));
  await run('i. 360 px layout, HiDPI canvases, Tab reaches every control', () => checkLayoutAndKeyboard(browser, isolated));
  await run('j. oscillator frequency and harmonics, noise colours', () => checkSources(browser, isolated));
  await run('k. drag a band handle on the curve, wheel for Q', () => checkCurveHandles(browser, isolated));
  await run('m. Tracks panel: focus-binaural.json plays, position, seek, ended, Stop', () => checkTrackPanel(browser, isolated));
  await run('n. Tracks panel: malformed track files, JSON path, nothing plays', () => checkMalformedTrack(browser, isolated));
  await run('o. the core is fetched once, as a .wasm file; processor.js holds no copy', () => checkCoreLoadedOnce(browser, isolatedServer));
  await run('p. a custom wasm core (soft clipper) in the worklet: samples, parameters(), setParam range', () => checkCustomCore(browser, isolated));
  const micBrowser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream'],
  });
  cleanups.push(['microphone browser', () => micBrowser.close()]);
  await run('l. microphone: fake device plays, refusal and no-device messages', () => checkMicrophone(micBrowser, browser, isolated));
} catch (error) {
  runner.failed++;
  console.log(`FAIL setup: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  clearTimeout(watchdog);
  await cleanUp();
}

console.log(runner.summary());
process.exitCode = runner.failed > 0 ? 1 : 0;
