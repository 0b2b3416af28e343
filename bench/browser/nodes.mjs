// The new nodes against the browser's own nodes (docs/performance.md, "New nodes against
// Chromium's"; a measurement, not a timed test). Starts its own Vite server for bench/browser/
// (COOP/COEP) and opens nodes.html in headless Debian Chromium (and/or Firefox ESR,
// tests/e2e/browsers.mjs). There each job (nodes-main.js: dynamicsCompressor, waveShaper
// none/2x/4x, channelSplitter → channelMerger, gain automation, convolver with a 1 s and a 3 s
// impulse response when the package has it, and "pass" without a node) renders
// `seconds` of seeded stereo 48 kHz noise through
//   web      the browser's node in an OfflineAudioContext,
//   worklet  wavegraph's worklet with the job's graph JSON in an OfflineAudioContext,
//   offline  wavegraph's renderOffline with the same graph JSON on the page's main thread,
// `runs` times, interleaved (job by job, engine by engine, then again), after one untimed render
// of the first job on each engine. Prints one table per
// browser: median CPU time of the browser's processes during the render (the accounting of
// run.mjs: /proc, user + system, all threads, 10 ms resolution) and median wall time, in ns per
// frame; the ratios browser / wavegraph of those medians; the same above "pass"; and max
// |web − worklet| and |web − offline| of the first run (both engines render the same job).
//
// Usage: node bench/browser/nodes.mjs [--runs N (1…20, default 3)] [--seconds S (1…600, default 60)]
//          [--jobs NAME[,NAME…]] [--browser chromium|firefox|all (default chromium)] [--dist DIR]
// Exit codes: 0 done (nothing is enforced); 1 a page error, a failed render or the watchdog;
// 2 bad arguments or dist/ missing.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SECONDS } from './settings.js';
import { browserDescendants, CLOCK_TICKS_PER_SECOND, cpuMs, loadAverage, median } from './cpu-time.mjs';
import { browserOption, launchBrowser } from '../../tests/e2e/browsers.mjs';
import { startBenchServer } from './bench-server.mjs';

const ENGINES = ['web', 'worklet', 'offline'];
const WATCHDOG_MS_PER_BROWSER = 30 * 60_000;
const here = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = path.resolve(here, '../..');

const fixed = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

function usageError(message) {
  console.error(`bench/browser/nodes.mjs: ${message}`);
  process.exit(2);
}

function parseArgs(args) {
  let parsed;
  try {
    parsed = browserOption(args.includes('--browser') ? args : [...args, '--browser', 'chromium']);
  } catch (error) {
    usageError(error.message);
  }
  const argv = parsed.rest;
  const options = { runs: 3, seconds: DEFAULT_SECONDS, jobs: undefined, dist: path.join(repoRoot, 'dist'), browsers: parsed.browsers };
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i], value = argv[i + 1];
    if (!['--runs', '--seconds', '--jobs', '--dist'].includes(flag))
      usageError(`unknown argument "${flag}" (allowed: --runs N, --seconds S, --jobs A,B, --dist DIR, --browser B)`);
    if (value === undefined) usageError(`${flag} needs a value`);
    if (flag === '--jobs') { options.jobs = value.split(','); continue; }
    if (flag === '--dist') { options.dist = path.resolve(value); continue; }
    const number = Number(value);
    if (flag === '--runs' && !(Number.isInteger(number) && number >= 1 && number <= 20)) usageError(`--runs ${value} is out of range (an integer 1…20)`);
    if (flag === '--seconds' && !(number >= 1 && number <= 600)) usageError(`--seconds ${value} is out of range (1…600)`);
    options[flag.slice(2)] = number;
  }
  if (!existsSync(path.join(options.dist, 'index.js')) || !existsSync(path.join(options.dist, 'processor.js')))
    usageError(`${options.dist}/index.js or processor.js is missing: build first (bash scripts/build.sh wasm-core && bash scripts/build.sh ts)`);
  return options;
}

const options = parseArgs(process.argv.slice(2));
const startedMs = Date.now();
const cleanups = [];
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
  console.error(`bench/browser/nodes.mjs: the run exceeded ${watchdogMs / 1000} s`);
  await cleanUp();
  process.exit(1);
}, watchdogMs);

let exitCode = 0;
try {
  const port = await startBenchServer(options.dist, cleanups);
  for (const browserName of options.browsers) {
    if (await benchIn(browserName, port) !== 0) exitCode = 1;
  }
} catch (error) {
  console.error(`bench/browser/nodes.mjs: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  exitCode = 1;
} finally {
  clearTimeout(watchdog);
  await cleanUp();
}
process.exit(exitCode);

/** The benchmark in one browser: prints its table; resolves to 0, or 1 on a failure (printed). */
async function benchIn(browserName, port) {
  const startedInBrowserMs = Date.now();
  const loadBefore = loadAverage();
  const pageErrors = [];
  let browser;
  try {
    browser = await launchBrowser(browserName, {});
    const page = await browser.newPage();
    page.setDefaultTimeout(600_000);
    page.on('console', (message) => { if (message.type() === 'error') pageErrors.push(`console error: ${message.text()}`); });
    page.on('pageerror', (error) => pageErrors.push(`page error: ${error.message}`));
    await page.goto(`http://127.0.0.1:${port}/nodes.html`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.wavegraphNodesBench !== undefined, null, { timeout: 30_000 });
    const input = await page.evaluate((s) => window.wavegraphNodesBench.prepare(s), options.seconds);
    if (!input.crossOriginIsolated) throw new Error('the page is not cross-origin isolated (COOP/COEP headers missing)');
    const labels = await page.evaluate(() => window.wavegraphNodesBench.jobs);
    const engineTexts = await page.evaluate(() => window.wavegraphNodesBench.engines);
    const unavailable = await page.evaluate(() => window.wavegraphNodesBench.unavailable);
    const unknown = (options.jobs ?? []).find((job) => !(job in labels));
    if (unknown !== undefined) throw new Error(`--jobs: unknown job "${unknown}" (allowed: ${Object.keys(labels).join(', ')})`);
    const jobs = (options.jobs ?? Object.keys(labels)).filter((job) => !(job in unavailable));
    if (jobs.length === 0) throw new Error('no job left to run');

    // One untimed render per engine first (the browser's and the worklet's code tier up in it).
    for (const engine of ENGINES) {
      await page.evaluate(([j, e]) => window.wavegraphNodesBench.setUp(j, e), [jobs[0], engine]);
      await page.evaluate(() => window.wavegraphNodesBench.start());
    }
    const wall = {}, cpu = {}, rms = {}, differences = {};
    for (const job of jobs) for (const engine of ENGINES) { wall[`${job}/${engine}`] = []; cpu[`${job}/${engine}`] = []; }
    for (let run = 0; run < options.runs; run++) {
      for (const job of jobs) {
        for (const engine of ENGINES) {
          const key = `${job}/${engine}`;
          const keep = run > 0 ? undefined : engine === 'web' ? 'reference' : 'compare';
          await page.evaluate(([j, e]) => window.wavegraphNodesBench.setUp(j, e), [job, engine]);
          const pids = browserDescendants(process.pid, browserName);
          const cpuBefore = cpuMs(pids);
          const result = await page.evaluate((k) => window.wavegraphNodesBench.start(k), keep);
          cpu[key].push(cpuMs(pids) - cpuBefore);
          wall[key].push(result.ms);
          if (result.frames !== input.frames || result.numChannels !== input.numChannels)
            throw new Error(`${key} rendered ${result.numChannels} × ${result.frames}, expected ${input.numChannels} × ${input.frames}`);
          if (run === 0) rms[key] = result.outputRmsDb;
          if (result.difference) differences[key] = result.difference;
          if (pageErrors.length > 0) throw new Error(pageErrors.join(' | '));
        }
      }
    }
    const version = await browser.version();
    const perFrame = (ms) => (ms * 1e6) / input.frames;
    const cpuNs = (job, engine) => perFrame(median(cpu[`${job}/${engine}`]));
    const wallNs = (job, engine) => perFrame(median(wall[`${job}/${engine}`]));
    const hasPass = jobs.includes('pass');
    const above = (per, job, engine) => per(job, engine) - per('pass', engine);

    const lines = [];
    lines.push(`wavegraph's nodes against ${browserName} ${version}'s, stereo ${input.sampleRateHz} Hz, ${options.seconds} s ` +
      `(${input.frames} frames) of seeded noise (RMS ${input.inputRmsDb.toFixed(1)} dBFS), median of ${options.runs} interleaved runs; ` +
      `CPU = user + system time of all ${browserName} processes during the render (/proc, ${Math.round(1000 / CLOCK_TICKS_PER_SECOND)} ms ` +
      `resolution = ${fixed(perFrame(1000 / CLOCK_TICKS_PER_SECOND), 2)} ns/frame); load average before ${loadBefore}, ${os.cpus()[0]?.model ?? 'CPU unknown'}`);
    lines.push(`  package: ${options.dist}`);
    lines.push(`  engines: ${ENGINES.map((e) => `${e} = ${engineTexts[e]}`).join('; ')}`);
    lines.push('');
    const header = ['job', 'web CPU', 'worklet CPU', 'offline CPU', 'web/worklet', 'web/offline',
      ...(hasPass ? ['web−pass', 'worklet−pass', 'ratio above pass'] : []), 'wall web / worklet / offline', 'max |web−worklet|', 'max |web−offline|'];
    const rows = [header];
    for (const job of jobs) {
      const row = [job, fixed(cpuNs(job, 'web')), fixed(cpuNs(job, 'worklet')), fixed(cpuNs(job, 'offline')),
        `${fixed(cpuNs(job, 'web') / cpuNs(job, 'worklet'), 2)}×`, `${fixed(cpuNs(job, 'web') / cpuNs(job, 'offline'), 2)}×`];
      if (hasPass) {
        const w = above(cpuNs, job, 'web'), k = above(cpuNs, job, 'worklet');
        row.push(job === 'pass' ? '—' : fixed(w), job === 'pass' ? '—' : fixed(k), job === 'pass' ? '—' : `${fixed(w / k, 2)}×`);
      }
      row.push(`${fixed(wallNs(job, 'web'))} / ${fixed(wallNs(job, 'worklet'))} / ${fixed(wallNs(job, 'offline'))}`);
      for (const engine of ['worklet', 'offline']) {
        const d = differences[`${job}/${engine}`];
        row.push(d ? `${d.maxAbs.toExponential(2)}${d.maxAbs > 0 ? ` (frame ${d.frame})` : ''}` : 'n/a');
      }
      rows.push(row);
    }
    const widths = header.map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    for (const r of rows) lines.push(`  ${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')}`);
    lines.push('  (ns/frame; ratios > 1: wavegraph takes less CPU time than the browser\'s node)');
    lines.push('');
    for (const [job, reason] of Object.entries(unavailable)) lines.push(`  ${job}: not run (${reason})`);
    for (const job of jobs) lines.push(`  ${job}: ${labels[job]}; output RMS web ${fixed(rms[`${job}/web`], 2)}, worklet ${fixed(rms[`${job}/worklet`], 2)}, offline ${fixed(rms[`${job}/offline`], 2)} dBFS`);
    lines.push(`  CPU runs, ms (web | worklet | offline): ${jobs.map((job) => `${job} ${ENGINES.map((e) => cpu[`${job}/${e}`].map((x) => x.toFixed(0)).join(' ')).join(' | ')}`).join('; ')}`);
    lines.push(`  ${browserName}: ${((Date.now() - startedInBrowserMs) / 1000).toFixed(1)} s (whole run so far ${((Date.now() - startedMs) / 1000).toFixed(1)} s); load average after ${loadAverage()}`);
    console.log(lines.join('\n'));
    return 0;
  } catch (error) {
    console.error(`bench/browser/nodes.mjs (${browserName}): ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    return 1;
  } finally {
    if (browser) await browser.close().catch(() => {});
  }
}
