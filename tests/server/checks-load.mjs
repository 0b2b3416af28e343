// Check d: load on loopback, bounded in count and time. 50 WebSocket clients each send 100
// setParam commands per second for 30 s (150,000 commands) to `wavegraph serve --backend null`
// playing a constant 0.5 (dcGraph). The load commands set trim.gainDb to 0 dB (its value: the
// output stays 0.5, so every frame of the recording can be checked); a probe client switches
// master.gainDb between 0 and -20 dB every 250 ms and times each switch until a meter push shows
// it and until the frame it took effect at (recording). Measured: replies (refusals by the
// limits, "rate limit" and "command ring full", counted apart), commandsApplied from the stats
// against the ok replies, underruns, the recording, and the latencies (p50, p99, max).
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { curl } from './curl.mjs';
import { connectLive } from './live-client.mjs';
import { startServe } from './serve-process.mjs';
import { dbOf, dcGraph, longestSilence, quantile, sleep, underrunsOf } from './signal.mjs';
import { readFloatWav } from './wav-reader.mjs';

const CLIENTS = 50;
const RATE_HZ = 100;
const SECONDS = 30;
const PROBE_PERIOD_MS = 250;

const ms = (x) => `${x.toFixed(1)} ms`;

export async function checkLoad(dir, cleanups, { clients = CLIENTS, seconds = SECONDS } = {}) {
  const graphPath = join(dir, 'load.json');
  writeFileSync(graphPath, JSON.stringify(dcGraph(0.5, 0)));
  const recordPath = join(dir, 'load.wav');
  const server = await startServe({ args: ['--graph', graphPath, '--max-clients', String(clients + 8)], recordPath });
  cleanups.push(['serve (load)', () => server.stop()]);
  const problems = [];
  const expect = (ok, text) => ok || problems.push(text);

  const quietPushes = { op: 'subscribe', meters: false, analyser: false, position: false, events: false };
  const senders = [];
  for (let i = 0; i < clients; ++i) {
    const c = await connectLive(server.url, { keep: () => false });
    cleanups.push([`load client ${i}`, () => c.close()]);
    await c.request(quietPushes);
    c.sent = 0;
    c.ok = 0;
    c.limited = 0;
    c.ringFull = 0;
    c.otherErrors = [];
    c.replyMs = [];
    c.sentAt = new Map();
    c.ws.on('message', (data) => {
      const msg = JSON.parse(data.toString());
      if (msg.id === undefined || !c.sentAt.has(msg.id)) return;
      c.replyMs.push(performance.now() - c.sentAt.get(msg.id));
      c.sentAt.delete(msg.id);
      if (msg.ok) c.ok++;
      else if (/rate limit/.test(msg.error)) c.limited++;
      else if (/command ring full/.test(msg.error)) c.ringFull++;
      else c.otherErrors.push(msg.error);
    });
    senders.push(c);
  }
  // Position pushes give the engine's clock against this process's clock: at a push's arrival the
  // engine has rendered at least its frame, so rendered frames ≥ 48·t + max(frame − 48·arrival)
  // (t in ms); a block is rendered at its start, one buffer ahead of the frames' device time.
  let clockOffsetFrames = -Infinity;
  const probe = await connectLive(server.url, {
    keep: () => false,
    onPush: (m, receivedMs) => {
      if (m.type === 'position') clockOffsetFrames = Math.max(clockOffsetFrames, m.frame - receivedMs * 48);
    },
  });
  cleanups.push(['probe client', () => probe.close()]);
  await probe.request({ op: 'subscribe', meters: true, analyser: false, position: true, events: false });

  const before = (await curl(`${server.url}/api/status`)).json;
  const appliedBefore = before.stats?.commandsApplied ?? NaN;

  // The load: every 10 ms each client sends what it owes at 100/s since the start.
  const startMs = performance.now();
  const endMs = startMs + seconds * 1000;
  let nextId = 1_000_000;
  const tick = setInterval(() => {
    const now = Math.min(performance.now(), endMs);
    const owed = Math.floor(((now - startMs) / 1000) * RATE_HZ);
    for (const c of senders) {
      while (c.sent < owed && c.ws.readyState === 1) {
        const id = nextId++;
        c.sentAt.set(id, performance.now());
        c.ws.send(`{"id":${id},"op":"setParam","node":"trim","param":"gainDb","value":0}`);
        c.sent++;
      }
    }
  }, 10);

  // The probe: master 0 ↔ -20 dB; latency until a meter push shows the new level (within 1 dB).
  const probeMs = [];
  const probeFailures = [];
  let probeOk = 0;
  let probeRefused = 0;
  const probeSentMs = [];
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  for (let k = 0; performance.now() + PROBE_PERIOD_MS < endMs; ++k) {
    const gainDb = k % 2 === 0 ? -20 : 0;
    const want = dbOf(0.5) + gainDb;
    const sent = performance.now();
    const shown = probe.waitFor((m) => m.type === 'meters' && Math.abs(m.peakDb?.[0] - want) < 1 && Math.abs(m.rmsDb?.[0] - want) < 1, 3000, 'meters');
    const reply = await probe.request({ op: 'setParam', node: 'master', param: 'gainDb', value: gainDb });
    if (reply.ok) {
      probeOk++;
      probeSentMs.push(sent);
      try {
        await shown;
        probeMs.push(performance.now() - sent);
      } catch (error) {
        probeFailures.push(`${gainDb} dB: ${error.message}`);
      }
    } else {
      shown.catch(() => {});
      probeRefused++;
      k++;  // the level did not change: the next switch asks for this level again
    }
    await sleep(Math.max(0, sent + PROBE_PERIOD_MS - performance.now()));
  }
  while (performance.now() < endMs) await sleep(20);
  clearInterval(tick);
  loopDelay.disable();
  const loadSeconds = (performance.now() - startMs) / 1000;
  // Replies still on their way: wait (bounded) until every sent command has its reply.
  const waitStart = Date.now();
  while (senders.some((c) => c.sentAt.size > 0) && Date.now() - waitStart < 5000) await sleep(50);
  await sleep(200);
  const after = (await curl(`${server.url}/api/status`)).json;

  const sent = senders.reduce((n, c) => n + c.sent, 0);
  const ok = senders.reduce((n, c) => n + c.ok, 0);
  const limited = senders.reduce((n, c) => n + c.limited, 0);
  const ringFull = senders.reduce((n, c) => n + c.ringFull, 0);
  const unanswered = senders.reduce((n, c) => n + c.sentAt.size, 0);
  const otherErrors = senders.flatMap((c) => c.otherErrors);
  const replyMs = senders.flatMap((c) => c.replyMs);
  const applied = (after.stats?.commandsApplied ?? NaN) - appliedBefore;
  const rejected = after.stats?.commandsRejected - (before.stats?.commandsRejected ?? 0);
  const underruns = await server.judgeUnderruns(underrunsOf(after));
  expect(sent >= clients * RATE_HZ * seconds * 0.95, `sent ${sent} commands (expected ${clients * RATE_HZ * seconds})`);
  expect(unanswered === 0, `${unanswered} commands without a reply`);
  expect(otherErrors.length === 0, `${otherErrors.length} error replies, e.g. "${otherErrors[0]}"`);
  expect(applied === ok + probeOk, `commandsApplied +${applied}, replies ok ${ok} + probe ${probeOk} = ${ok + probeOk}`);
  expect(underruns.ok, underruns.text);
  expect(probeFailures.length === 0, `probe: ${probeFailures.length} switches not shown in the meters (${probeFailures[0]})`);
  for (const c of [...senders, probe]) c.close();
  const exit = await server.stop();
  expect(exit.code === 0, `serve exit ${exit.code ?? exit.signal}`);
  const { channels } = readFloatWav(recordPath);
  const gaps = longestSilence(channels);
  // Between probe switches the level is 0.5 or 0.05; count frames that are neither (ramps aside).
  let strange = 0;
  for (let i = 0; i < channels[0].length; ++i) {
    const x = channels[0][i];
    if (!(x > 0.05 - 1e-6 && x < 0.5 + 1e-6)) strange++;
  }
  // Where each probe switch starts in the recording (the level leaves 0.5 or 0.05): the frame the
  // command took effect at; against the frame the engine was at when it was sent.
  const switches = [];
  let level = 0.5;
  for (let i = 0; i < channels[0].length; ++i) {
    if (Math.abs(channels[0][i] - level) <= 1e-6) continue;
    switches.push(i);
    level = level === 0.5 ? 0.05 : 0.5;
    while (i < channels[0].length && Math.abs(channels[0][i] - level) > 1e-6) ++i;
  }
  const bufferFrames = before.bufferFrames ?? 1024;
  const audioMs = switches.length === probeSentMs.length
    ? switches.map((frame, k) => (frame - (clockOffsetFrames - bufferFrames)) / 48 - probeSentMs[k])
    : [];
  expect(audioMs.length > 0, `the recording shows ${switches.length} switches, the probe made ${probeSentMs.length}`);
  expect(gaps === 0 && strange === 0, `recording: longest silence ${gaps} frames, ${strange} frames outside 0.05…0.5`);
  const detail = `${clients} clients × ${RATE_HZ}/s for ${loadSeconds.toFixed(1)} s: sent ${sent}, ok ${ok}, refused by the limits: rate ${limited}, command ring full ${ringFull}; ` +
    `other errors ${otherErrors.length}, unanswered ${unanswered}; commandsApplied +${applied} (ok + ${probeOk} probe), rejected +${rejected}, ` +
    `late ${after.stats?.commandsLate}; ${underruns.text}; reply latency p50 ${ms(quantile(replyMs, 0.5))} p99 ${ms(quantile(replyMs, 0.99))} ` +
    `max ${ms(replyMs.reduce((a, b) => Math.max(a, b), 0))}; command-to-meter latency over ${probeMs.length} switches p50 ${ms(quantile(probeMs, 0.5))} ` +
    `p99 ${ms(quantile(probeMs, 0.99))} max ${ms(probeMs.reduce((a, b) => Math.max(a, b), 0))} (${probeRefused} probe commands refused ` +
    `by the limits); command to the device time of the frame it took effect at (the recording; clock from position pushes, ${bufferFrames}-frame buffers) ` +
    `p50 ${ms(quantile(audioMs, 0.5))} p99 ${ms(quantile(audioMs, 0.99))} max ${ms(audioMs.reduce((a, b) => Math.max(a, b), -Infinity))}; the test process's event-loop delay p99 ${ms(loopDelay.percentile(99) / 1e6)} (in both latencies); recording ${(channels[0].length / 48000).toFixed(1)} s, no gap`;
  return { pass: problems.length === 0, detail: problems.length ? `${problems.join('; ')} | ${detail}` : detail };
}
