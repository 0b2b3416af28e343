// Checks e and f: the server's security against `wavegraph serve --backend null` playing a
// constant 0.5 (dcGraph): Origin allow-list (403), token on a non-loopback bind (401 / 200),
// body, message, client and rate limits (413, close 1009, 429, "rate limit"), media names confined to --media (400), and 10,000
// seeded random or truncated messages (HTTP bodies and WebSocket frames) answered by errors only,
// with the server alive and the recording unbroken.
import http from 'node:http';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { curl, curlUpgrade } from './curl.mjs';
import { connectLive, upgradeStatus } from './live-client.mjs';
import { runWavegraph, startServe } from './serve-process.mjs';
import { dcGraph, framesOff, longestSilence, sleep, underrunsOf } from './signal.mjs';
import { readFloatWav } from './wav-reader.mjs';

const FOREIGN = 'http://evil.example';

export async function checkAccess(dir, cleanups) {
  const problems = [];
  const results = [];
  const expect = (ok, text) => ok || problems.push(text);
  const graphPath = join(dir, 'access.json');
  writeFileSync(graphPath, JSON.stringify(dcGraph(0.5, 0)));
  const media = join(dir, 'media');
  mkdirSync(media, { recursive: true });
  writeFileSync(join(dir, 'outside.json'), '{}');
  symlinkSync('..', join(media, 'up'));
  const local = await startServe({ args: ['--graph', graphPath, '--media', media], recordPath: join(dir, 'access.wav') });
  cleanups.push(['serve (access)', () => local.stop()]);
  const { url } = local;

  // Origin: a foreign page is refused on the upgrade and on plain requests; local pages pass.
  const foreignUpgrade = await curlUpgrade(`${url}/api/live`, { Origin: FOREIGN });
  const foreignWs = await upgradeStatus(url, { origin: FOREIGN });
  const localWs = await upgradeStatus(url, { origin: 'http://localhost:5173' });
  const ownWs = await upgradeStatus(url, { origin: url });
  const foreignPost = await curl(`${url}/api/stop`, { method: 'POST', headers: { Origin: FOREIGN } });
  expect(foreignUpgrade === 403 && foreignWs === 403, `foreign Origin upgrade: curl ${foreignUpgrade}, ws ${foreignWs} (expected 403)`);
  expect(localWs === 101 && ownWs === 101, `upgrade from localhost:5173 ${localWs}, from ${url} ${ownWs} (expected 101)`);
  expect(foreignPost.status === 403 && typeof foreignPost.json?.error === 'string', `foreign Origin POST /api/stop: ${foreignPost.status} ${foreignPost.body.slice(0, 100)}`);
  results.push(`Origin ${FOREIGN}: upgrade ${foreignUpgrade}/${foreignWs}, POST ${foreignPost.status}; localhost ${localWs}, own ${ownWs}`);

  // Body limit: 1 MiB + 1 byte → 413.
  const big = Buffer.alloc(1024 * 1024 + 1, 0x20);
  const tooBig = await curl(`${url}/api/graph`, { method: 'PUT', body: big });
  expect(tooBig.status === 413 && typeof tooBig.json?.error === 'string', `1 MiB + 1 body: ${tooBig.status} ${tooBig.body.slice(0, 100)}`);
  // Message limit: a 64 KiB + 1 frame closes the socket with 1009.
  const client = await connectLive(url);
  client.send(`{"op":"stats","pad":"${'x'.repeat(64 * 1024)}"}`);
  const closed = await Promise.race([client.closed, sleep(3000).then(() => undefined)]);
  client.close();
  expect(closed?.code === 1009, `64 KiB + frame: ${closed ? `closed ${closed.code}` : 'not closed'} (expected 1009)`);
  results.push(`1 MiB + 1 body ${tooBig.status}; 64 KiB + frame close ${closed?.code}`);

  // Media names: outside --media → 400 ("..", absolute, a symlink out); unknown paths 404, methods 405.
  const mediaCases = ['../outside.json', '/etc/passwd', 'up/outside.json', 'a/../../outside.json'];
  const mediaStatus = [];
  for (const name of mediaCases) {
    const r = await curl(`${url}/api/play`, { method: 'POST', body: JSON.stringify({ media: [name] }) });
    mediaStatus.push(`${name} ${r.status}`);
    expect(r.status === 400 && /^media\[0\]/.test(r.json?.error ?? ''), `media "${name}": ${r.status} ${r.body.slice(0, 100)} (expected 400, error starting with media[0])`);
  }
  const unknown = await curl(`${url}/api/nothing`);
  const wrongMethod = await curl(`${url}/api/status`, { method: 'DELETE' });
  expect(unknown.status === 404 && wrongMethod.status === 405, `GET /api/nothing ${unknown.status} (404), DELETE /api/status ${wrongMethod.status} (405)`);
  results.push(`media ${mediaStatus.join(', ')}; 404/405: ${unknown.status}/${wrongMethod.status}`);
  // Client count (default 16: the 17th upgrade → 429) and message rate (default 500/s): 1200
  // messages at once → 700 "rate limit" replies (701 when the subscribe shares the 1 s window; at
  // least 200 if a window ends amid them).
  const crowd = [];
  for (let i = 0; i < 16; ++i) crowd.push(await connectLive(url, { keep: () => false }));
  cleanups.push(['ws crowd', () => crowd.forEach((c) => c.close())]);
  const seventeenth = await upgradeStatus(url);
  const [first] = crowd;
  await first.request({ op: 'subscribe', meters: false, analyser: false, position: false, events: false });
  const repliesBefore = first.replies;
  for (let i = 0; i < 1200; ++i) first.send({ op: 'stats' });
  const rateStart = Date.now();
  while (first.replies < repliesBefore + 1200 && Date.now() - rateStart < 5000) await sleep(20);
  const limited = first.errorReplies.filter((m) => /^rate limit: 500 messages\/s/.test(m.error)).length;
  crowd.forEach((c) => c.close());
  expect(seventeenth === 429, `17th client: ${seventeenth} (expected 429)`);
  expect(limited >= 200 && limited <= 701 && first.replies === repliesBefore + 1200,
    `1200 messages at once: ${first.replies - repliesBefore} replies, ${limited} "rate limit" (expected 1200 replies, 200…701 limited: the window also counts the subscribe)`);
  results.push(`17th client ${seventeenth}; 1200 messages at once → ${limited} "rate limit: 500 messages/s"`);
  const status = (await curl(`${url}/api/status`)).json;
  const underruns = await local.judgeUnderruns(underrunsOf(status));
  expect(underruns.ok && status.state === 'playing', `after the refusals: state ${status.state}, ${underruns.text}`);
  await local.stop();
  const { channels } = readFloatWav(join(dir, 'access.wav'));
  const off = framesOff(channels, 0, channels[0].length, 0.5);
  expect(off === 0, `${off} recorded frames differ from 0.5 (a refusal touched the audio)`);

  // Token: binding 0.0.0.0 without one is refused; with one, every request and upgrade needs it.
  const noToken = await runWavegraph(['serve', '--backend', 'null', '--port', '0', '--bind', '0.0.0.0'], 10_000);
  const refusal = noToken.stderr.trim().split('\n');
  expect(noToken.code === 2 && refusal.length === 1 && /token/.test(refusal[0]), `serve --bind 0.0.0.0 without --token: exit ${noToken.code}, "${refusal.join(' / ')}"`);
  const token = 't0k3n-' + 'abcdef0123456789'.repeat(2);
  const open = await startServe({ args: ['--graph', graphPath, '--bind', '0.0.0.0', '--token', token] });
  cleanups.push(['serve (token)', () => open.stop()]);
  const base = `http://127.0.0.1:${open.port}`;
  const missing = await curl(`${base}/api/status`);
  const wrong = await curl(`${base}/api/status`, { headers: { Authorization: `Bearer ${token.slice(0, -1)}x` } });
  const right = await curl(`${base}/api/status`, { headers: { Authorization: `Bearer ${token}` } });
  const query = await curl(`${base}/api/status?token=${token}`);
  const wsMissing = await upgradeStatus(base);
  const wsWrong = await upgradeStatus(base, { token: 'wrong' });
  const wsRight = await upgradeStatus(base, { token });
  expect(missing.status === 401 && wrong.status === 401 && typeof missing.json?.error === 'string', `no token ${missing.status}, wrong token ${wrong.status} (expected 401)`);
  expect(right.status === 200 && query.status === 200, `Bearer token ${right.status}, ?token= ${query.status} (expected 200)`);
  expect(wsMissing === 401 && wsWrong === 401 && wsRight === 101, `upgrade: no token ${wsMissing}, wrong ${wsWrong}, right ${wsRight}`);
  await open.stop();
  results.push(`--bind 0.0.0.0 without --token: exit ${noToken.code}; with it: none ${missing.status}, wrong ${wrong.status}, Bearer ${right.status}, ` +
    `?token ${query.status}; upgrade ${wsMissing}/${wsWrong}/${wsRight}; recording ${off} frames off 0.5`);
  const detail = results.join('; ');
  return { pass: problems.length === 0, detail: problems.length ? `${problems.join('; ')} | ${detail}` : detail };
}

/** Mulberry32: a small seeded generator (the messages are the same on every run). */
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = ['{', '}', '[', ']', ',', ':', '"', 'null', 'true', '-', '1e999', 'NaN', '"op"', '"setParam"', '"node"',
  '"master"', '"param"', '"gainDb"', '"value"', '"atFrame"', '"params"', '"graph"', '"nodes"', '"media"', '\\u0000', '\u00ff', '9'.repeat(40)];

/**
 * A message that is not a valid request for `target`: a strict non-empty prefix of a valid one,
 * random tokens (never valid JSON), or valid JSON of a wrong shape for that target.
 */
function badMessage(random, valid, shapes) {
  const kind = random();
  if (kind < 0.4) {
    const text = valid[Math.floor(random() * valid.length)];
    return text.slice(0, 1 + Math.floor(random() * (text.length - 1)));
  }
  if (kind < 0.8) {
    let text = '';
    const n = 1 + Math.floor(random() * 24);
    for (let i = 0; i < n; ++i) text += TOKENS[Math.floor(random() * TOKENS.length)];
    try {
      JSON.parse(text);
      return `${text}}`;
    } catch {
      return text;
    }
  }
  return JSON.stringify(shapes[Math.floor(random() * shapes.length)]);
}

/** Valid JSON that each target must refuse. */
const WRONG_SHAPES = {
  '/api/params': [{ params: 'all' }, { params: [{ node: 'master', param: 'gainDb', value: null }] },
    { params: [{ node: 'nowhere', param: 'gainDb', value: -3 }] }, { params: [{ node: 'master', param: 'gainDb', value: -3, atFrame: 'soon' }] },
    { params: [{ node: 'master', param: 'loudness', value: -3 }] }, [], 'text', 7],
  '/api/graph': [{ nodes: 5 }, { nodes: [{ id: 'x', type: 'gain' }], output: 'nowhere' },
    { nodes: [{ id: 'a', type: 'gain' }, { id: 'a', type: 'gain' }], output: 'a' }, [], 'text', null],
  '/api/play': [{ graph: { nodes: 5 } }, { media: ['../../etc/passwd'] }, { media: [] }, { track: 7 }, { graph: [] }, [], 'text'],
  live: [{ op: 'setParam', node: 'master', param: 'gainDb', value: 'loud' }, { op: 'setParam', node: 'nowhere', param: 'gainDb', value: -3 },
    { op: 'setParam', node: 7, param: 99, value: 1e300 }, { op: 'setParam', node: 'master', param: 'gainDb', value: 90 },
    { op: 'loadGraph', graph: { nodes: 5 } }, { op: 'noSuchOp' }, { op: 'subscribe', meters: 'yes' }, [], 'text', 42],
};

/** POSTs/PUTs body over a keep-alive agent; resolves to { status, json }. */
function request(agent, port, method, path, body) {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers: { 'Content-Type': 'application/json' }, timeout: 5000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        let json;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode, json });
      });
    });
    req.on('error', (error) => resolve({ status: 0, error: error.message }));
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end(body);
  });
}

export async function checkBadMessages(dir, cleanups, { count = 10_000, seed = 15 } = {}) {
  const graphPath = join(dir, 'fuzz.json');
  writeFileSync(graphPath, JSON.stringify(dcGraph(0.5, 0)));
  const recordPath = join(dir, 'fuzz.wav');
  const server = await startServe({ args: ['--graph', graphPath], recordPath });
  cleanups.push(['serve (bad messages)', () => server.stop()]);
  const problems = [];
  const expect = (ok, text) => ok || problems.push(text);
  const random = seeded(seed);
  const validHttp = [JSON.stringify({ params: [{ node: 'master', param: 'gainDb', value: -3, atFrame: 96000 }] }),
    JSON.stringify(dcGraph(0.25, -6)), JSON.stringify({ graph: dcGraph(0.25, -6) })];
  const validWs = [JSON.stringify({ id: 1, op: 'setParam', node: 'master', param: 'gainDb', value: -3 }),
    JSON.stringify({ id: 2, op: 'loadGraph', graph: dcGraph(0.25, -6) }), JSON.stringify({ id: 3, op: 'subscribe', meters: false })];

  // HTTP: half of the messages, as bodies of the three endpoints that take one, 8 at a time.
  const httpCount = Math.floor(count / 2);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const targets = [['POST', '/api/params'], ['PUT', '/api/graph'], ['POST', '/api/play']];
  const httpStatus = new Map();
  const httpNotJsonError = [];
  let next = 0;
  const httpStart = performance.now();
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < httpCount) {
      next++;
      const [method, path] = targets[Math.floor(random() * targets.length)];
      const body = badMessage(random, validHttp, WRONG_SHAPES[path]);
      const r = await request(agent, server.port, method, path, body);
      httpStatus.set(r.status, (httpStatus.get(r.status) ?? 0) + 1);
      if (!(r.status >= 400 && r.status < 500 && typeof r.json?.error === 'string')) httpNotJsonError.push(`${method} ${path} ${JSON.stringify(body).slice(0, 60)} → ${r.status}`);
    }
  }));
  agent.destroy();
  const httpSeconds = (performance.now() - httpStart) / 1000;

  // WebSocket: the other half, over 10 clients, each below the 500 messages/s limit.
  const wsCount = count - httpCount;
  const clients = [];
  for (let i = 0; i < 10; ++i) clients.push(await connectLive(server.url, { keep: () => false }));
  cleanups.push(['ws clients (bad messages)', () => clients.forEach((c) => c.close())]);
  for (const c of clients) await c.request({ op: 'subscribe', meters: false, analyser: false, position: false, events: false });
  const wsStart = performance.now();
  const perClient = Math.ceil(wsCount / clients.length);
  let wsSent = 0;
  for (let burst = 0; burst * 40 < perClient; ++burst) {
    for (const c of clients)
      for (let i = 0; i < 40 && wsSent < wsCount; ++i, ++wsSent) c.send(badMessage(random, validWs, WRONG_SHAPES.live));
    await sleep(100);  // 400 messages/s per client
  }
  const waitStart = Date.now();
  const replies = () => clients.reduce((n, c) => n + c.replies, 0) - clients.length;  // minus the subscribe replies
  while (replies() < wsSent && Date.now() - waitStart < 5000) await sleep(50);
  const wsSeconds = (performance.now() - wsStart) / 1000;
  const wsReplies = replies();
  const wsOk = wsReplies - clients.reduce((n, c) => n + c.errorReplies.length, 0);
  const wsClosed = clients.filter((c) => c.ws.readyState !== 1).length;
  const rateLimited = clients.reduce((n, c) => n + c.errorReplies.filter((m) => /rate limit/.test(m.error)).length, 0);
  expect(httpNotJsonError.length === 0, `${httpNotJsonError.length} HTTP answers not 4xx with an error, e.g. ${httpNotJsonError[0]}`);
  expect(wsReplies === wsSent && wsOk === 0 && wsClosed === 0, `WebSocket: ${wsSent} sent, ${wsReplies} replies, ${wsOk} ok, ${wsClosed} clients closed`);

  const status = await curl(`${server.url}/api/status`);
  expect(status.status === 200 && status.json?.state === 'playing', `after the messages: ${status.status} ${status.body.slice(0, 100)}`);
  const underruns = await server.judgeUnderruns(underrunsOf(status.json));
  expect(underruns.ok, underruns.text);
  for (const c of clients) c.close();
  const exit = await server.stop();
  expect(exit.code === 0, `serve exit ${exit.code ?? exit.signal}`);
  const { channels } = readFloatWav(recordPath);
  const off = framesOff(channels, 0, channels[0].length, 0.5);
  const gaps = longestSilence(channels);
  expect(off === 0 && gaps === 0, `recording: ${off} frames off 0.5, longest silence ${gaps}`);
  const statusText = [...httpStatus].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ');
  const detail = `seed ${seed}: ${httpCount} HTTP bodies in ${httpSeconds.toFixed(1)} s → ${statusText}; ${wsSent} WebSocket frames in ` +
    `${wsSeconds.toFixed(1)} s → ${wsReplies} error replies (${rateLimited} rate limit), ${wsClosed} closed; server playing, ${underruns.text}; ` +
    `recording ${(channels[0].length / 48000).toFixed(1)} s, ${off} frames off 0.5`;
  return { pass: problems.length === 0, detail: problems.length ? `${problems.join('; ')} | ${detail}` : detail };
}
