// Browser performance comparison (docs/performance.md, "Browser: Chromium's nodes against the worklet"; a measurement, not a
// timed test). Starts its own Vite server for bench/browser/ (COOP/COEP) on a free port, opens
// the page in headless Debian Chromium (playwright-core) and Debian Firefox ESR (puppeteer-core,
// tests/e2e/browsers.mjs), one after the other, and in each renders 60 s of seeded stereo 48 kHz
// noise in OfflineAudioContexts through
//   (a) the browser's 8 BiquadFilterNode peaking + AnalyserNode + GainNode,
//   (b) wavegraph's worklet, (b') the same with eq.webAudioRounding = 1 (float32 feedback, as
//   Chromium), (c) an empty pass-through worklet, (d) a plain JS biquad worklet, (raw) the raw
//   wasm graph (wasm-kernel-processor.js: the raw export per quantum in a worklet, no copies),
// each `runs` times (interleaved a b b' c d raw, a b b' c d raw, …), and prints one result block per
// browser: median wall time of startRendering, median CPU time of the browser's processes meanwhile (Linux
// /proc, 10 ms steps) and, in Chromium, of the context's AudioWorklet thread alone (schedstat, ns:
// each worklet variant's own per-quantum cost without the JIT threads and the page), ns per frame, the ratios of (b) and (b') against the project's three worklet targets (by
// wall and CPU time): (a)/(b) ≥ 2.5×, (d)/(b) ≥ 2×, and (b)'s cost above the empty worklet within
// 1.2× of the raw graph's, ((b) − (c)) / ((raw) − (c)) ≤ 1.2×; the floor (c) + raw graph, the least
// (b) can cost here, against the times the first two targets need; and the max abs differences
// (fidelity) a↔b', d↔b, model↔a, and a↔b as information.
//
// Usage: node bench/browser/run.mjs [--runs N (3…50, default 7)] [--seconds S (1…600, default 60)]
//                                   [--dist DIR (a built wavegraph package, default dist/)] [--baseline DIR]
//                                   [--profile] [--ci] [--browser chromium|firefox|all (default all)]
//                                   [--render-size N (frames per render quantum: every context's renderSizeHint, default 128;
//                                    other than 128 it also renders (b) with 128-frame quanta and fails unless the samples are equal)]
// --baseline DIR adds variant (b0): (b) with DIR/processor.js (e.g. a copy of an earlier dist/)
// as the worklet, interleaved with the rest, to measure a change of worklet/*.ts in one run.
// --profile adds two timed variants (wasm-kernel-processor.js: the reference graph with the
// bench's settings, driven without processor.ts) that split (b)'s cost: copies into/out of wasm
// memory only, and those copies around the raw export _wavegraph_process_block.
// env EXTRA_CHROMIUM_ARGS="…" adds Chromium switches, space-separated (e.g.
// "--js-flags=--no-liftoff" to render with V8's optimizing tier only).
// Exit codes: 0 done (the speed targets are reported, not enforced); 1 when, in Chromium, max |a − b'| ≥ 1e-5
// (the fidelity limit; from frame 0, (b') has no ramps) or max |model − a| ≥ 1e-6 (from frame 0;
// Firefox's nodes keep their feedback in double: there, max |a − b| ≥ 1e-6 from FIDELITY_SETTLE_MS on),
// or, in every browser, from FIDELITY_SETTLE_MS = 100 ms on (after (b)'s 5 ms parameter ramps; settings.js), max
// |d − b| ≥ 1e-6 or (--profile) the profile worklet differs from (b) by ≥ 1e-6; with --ci also when (b')
// is unavailable (a package without eq.webAudioRounding); or on a page error (uncaught error,
// console error, failed render, not cross-origin isolated), or when the run exceeded its
// watchdog; 2 bad arguments or dist/ missing.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SECONDS, FIDELITY_SETTLE_MS } from './settings.js';
import { browserDescendants, CLOCK_TICKS_PER_SECOND, cpuMs, loadAverage, median, threadCpuNs, threadCpuNsSince } from './cpu-time.mjs';
import { browserOption, launchBrowser } from '../../tests/e2e/browsers.mjs';
import { startBenchServer } from './bench-server.mjs';

const OWN_FIDELITY_LIMIT = 1e-6;     // wavegraph (default) vs an independent double-precision chain, and the Chromium model vs Chromium
const FIDELITY_LIMIT = 1e-5;         // fidelity limit: wavegraph (webAudioRounding) vs Chromium's nodes, max abs < 1e-5
// --ci fails when (b') is unavailable (a package whose eq has no webAudioRounding).
const REQUIRE_ROUNDING = true;
const TARGET_FASTER_THAN_CHROMIUM = 2.5;  // (a)/(b) ≥ 2.5
const TARGET_FASTER_THAN_JS = 2;          // (d)/(b) ≥ 2
const TARGET_ABOVE_EMPTY_OF_RAW = 1.2;    // ((b) − (c)) / ((raw) − (c)) ≤ 1.2: the cost above the empty worklet against the raw graph's
const WATCHDOG_MS_PER_BROWSER = 115_000;
// The thread an OfflineAudioContext runs its AudioWorklet on (/proc/…/comm, 15 characters), by
// browser: its CPU time (schedstat, ns) is each worklet variant's own per-quantum cost, without
// the other threads (the JIT compiling a fresh worklet scope's code, the page); Chromium's nodes
// (a) render on a thread that exits with the render, so (a) has none.
const WORKLET_THREAD = { chromium: /^Offline AudioWo/ };

const here = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = path.resolve(here, '../..');

function usageError(message) {
  console.error(`bench/browser/run.mjs: ${message}`);
  process.exit(2);
}

function parseArgs(args) {
  let parsed;
  try {
    parsed = browserOption(args);
  } catch (error) {
    usageError(error.message);
  }
  const argv = parsed.rest;
  const options = {
    runs: 7, seconds: DEFAULT_SECONDS, dist: path.join(repoRoot, 'dist'), baseline: undefined, profile: false, ci: false, renderSize: 128,
    browsers: parsed.browsers,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--profile') { options.profile = true; continue; }
    if (flag === '--ci') { options.ci = true; continue; }
    const value = argv[i + 1];
    if (flag === '--render-size') {
      const number = Number(value);
      if (!(Number.isInteger(number) && number >= 128 && number <= 4096 && (number & (number - 1)) === 0))
        usageError(`--render-size ${value} is out of range (a power of two 128…4096)`);
      options.renderSize = number;
      i++;
      continue;
    }
    if (flag === '--runs' || flag === '--seconds' || flag === '--dist' || flag === '--baseline') {
      if (value === undefined) usageError(`${flag} needs a value`);
      i++;
      if (flag === '--dist' || flag === '--baseline') { options[flag.slice(2)] = path.resolve(value); continue; }
      const number = Number(value);
      if (flag === '--runs' && !(Number.isInteger(number) && number >= 3 && number <= 50))
        usageError(`--runs ${value} is out of range (an integer 3…50)`);
      if (flag === '--seconds' && !(number >= 1 && number <= 600))
        usageError(`--seconds ${value} is out of range (1…600)`);
      options[flag.slice(2)] = number;
    } else {
      usageError(`unknown argument "${flag}" (allowed: --runs N, --seconds S, --dist DIR, --baseline DIR, --profile, --ci, --browser B, --render-size N)`);
    }
  }
  if (!existsSync(path.join(options.dist, 'index.js')) || !existsSync(path.join(options.dist, 'processor.js')))
    usageError(`${options.dist}/index.js or processor.js is missing: build first (bash scripts/build.sh wasm && bash scripts/build.sh ts)`);
  if (options.baseline !== undefined && !existsSync(path.join(options.baseline, 'processor.js')))
    usageError(`--baseline ${options.baseline}: processor.js is missing there (copy an earlier dist/ there)`);
  return options;
}

const dbfs = (x) => (x > 0 ? `${(20 * Math.log10(x)).toFixed(1)} dBFS` : '-inf dBFS');
const met = (ok) => (ok ? 'met' : 'NOT met');

const options = parseArgs(process.argv.slice(2));
const startedMs = Date.now();
const loadBefore = loadAverage();
const cleanups = [];
const pageErrors = [];
async function cleanUp() {
  for (const [what, close] of cleanups.splice(0).reverse()) {
    try {
      await Promise.race([close(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), 10_000))]);
    } catch (error) {
      console.error(`warning: closing ${what}: ${error.message}`);
    }
  }
}
const watchdogMs = WATCHDOG_MS_PER_BROWSER * options.browsers.length;
const watchdog = setTimeout(async () => {
  console.error(`bench/browser/run.mjs: the run exceeded ${watchdogMs / 1000} s`);
  await cleanUp();
  process.exit(1);
}, watchdogMs);

let exitCode = 0;
try {
  if (options.baseline !== undefined) process.env.WAVEGRAPH_BASELINE = options.baseline;
  const port = await startBenchServer(options.dist, cleanups);
  for (const browserName of options.browsers) {
    if (await compareIn(browserName, port) !== 0) exitCode = 1;
  }
} catch (error) {
  console.error(`bench/browser/run.mjs: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  exitCode = 1;
} finally {
  clearTimeout(watchdog);
  await cleanUp();
}
process.exit(exitCode);

/** The comparison in one browser: prints its block; resolves to 0, or 1 on a failure (printed). */
async function compareIn(browserName, port) {
  const startedInBrowserMs = Date.now();
  pageErrors.length = 0;
  let exitCode = 0;
  let browser;
  try {
    browser = await launchBrowser(browserName, {
      extraArgs: process.env.EXTRA_CHROMIUM_ARGS ? process.env.EXTRA_CHROMIUM_ARGS.split(' ') : [],
    });
    const page = await browser.newPage();
    page.setDefaultTimeout(60_000);
    page.on('console', (message) => { if (message.type() === 'error') pageErrors.push(`console error: ${message.text()}`); });
    page.on('pageerror', (error) => pageErrors.push(`page error: ${error.message}`));
    await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.wavegraphBench !== undefined, null, { timeout: 30_000 });

    const input = await page.evaluate(([seconds, renderSize]) => window.wavegraphBench.prepare(seconds, renderSize), [options.seconds, options.renderSize]);
    if (!input.crossOriginIsolated) throw new Error('the page is not cross-origin isolated (COOP/COEP headers missing)');
    if (options.baseline !== undefined)
      await page.evaluate((url) => window.wavegraphBench.setBaseline(url), `/@fs${path.join(options.baseline, 'processor.js')}`);
    let variants = await page.evaluate(() => window.wavegraphBench.variants);
    const firstLine = (error) => (error instanceof Error ? error.message.split('\n')[0] : String(error));
    // One untimed render of a variant that depends on something the package may lack; its error, or ''.
    const probe = async (name) => {
      try {
        await page.evaluate((n) => window.wavegraphBench.setUp(n, false), name);
        await page.evaluate(() => window.wavegraphBench.start());
        return '';
      } catch (error) {
        return firstLine(error);
      }
    };
    // (b') needs the eq's webAudioRounding parameter; without it (an older package) it is left out,
    // which --ci counts as a failure (without --ci it is reported).
    const roundingError = await probe("b'");
    if (roundingError) variants = Object.fromEntries(Object.entries(variants).filter(([name]) => name !== "b'"));
    // The profiling variants use the core's internal WasmEngine interface: if it does not fit,
    // say so and leave them out (the comparison itself does not depend on them).
    // The raw graph (the third target's reference) uses the same internal interface as the profile.
    let rawVariants = await page.evaluate(() => window.wavegraphBench.rawVariants ?? {});
    let rawNote = '';
    if (Object.keys(rawVariants).length > 0) {
      const rawError = await probe('raw');
      if (rawError) {
        rawNote = `raw graph unavailable with this package: ${rawError}`;
        rawVariants = {};
      }
    }
    let profileVariants = options.profile ? await page.evaluate(() => window.wavegraphBench.profileVariants) : {};
    let profileNote = '';
    if (options.profile) {
      const profileError = await probe('kernel');
      if (profileError) {
        profileNote = `profile unavailable with this package: ${profileError}`;
        profileVariants = {};
      }
    }
    const names = [...Object.keys(variants), ...Object.keys(rawVariants), ...Object.keys(profileVariants)];
    const describe = { ...variants, ...rawVariants, ...profileVariants };
    const hasRaw = names.includes('raw');
    const hasRounding = names.includes("b'");
    const hasProfile = names.includes('kernel');
    const keptVariants = ['a', 'b', "b'", 'd', 'kernel', 'b0'];

    const times = Object.fromEntries(names.map((name) => [name, []]));
    const cpuTimes = Object.fromEntries(names.map((name) => [name, []]));
    const threadPattern = WORKLET_THREAD[browserName];
    const threadTimes = Object.fromEntries(names.map((name) => [name, []]));  // ms, the worklet thread
    const outputRmsDb = {};
    for (let run = 0; run < options.runs; run++) {
      for (const name of names) {
        const keep = run === 0 && keptVariants.includes(name);
        await page.evaluate(([n, k]) => window.wavegraphBench.setUp(n, k), [name, keep]);
        const browserPids = browserDescendants(process.pid, browserName);
        const threadsBefore = threadPattern ? threadCpuNs(browserPids, threadPattern) : undefined;
        const cpuBefore = cpuMs(browserPids);
        const result = await page.evaluate(() => window.wavegraphBench.start());
        cpuTimes[name].push(cpuMs(browserPids) - cpuBefore);
        if (threadsBefore) threadTimes[name].push(threadCpuNsSince(threadsBefore, threadCpuNs(browserPids, threadPattern)) / 1e6);
        if (result.frames !== input.frames || result.numChannels !== input.numChannels)
          throw new Error(`variant ${name} rendered ${result.numChannels} × ${result.frames}, expected ${input.numChannels} × ${input.frames}`);
        times[name].push(result.ms);
        if (keep) outputRmsDb[name] = result.outputRmsDb;
      }
    }
    // Fidelity from FIDELITY_SETTLE_MS on (after wavegraph's parameter ramps, settings.js), and from frame 0.
    const settleFrames = Math.round((FIDELITY_SETTLE_MS / 1000) * input.sampleRateHz);
    const fidelity = (x, y, from) => page.evaluate(([x, y, from]) => window.wavegraphBench.fidelity(x, y, from), [x, y, from]);
    const ab = await fidelity('a', 'b', settleFrames);
    const db = await fidelity('d', 'b', settleFrames);
    const ab0 = await fidelity('a', 'b', 0);
    const db0 = await fidelity('d', 'b', 0);
    // (b') has its settings in the graph (no ramps): compared from frame 0.
    const aRounded = hasRounding ? await fidelity('a', "b'", 0) : undefined;
    const kernelB = hasProfile ? await fidelity('kernel', 'b', settleFrames) : undefined;
    // --render-size N: (b) once more with 128-frame quanta; its samples must not depend on the quantum.
    const quantumB = options.renderSize !== 128
      ? await fidelity(await page.evaluate(() => window.wavegraphBench.renderAtQuantum('b', 128)), 'b', 0) : undefined;
    await page.evaluate(() => window.wavegraphBench.model());
    const am = await fidelity('a', 'model', 0);
    const mb = await fidelity('model', 'b', settleFrames);
    const mRounded = hasRounding ? await fidelity('model', "b'", 0) : undefined;
    if (pageErrors.length > 0) throw new Error(pageErrors.join(' | '));

    const ms = Object.fromEntries(names.map((name) => [name, median(times[name])]));
    const cpu = Object.fromEntries(names.map((name) => [name, median(cpuTimes[name])]));
    // Worklet-thread CPU time, for the variants that had such a thread busy (≥ 1 ms).
    const thread = Object.fromEntries(names.map((name) => [name, threadTimes[name].length > 0 ? median(threadTimes[name]) : NaN])
      .map(([name, t]) => [name, t >= 1 ? t : NaN]));
    const hasThread = Number.isFinite(thread.b) && Number.isFinite(thread.c);
    const threadNsPerFrame = (name) => (thread[name] * 1e6) / input.frames;
    const nsPerFrame = (name) => (ms[name] * 1e6) / input.frames;
    const cpuNsPerFrame = (name) => (cpu[name] * 1e6) / input.frames;
    const browserVersion = await browser.version();
    const isChromium = browserName === 'chromium';

    const lines = [];
    lines.push(`wavegraph browser comparison — ${browserName} ${browserVersion}, OfflineAudioContext, stereo ${input.sampleRateHz} Hz, ` +
      `${options.seconds} s (${input.frames} frames) of seeded noise (RMS ${input.inputRmsDb.toFixed(1)} dBFS), ` +
      `median of ${options.runs} runs each (interleaved): wall time of startRendering, and the CPU time (user + system) ` +
      `all ${browserName} processes used meanwhile (/proc, ${Math.round(1000 / CLOCK_TICKS_PER_SECOND)} ms resolution); ` +
      `load average before the run ${loadBefore}`);
    lines.push(`  package: ${options.dist}`);
    for (const name of names) {
      const runs = times[name].map((t) => t.toFixed(0)).join(' ');
      const rms = outputRmsDb[name] !== undefined ? `, output RMS ${outputRmsDb[name].toFixed(2)} dBFS` : '';
      lines.push(`  (${name})${' '.repeat(Math.max(1, 4 - name.length))}${describe[name].padEnd(72)} ${ms[name].toFixed(1).padStart(7)} ms ` +
        `${nsPerFrame(name).toFixed(1).padStart(6)} ns/frame | CPU ${cpu[name].toFixed(0).padStart(4)} ms ` +
        `${cpuNsPerFrame(name).toFixed(1).padStart(6)} ns/frame` +
        (Number.isFinite(thread[name]) ? ` | worklet thread ${threadNsPerFrame(name).toFixed(1).padStart(5)} ns/frame` : '') +
        `   [wall runs ms: ${runs}${rms}]`);
    }
    // The three speed targets for a wavegraph variant w (b or b'), by wall and by CPU time.
    const byWall = (x, y) => ms[x] / ms[y];
    const byCpu = (x, y) => (cpu[y] > 0 ? cpu[x] / cpu[y] : NaN);
    const aboveEmpty = (per, w) => (per(w) - per('c')) / (per('raw') - per('c'));
    const ratioText = (r) => (Number.isFinite(r) && r > 0 ? `${r.toFixed(2)}×` : 'n/a');
    for (const w of hasRounding ? ['b', "b'"] : ['b']) {
      const targets = (by, per) => {
        const aw = by('a', w), dw = by('d', w);
        const parts = [
          `(a)/(${w}) = ${ratioText(aw)} (≥ ${TARGET_FASTER_THAN_CHROMIUM}×: ${met(aw >= TARGET_FASTER_THAN_CHROMIUM)})`,
          `(d)/(${w}) = ${ratioText(dw)} (≥ ${TARGET_FASTER_THAN_JS}×: ${met(dw >= TARGET_FASTER_THAN_JS)})`,
        ];
        if (hasRaw) {
          const above = aboveEmpty(per, w);
          parts.push(`((${w}) − (c)) / ((raw) − (c)) = ${ratioText(above)} (≤ ${TARGET_ABOVE_EMPTY_OF_RAW}×: ` +
            `${met(Number.isFinite(above) && above > 0 && above <= TARGET_ABOVE_EMPTY_OF_RAW)})`);
        }
        return parts.join(', ');
      };
      if (hasThread) {
        const dw = thread.d / thread[w], above = aboveEmpty(threadNsPerFrame, w);
        lines.push(`  targets of (${w}) by worklet-thread CPU time (schedstat, ns; (a) has no such thread): ` +
          `(d)/(${w}) = ${ratioText(dw)} (≥ ${TARGET_FASTER_THAN_JS}×: ${met(dw >= TARGET_FASTER_THAN_JS)})` +
          (hasRaw ? `, ((${w}) − (c)) / ((raw) − (c)) = ${ratioText(above)} (≤ ${TARGET_ABOVE_EMPTY_OF_RAW}×: ` +
            `${met(Number.isFinite(above) && above > 0 && above <= TARGET_ABOVE_EMPTY_OF_RAW)})` : ''));
      }
      lines.push(`  targets of (${w}) by CPU time: ${targets(byCpu, cpuNsPerFrame)}`);
      lines.push(`  targets of (${w}) by wall time: ${targets(byWall, nsPerFrame)}`);
    }
    if (hasRaw) {
      // (b) cannot cost less than the worklet machinery (c) plus the raw graph: (raw) itself.
      const floor = (per, unit) => {
        const least = per('raw');
        const forChromium = per('a') / TARGET_FASTER_THAN_CHROMIUM, forJs = per('d') / TARGET_FASTER_THAN_JS;
        const reach = (need) => (need >= least ? 'at or above the floor' : 'BELOW the floor');
        return `${unit}: floor (c) + raw graph = (raw) ${least.toFixed(1)} ns/frame (raw graph (raw) − (c) = ` +
          `${(least - per('c')).toFixed(1)}); (a)/${TARGET_FASTER_THAN_CHROMIUM} = ${forChromium.toFixed(1)} (${reach(forChromium)}), ` +
          `(d)/${TARGET_FASTER_THAN_JS} = ${forJs.toFixed(1)} (${reach(forJs)}); (b) ${per('b').toFixed(1)}`;
      };
      lines.push(`  the least (b) can cost, against what the first two targets need: by ${floor(cpuNsPerFrame, 'CPU time')}; ` +
        `by ${floor(nsPerFrame, 'wall time')}` +
        (hasThread && Number.isFinite(thread.raw) ? `; by worklet-thread CPU time: (raw) ${threadNsPerFrame('raw').toFixed(1)} ` +
          `(raw graph ${(threadNsPerFrame('raw') - threadNsPerFrame('c')).toFixed(1)}), (b) ${threadNsPerFrame('b').toFixed(1)}, ` +
          `(b) − (raw) = ${(threadNsPerFrame('b') - threadNsPerFrame('raw')).toFixed(1)} (the copies and processor.ts)` : ''));
    } else if (rawNote) {
      lines.push(`  ${rawNote}`);
    }
    const at = (d) => `at frame ${d.frame} ch ${d.channel}`;
    const roundingOk = hasRounding && aRounded.maxAbs < FIDELITY_LIMIT;
    const ownOk = db.maxAbs < OWN_FIDELITY_LIMIT;
    const modelOk = am.maxAbs < OWN_FIDELITY_LIMIT;
    const ok = (pass) => (pass ? 'ok' : 'FAILED');
    // The rounding model is Chromium's arithmetic: elsewhere a difference is information, not a failure.
    const chromiumOnly = (pass) => (isChromium ? ok(pass) : pass ? 'ok' : 'not met (enforced in Chromium only)');
    lines.push(`  fidelity (max abs difference; for (b) from ${FIDELITY_SETTLE_MS} ms on, as its setters ramp from 0 dB for 5 ms while (a) and (d) hold their values from frame 0):`);
    if (hasRounding)
      lines.push(`    max |a − b'| = ${aRounded.maxAbs.toExponential(2)} (${dbfs(aRounded.maxAbs)}) ${at(aRounded)}, from frame 0 ` +
        `(max |model − b'| = ${mRounded.maxAbs.toExponential(2)}): wavegraph with webAudioRounding vs ${browserName}'s nodes, ` +
        `limit < ${FIDELITY_LIMIT.toExponential(0)}: ${chromiumOnly(roundingOk)}`);
    else
      lines.push(`    (b') unavailable with this package (${roundingError}): a↔b' not measured${options.ci && REQUIRE_ROUNDING ? ': FAILED (--ci)' : ''}`);
    lines.push(`    max |d − b| = ${db.maxAbs.toExponential(2)} (${dbfs(db.maxAbs)}) ${at(db)}: wavegraph's default (double) ` +
      `feedback vs the double-precision JS chain (d), limit < ${OWN_FIDELITY_LIMIT.toExponential(0)}: ${ok(ownOk)}`);
    lines.push(`    max |model − a| = ${am.maxAbs.toExponential(2)} (${dbfs(am.maxAbs)}) from frame 0: a plain-JS model of Chromium's ` +
      `biquad (A = 10^(dB/40) and the feedback y[n−1], y[n−2] rounded to float32, else double) vs (a), ` +
      `limit < ${OWN_FIDELITY_LIMIT.toExponential(0)}: ${chromiumOnly(modelOk)}`);
    if (isChromium) {
      lines.push(`    information: max |a − b| = ${ab.maxAbs.toExponential(2)} (${dbfs(ab.maxAbs)}) ${at(ab)}, ` +
        `max |model − b| = ${mb.maxAbs.toExponential(2)}: Chromium's biquad (the model) rounds its feedback to float32, wavegraph's ` +
        `default keeps it in double (the low bands' poles near z = 1 amplify that rounding)`);
    } else {
      lines.push(`    max |a − b| = ${ab.maxAbs.toExponential(2)} (${dbfs(ab.maxAbs)}) ${at(ab)}: ${browserName}'s nodes vs ` +
        `wavegraph's default (double) feedback, limit < ${OWN_FIDELITY_LIMIT.toExponential(0)}: ${ok(ab.maxAbs < OWN_FIDELITY_LIMIT)} ` +
        `(max |model − b| = ${mb.maxAbs.toExponential(2)}: this browser's biquad keeps its feedback in double, as wavegraph's default)`);
    }
    if (names.includes('b0')) {
      const baselineB = await fidelity('b0', 'b', 0);
      lines.push(`    information: max |b0 − b| = ${baselineB.maxAbs.toExponential(2)} ${at(baselineB)} from frame 0 ` +
        `(the --baseline processor.js vs this package's, same settings and ramps)`);
    }
    if (hasProfile) {
      lines.push(`    information: max |kernel − b| = ${kernelB.maxAbs.toExponential(2)} ${at(kernelB)} ` +
        `(the profile's raw-export worklet renders (b)'s settings; limit < ${OWN_FIDELITY_LIMIT.toExponential(0)}: ` +
        `${ok(kernelB.maxAbs < OWN_FIDELITY_LIMIT)})`);
    }
    if (quantumB) {
      lines.push(`    max |b with 128-frame quanta − b| = ${quantumB.maxAbs.toExponential(2)} ${at(quantumB)} from frame 0 ` +
        `(--render-size ${options.renderSize}: the samples must not depend on the quantum; limit 0: ${ok(quantumB.maxAbs === 0)})`);
    }
    lines.push(`  from frame 0 (includes the ramps): max |a − b| = ${ab0.maxAbs.toExponential(2)} ${at(ab0)}; ` +
      `max |d − b| = ${db0.maxAbs.toExponential(2)} ${at(db0)}`);
    if (profileNote) lines.push(`  ${profileNote}`);
    if (hasProfile) {
      const split = (per) => `machinery (c) ${per('c').toFixed(1)}, copies into/out of wasm ${(per('copies') - per('c')).toFixed(1)}, ` +
        `raw export _wavegraph_process_block (DSP) ${(per('kernel') - per('copies')).toFixed(1)}, ` +
        `processor.ts per-quantum work (ring pull, event mirror, analyser publishing, stats) ${(per('b') - per('kernel')).toFixed(1)}`;
      lines.push(`  profile of (b), ns/frame, differences of medians (noisy): by wall time: ${split(nsPerFrame)}; ` +
        `by CPU time: ${split(cpuNsPerFrame)}` + (hasThread ? `; by worklet-thread CPU time: ${split(threadNsPerFrame)}` : ''));
    }
    if (names.includes('b0')) {
      const change = (per) => `${(per('b') - per('b0')).toFixed(1)} ns/frame (${(100 * (per('b') / per('b0') - 1)).toFixed(1)} %)`;
      const bestNsPerFrame = (name) => (Math.min(...times[name]) * 1e6) / input.frames;
      // Paired: run i of (b) and of (b0) ran next to each other, so their difference is less
      // disturbed by load that changes over the run; mean ± standard error over the runs.
      const paired = (series) => {
        const d = series.b.map((t, i) => ((t - series.b0[i]) * 1e6) / input.frames);
        const mean = d.reduce((x, y) => x + y, 0) / d.length;
        const se = Math.sqrt(d.reduce((x, y) => x + (y - mean) ** 2, 0) / (d.length - 1) / d.length);
        return `${mean.toFixed(2)} ± ${se.toFixed(2)} ns/frame`;
      };
      lines.push(`  (b) − (b0), this package's worklet minus the --baseline one (${options.baseline}): by wall time ${change(nsPerFrame)}, ` +
        `by CPU time ${change(cpuNsPerFrame)}, by the fastest wall time of each ${change(bestNsPerFrame)}; ` +
        `paired run by run (mean ± standard error): wall ${paired(times)}, CPU ${paired(cpuTimes)}` +
        (hasThread && Number.isFinite(thread.b0) ? `, worklet thread ${paired(threadTimes)}` : ''));
      lines.push(`  (b) and (b0) runs, CPU ms: ${cpuTimes.b.join(' ')} | ${cpuTimes.b0.join(' ')}`);
    }
    lines.push(`  ${browserName}: ${((Date.now() - startedInBrowserMs) / 1000).toFixed(1)} s (whole run so far ${((Date.now() - startedMs) / 1000).toFixed(1)} s)`);
    console.log(lines.join('\n'));
    // Exit 1 when wavegraph with webAudioRounding is not within 1e-5 of Chromium's
    // nodes (or (b') is unavailable), when wavegraph's default output is not that of an independent
    // double-precision biquad chain (d) to float rounding, when the float32 model of Chromium's
    // arithmetic no longer explains (a), or when the profile worklet does not render (b)'s settings.
    const failures = [];
    if (!hasRounding) {
      if (options.ci && REQUIRE_ROUNDING) failures.push(`(b') unavailable: ${roundingError}`);
    } else if (!roundingOk && isChromium) failures.push(`max |a − b'| ${aRounded.maxAbs.toExponential(2)} is not below ${FIDELITY_LIMIT.toExponential(0)}`);
    if (!ownOk) failures.push(`max |d − b| ${db.maxAbs.toExponential(2)} is not below ${OWN_FIDELITY_LIMIT.toExponential(0)}`);
    if (!modelOk && isChromium) failures.push(`max |model − a| ${am.maxAbs.toExponential(2)} is not below ${OWN_FIDELITY_LIMIT.toExponential(0)}`);
    if (!isChromium && !(ab.maxAbs < OWN_FIDELITY_LIMIT))
      failures.push(`max |a − b| ${ab.maxAbs.toExponential(2)} (${browserName}'s nodes vs wavegraph's default) is not below ${OWN_FIDELITY_LIMIT.toExponential(0)}`);
    if (hasProfile && !(kernelB.maxAbs < OWN_FIDELITY_LIMIT))
      failures.push(`the profile worklet differs from (b) by ${kernelB.maxAbs.toExponential(2)} (not below ${OWN_FIDELITY_LIMIT.toExponential(0)})`);
    if (quantumB && quantumB.maxAbs !== 0)
      failures.push(`(b) with ${options.renderSize}-frame quanta differs from (b) with 128-frame quanta by ${quantumB.maxAbs.toExponential(2)}`);
    if (failures.length > 0) {
      console.error(`bench/browser/run.mjs (${browserName}): ${failures.join('; ')}`);
      exitCode = 1;
    }
  } catch (error) {
    console.error(`bench/browser/run.mjs (${browserName}): ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    exitCode = 1;
  } finally {
    if (browser) await browser.close().catch(() => {});
  }
  return exitCode;
}
