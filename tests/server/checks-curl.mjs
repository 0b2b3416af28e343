// Check a: the REST API through the real curl program against `wavegraph serve --backend null`
// playing a constant 0.5 (dcGraph), so that every recorded frame has a known value.
import { writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import { curl } from './curl.mjs';
import { runWavegraph, startServe } from './serve-process.mjs';
import { dbOf, dcGraph, firstFrame, framesOff, longestSilence, sleep, underrunsOf } from './signal.mjs';
import { readFloatWav } from './wav-reader.mjs';

const RAMP_FRAMES = 240;  // the gain node's 5 ms ramp at 48 kHz

/** Waits until GET /api/status reports positionFrames ≥ frame (bounded); answers the status. */
async function waitForFrame(url, frame, timeoutMs = 5000) {
  const start = Date.now();
  for (;;) {
    const { json } = await curl(`${url}/api/status`);
    if (json.positionFrames >= frame) return json;
    if (Date.now() - start > timeoutMs) throw new Error(`position stayed at ${json.positionFrames} < ${frame}`);
    await sleep(50);
  }
}

export async function checkCurl(dir, cleanups) {
  const graphPath = join(dir, 'dc.json');
  const recordPath = join(dir, 'curl.wav');
  writeFileSync(graphPath, JSON.stringify(dcGraph(0.5, 0)));
  const server = await startServe({ args: ['--graph', graphPath], recordPath });
  cleanups.push(['serve (curl)', () => server.stop()]);
  const { url } = server;
  const problems = [];
  const expect = (ok, text) => ok || problems.push(text);

  // Status: the clock runs at 48 kHz.
  const s1 = await curl(`${url}/api/status`);
  const t1 = Date.now();
  await sleep(500);
  const s2 = await curl(`${url}/api/status`);
  const t2 = Date.now();
  expect(s1.status === 200 && s1.json?.state === 'playing', `status: ${s1.status} ${s1.body.slice(0, 120)}`);
  expect(s1.json?.sampleRateHz === 48000 && s1.json?.channels === 2 && s1.json?.backend === 'null',
    `status: sampleRateHz ${s1.json?.sampleRateHz}, channels ${s1.json?.channels}, backend ${s1.json?.backend}`);
  const clockRate = ((s2.json?.positionFrames ?? 0) - (s1.json?.positionFrames ?? 0)) / ((t2 - t1) / 1000);
  expect(Math.abs(clockRate / 48000 - 1) < 0.2, `position advanced at ${clockRate.toFixed(0)} frames/s (expected 48000 ± 20 %)`);

  // Nodes: the same schema as `wavegraph nodes --json`.
  const nodes = await curl(`${url}/api/nodes`);
  const cli = await runWavegraph(['nodes', '--json']);
  const cliNodes = JSON.parse(cli.stdout);
  expect(nodes.status === 200 && isDeepStrictEqual(nodes.json, cliNodes), `GET /api/nodes (${nodes.status}) differs from 'wavegraph nodes --json'`);
  const typeCount = cliNodes.nodeTypes?.length;

  // The running graph as loaded; a bad graph → 400 with the JSON path first, graph untouched.
  const graph1 = await curl(`${url}/api/graph`);
  expect(graph1.status === 200 && isDeepStrictEqual(graph1.json?.nodes?.map((n) => n.id), ['source', 'trim', 'master', 'meter']),
    `GET /api/graph: ${graph1.status} ${graph1.body.slice(0, 120)}`);
  const bad = dcGraph(0.25, 0);
  bad.nodes[1].type = 'noSuchType';
  const badPut = await curl(`${url}/api/graph`, { method: 'PUT', body: JSON.stringify(bad) });
  expect(badPut.status === 400 && /^nodes\[1\]\.type\b/.test(badPut.json?.error ?? ''),
    `bad graph: ${badPut.status} ${badPut.body.slice(0, 160)} (expected 400, error starting with nodes[1].type)`);
  const badRange = dcGraph(0.25, 99);
  const badRangePut = await curl(`${url}/api/graph`, { method: 'PUT', body: JSON.stringify(badRange) });
  expect(badRangePut.status === 400 && /^nodes\[2\]\.params\.gainDb\b/.test(badRangePut.json?.error ?? ''),
    `graph with gainDb 99: ${badRangePut.status} ${badRangePut.body.slice(0, 160)} (expected 400, error starting with nodes[2].params.gainDb)`);
  const graph2 = await curl(`${url}/api/graph`);
  expect(isDeepStrictEqual(graph1.json, graph2.json), 'GET /api/graph changed after the refused graphs');

  // Parameters: one out of range → 400 naming its index; then master -20 dB at frame F.
  const badParams = await curl(`${url}/api/params`, {
    method: 'POST',
    body: JSON.stringify({ params: [{ node: 'master', param: 'gainDb', value: -6 }, { node: 'master', param: 'gainDb', value: 30 }] }),
  });
  expect(badParams.status === 400 && /^params\[1\]/.test(badParams.json?.error ?? ''),
    `params with gainDb 30: ${badParams.status} ${badParams.body.slice(0, 160)} (expected 400, error starting with params[1])`);
  const now = (await curl(`${url}/api/status`)).json.positionFrames;
  const atFrame = now + 24000;
  const params = await curl(`${url}/api/params`, {
    method: 'POST',
    body: JSON.stringify({ params: [{ node: 'master', param: 'gainDb', value: -20, atFrame }] }),
  });
  expect(params.status === 200 && params.json?.ok === true, `POST /api/params: ${params.status} ${params.body.slice(0, 120)}`);
  await waitForFrame(url, atFrame + 4800);

  // A good graph swap: constant 0.25 at 0 dB.
  const swapFrame = (await curl(`${url}/api/status`)).json.positionFrames;
  const swapPut = await curl(`${url}/api/graph`, { method: 'PUT', body: JSON.stringify(dcGraph(0.25, 0)) });
  expect(swapPut.status === 200 && swapPut.json?.ok === true, `PUT /api/graph: ${swapPut.status} ${swapPut.body.slice(0, 120)}`);
  await waitForFrame(url, swapFrame + 24000);
  const graph3 = await curl(`${url}/api/graph`);
  expect(graph3.json?.nodes?.[0]?.params?.value === 0.25, `GET /api/graph after the swap: ${graph3.body.slice(0, 120)}`);

  // Stop → silence; play → the graph again.
  const stopFrame = (await curl(`${url}/api/status`)).json.positionFrames;
  const stop = await curl(`${url}/api/stop`, { method: 'POST' });
  expect(stop.status === 200 && stop.json?.ok === true, `POST /api/stop: ${stop.status} ${stop.body.slice(0, 120)}`);
  await waitForFrame(url, stopFrame + 24000);
  const playFrame = (await curl(`${url}/api/status`)).json.positionFrames;
  const play = await curl(`${url}/api/play`, { method: 'POST', body: JSON.stringify({ graph: dcGraph(0.5, 0) }) });
  expect(play.status === 200 && play.json?.ok === true, `POST /api/play: ${play.status} ${play.body.slice(0, 120)}`);
  const last = await waitForFrame(url, playFrame + 24000);
  const underruns = await server.judgeUnderruns(underrunsOf(last));
  expect(underruns.ok, `${underruns.text} (from GET /api/status)`);

  const exit = await server.stop();
  expect(exit.code === 0 && !exit.killed, `serve stopped by SIGINT: exit ${exit.code ?? exit.signal}${exit.killed ? ' (killed)' : ''}`);

  // The recording: 0.5 up to F, a ramp from F, 0.05 after it, the swap to 0.25, silence, 0.5.
  const { channels } = readFloatWav(recordPath);
  const offBefore = framesOff(channels, 0, atFrame, 0.5);
  const changedAt = firstFrame(channels, 0, channels[0].length, (x) => Math.abs(x - 0.5) > 1e-6);
  const offAfter = framesOff(channels, atFrame + RAMP_FRAMES, swapFrame, 0.05);
  const swappedAt = firstFrame(channels, atFrame + RAMP_FRAMES, channels[0].length, (x) => Math.abs(x - 0.05) > 1e-6);
  const settledAt = firstFrame(channels, swappedAt, channels[0].length, (x) => Math.abs(x - 0.25) <= 1e-6);
  const silentAt = firstFrame(channels, settledAt, channels[0].length, (x) => x === 0);
  const silence = longestSilence(channels, silentAt);
  const soundAgain = firstFrame(channels, silentAt + silence, channels[0].length, (x) => Math.abs(x - 0.5) <= 1e-6);
  const gapsBeforeStop = longestSilence(channels, 0, silentAt);
  expect(offBefore === 0, `${offBefore} frames before F differ from 0.5 (the refused graphs must not touch the output)`);
  expect(changedAt === atFrame, `the output changed at frame ${changedAt}, asked for ${atFrame} (Δ ${changedAt - atFrame})`);
  expect(offAfter === 0, `${offAfter} frames after the ramp differ from 0.05 (-20 dB)`);
  expect(swappedAt >= swapFrame && settledAt > swappedAt, `graph swap: left 0.05 at ${swappedAt}, reached 0.25 at ${settledAt} (status said ${swapFrame})`);
  expect(silentAt >= stopFrame && silence >= 24000 - 4096, `stop: silence from ${silentAt} for ${silence} frames (status said ${stopFrame})`);
  expect(soundAgain > 0, 'play: 0.5 never came back after the silence');
  expect(gapsBeforeStop === 0, `a run of ${gapsBeforeStop} silent frames before the stop (a gap in the audio)`);
  const detail = `status ${clockRate.toFixed(0)} frames/s; nodes: ${typeCount} types = 'wavegraph nodes --json'; ` +
    `bad graph → ${badPut.status} "${(badPut.json?.error ?? '').slice(0, 60)}", graph and output untouched (${offBefore} frames off 0.5 in ${atFrame}); ` +
    `params at frame ${atFrame}: first changed frame ${changedAt}, then ${dbOf(channels[0][atFrame + RAMP_FRAMES + 10] / 0.5).toFixed(2)} dB; ` +
    `swap: output left 0.05 ${swappedAt - swapFrame} frames after the PUT was sent, crossfade ${settledAt - swappedAt} frames; ` +
    `stop: silent ${silentAt - stopFrame} frames after sending, for ${silence} frames; play: 0.5 again ${soundAgain - playFrame} frames after sending; ${underruns.text}`;
  return { pass: problems.length === 0, detail: problems.length ? `${problems.join('; ')} | ${detail}` : detail };
}
