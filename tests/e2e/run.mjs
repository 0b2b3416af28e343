// End-to-end tests of the wavegraph demo in headless Chromium and Firefox (npm run test:e2e).
// Serves demo/ with Vite (with and without COOP/COEP), drives each browser through browsers.mjs
// (Chromium: playwright-core; Firefox: puppeteer-core over WebDriver BiDi), prints one line per
// check and browser with the measured numbers and a final "N passed, M failed" line.
// Arguments select checks by letter (`node tests/e2e/run.mjs m n`; none runs them all) and
// browsers (`--browser chromium|firefox|all`, default all).
import { existsSync } from 'node:fs';
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
import { checkAutomationSamples } from './checks-automation.mjs';
import { checkBiquadSamples, checkUnsmoothedChange } from './checks-biquad.mjs';
import { checkCompressorSamples } from './checks-compressor.mjs';
import { checkCustomCore } from './checks-custom-core.mjs';
import { checkBufferSource, checkChannelRouting, checkConvolver, checkWaveShaper } from './checks-nodes.mjs';
import { checkNodesInWorklet } from './checks-nodes-worklet.mjs';
import { checkNativeHost } from './checks-native.mjs';
import { checkStreamInWorker } from './checks-stream.mjs';
import { checkMalformedTrack, checkTrackPanel } from './checks-tracks.mjs';
import { browserOption, launchBrowser } from './browsers.mjs';
import { startDemoServer } from './demo-server.mjs';
import { CheckRunner, closeWithin } from './harness.mjs';

const CHECK_TIMEOUT_MS = 30_000;
const WATCHDOG_MS = 175_000 * 2;

/**
 * The checks, each run in every selected browser (or only in those its `browsers` names, the
 * reason beside it): `run(browser, servers, micBrowser)`; `fakeMedia`: the check also needs a
 * browser with a fake microphone (micBrowser).
 */
const CHECKS = [
  { name: 'a. page loads, isolated, status after Start', run: (b, s) => checkPageLoads(b, s.isolated.url) },
  { name: 'b. offline band 4 at -20 dB on a 1 kHz tone', run: (b, s) => checkOfflineBandCut(b, s.isolated.url) },
  { name: 'c. live pink noise, "960 Hz" to its lowest gain (-40 dB), curve, bypass', run: (b, s) => checkLiveNotch(b, s.isolated.url) },
  { name: 'd. without COOP/COEP (postMessage)', run: (b, s) => checkWithoutIsolation(b, s.plain.url) },
  { name: 'e. pink noise: spectrum drawn, meters move', run: (b, s) => checkPicturesMove(b, s.isolated.url) },
  { name: 'f. Front_Center.wav through the file input, loop on/off', run: (b, s) => checkFilePlays(b, s.isolated.url) },
  { name: 'g. presets and Reset vs demo/README.md, arrow keys', run: (b, s) => checkPresetsAndKeyboard(b, s.isolated.url) },
  { name: 'h. response curve vs C++ core and the browser\'s biquads', run: (b, s) => checkResponseCurve(b, s.isolated.url) },
  { name: 'i. 360 px layout, HiDPI canvases, Tab reaches every control', run: (b, s) => checkLayoutAndKeyboard(b, s.isolated.url) },
  { name: 'j. oscillator frequency and harmonics, noise colours', run: (b, s) => checkSources(b, s.isolated.url) },
  { name: 'k. drag a band handle on the curve, wheel for Q', run: (b, s) => checkCurveHandles(b, s.isolated.url) },
  { name: 'm. Tracks panel: focus-binaural.json plays, position, seek, ended, Stop', run: (b, s) => checkTrackPanel(b, s.isolated.url) },
  { name: 'n. Tracks panel: malformed track files, JSON path, nothing plays', run: (b, s) => checkMalformedTrack(b, s.isolated.url) },
  { name: 'o. the core is fetched once, as a .wasm file; processor.js holds no copy', run: (b, s) => checkCoreLoadedOnce(b, s.isolated) },
  {
    name: 'p. a custom wasm core (soft clipper) in the worklet: samples, parameters(), setParam range',
    run: (b, s) => checkCustomCore(b, s.isolated.url),
  },
  {
    name: 'q. renderOfflineStream in a Worker: renderOffline\'s samples, the page stays responsive, cancel',
    run: (b, s) => checkStreamInWorker(b, s.isolated.url),
  },
  {
    name: 'r. "Engine: native host" drives wavegraph serve: "960 Hz" to -20 dB in its recording, native meters and spectrum',
    run: (b, s) => checkNativeHost(b, s.isolated.url),
  },
  {
    name: 's. BiquadFilterNode vs the biquad node with webAudioRounding 1: every type × frequency/Q/gain/detune grid, ≤ 1e-6',
    // The reference is Chromium's own arithmetic (webAudioRounding reproduces Blink's Biquad).
    browsers: ['chromium'],
    run: (b, s) => checkBiquadSamples(b, s.isolated.url),
  },
  {
    name: 't. a parameter set with smoothing: false gives BiquadFilterNode\'s samples from the changed frame on',
    browsers: ['chromium'],
    run: (b, s) => checkUnsmoothedChange(b, s.isolated.url),
  },
  {
    name: 'w. DynamicsCompressorNode vs the dynamicsCompressor node: 4 parameter sets on noise bursts, ≤ 1e-4',
    // The reference is Chromium's own compressor (Blink's DynamicsCompressorKernel).
    browsers: ['chromium'],
    run: (b, s) => checkCompressorSamples(b, s.isolated.url),
  },
  {
    name: 'u. AudioParam automation (every method, cancelAndHold) vs ConstantSourceNode.offset and BiquadFilterNode.frequency, ≤ 4e-6 (Chromium\'s float32 times)',
    // The reference is Chromium's own AudioParam timeline arithmetic.
    browsers: ['chromium'],
    run: (b, s) => checkAutomationSamples(b, s.isolated.url),
  },
  {
    name: 'x. ChannelSplitterNode/ChannelMergerNode vs channelSplitter/channelMerger: crossed and discrete routing, max |diff| 0',
    // The reference is Chromium's own channel rules.
    browsers: ['chromium'],
    run: (b, s) => checkChannelRouting(b, s.isolated.url),
  },
  {
    name: 'y. WaveShaperNode vs waveShaper: oversample none (≤ 1e-6), 2x and 4x (≤ 2e-6)',
    // The reference is Chromium's own curve lookup and resamplers.
    browsers: ['chromium'],
    run: (b, s) => checkWaveShaper(b, s.isolated.url),
  },
  {
    name: 'z. ConvolverNode vs convolver: mono cabinet, stereo and 4-channel responses, normalize on and off, ≤ 1e-5 of the peak',
    // The reference is Chromium's own convolver (float32 FFTs: rounding differs).
    browsers: ['chromium'],
    run: (b, s) => checkConvolver(b, s.isolated.url),
  },
  {
    name: 'v. AudioBufferSourceNode vs bufferSource: rates 1/0.5/1.5, detune, loop points, sub-frame start, offset, duration, 44.1 kHz buffer, stop, ≤ 1e-6',
    // The reference is Chromium's own AudioBufferSourceHandler.
    browsers: ['chromium'],
    run: (b, s) => checkBufferSource(b, s.isolated.url),
  },
  {
    name: 'ab. compressor, waveShaper 4x, splitter/merger, convolver and bufferSource in the AudioWorklet give renderOffline\'s samples in Node, max |diff| 0',
    run: (b, s) => checkNodesInWorklet(b, s.isolated.url),
  },
  {
    name: 'l. microphone: fake device plays, refusal and no-device messages',
    fakeMedia: true,
    // Firefox's WebDriver BiDi refuses permissions.setPermission for "microphone", so the
    // refused case cannot be set up there.
    browsers: ['chromium'],
    run: (b, s, mic) => checkMicrophone(mic, b, s.isolated.url),
  },
];

const runner = new CheckRunner();
const { browsers, rest } = browserOption(process.argv.slice(2));
const selected = new Set(rest);
const chosen = CHECKS.filter(({ name }) => selected.size === 0 || selected.has(name.split('.')[0]));
const cleanups = [];

/** Closes what was opened after the first `keep` entries of `cleanups`, newest first. */
async function cleanUp(keep = 0) {
  for (const [what, close] of cleanups.splice(keep).reverse()) await closeWithin(close, 10_000, what);
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
  const isolated = await startDemoServer({ crossOriginIsolated: true });
  cleanups.push(['isolated server', isolated.close]);
  const plain = await startDemoServer({ crossOriginIsolated: false });
  cleanups.push(['non-isolated server', plain.close]);
  const servers = { isolated, plain };

  for (const name of browsers) {
    const launchedMs = Date.now();
    const browser = await launchBrowser(name);
    cleanups.push([name, () => browser.close()]);
    console.log(`${name} ${await browser.version()} (launched in ${((Date.now() - launchedMs) / 1000).toFixed(1)} s)`);
    let micBrowser;
    for (const check of chosen.filter((c) => !c.browsers || c.browsers.includes(name))) {
      if (check.fakeMedia && !micBrowser) {
        micBrowser = await launchBrowser(name, { fakeMedia: true });
        cleanups.push([`${name} with a fake microphone`, () => micBrowser.close()]);
      }
      await runner.run(`[${name}] ${check.name}`, CHECK_TIMEOUT_MS, () => check.run(browser, servers, micBrowser));
    }
    await cleanUp(2);  // the browsers; the servers stay for the next browser
  }
} catch (error) {
  runner.failed++;
  console.log(`FAIL setup: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  clearTimeout(watchdog);
  await cleanUp();
}

console.log(runner.summary());
process.exitCode = runner.failed > 0 ? 1 : 0;
