// The raw wasm graph (bench/browser/wasm-hosts/loop.js: the reference graph through
// _wavegraph_process_block per 128-frame block, no copies) timed by the CPU time of the thread
// that runs it, in each host. Node (this process's main thread): node (blocks back to back),
// evict (a block, then other work: writes to every 64-byte line of EVICT_KIB KiB, default 256, or
// with EVICT_JSON=N a JSON.parse + stringify of N small objects, with EVICT_CODE=N a call of each of
// N distinct small functions) and evictOnly (that work alone).
// Headless Chromium: main (the page's main thread), worker (a dedicated Worker), worklet (an
// AudioWorklet thread running the same back-to-back loop from a port message), quantum (an
// OfflineAudioContext whose process() runs one block per 128-frame quantum), empty (the same with
// an empty process(): Chromium's own rendering, to subtract), quantum8 / empty8 (8 blocks per
// 128-frame quantum, an eighth of the quanta), quantum1024 / empty1024 (8 blocks per quantum of a
// context made with renderSizeHint 1024). Every Chromium host shares one compiled
// WebAssembly.Module (compiled on the page, posted to the Worker and the worklets); every host
// runs 60 s of audio as a warm-up first; runs are interleaved host by host.
// Thread CPU time: /proc/PID/task/TID/schedstat (ns) of the thread of the browser's processes
// that ran most during the run (its name is printed), of this thread in Node.
//   node bench/browser/wasm-hosts.mjs [--runs N] [--seconds S] [--hosts node,main,…]   (defaults 5, 10, every host)
//   V8 flags for diagnosis: node <flags> bench/browser/wasm-hosts.mjs (Node), EXTRA_CHROMIUM_ARGS='--js-flags=<flags>' (Chromium).
// Needs dist/wavegraph-core.* (bash scripts/build.sh wasm-core; WAVEGRAPH_DIST=<dir> picks another).
// Exit codes: 0 done; 1 failed.
import { createServer } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchBrowser } from '../../tests/e2e/browsers.mjs';
import { browserDescendants, loadAverage, median } from './cpu-time.mjs';
import { setUpRawLoop, BLOCK_FRAMES, SAMPLE_RATE_HZ } from './wasm-hosts/loop.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const dist = path.resolve(process.env.WAVEGRAPH_DIST ?? path.join(here, '../../dist'));
const HOSTS = ['node', 'evict', 'evictOnly', 'main', 'worker', 'worklet', 'quantum', 'empty', 'quantum8', 'empty8', 'quantum1024', 'empty1024'];
const options = { runs: 5, seconds: 10, hosts: HOSTS.filter((h) => !h.startsWith('evict')) };
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i += 2) {
  if (args[i] === '--runs') options.runs = Number(args[i + 1]);
  else if (args[i] === '--seconds') options.seconds = Number(args[i + 1]);
  else if (args[i] === '--hosts') options.hosts = args[i + 1].split(',');
  else {
    console.error(`bench/browser/wasm-hosts.mjs: unknown argument "${args[i]}" (allowed: --runs N, --seconds S, --hosts ${HOSTS.join(',')})`);
    process.exit(1);
  }
}
for (const host of options.hosts) if (!HOSTS.includes(host)) {
  console.error(`bench/browser/wasm-hosts.mjs: unknown host "${host}" (allowed: ${HOSTS.join(', ')})`);
  process.exit(1);
}
const blocks = Math.round((options.seconds * SAMPLE_RATE_HZ) / BLOCK_FRAMES);
const warmBlocks = Math.round((60 * SAMPLE_RATE_HZ) / BLOCK_FRAMES);
const framesPerRun = blocks * BLOCK_FRAMES;

/** ns on a CPU of every thread of `pids`, keyed "pid/tid", with its name. */
function threadTimes(pids) {
  const times = new Map();
  for (const pid of pids) {
    let tids = [];
    try { tids = readdirSync(`/proc/${pid}/task`); } catch { continue; }
    for (const tid of tids) {
      try {
        const ns = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
        times.set(`${pid}/${tid}`, { ns, name: readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim() });
      } catch { /* exited */ }
    }
  }
  return times;
}

/** The thread of `after` that ran most since `before` (a new thread counts whole): { ns, name }. */
function busiest(before, after) {
  let best = { ns: 0, name: '' };
  for (const [key, { ns, name }] of after) {
    const ran = ns - (before.get(key)?.ns ?? 0);
    if (ran > best.ns) best = { ns: ran, name };
  }
  return best;
}

const files = {
  '/dist/wavegraph-core.mjs': [path.join(dist, 'wavegraph-core.mjs'), 'text/javascript'],
  '/dist/wavegraph-core.wasm': [path.join(dist, 'wavegraph-core.wasm'), 'application/wasm'],
  '/loop.js': [path.join(here, 'wasm-hosts/loop.js'), 'text/javascript'],
  '/worker.js': [path.join(here, 'wasm-hosts/worker.js'), 'text/javascript'],
  '/processor.js': [path.join(here, 'wasm-hosts/processor.js'), 'text/javascript'],
  '/page.js': [path.join(here, 'wasm-hosts/page.js'), 'text/javascript'],
  '/': [undefined, 'text/html'],
};
const server = createServer((request, response) => {
  const entry = files[request.url];
  if (!entry) { response.writeHead(404); response.end(); return; }
  response.writeHead(200, {
    'Content-Type': entry[1], 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp',
  });
  response.end(entry[0] ? readFileSync(entry[0]) : '<!doctype html><script type="module" src="/page.js"></script>');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = server.address().port;

const results = Object.fromEntries(options.hosts.map((h) => [h, { ns: [], names: new Set() }]));
let browser;
let exitCode = 0;
try {
  const nodeHosts = ['node', 'evict', 'evictOnly'];
  const browserHosts = options.hosts.filter((h) => !nodeHosts.includes(h));
  let page, pids = [];
  if (browserHosts.length > 0) {
    browser = await launchBrowser('chromium', { extraArgs: process.env.EXTRA_CHROMIUM_ARGS ? process.env.EXTRA_CHROMIUM_ARGS.split(' ') : [] });
    page = await browser.newPage();
    page.setDefaultTimeout(600_000);
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => window.wasmHosts !== undefined);
    const info = await page.evaluate((n) => window.wasmHosts.prepare(n), warmBlocks);
    console.log(`${info.userAgent}; cross-origin isolated: ${info.crossOriginIsolated}`);
    pids = browserDescendants(process.pid, 'chromium');
  }
  let nodeLoop;
  const evictBytes = new Uint8Array(Number(process.env.EVICT_KIB ?? 256) * 1024);
  // EVICT_JSON=N: between blocks, parse and print a JSON text of N objects instead (code and data other than the graph's).
  const evictJson = process.env.EVICT_JSON ? JSON.stringify(Array.from({ length: Number(process.env.EVICT_JSON) }, (_, i) => ({ id: `n${i}`, type: 'biquad', params: { frequencyHz: 60 * i, q: 1, gainDb: -i } }))) : '';
  // EVICT_CODE=N: between blocks, call N distinct small functions once each (machine code, little data).
  const evictCode = Array.from({ length: Number(process.env.EVICT_CODE ?? 0) }, (_, i) =>
    new Function('x', `let y = x ^ ${i}; for (let k = 0; k < ${1 + (i % 3)}; k++) y = (y * ${i + 3} + ${i % 11}) | 0; return y & 0xffff;`));
  let sink = 0;
  if (options.hosts.some((h) => nodeHosts.includes(h))) {
    const { default: createWavegraphCore } = await import(pathToFileURL(path.join(dist, 'wavegraph-core.mjs')).href);
    nodeLoop = setUpRawLoop(createWavegraphCore, new WebAssembly.Module(readFileSync(path.join(dist, 'wavegraph-core.wasm'))));
    nodeLoop.runBlocks(warmBlocks);
  }
  const method = { main: 'main', worker: 'worker', worklet: 'workletMessage', quantum: 'workletQuantum', empty: 'workletEmpty', quantum8: 'workletQuantum8', empty8: 'workletEmpty8', quantum1024: 'workletQuantum1024', empty1024: 'workletEmpty1024' };
  const selfStat = `/proc/self/task/${process.pid}/schedstat`;
  for (let run = 0; run < options.runs; run++) {
    for (const host of options.hosts) {
      if (nodeHosts.includes(host)) {
        const t0 = Number(readFileSync(selfStat, 'utf8').split(' ')[0]);
        if (host === 'node') nodeLoop.runBlocks(blocks);
        else for (let b = 0; b < blocks; b++) {
          if (host === 'evict') nodeLoop.runBlocks(1);
          if (evictJson) sink += JSON.stringify(JSON.parse(evictJson)).length;
          else if (evictCode.length > 0) for (const f of evictCode) sink = f(sink);
          else for (let i = 0; i < evictBytes.length; i += 64) evictBytes[i]++;
        }
        results[host].ns.push(Number(readFileSync(selfStat, 'utf8').split(' ')[0]) - t0);
        results[host].names.add('node main');
        continue;
      }
      const before = threadTimes(pids);
      await page.evaluate(([m, n]) => window.wasmHosts[m](n), [method[host], blocks]);
      const found = busiest(before, threadTimes(browserDescendants(process.pid, 'chromium')));
      results[host].ns.push(found.ns);
      results[host].names.add(found.name);
    }
  }
  console.log(`raw graph, CPU ns/frame of the thread running it (${options.runs} runs × ${options.seconds} s, interleaved; load ${loadAverage()})`);
  console.log('host      median    min     max    thread');
  for (const host of options.hosts) {
    const perFrame = results[host].ns.map((ns) => ns / framesPerRun);
    console.log(`${host.padEnd(8)} ${median(perFrame).toFixed(2).padStart(7)} ${Math.min(...perFrame).toFixed(2).padStart(7)} ${Math.max(...perFrame).toFixed(2).padStart(7)}    ${[...results[host].names].join(', ')}`);
  }
  if (results.quantum && results.empty) {
    const q = median(results.quantum.ns.map((ns) => ns / framesPerRun)), e = median(results.empty.ns.map((ns) => ns / framesPerRun));
    console.log(`quantum − empty (medians) ${(q - e).toFixed(2)}`);
  }
  const med = (h) => median(results[h].ns.map((ns) => ns / framesPerRun));
  if (results.quantum8 && results.empty8) console.log(`quantum8 − empty8 (medians) ${(med('quantum8') - med('empty8')).toFixed(2)}`);
  if (results.quantum1024 && results.empty1024) console.log(`quantum1024 − empty1024 (medians) ${(med('quantum1024') - med('empty1024')).toFixed(2)}`);
  if (results.evict && results.evictOnly) console.log(`evict − evictOnly (medians) ${(med('evict') - med('evictOnly')).toFixed(2)}`);
} catch (error) {
  console.error(`bench/browser/wasm-hosts.mjs: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  exitCode = 1;
} finally {
  await browser?.close();
  server.close();
}
process.exit(exitCode);
