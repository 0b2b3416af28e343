// Checks b and c: WebSocket clients (the `ws` package) on /api/live of `wavegraph serve
// --backend null` playing a constant 0.5 (dcGraph): commands change the recorded output, meter
// pushes arrive at 43 ± 5 per second with the analytic level, a client that stops reading is
// skipped (told so) and then closed, and the output keeps its clock (no underruns beyond the
// machine's own stalls).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { curl } from './curl.mjs';
import { connectLive } from './live-client.mjs';
import { startServe } from './serve-process.mjs';
import { dbOf, dcGraph, firstFrame, framesOff, longestSilence, sleep, underrunsOf } from './signal.mjs';
import { readFloatWav } from './wav-reader.mjs';

const RAMP_FRAMES = 240;

async function startDc(dir, name, cleanups, extraArgs = []) {
  const graphPath = join(dir, `${name}.json`);
  writeFileSync(graphPath, JSON.stringify(dcGraph(0.5, 0)));
  const recordPath = join(dir, `${name}.wav`);
  const server = await startServe({ args: ['--graph', graphPath, ...extraArgs], recordPath });
  cleanups.push([`serve (${name})`, () => server.stop()]);
  return { server, recordPath };
}

/** Meter pushes per second over the pushes received in [fromMs, toMs]; also frames per push. */
function meterRate(pushes, fromMs, toMs) {
  const meters = pushes.filter((p) => p.type === 'meters' && p.receivedMs >= fromMs && p.receivedMs <= toMs);
  if (meters.length < 2) return { count: meters.length, perSecond: 0, framesPerPush: NaN };
  const seconds = (meters[meters.length - 1].receivedMs - meters[0].receivedMs) / 1000;
  const frames = meters[meters.length - 1].frame - meters[0].frame;
  return { count: meters.length, perSecond: (meters.length - 1) / seconds, framesPerPush: frames / (meters.length - 1), byFrames: ((meters.length - 1) * 48000) / frames };
}

export async function checkLiveCommands(dir, cleanups) {
  const { server, recordPath } = await startDc(dir, 'live', cleanups);
  const problems = [];
  const expect = (ok, text) => ok || problems.push(text);
  const client = await connectLive(server.url);
  cleanups.push(['ws client', () => client.close()]);
  const { hello } = client;
  expect(hello.sampleRateHz === 48000 && hello.channels === 2 && Array.isArray(hello.nodes),
    `hello: sampleRateHz ${hello.sampleRateHz}, channels ${hello.channels}, nodes ${Array.isArray(hello.nodes)}`);

  // Meters: count over 3.5 s; their level is the constant's, 20·log10(0.5) = -6.02 dB.
  const from = performance.now();
  await sleep(3500);
  const rate = meterRate(client.pushes, from, performance.now());
  expect(Math.abs(rate.perSecond - 43) <= 5, `meters: ${rate.perSecond.toFixed(1)} per second over ${rate.count} pushes (expected 43 ± 5)`);
  const lastMeter = client.pushes.filter((p) => p.type === 'meters').at(-1);
  const peak = lastMeter?.peakDb?.[0];
  const rms = lastMeter?.rmsDb?.[0];
  expect(Math.abs(peak - dbOf(0.5)) < 0.01 && Math.abs(rms - dbOf(0.5)) < 0.01,
    `meter level: peak ${peak} dB, rms ${rms} dB (expected ${dbOf(0.5).toFixed(2)} dB)`);
  const positions = client.pushes.filter((p) => p.type === 'position' && p.receivedMs >= from).length;

  // Commands: a bad value → an error reply naming the range; bad JSON → an error reply, no close.
  const bad = await client.request({ op: 'setParam', node: 'master', param: 'gainDb', value: 90 });
  expect(bad.ok === false && /gainDb/.test(bad.error) && /-120/.test(bad.error), `setParam 90 dB: ${JSON.stringify(bad)}`);
  const errorsBefore = client.errorReplies.length;
  client.send('{"op":"setParam",');
  await client.waitFor((m) => m.ok === false, 3000, 'error reply to bad JSON');
  expect(client.errorReplies.length === errorsBefore + 1, 'bad JSON: no error reply');

  // setParam at a frame: master -20 dB exactly at frame F (measured in the recording).
  const status = await client.request({ op: 'status' });
  const now = status.positionFrames ?? status.status?.positionFrames;
  const atFrame = now + 24000;
  const reply = await client.request({ op: 'setParam', node: 'master', param: 'gainDb', value: -20, atFrame });
  expect(reply.ok === true, `setParam at a frame: ${JSON.stringify(reply)}`);
  const quiet = await client.waitFor((m) => m.type === 'meters' && m.peakDb?.[0] < dbOf(0.05) + 0.01, 3000, 'meters at -26 dB');
  // setParam now: master back to 0 dB, by numeric ids if the hello names them.
  const back = await client.request({ op: 'setParam', node: 'master', param: 'gainDb', value: 0 });
  expect(back.ok === true, `setParam 0 dB: ${JSON.stringify(back)}`);
  await client.waitFor((m) => m.type === 'meters' && Math.abs(m.peakDb?.[0] - dbOf(0.5)) < 0.01, 3000, 'meters back at -6 dB');
  const stats = await client.request({ op: 'stats' });
  const http = (await curl(`${server.url}/api/status`)).json;
  const underruns = await server.judgeUnderruns(underrunsOf(http));
  expect(underruns.ok, underruns.text);
  client.close();
  const exit = await server.stop();
  expect(exit.code === 0, `serve exit ${exit.code ?? exit.signal}`);

  const { channels } = readFloatWav(recordPath);
  const changedAt = firstFrame(channels, 0, channels[0].length, (x) => Math.abs(x - 0.5) > 1e-6);
  const backAt = firstFrame(channels, atFrame + RAMP_FRAMES, channels[0].length, (x) => Math.abs(x - 0.05) > 1e-6);
  const offLow = framesOff(channels, atFrame + RAMP_FRAMES, backAt, 0.05);
  const gaps = longestSilence(channels);
  expect(changedAt === atFrame, `the output changed at frame ${changedAt}, asked for ${atFrame}`);
  expect(offLow === 0 && backAt > atFrame + RAMP_FRAMES, `${offLow} frames between the ramp and the next command differ from 0.05`);
  expect(backAt > atFrame && framesOff(channels, backAt + RAMP_FRAMES, channels[0].length, 0.5) === 0, 'the output did not return to 0.5');
  expect(gaps === 0, `a run of ${gaps} silent frames in the recording`);
  const detail = `meters ${rate.perSecond.toFixed(1)}/s over ${rate.count} pushes (${rate.framesPerPush.toFixed(0)} frames apart), ` +
    `level ${peak?.toFixed(2)} dB peak / ${rms?.toFixed(2)} dB rms (analytic ${dbOf(0.5).toFixed(2)}); positions ${(positions / 3.5).toFixed(1)}/s; ` +
    `setParam at frame ${atFrame}: output changed at ${changedAt}, the first meter push at ${quiet.peakDb?.[0]?.toFixed(2)} dB has frame ${quiet.frame} (F + ${quiet.frame - atFrame}); ` +
    `back to 0 dB at frame ${backAt}; bad value → "${bad.error}"; stats commandsApplied ${stats.stats?.commandsApplied}; ${underruns.text}`;
  return { pass: problems.length === 0, detail: problems.length ? `${problems.join('; ')} | ${detail}` : detail };
}

export async function checkSlowClient(dir, cleanups) {
  const { server, recordPath } = await startDc(dir, 'slow', cleanups);
  const problems = [];
  const expect = (ok, text) => ok || problems.push(text);
  const reader = await connectLive(server.url);
  const slow = await connectLive(server.url, { keep: (m) => m.type === 'dropped' });
  const stuck = await connectLive(server.url, { keep: () => false });
  cleanups.push(['ws clients', () => [reader, slow, stuck].forEach((c) => c.close())]);

  // Two clients stop reading at once: `slow` for 3 s (the server skips its pushes and tells it
  // so when it reads again), `stuck` for good (once its writes have stalled 5 s the server closes
  // it: 1008 "too slow", or the connection dropped when not even the close frame gets out).
  slow.ws.pause();
  stuck.ws.pause();
  const pausedMs = performance.now();
  await sleep(3000);
  const during = meterRate(reader.pushes, pausedMs, performance.now());
  const statusPaused = (await curl(`${server.url}/api/status`)).json;
  slow.ws.resume();
  let dropped;
  try {
    dropped = await slow.waitFor((m) => m.type === 'dropped', 3000, 'dropped push');
  } catch {
    dropped = slow.pushes.find((m) => m.type === 'dropped');
  }
  expect(dropped?.frames > 0, `after 3 s without reading: ${dropped ? JSON.stringify(dropped) : 'no dropped push'}`);
  expect(Math.abs(during.perSecond - 43) <= 5, `the other client's meters while two stalled: ${during.perSecond.toFixed(1)}/s`);

  let statusClosed;
  let goneAfterMs;
  while (performance.now() - pausedMs < 15_000) {
    statusClosed = (await curl(`${server.url}/api/status`)).json;
    if (statusClosed?.clients === 2) {
      goneAfterMs = performance.now() - pausedMs;
      break;
    }
    await sleep(250);
  }
  stuck.ws.resume();
  const closed = await Promise.race([stuck.closed, sleep(3000).then(() => undefined)]);
  expect(goneAfterMs !== undefined && goneAfterMs >= 5000,
    `a client that stopped reading: ${goneAfterMs === undefined ? 'still a client after 15 s' : `gone after ${(goneAfterMs / 1000).toFixed(1)} s`} (expected after more than 5 s)`);
  expect(closed !== undefined, 'the stalled client\'s socket stayed open');
  expect(slow.ws.readyState === 1, 'the client that read again was closed');
  const underruns = await server.judgeUnderruns(underrunsOf(statusClosed));
  expect(underruns.ok, underruns.text);
  for (const c of [reader, slow, stuck]) c.close();
  const exit = await server.stop();
  const { channels } = readFloatWav(recordPath);
  const off = framesOff(channels, 0, channels[0].length, 0.5);
  expect(off === 0, `${off} recorded frames differ from 0.5 (gaps or glitches)`);
  expect(exit.code === 0, `serve exit ${exit.code ?? exit.signal}`);
  const detail = `after 3 s without reading: ${JSON.stringify(dropped)}; clients while stalled ${statusPaused?.clients}; ` +
    `the reading client meanwhile ${during.perSecond.toFixed(1)} meters/s; the client stalled for good: one client fewer in status after ` +
    `${goneAfterMs === undefined ? '–' : (goneAfterMs / 1000).toFixed(1)} s, its socket ${closed ? `closed ${closed.code}${closed.reason ? ` "${closed.reason}"` : ''}` : 'open'}; ` +
    `recording ${channels[0].length} frames, ${off} off 0.5; ${underruns.text}`;
  return { pass: problems.length === 0, detail: problems.length ? `${problems.join('; ')} | ${detail}` : detail };
}
