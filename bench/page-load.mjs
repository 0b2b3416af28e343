// What the demo page costs to load and start, in headless Debian Chromium (playwright-core):
//   transferred   bytes of every response body the server sends from page load to the first
//                 rendered quantum and 1 s more, gzip-encoded (zlib level 6), per file (counted
//                 by the server: the page's network log does not show the AudioWorklet's fetch)
//   wasm fetches  how many responses were .wasm files
//   start         ms from the Start click (a capture listener, before the page's handler) to
//                 the first rendered quantum (the worklet's first write into the analyser
//                 buffer the page shares with it, polled every ~0.1 ms), and its parts: until
//                 audioWorklet.addModule is called, addModule itself (fetching and evaluating
//                 processor.js), until the AudioWorkletNode exists (its processor constructed:
//                 the core instantiated, the graph built), until the first quantum
//   wasm memory   the sum of every WebAssembly.Memory's size in the page and its AudioWorklet,
//                 1 s after the first quantum (a separate run: it wraps WebAssembly.Instance on
//                 both threads, which the timed runs do not)
// The demo is built with Vite (`vite build`, demo/vite.config.ts of the checkout measured) into
// a temporary directory and served cross-origin isolated (COOP/COEP) from 127.0.0.1, a fresh
// browser context per run (nothing cached).
// Usage: node bench/page-load.mjs [--root CHECKOUT] [--runs N]
//   --root  the checkout whose dist/ and demo/ are measured (default: this one), e.g. a worktree
//           of an earlier commit built with `bash scripts/build.sh wasm && bash scripts/build.sh ts`
// Exit codes: 0 done; 1 the page did not start; 2 bad arguments.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const here = fileURLToPath(new URL('.', import.meta.url));
const args = process.argv.slice(2);
let root = resolve(here, '..');
let runs = 5;
for (let i = 0; i < args.length; ++i) {
  if (args[i] === '--root') root = resolve(args[++i] ?? '');
  else if (args[i] === '--runs') runs = Number(args[++i]);
  else {
    console.error(`bench/page-load.mjs: unknown argument '${args[i]}' (allowed: --root DIR, --runs N)`);
    process.exit(2);
  }
}
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`bench/page-load.mjs: --runs ${runs} must be a whole number ≥ 1`);
  process.exit(2);
}

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'];
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml' };
const SETTLE_MS = 1000;

/** Serves `dir` gzip-encoded with COOP/COEP, noting { path, bytes } of each response in `log`. */
function serve(dir, log) {
  const gzipped = new Map();
  const server = createServer((request, response) => {
    try {
      const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
      let file = join(dir, path);
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      if (!gzipped.has(file)) gzipped.set(file, gzipSync(readFileSync(file), { level: 6 }));
      log.push({ path, bytes: gzipped.get(file).length });
      response.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Encoding': 'gzip',
        'Cache-Control': 'no-store',
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
      }).end(gzipped.get(file));
    } catch {
      response.writeHead(404).end('not found');
    }
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

/** Page-side instruments: the click time and a poller that notes the first quantum. */
function timingScript() {
  const t = { clickMs: -1, addModuleMs: -1, addedMs: -1, nodeMs: -1, firstQuantumMs: -1 };
  window.__pageLoad = t;
  const addModule = AudioWorklet.prototype.addModule;
  AudioWorklet.prototype.addModule = function (...a) {
    if (t.addModuleMs < 0) t.addModuleMs = performance.now();
    return addModule.apply(this, a).then((value) => {
      if (t.addedMs < 0) t.addedMs = performance.now();
      return value;
    });
  };
  document.addEventListener('click', (event) => {
    if (t.clickMs < 0 && event.target instanceof HTMLElement && event.target.id === 'start') t.clickMs = performance.now();
  }, true);
  const Original = window.AudioWorkletNode;
  window.AudioWorkletNode = class extends Original {
    constructor(context, name, options) {
      super(context, name, options);
      if (name === 'wavegraph-processor' && t.nodeMs < 0) t.nodeMs = performance.now();
      const analyser = options?.processorOptions?.analyser;
      if (name !== 'wavegraph-processor' || !(analyser instanceof SharedArrayBuffer)) return;
      const words = new Uint32Array(analyser, 0, 8);  // framesWritten (word 0), quanta (word 5)
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        if (Atomics.load(words, 0) !== 0 || Atomics.load(words, 5) !== 0) t.firstQuantumMs = performance.now();
        else channel.port2.postMessage(0);
      };
      channel.port2.postMessage(0);
    }
  };
}

/** Wraps WebAssembly.Instance (and instantiate) on this thread, keeping every exported memory. */
const MEMORY_HOOK = `
  globalThis.__wasmMemories = [];
  const keep = (instance) => {
    for (const value of Object.values(instance.exports)) if (value instanceof WebAssembly.Memory) globalThis.__wasmMemories.push(value);
    return instance;
  };
  WebAssembly.Instance = new Proxy(WebAssembly.Instance, { construct: (target, a) => keep(Reflect.construct(target, a)) });
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = (...a) => instantiate(...a).then((r) => (keep(r.instance ?? r), r));
  if (WebAssembly.instantiateStreaming) {
    const streaming = WebAssembly.instantiateStreaming;
    WebAssembly.instantiateStreaming = (...a) => streaming(...a).then((r) => (keep(r.instance), r));
  }
`;

/** The memory run: the hook on the page, and in the worklet a module loaded before the page's. */
function memoryScript(hook) {
  new Function(hook)();
  const probeSource = `${hook}
    registerProcessor('wasm-memory-probe', class extends AudioWorkletProcessor {
      constructor() {
        super();
        this.port.onmessage = () => this.port.postMessage(globalThis.__wasmMemories.map((m) => m.buffer.byteLength));
      }
      process() { return false; }
    });`;
  const probeUrl = URL.createObjectURL(new Blob([probeSource], { type: 'text/javascript' }));
  const probes = new WeakMap();
  const addModule = AudioWorklet.prototype.addModule;
  AudioWorklet.prototype.addModule = function (url, options) {
    if (!probes.has(this)) probes.set(this, addModule.call(this, probeUrl));
    return probes.get(this).then(() => addModule.call(this, url, options));
  };
  window.__workletMemories = (context) => new Promise((done) => {
    const probe = new AudioWorkletNode(context, 'wasm-memory-probe');
    probe.port.onmessage = (event) => done(event.data);
    probe.port.postMessage(0);
  });
  const Original = window.AudioContext;
  window.AudioContext = class extends Original {
    constructor(...a) {
      super(...a);
      window.__context = this;
    }
  };
}

async function startAndWait(page) {
  await page.locator('#start').click();
  await page.waitForFunction(() => window.__pageLoad === undefined || window.__pageLoad.firstQuantumMs >= 0, null, { timeout: 30_000 });
  await page.waitForFunction(() => window.wavegraphDemo?.context.state === 'running', null, { timeout: 30_000 });
  await page.waitForTimeout(SETTLE_MS);
}

const median = (values) => [...values].sort((a, b) => a - b)[(values.length - 1) >> 1];
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(2)} MiB`;

const out = mkdtempSync(join(tmpdir(), 'wavegraph-page-load-'));
let server;
let browser;
try {
  const commit = execFileSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  execFileSync(process.execPath, [join(here, '..', 'node_modules', 'vite', 'bin', 'vite.js'), 'build',
    '--config', join(root, 'demo', 'vite.config.ts'), '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'], { stdio: 'inherit' });
  const log = [];
  server = await serve(out, log);
  const url = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  console.log(`demo of ${root} (${commit}), ${runs} runs, Chromium ${browser.version()}, ${cpus()[0]?.model ?? 'CPU'} × ${cpus().length}, ` +
    `load average ${loadavg()[0].toFixed(2)}`);

  const starts = [];
  const parts = [];
  let files = [];
  for (let run = 0; run < runs; ++run) {
    const context = await browser.newContext();
    const page = await context.newPage();
    log.length = 0;
    await page.addInitScript(timingScript);
    await page.goto(url, { waitUntil: 'load' });
    await startAndWait(page);
    const t = await page.evaluate(() => window.__pageLoad);
    if (t.clickMs < 0 || t.firstQuantumMs < 0) throw new Error(`run ${run + 1}: no click or no quantum seen (${JSON.stringify(t)})`);
    starts.push(t.firstQuantumMs - t.clickMs);
    parts.push([t.addModuleMs - t.clickMs, t.addedMs - t.addModuleMs, t.nodeMs - t.addedMs, t.firstQuantumMs - t.nodeMs]);
    files = [...log].sort((a, b) => b.bytes - a.bytes);
    await context.close();
  }

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(memoryScript, MEMORY_HOOK);
  await page.goto(url, { waitUntil: 'load' });
  await startAndWait(page);
  const pageMemories = await page.evaluate(() => window.__wasmMemories.map((m) => m.buffer.byteLength));
  const workletMemories = await page.evaluate(() => window.__workletMemories(window.__context));
  await context.close();

  const total = files.reduce((sum, f) => sum + f.bytes, 0);
  const wasmFetches = files.filter((f) => f.path.endsWith('.wasm')).length;
  console.log(`transferred (gzip): ${kib(total)} in ${files.length} responses, ${wasmFetches} of them .wasm`);
  for (const f of files) console.log(`  ${kib(f.bytes).padStart(10)}  ${f.path}`);
  console.log(`Start click → first rendered quantum: median ${median(starts).toFixed(1)} ms ` +
    `(runs: ${starts.map((v) => v.toFixed(1)).join(', ')})`);
  const part = (i) => median(parts.map((p) => p[i])).toFixed(1);
  console.log(`  medians of its parts: click → addModule ${part(0)} ms, addModule ${part(1)} ms, ` +
    `→ node constructed ${part(2)} ms, → first quantum ${part(3)} ms`);
  const sum = [...pageMemories, ...workletMemories].reduce((a, b) => a + b, 0);
  console.log(`wasm memory: ${mib(sum)} (page: ${pageMemories.map(mib).join(' + ') || 'none'}; ` +
    `worklet: ${workletMemories.map(mib).join(' + ') || 'none'})`);
} catch (error) {
  console.error(`bench/page-load.mjs: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  process.exitCode = 1;
} finally {
  await browser?.close();
  server?.close();
  rmSync(out, { recursive: true, force: true });
}
