// The browser soak: a real-time AudioContext in headless Chromium runs the engine (the reference
// graph with a pink-noise source) for MINUTES while the page sends seeded random traffic: 1–3
// setParam calls every 10 ms (EQ band gains and Qs, the master gain) and a loadGraph every 2 s
// (the reference graph with random band gains, then an oscillator source, alternating). Measures
// every 15 s: the page's JS heap after a forced GC (CDP), the renderer processes' VmRSS (which
// holds the worklet's wasm memory), the engine's stats. Checks: JS heap and renderer memory flat
// after the first minute (growth ≤ 1 MiB and ≤ 16 MiB), 0 dropped commands, 0 refused setParam
// calls or loadGraph rejections, 0 console errors, the context kept running and rendered
// quanta at its rate (≥ 90 %). Prints the figures; --json FILE writes them.
//
//   node tests/soak/browser_soak.mjs [--minutes 5] [--seed 1] [--json out.json]
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { launchBrowser } from '../e2e/browsers.mjs';
import { openPage } from '../e2e/demo-page.mjs';
import { startDemoServer } from '../e2e/demo-server.mjs';
import { closeWithin } from '../e2e/harness.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const minutes = Number(option('minutes', '5'));
const seed = Number(option('seed', '1'));
const jsonPath = option('json', '');
if (!(minutes > 0) || !Number.isInteger(seed)) {
  console.error('browser_soak: --minutes must be > 0 and --seed an integer');
  process.exit(2);
}
const say = (text) => console.log(`[browser soak] ${text}`);

/** VmRSS (KiB) summed over the Chromium renderer processes that descend from this process. */
function rendererRssKib() {
  const parents = new Map();
  const renderers = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      parents.set(Number(entry), Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0));
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes('--type=renderer'))
        renderers.push({ pid: Number(entry), rssKib: Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0) });
    } catch {
      // the process ended meanwhile
    }
  }
  const descends = (pid) => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; p = parents.get(p) ?? 0, ++hops) if (p === process.pid) return true;
    return false;
  };
  return renderers.filter((r) => descends(r.pid)).reduce((sum, r) => sum + r.rssKib, 0);
}

const server = await startDemoServer({ crossOriginIsolated: true });
const browser = await launchBrowser('chromium');
let failures = [];
const samples = [];
let result;
try {
  const { page, errors } = await openPage(browser, `${server.url}offline-test.html`);
  await page.waitForFunction(() => window.wavegraph !== undefined);
  const cdp = await page.context().newCDPSession(page);
  const heapKib = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize / 1024;
  };
  await page.evaluate(async (seed) => {
    const { createEngine, referenceGraph } = window.wavegraph;
    const context = new AudioContext({ sampleRate: 48000 });
    const engine = await createEngine(context, { graph: referenceGraph({ source: 'pinkNoise' }) });
    engine.node.connect(context.destination);
    await context.resume();
    let state = seed >>> 0;
    const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const soak = { engine, context, setParams: 0, refused: [], loadGraphs: 0, loadFailures: [], events: 0, timers: [] };
    engine.on('event', () => { soak.events += 1; });
    soak.timers.push(setInterval(() => {
      const count = 1 + Math.floor(random() * 3);
      for (let i = 0; i < count; ++i) {
        const band = Math.floor(random() * 8);
        const pick = random();
        const status = pick < 0.5 ? engine.setParam('eq', `band${band}.gainDb`, Math.round((random() * 40 - 30) * 10) / 10)
          : pick < 0.8 ? engine.setParam('eq', `band${band}.q`, 0.3 + random() * 4)
          : engine.setParam('master', 'gainDb', -30 + random() * 30);
        soak.setParams += 1;
        if (!status.ok && soak.refused.length < 5) soak.refused.push(status.message);
        else if (!status.ok) soak.refused.push('…');
      }
    }, 10));
    let swap = 0;
    soak.timers.push(setInterval(() => {
      swap += 1;
      const graph = swap % 2 === 1
        ? referenceGraph({ source: 'pinkNoise', bandGainsDb: Array.from({ length: 8 }, () => Math.round(random() * 24 - 18)) })
        : referenceGraph({ source: 'oscillator', frequencyHz: 100 + Math.round(random() * 2000), levelDb: -12 });
      engine.loadGraph(graph).then(() => { soak.loadGraphs += 1; }, (error) => { soak.loadFailures.push(error.message); });
    }, 2000));
    window.soak = soak;
  }, seed);

  const startMs = Date.now();
  const totalMs = minutes * 60_000;
  const sample = async () => {
    const page_ = await page.evaluate(() => {
      const s = window.soak;
      return { stats: s.engine.stats(), state: s.context.state, setParams: s.setParams, loadGraphs: s.loadGraphs,
        refused: s.refused.length, loadFailures: s.loadFailures.length, events: s.events, currentTime: s.context.currentTime };
    });
    const entry = { seconds: (Date.now() - startMs) / 1000, heapKib: await heapKib(), rendererRssKib: rendererRssKib(), ...page_ };
    samples.push(entry);
    say(`${entry.seconds.toFixed(0)} s: JS heap ${(entry.heapKib / 1024).toFixed(2)} MiB, renderers ${(entry.rendererRssKib / 1024).toFixed(1)} MiB, ` +
      `${entry.setParams} setParam, ${entry.loadGraphs} loadGraph, quanta ${entry.stats.quanta}, dropped ${entry.stats.commandsDropped}, ` +
      `load ${entry.stats.audioLoadPercent.toFixed(1)} %, ${entry.state}`);
  };
  await sample();
  while (Date.now() - startMs < totalMs) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(15_000, totalMs - (Date.now() - startMs))));
    await sample();
  }
  const details = await page.evaluate(() => {
    const s = window.soak;
    for (const t of s.timers) clearInterval(t);
    return { refused: s.refused, loadFailures: s.loadFailures };
  });
  const first = samples[0];
  const warm = samples.find((s) => s.seconds >= Math.min(60, totalMs / 2000)) ?? first;
  const last = samples.at(-1);
  const heapGrowthKib = last.heapKib - warm.heapKib;
  const rssGrowthKib = last.rendererRssKib - warm.rendererRssKib;
  const expectedQuanta = (last.currentTime * 48000) / 128;
  if (heapGrowthKib > 1024) failures.push(`JS heap grew ${(heapGrowthKib / 1024).toFixed(2)} MiB after warm-up`);
  if (rssGrowthKib > 16 * 1024) failures.push(`renderer memory grew ${(rssGrowthKib / 1024).toFixed(1)} MiB after warm-up`);
  if (last.stats.commandsDropped !== 0) failures.push(`${last.stats.commandsDropped} commands dropped`);
  if (last.refused !== 0) failures.push(`${last.refused} setParam calls refused: ${details.refused.join('; ')}`);
  if (last.loadFailures !== 0) failures.push(`${last.loadFailures} loadGraph rejections: ${details.loadFailures.slice(0, 3).join('; ')}`);
  if (errors.length !== 0) failures.push(`${errors.length} console errors: ${errors.slice(0, 3).join('; ')}`);
  if (last.state !== 'running') failures.push(`the context is ${last.state}`);
  if (!(last.stats.quanta >= 0.9 * expectedQuanta)) failures.push(`${last.stats.quanta} quanta for ${expectedQuanta.toFixed(0)} expected`);
  result = {
    seconds: minutes * 60, seed, setParams: last.setParams, loadGraphs: last.loadGraphs, quanta: last.stats.quanta,
    expectedQuanta: Math.round(expectedQuanta), audioLoadPercent: last.stats.audioLoadPercent,
    heapKib: { start: first.heapKib, afterWarmUp: warm.heapKib, end: last.heapKib },
    rendererRssKib: { start: first.rendererRssKib, afterWarmUp: warm.rendererRssKib, end: last.rendererRssKib },
    droppedCommands: last.stats.commandsDropped, eventsDropped: last.stats.eventsDropped, consoleErrors: errors.length,
    browser: `chromium ${browser.version()}`, failures, samples,
  };
  await engineClose(page);
} catch (error) {
  failures = [`error: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`];
  result = { seconds: minutes * 60, seed, failures, samples };
} finally {
  await closeWithin(() => browser.close(), 10_000, 'the browser');
  await closeWithin(() => server.close(), 10_000, 'the server');
}

async function engineClose(page) {
  await page.evaluate(async () => {
    window.soak.engine.close();
    await window.soak.context.close();
  });
}

if (jsonPath) writeFileSync(jsonPath, `${JSON.stringify(result, null, 2)}\n`);
if (result.heapKib)
  say(`JS heap ${(result.heapKib.afterWarmUp / 1024).toFixed(2)} → ${(result.heapKib.end / 1024).toFixed(2)} MiB after warm-up, ` +
    `renderers ${(result.rendererRssKib.afterWarmUp / 1024).toFixed(1)} → ${(result.rendererRssKib.end / 1024).toFixed(1)} MiB, ` +
    `${result.setParams} setParam, ${result.loadGraphs} loadGraph, ${result.droppedCommands} dropped, ${result.consoleErrors} console errors`);
for (const f of failures) say(`FAIL: ${f}`);
say(failures.length ? 'soak FAILED' : 'soak passed');
process.exit(failures.length ? 1 : 0);
