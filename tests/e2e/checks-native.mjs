// r. The demo's "Engine: native host" switch against a real `wavegraph serve --backend null
// --record <tmp>.wav --port 0 --token T` (loopback; the server allows http://127.0.0.1:* pages by
// default): a URL with nothing listening is refused with one line and the switch goes back, so is
// the server without the token (401);
// the page connects, its meters and spectrum follow the server's pushes, "960 Hz" to −20 dB
// lowers the server's recorded output at 960 Hz by 20 dB (Welch spectra of the recording before
// and after), and the page's own audio is suspended meanwhile.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import FFT from 'fft.js';
import { WebSocket } from 'ws';
import { connectEngine } from '../../dist/index.js';
import { describeConsole } from './checks.mjs';
import { openPage, startDemo } from './demo-page.mjs';
import { freePort } from './free-port.mjs';

const fmt = (x, digits = 2) => (x === null || x === undefined || Number.isNaN(x) ? String(x) : x.toFixed(digits));

const CLI = process.env.WAVEGRAPH_CLI ?? fileURLToPath(new URL('../../build/native/wavegraph', import.meta.url));
/** The band's gain the check sets, dB, and the tolerance of its measured effect, dB. */
const CUT_DB = -20;
const TOLERANCE_DB = 2;
/** Welch spectra: segment length (frames) and the band measured around 960 Hz, Hz. */
const SEGMENT = 8192;
const BAND = { lowHz: 900, highHz: 1020 };
/** The server's token (`serve --token`): the page must send it. */
const TOKEN = 'e2e-token-7';

/** Servers still running: a check that timed out may never reach its stop(), so they are killed when this process exits. */
const runningServers = new Set();
process.on('exit', () => {
  for (const child of runningServers) child.kill('SIGKILL');
});

/** Starts the server; resolves { liveUrl, stop() → exit code } once it prints its "listening" line. */
function startServe(recordPath) {
  const child = spawn(CLI, ['serve', '--backend', 'null', '--bind', '127.0.0.1', '--port', '0', '--record', recordPath, '--token', TOKEN],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  runningServers.add(child);
  child.once('exit', () => runningServers.delete(child));
  let text = '';
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`wavegraph serve did not say "listening" within 10 s: ${text.trim()}`));
    }, 10_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`wavegraph serve exited (${code}) before listening: ${text.trim()}`));
    });
    child.stderr.on('data', (chunk) => {
      text += chunk;
      const match = /listening on http:\/\/([^\s/]+)/.exec(text);
      if (!match) return;
      clearTimeout(timer);
      resolve({ liveUrl: `ws://${match[1]}/api/live`, stop });
    });
  });
}

/** The first channel of a float32 or PCM16 WAV and its sample rate. */
function readWavChannel0(path) {
  const bytes = readFileSync(path);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let format = 0, channels = 0, sampleRate = 0, bits = 0, data;
  for (let at = 12; at + 8 <= bytes.length;) {
    const id = bytes.toString('latin1', at, at + 4);
    const size = view.getUint32(at + 4, true);
    if (id === 'fmt ') {
      format = view.getUint16(at + 8, true);
      channels = view.getUint16(at + 10, true);
      sampleRate = view.getUint32(at + 12, true);
      bits = view.getUint16(at + 22, true);
      if (format === 0xfffe) format = view.getUint16(at + 32, true);
    } else if (id === 'data') {
      data = { at: at + 8, size: Math.min(size, bytes.length - at - 8) };
      break;
    }
    at += 8 + size + (size & 1);
  }
  if (!data || channels === 0) throw new Error(`${path}: no fmt/data chunk`);
  const bytesPerFrame = channels * (bits / 8);
  const frames = Math.floor(data.size / bytesPerFrame);
  const out = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    const at = data.at + i * bytesPerFrame;
    out[i] = format === 3 && bits === 32 ? view.getFloat32(at, true) : view.getInt16(at, true) / 32768;
  }
  return { sampleRate, samples: out };
}

/** Mean power of x[start, end) between lowHz and highHz (Welch: Hann-windowed SEGMENT-frame halves-overlapped segments). */
function bandPower(x, start, end, sampleRate, { lowHz, highHz }) {
  const fft = new FFT(SEGMENT);
  const input = new Array(SEGMENT).fill(0);
  const spectrum = fft.createComplexArray();
  const lo = Math.ceil((lowHz * SEGMENT) / sampleRate);
  const hi = Math.floor((highHz * SEGMENT) / sampleRate);
  let sum = 0;
  let segments = 0;
  for (let s = start; s + SEGMENT <= end; s += SEGMENT / 2) {
    for (let i = 0; i < SEGMENT; i++) input[i] = x[s + i] * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / SEGMENT));
    fft.realTransform(spectrum, input);
    for (let k = lo; k <= hi; k++) sum += spectrum[2 * k] ** 2 + spectrum[2 * k + 1] ** 2;
    segments++;
  }
  return { power: sum / Math.max(1, segments), segments };
}

/** The server's EQ band gains and master gain, as a second client reads them (GET /api/live, op parameters via a new connection). */
async function serverGains(liveUrl) {
  const probe = await connectEngine(liveUrl, { WebSocket, core: false, token: TOKEN });
  try {
    const nodes = probe.parameters();
    const value = (node, name) => nodes.find((n) => n.id === node).parameters.find((p) => p.name === name).value;
    const source = nodes.find((n) => n.id === 'source');
    return {
      bandsDb: Array.from({ length: 8 }, (_, b) => value('eq', `band${b}.gainDb`)), masterDb: value('master', 'gainDb'),
      source: `${source.type}${source.type === 'oscillator' ? ` ${value('source', 'frequencyHz')} Hz` : ''}`,
    };
  } finally {
    probe.close();
  }
}

/** The page's meters and spectrum over `ms`: distinct meter frames, spectrum frames drawn, loudest bin. */
function samplePictures(page, ms) {
  return page.evaluate(async (ms) => {
    const hooks = window.wavegraphDemo;
    const frames = new Set();
    let maxPeakDb = -Infinity;
    const spectrumStart = hooks.spectrumFrames();
    const t0 = performance.now();
    while (performance.now() - t0 < ms) {
      const m = hooks.meters();
      frames.add(m.frameTime);
      maxPeakDb = Math.max(maxPeakDb, ...m.peakDb);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    const { db } = hooks.spectrum();
    return {
      meterFrames: frames.size,
      maxPeakDb,
      spectrumFrames: hooks.spectrumFrames() - spectrumStart,
      spectrumMaxDb: Math.max(...db.filter(Number.isFinite)),
      seconds: (performance.now() - t0) / 1000,
    };
  }, ms);
}

/** r. The native-host switch drives a real wavegraph serve; the 960 Hz cut is measured in its recording. */
export async function checkNativeHost(browser, url) {
  const dir = mkdtempSync(join(tmpdir(), 'wavegraph-e2e-native-'));
  const recordPath = join(dir, 'out.wav');
  const serve = await startServe(recordPath);
  const { page, errors, warnings } = await openPage(browser, url);
  try {
    await startDemo(page);
    // Nothing listening: one line in the error area, the switch back on "this browser", the page's audio on.
    const deadPort = await freePort();
    const deadUrl = `ws://127.0.0.1:${deadPort}/api/live`;
    await page.locator('#native-url').fill(deadUrl);
    await page.getByRole('radio', { name: 'native host' }).click();  // (not check(): the refusal may undo it at once)
    await page.waitForFunction(() => /could not connect/.test(document.getElementById('error-line').textContent));
    const refusal = {
      line: (await page.locator('#error-line').textContent()) ?? '',
      kind: await page.evaluate(() => window.wavegraphDemo.engineKind()),
      browserChecked: await page.getByRole('radio', { name: 'this browser' }).isChecked(),
      contextState: await page.evaluate(() => window.wavegraphDemo.context.state),
    };
    const refusalOk = refusal.line.startsWith(`could not connect to ${deadUrl}: `) && !refusal.line.includes('\n') &&
      refusal.kind === 'browser' && refusal.browserChecked && refusal.contextState === 'running';
    // The server wants a token: without it, one line naming 401; with it, connected.
    await page.locator('#native-url').fill(serve.liveUrl);
    await page.getByRole('radio', { name: 'native host' }).click();
    await page.waitForFunction(() => /401/.test(document.getElementById('error-line').textContent));
    const tokenLine = (await page.locator('#error-line').textContent()) ?? '';
    const tokenOk = tokenLine === `could not connect to ${serve.liveUrl}: the server wants a token, or a different one (401)` &&
      (await page.evaluate(() => window.wavegraphDemo.engineKind())) === 'browser';
    await page.locator('#native-token').fill(TOKEN);
    await page.getByRole('radio', { name: 'native host' }).check();
    await page.waitForFunction(() => window.wavegraphDemo?.engineKind() === 'native' && window.wavegraphDemo.engine.currentTime > 0);
    const contextState = await page.evaluate(() => window.wavegraphDemo.context?.state ?? 'none');
    const status = (await page.locator('#status-line').textContent()) ?? '';
    const pictures = await samplePictures(page, 2200);  // also 2 s of the uncut output in the recording
    const beforeSeconds = await page.evaluate(() => window.wavegraphDemo.engine.currentTime);
    await page.getByRole('slider', { name: '960 Hz', exact: true }).fill(String(CUT_DB));
    const cutSeconds = await page.evaluate(() => window.wavegraphDemo.engine.currentTime);
    const shown = await page.evaluate(() => window.wavegraphDemo.eqSettings().bands[4].gainDb);
    const curveDb = await page.evaluate(() => window.wavegraphDemo.responseCurveDb(960));
    await page.waitForTimeout(2200);
    const afterSeconds = await page.evaluate(() => window.wavegraphDemo.engine.currentTime);
    const error = (await page.locator('#error-line').textContent()) ?? '';
    // The other controls reach the server too: a preset, Master gain, Bypass (read back by a second client).
    await page.getByRole('button', { name: 'Voice', exact: true }).click();
    await page.getByRole('slider', { name: 'Master gain', exact: true }).fill('-6');
    await page.waitForTimeout(300);
    const shownVoice = await page.evaluate(() => window.wavegraphDemo.eqSettings());
    const voice = await serverGains(serve.liveUrl);
    await page.getByRole('switch', { name: 'Bypass EQ' }).click();
    await page.waitForTimeout(300);
    const bypassed = await serverGains(serve.liveUrl);
    await page.getByRole('switch', { name: 'Bypass EQ' }).click();
    // The Source control: a sine, then its frequency, become the server's source.
    const shownSource = await page.locator('#source').inputValue();
    await page.locator('#source').selectOption('sine');
    await page.waitForFunction(() => window.wavegraphDemo.engine.parameters().find((n) => n.id === 'source').type === 'oscillator');
    await page.locator('#oscillator-frequency').fill('960');
    await page.waitForTimeout(300);
    const sine = await serverGains(serve.liveUrl);
    const sourceOk = shownSource === 'pinkNoise' && sine.source === 'oscillator 960 Hz' &&
      JSON.stringify(sine.bandsDb) === JSON.stringify(voice.bandsDb) && sine.masterDb === -6;
    const controlsOk = JSON.stringify(voice.bandsDb) === JSON.stringify(shownVoice.bands.map((b) => b.gainDb)) &&
      voice.masterDb === -6 && shownVoice.masterGainDb === -6 && bypassed.bandsDb.every((g) => g === 0) && bypassed.masterDb === -6;
    await page.getByRole('radio', { name: 'this browser' }).check();
    await page.waitForFunction(() => window.wavegraphDemo?.engineKind() === 'browser' && window.wavegraphDemo.context?.state === 'running');

    // The browser itself logs the refused connections (the dead port; the upgrade and GET /api/status without the token): expected.
    const unexpected = errors.filter((e) => !e.includes(`127.0.0.1:${deadPort}/`) &&
      !/ERR_CONNECTION_REFUSED|NetworkError|Firefox can.t establish a connection|\b401\b|Unauthorized|Authentication failed/.test(e));
    const code = await serve.stop();
    const { sampleRate, samples } = readWavChannel0(recordPath);
    // Before: the 2 s up to 0.1 s before the cut was sent; after: from 0.4 s after it to the end seen.
    const beforeEnd = Math.round((beforeSeconds - 0.1) * sampleRate);
    const before = bandPower(samples, beforeEnd - 2 * sampleRate, beforeEnd, sampleRate, BAND);
    const afterStart = Math.round((cutSeconds + 0.4) * sampleRate);
    const afterEnd = Math.min(samples.length, Math.round(afterSeconds * sampleRate));
    const after = bandPower(samples, afterStart, afterEnd, sampleRate, BAND);
    const changeDb = 10 * Math.log10(after.power / before.power);
    const pass =
      refusalOk && tokenOk && controlsOk && sourceOk && code === 0 && contextState === 'suspended' && /native host/.test(status) && shown === CUT_DB &&
      Math.abs(curveDb - CUT_DB) <= 0.1 && Math.abs(changeDb - CUT_DB) <= TOLERANCE_DB &&
      before.segments >= 3 && after.segments >= 3 &&
      pictures.meterFrames >= 40 && pictures.maxPeakDb > -60 && pictures.spectrumFrames >= 20 && pictures.spectrumMaxDb > -100 &&
      error === '' && unexpected.length === 0 && warnings.length === 0;
    const detail =
      `no server: "${refusal.line}" (switch on ${refusal.kind}, page audio ${refusal.contextState}); ` +
      `no token: "${tokenLine}"; with the token: serve at ${serve.liveUrl}; page audio ${contextState}; status "${status.slice(0, 60)}…"; ` +
      `in ${fmt(pictures.seconds, 1)} s: ${pictures.meterFrames} meter readings (max peak ${fmt(pictures.maxPeakDb)} dBFS), ` +
      `${pictures.spectrumFrames} spectrum frames (loudest bin ${fmt(pictures.spectrumMaxDb)} dB); ` +
      `"960 Hz" → ${shown} dB (curve ${fmt(curveDb)} dB) at ${fmt(cutSeconds, 2)} s server time; recording ` +
      `${fmt(samples.length / sampleRate, 2)} s, ${BAND.lowHz}–${BAND.highHz} Hz: ${fmt(changeDb)} dB after vs before ` +
      `(${before.segments}/${after.segments} segments; want ${CUT_DB} ± ${TOLERANCE_DB}); ` +
      `"Voice" + "Master gain" -6: the server holds bands [${voice.bandsDb.join(', ')}] dB (page [${shownVoice.bands.map((b) => b.gainDb).join(', ')}]), ` +
      `master ${voice.masterDb} dB; Bypass on: server bands [${bypassed.bandsDb.join(', ')}]; Source showed ${shownSource} (the server's), ` +
      `"Sine" at 960 Hz → server source ${sine.source}, bands kept [${sine.bandsDb.join(', ')}]; serve exit ${code}` +
      `${error ? `; error line "${error}"` : ''}, ${errors.length - unexpected.length} console errors about the refused connections, ` +
      `${describeConsole(unexpected, warnings)}`;
    return { pass, detail };
  } finally {
    await page.close();
    await serve.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
