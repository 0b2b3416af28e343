// connectEngine against the real native server (`wavegraph serve --backend null`, loopback,
// --port 0) with the `ws` package's WebSocket: the remote engine lists the in-page engine's
// parameters, refuses bad values with the in-page engine's messages, changes the recorded output,
// receives meters at about 43 Hz, computes a spectrum that peaks at the sine's frequency, and
// closes cleanly; a lost connection is one event and setters say "not connected".
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { connectEngine, createEngine, referenceGraph } from '../../dist/index.js';
import type { Engine, EngineEvent, NodeDescription, ParamOptions, RemoteEngine, Status } from '../../dist/index.js';
import { FakeAudioContext } from './fake-audio-worklet.js';
import { seededRandom } from './random.js';
import { startServe, type Serve } from './serve.js';
import { readWav } from './wav.js';

const FS = 48000;
const SINE_HZ = 1000;
/** The graph the server runs: the reference graph with a 1 kHz sine at −12 dBFS as source. */
const GRAPH = referenceGraph({ source: 'sine', frequencyHz: SINE_HZ, levelDb: -12 });

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `condition()` holds (polling every 10 ms), at most timeoutMs. */
async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

/** RMS in dB of x[start, end). */
function rmsDb(x: Float32Array, start: number, end: number): number {
  let sum = 0;
  for (let i = start; i < end; i++) sum += x[i]! * x[i]!;
  return 10 * Math.log10(sum / (end - start));
}

/** A free loopback port with nothing listening on it. */
function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

describe('connectEngine against wavegraph serve --backend null', () => {
  let dir: string;
  let serve: Serve;
  let remote: RemoteEngine;
  let local: Engine;
  let initial: NodeDescription[];  // the graph's parameters as loaded
  const events: EngineEvent[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wavegraph-remote-'));
    writeFileSync(join(dir, 'graph.json'), JSON.stringify(GRAPH));
    serve = await startServe(['--graph', join(dir, 'graph.json'), '--record', join(dir, 'out.wav')]);
    remote = await connectEngine(serve.liveUrl, { WebSocket });
    remote.on('event', (event) => events.push(event));
    (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated = true;
    local = await createEngine(new FakeAudioContext(FS) as unknown as BaseAudioContext, { numChannels: 2, graph: GRAPH });
    initial = structuredClone(local.parameters());
  });

  afterAll(async () => {
    remote?.close();
    local?.close();
    await serve?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("parameters() lists the in-page engine's nodes, ranges and values", () => {
    const remoteNodes = remote.parameters();
    const localNodes = local.parameters();
    const count = remoteNodes.reduce((n, node) => n + node.parameters.length, 0);
    console.log(`remote: ${remoteNodes.length} nodes, ${count} parameters, ${remote.sampleRate} Hz, ` +
      `${remote.numChannels} channels, render quantum ${remote.renderQuantumFrames} frames`);
    expect(remote.sampleRate).toBe(FS);
    expect(remoteNodes).toEqual(localNodes);
  });

  test("a bad value gives the in-page engine's Status, the same text for every parameter", () => {
    const random = seededRandom(15);
    const cases: [number | string, number | string, number, ParamOptions?][] = [];
    for (const node of local.parameters()) {
      for (const p of node.parameters) {
        const span = p.maxValue - p.minValue;
        const inRange = p.minValue + random() * span;
        for (const value of [p.maxValue + span * (0.01 + random()), p.minValue - span * (0.01 + random()), NaN, Infinity,
          -Infinity, FS / 2, FS, inRange])
          cases.push([random() < 0.5 ? node.id : node.nodeId, random() < 0.5 ? p.name : p.id, value]);
      }
    }
    cases.push(['eq', 'band9.gainDb', 0], ['nope', 'gainDb', 0], [17, 0, 0], ['eq', 99, 0], [1, -1, 0], [1, 2.5, 0], [1.5, 0, 0]);
    cases.push(['master', 'gainDb', 0, { atTime: -1 }], ['master', 'gainDb', 0, { atTime: NaN }]);
    let refused = 0;
    let sent = 0;
    const differing: string[] = [];
    for (const [node, param, value, opts] of cases) {
      const expected: Status = local.setParam(node, param, value, opts);
      const actual: Status = remote.setParam(node, param, value, opts);
      if (expected.ok) sent++;
      else refused++;
      if (JSON.stringify(actual) !== JSON.stringify(expected))
        differing.push(`${String(node)}.${String(param)} ${value}: remote ${JSON.stringify(actual)}, in-page ${JSON.stringify(expected)}`);
    }
    for (const band of [-1, 8, 1.5]) {
      const expected = local.setBandGain(band, 0);
      const actual = remote.setBandGain(band, 0);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) differing.push(`band ${band}: ${JSON.stringify(actual)}`);
      refused++;
    }
    const example = remote.setBandGain(4, 90);
    console.log(`${cases.length + 3} calls: ${refused} refused, ${sent} accepted, ${differing.length} differ from the in-page engine; ` +
      `e.g. setBandGain(4, 90) → ${JSON.stringify(example)}`);
    expect(differing).toEqual([]);
    expect(example).toEqual({ ok: false, message: 'eq.band4.gainDb 90 is out of range (-40…40 dB)' });
  });

  test('setParam changes the recorded output; meters arrive at about 43 per second', async () => {
    // Everything back to the graph's values (the previous test sent random valid ones).
    for (const node of initial)
      for (const p of node.parameters) expect(remote.setParam(node.id, p.id, p.value ?? p.defaultValue)).toEqual({ ok: true });
    expect(remote.setParam('source', 'frequencyHz', SINE_HZ)).toEqual({ ok: true });
    await until(() => remote.currentTime > 0, 3000, 'the first position push');

    await sleep(300);
    // The server's events arrive as events here: the previous test's fractional band types were rounded there.
    const clamped = events.filter((e) => e.type === 'parameterClamped');
    console.log(`events: ${clamped.length} 'parameterClamped', e.g. "${clamped[0]?.message}"`);
    expect(clamped.some((e) => /^eq\.band\d\.type: /.test(e.message))).toBe(true);
    // Meter readings: one 'meterRmsDb' event per channel and reading, as the in-page engine gives them.
    const frames = new Set<number>();
    const off = remote.on('event', (e) => {
      if (e.type === 'meterRmsDb' && e.param === 0) frames.add(e.frameTime);
    });
    const startMs = Date.now();
    await sleep(3000);
    off();
    const perSecond = frames.size / ((Date.now() - startMs) / 1000);
    const reading = remote.meters()!;
    console.log(`meters: ${frames.size} readings in 3 s (${perSecond.toFixed(1)}/s); latest RMS ${reading.rmsDb.map((d) => d.toFixed(2)).join(', ')} dBFS, ` +
      `peak ${reading.peakDb.map((d) => d.toFixed(2)).join(', ')} dBFS`);
    expect(perSecond).toBeGreaterThan(38);
    expect(perSecond).toBeLessThan(48);
    // A −12 dBFS sine: peak −12 dBFS, RMS −15.01 dBFS.
    for (const db of reading.rmsDb) expect(Math.abs(db - (-12 - 3.0103))).toBeLessThan(0.1);

    // Counters: stats() answers from the latest reply and asks for a fresh one.
    remote.stats();
    await sleep(300);
    const stats = remote.stats();
    const counters = remote.serverCounters();
    console.log(`stats: commandsApplied ${stats.commandsApplied}, commandsRejected ${stats.commandsRejected}, quanta ${stats.quanta}; ` +
      `server underruns ${counters.underruns}, overruns ${counters.overruns}`);
    expect(stats.commandsApplied).toBeGreaterThanOrEqual(42);
    expect(stats.quanta).toBeGreaterThan(0);
    expect(typeof counters.underruns).toBe('number');  // (0 on an idle machine; the server tests hold it to the machine's own stalls)

    const atTime = remote.currentTime + 0.5;
    expect(remote.setGain(-20, { atTime })).toEqual({ ok: true });
    await until(() => remote.currentTime > atTime + 0.5, 5000, 'the position to pass the change');
    await until(() => (remote.meters()?.rmsDb[0] ?? 0) < -30, 2000, 'the meters to show the change');
    console.log(`meters after setGain(-20): RMS ${remote.meters()!.rmsDb.map((d) => d.toFixed(2)).join(', ')} dBFS`);

    const code = await serve.stop();
    expect(code).toBe(0);
    const wav = readWav(join(dir, 'out.wav'));
    const frame = Math.round(atTime * FS);
    const window = FS / 5;
    const guard = FS / 20;
    const before = rmsDb(wav.channels[0]!, frame - guard - window, frame - guard);
    const after = rmsDb(wav.channels[0]!, frame + guard, frame + guard + window);
    console.log(`recording ${(wav.channels[0]!.length / FS).toFixed(2)} s: setGain(-20) at frame ${frame}: ` +
      `RMS ${before.toFixed(3)} dBFS before, ${after.toFixed(3)} after (${(after - before).toFixed(3)} dB)`);
    expect(Math.abs(before - (-12 - 3.0103))).toBeLessThan(0.05);
    expect(Math.abs(after - before - -20)).toBeLessThan(0.05);

    await until(() => events.some((e) => e.type === 'disconnected'), 3000, "the 'disconnected' event");
    const lost = events.find((e) => e.type === 'disconnected')!;
    const refused = remote.setBandGain(4, -20);
    console.log(`server stopped: event "${lost.message}"; setBandGain → ${JSON.stringify(refused)}`);
    expect(lost.message).toMatch(/^lost the connection to ws:\/\/127\.0\.0\.1:\d+\/api\/live/);
    expect(refused).toEqual({ ok: false, message: `not connected to ${serve.liveUrl}` });
  });
});

describe('the spectrum and close()', () => {
  let dir: string;
  let serve: Serve;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wavegraph-remote-'));
    writeFileSync(join(dir, 'graph.json'), JSON.stringify(GRAPH));
    serve = await startServe(['--graph', join(dir, 'graph.json')]);
  });

  afterAll(async () => {
    await serve?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('getFloatFrequencyData of a sine peaks at its frequency; close() ends cleanly', async () => {
    const remote = await connectEngine(serve.liveUrl, { WebSocket });
    const events: EngineEvent[] = [];
    remote.on('event', (event) => events.push(event));
    const toneHz = 2500;
    expect(remote.setParam('source', 'frequencyHz', toneHz)).toEqual({ ok: true });
    remote.smoothingTimeConstant = 0;
    await sleep(300);
    const written = remote.analyserFramesWritten();
    await until(() => remote.analyserFramesWritten() !== written, 2000, 'an analyser push');
    // fftSize 2048 (the pushed window) and 4096 (the demo's: computed at 2048, bins repeated, no gap between windows in it).
    for (const bins of [1024, 2048]) {
      expect(remote.setParam('analyser', 'fftSize', 2 * bins)).toEqual({ ok: true });  // the reads use the node's fftSize
      expect(remote.analyserSettings().fftSize).toBe(2 * bins);
      const db = new Float32Array(bins);
      remote.getFloatFrequencyData(db);
      let peak = 0;
      for (let k = 1; k < db.length; k++) if (db[k]! > db[peak]!) peak = k;
      const binHz = FS / (2 * bins);
      const leakDb = db[Math.round(500 / binHz)]!;
      console.log(`spectrum, fftSize ${2 * bins}: peak at bin ${peak} (${(peak * binHz).toFixed(1)} Hz, ${db[peak]!.toFixed(2)} dB) ` +
        `for a ${toneHz} Hz sine at -12 dBFS; 500 Hz bin ${leakDb.toFixed(1)} dB`);
      expect(Math.abs(peak * binHz - toneHz)).toBeLessThanOrEqual(FS / 2048);
      expect(leakDb).toBeLessThan(-120);
    }

    // loadGraph: a bad graph is refused with the in-page engine's message; a good one replaces the graph.
    const bad = { ...GRAPH, nodes: GRAPH.nodes.map((n) => (n.id === 'eq' ? { ...n, type: 'nope' } : n)) };
    const remoteError = await remote.loadGraph(bad).then(() => 'loaded', (e: Error) => e.message);
    (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated = true;
    const local = await createEngine(new FakeAudioContext(FS) as unknown as BaseAudioContext, { numChannels: 2, graph: GRAPH });
    const localError = await local.loadGraph(bad).then(() => 'loaded', (e: Error) => e.message);
    local.close();
    console.log(`loadGraph(bad): remote "${remoteError}", in-page "${localError}"`);
    expect(remoteError).toBe(localError);
    const louder = referenceGraph({ source: 'sine', frequencyHz: toneHz, levelDb: -6 });
    await remote.loadGraph(louder);
    const level = remote.parameters().find((n) => n.id === 'source')!.parameters.find((p) => p.name === 'levelDb')!.value;
    console.log(`loadGraph(levelDb -6): parameters() lists source.levelDb ${level}`);
    expect(level).toBe(-6);

    // The response curve: this page's core, with the values sent.
    const response = new Float32Array(1);
    expect(remote.setBandGain(3, -20)).toEqual({ ok: true });
    const centreHz = remote.parameters().find((n) => n.id === 'eq')!.parameters.find((p) => p.name === 'band3.frequencyHz')!.value!;
    const known = remote.getFrequencyResponseDb(new Float32Array([centreHz]), response);
    console.log(`getFrequencyResponseDb: ${known ? `${response[0]!.toFixed(3)} dB at band 3's centre (${centreHz} Hz)` : 'unknown'}`);
    expect(known).toBe(true);
    expect(Math.abs(response[0]! - -20)).toBeLessThan(1e-3);

    remote.close();
    remote.close();
    await sleep(200);
    expect(events.filter((e) => e.type === 'disconnected')).toEqual([]);
    expect(remote.setBandGain(4, -20)).toEqual({ ok: false, message: 'the engine is closed' });
    await expect(remote.loadGraph(GRAPH)).rejects.toThrow('the engine is closed');
    const status = await fetch(`${serve.httpUrl}/api/status`);
    console.log(`after close(): GET /api/status ${status.status}`);
    expect(status.status).toBe(200);
    // A new connection still works.
    const again = await connectEngine(serve.liveUrl, { WebSocket });
    expect(again.setGain(-6)).toEqual({ ok: true });
    again.close();
  });

  test('connection errors are one line', async () => {
    const port = await unusedPort();
    const noServer = await connectEngine(`ws://127.0.0.1:${port}/api/live`, { WebSocket }).then(() => 'connected', (e: Error) => e.message);
    const badUrl = await connectEngine('http://127.0.0.1:8420/api/live', { WebSocket }).then(() => 'connected', (e: Error) => e.message);
    // A page from a foreign origin (what a browser would send): refused before the upgrade.
    class ForeignPage extends WebSocket {
      constructor(url: string) {
        super(url, { origin: 'http://evil.example' });
      }
    }
    const foreign = await connectEngine(serve.liveUrl, { WebSocket: ForeignPage }).then(() => 'connected', (e: Error) => e.message);
    console.log(`no server: "${noServer}"\nbad URL: "${badUrl}"\nforeign origin: "${foreign}"`);
    expect(foreign).toBe(`could not connect to ${serve.liveUrl}: the server does not allow this page's origin (403; see serve --allow-origin)`);
    expect(noServer).toBe(`could not connect to ws://127.0.0.1:${port}/api/live: no server is listening there (is wavegraph serve running?)`);
    expect(badUrl).toMatch(/is not a ws:\/\/ or wss:\/\/ URL/);
  });
});

describe('a server with --token', () => {
  let serve: Serve;
  beforeAll(async () => {
    serve = await startServe(['--token', 'secret-7']);
  });
  afterAll(async () => {
    await serve?.stop();
  });

  test('a missing or wrong token is refused with 401; the right one connects', async () => {
    const missing = await connectEngine(serve.liveUrl, { WebSocket }).then(() => 'connected', (e: Error) => e.message);
    const wrong = await connectEngine(serve.liveUrl, { WebSocket, token: 'nope' }).then(() => 'connected', (e: Error) => e.message);
    console.log(`no token: "${missing}"\nwrong token: "${wrong}"`);
    expect(missing).toBe(`could not connect to ${serve.liveUrl}: the server wants a token, or a different one (401)`);
    expect(wrong).toBe(missing);
    const remote = await connectEngine(serve.liveUrl, { WebSocket, token: 'secret-7' });
    expect(remote.url).toBe(serve.liveUrl);
    expect(remote.setGain(-3)).toEqual({ ok: true });
    remote.close();
  });
});
