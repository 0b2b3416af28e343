// Check h: `serve --command-log` logs what the network changed (POST /api/params with and
// without atFrame, PUT /api/graph) with the frames it took effect at, and `wavegraph render
// --commands` of that log through the same graph equals the --record file sample for sample.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { curl } from './curl.mjs';
import { runWavegraph, startServe } from './serve-process.mjs';
import { sleep } from './signal.mjs';
import { readFloatWav } from './wav-reader.mjs';

const graph = (seed, color) => ({
  nodes: [
    { id: 'source', type: 'noise', params: { seed, color, levelDb: -18 } },
    { id: 'eq', type: 'parametricEq' },
    { id: 'master', type: 'gain' },
  ],
  connections: [{ from: 'source', to: 'eq' }, { from: 'eq', to: 'master' }],
  output: 'master',
});

export async function checkCommandLog(dir, cleanups) {
  const graphPath = join(dir, 'log-a.json');
  const logPath = join(dir, 'serve.log');
  const recordPath = join(dir, 'log.wav');
  writeFileSync(graphPath, JSON.stringify(graph(7, 0)));
  const server = await startServe({ args: ['--graph', graphPath, '--command-log', logPath], recordPath });
  cleanups.push(['serve (command log)', () => server.stop()]);
  const { url } = server;
  const problems = [];
  const expect = (ok, text) => ok || problems.push(text);

  await sleep(300);
  const params = (list) => curl(`${url}/api/params`, { method: 'POST', body: JSON.stringify({ params: list }) });
  const first = await params([{ node: 'eq', param: 'band4.gainDb', value: -20 }, { node: 'master', param: 'gainDb', value: -3 }]);
  expect(first.status === 200, `POST /api/params: ${first.status} ${first.body.slice(0, 120)}`);
  await sleep(300);
  const swap = await curl(`${url}/api/graph`, { method: 'PUT', body: JSON.stringify(graph(11, 1)) });
  expect(swap.status === 200, `PUT /api/graph: ${swap.status} ${swap.body.slice(0, 120)}`);
  await sleep(300);
  const position = (await curl(`${url}/api/status`)).json.positionFrames;
  const atFrame = position + 9600;
  const timed = await params([{ node: 'eq', param: 'band2.gainDb', value: -10, atFrame }]);
  expect(timed.status === 200, `POST /api/params atFrame: ${timed.status} ${timed.body.slice(0, 120)}`);
  await sleep(500);
  const exit = await server.stop();
  expect(exit.code === 0, `serve stopped by SIGINT: exit ${exit.code ?? exit.signal}`);
  const summary = /command log: (\d+) commands, (\d+) late, (\d+) events dropped/.exec(exit.stderr);
  expect(summary?.[1] === '4' && summary?.[2] === '0' && summary?.[3] === '0', `summary: ${summary?.[0] ?? 'no command log figures'}`);
  const log = readFileSync(logPath, 'utf8').split('\n').filter((line) => line && !line.startsWith('#'));
  expect(log.some((line) => line === `${atFrame} set eq.band2.gainDb -10`), `no line '${atFrame} set eq.band2.gainDb -10' in the log`);
  expect(log.some((line) => / graph .*serve\.log\.graph-1\.json$/.test(line)), 'no graph line for the PUT /api/graph');

  const played = readFloatWav(recordPath);
  const frames = played.channels[0].length;
  const silence = join(dir, 'log-silence.wav');
  const replayPath = join(dir, 'log-replay.wav');
  execFileSync('sox', ['-n', '-r', String(played.sampleRateHz), '-c', '2', silence, 'trim', '0', `${frames}s`]);
  const render = await runWavegraph(['render', silence, replayPath, '--graph', graphPath, '--commands', logPath]);
  expect(render.code === 0, `render --commands: exit ${render.code}: ${render.stderr.trim()}`);
  let worst = Infinity;
  if (render.code === 0) {
    const replayed = readFloatWav(replayPath);
    expect(replayed.channels[0].length === frames, `render ${replayed.channels[0].length} frames, recording ${frames}`);
    worst = 0;
    for (let c = 0; c < 2; c++)
      for (let i = 0; i < frames; i++) worst = Math.max(worst, Math.abs(replayed.channels[c][i] - played.channels[c][i]));
    expect(worst === 0, `render --commands differs from the recording: max |diff| ${worst}`);
  }
  const detail = `${log.length} logged commands (${summary?.[2] ?? '?'} late), atFrame ${atFrame} kept; ` +
    `render --commands vs --record: max |diff| ${worst} over ${frames} frames`;
  return { pass: problems.length === 0, detail: problems.length ? `${problems.join('; ')} | ${detail}` : detail };
}
