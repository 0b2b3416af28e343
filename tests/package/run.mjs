// Packaging test (npm run test:package): packs the package as npm would publish it, installs the
// tarball into a fresh Vite app in a temporary directory, builds the app with Vite, serves the
// build with and without COOP/COEP, and runs it in headless Debian Chromium (playwright-core) and
// Debian Firefox ESR (puppeteer-core, WebDriver BiDi); `--browser chromium|firefox` picks one. The app (tests/package/app) only imports 'wavegraph'. Prints one line per
// check with the measured numbers and a final "N passed, M failed" line; exits 1 on a failure.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserOption, launchBrowser } from '../e2e/browsers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'wavegraph-package-'));
const { browsers } = browserOption(process.argv.slice(2));
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };

let passed = 0;
let failed = 0;
function report(ok, line) {
  console.log(`${ok ? 'PASS' : 'FAIL'} ${line}`);
  if (ok) ++passed; else ++failed;
}
function say(line) {
  console.log(`[package test] ${line}`);
}

/** Serves `dir` on a free port, with or without the cross-origin isolation headers, .wasm files
 * as `wasmType`; notes each path asked for in `served`. */
function serve(dir, isolated, served, wasmType) {
  const server = createServer((request, response) => {
    const path = join(dir, decodeURIComponent(new URL(request.url, 'http://x').pathname));
    served.push(path);
    let file = path;
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      const body = readFileSync(file);
      const headers = { 'Content-Type': extname(file) === '.wasm' ? wasmType : TYPES[extname(file)] ?? 'application/octet-stream' };
      if (isolated) {
        headers['Cross-Origin-Opener-Policy'] = 'same-origin';
        headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
      }
      response.writeHead(200, headers).end(body);
    } catch {
      response.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function check(browser, dir, isolated, wasmType) {
  const served = [];
  const server = await serve(dir, isolated, served, wasmType);
  const url = `http://127.0.0.1:${server.address().port}/`;
  const page = await browser.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  const started = Date.now();
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.wavegraphResult !== undefined, null, { timeout: 30_000 });
    const r = await page.evaluate(() => window.wavegraphResult);
    if (typeof r.changeDb !== 'number' && !r.error) r.error = `unexpected result ${JSON.stringify(r)}`;
    const label = `${browser.name}, ${isolated ? 'with' : 'without'} COOP/COEP, .wasm as ${wasmType}`;
    const wasmFetches = served.filter((p) => p.endsWith('.wasm')).length;
    const ok = !r.error && r.crossOriginIsolated === isolated && wasmFetches === 1 &&
      r.transport === (isolated ? 'sharedArrayBuffer' : 'postMessage') && r.band && r.gain &&
      Math.abs(r.changeDb + 20) <= 1 && r.firstChangedFrame === r.expectedFrame && r.commandsApplied === 2 &&
      problems.length === 0;
    report(ok, `fresh Vite app ${label}: ${r.error ? `error "${r.error}"` :
      `crossOriginIsolated=${r.crossOriginIsolated}, transport ${r.transport}, setBandGain(4, -20) changed 1 kHz by ` +
      `${r.changeDb.toFixed(2)} dB (expected -20 ± 1), setGain at frame ${r.expectedFrame} first moved frame ` +
      `${r.firstChangedFrame}, ${r.commandsApplied} commands applied`}, the core fetched ${wasmFetches} time(s) ` +
      `(expected 1), ${problems.length} console errors` +
      `${problems.length ? ` (${problems[0]})` : ''} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    report(false, `fresh Vite app ${browser.name}, ${isolated ? 'with' : 'without'} COOP/COEP: ${error.message.split('\n')[0]}`);
  } finally {
    await page.close();
    server.close();
  }
}

try {
  say(`packing the package (npm pack) into ${work}`);
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' }));
  const tarball = join(work, packed[0].filename);
  const files = packed[0].files.map((f) => f.path);
  say(`${packed[0].filename}: ${files.length} files (${files.join(', ')}), ${(packed[0].size / 1024).toFixed(0)} KiB`);

  const app = join(work, 'app');
  cpSync(join(here, 'app'), app, { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'fresh-app', private: true, type: 'module' }, null, 2));
  say('installing the tarball into a fresh app (npm install ./wavegraph-*.tgz)');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: app, stdio: 'inherit' });
  say('building the app with Vite (no plugins, no config)');
  execFileSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
    { cwd: app, stdio: 'inherit' });

  for (const name of browsers) {
    const launchedMs = Date.now();
    const browser = await launchBrowser(name);
    say(`${name} ${await browser.version()} launched in ${((Date.now() - launchedMs) / 1000).toFixed(1)} s`);
    try {
      await check(browser, join(app, 'dist'), true, 'application/wasm');
      // Another MIME type: no compileStreaming, the bytes of the same response are compiled.
      await check(browser, join(app, 'dist'), false, 'application/octet-stream');
    } finally {
      await browser.close();
    }
  }
} catch (error) {
  report(false, `packaging: ${String(error.message).split('\n')[0]}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
