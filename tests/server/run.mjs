// End-to-end tests of `wavegraph serve` with real clients (npm run test:server): curl, WebSocket
// clients (the `ws` package), load and security, each against its own server on loopback
// (`--backend null --port 0 --record`), stopped by PID. One line per check with the measured
// numbers and a final "N passed, M failed" line. Arguments select checks by letter
// (`node tests/server/run.mjs a d`; none runs them all).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckRunner, closeWithin } from '../e2e/harness.mjs';
import { checkCommandLog } from './checks-command-log.mjs';
import { checkCurl } from './checks-curl.mjs';
import { checkLiveCommands, checkSlowClient } from './checks-live.mjs';
import { checkLoad } from './checks-load.mjs';
import { checkPlay } from './checks-play.mjs';
import { checkAccess, checkBadMessages } from './checks-security.mjs';
import { SERVE_PRIORITY, WAVEGRAPH } from './serve-process.mjs';

const WATCHDOG_MS = 150_000;

const CHECKS = [
  { name: 'a. curl: status, nodes, graph swap, bad graph (400, JSON path, output untouched), params at a frame, stop/play', timeoutMs: 20_000, run: checkCurl },
  { name: 'b. ws client: hello, meters 43 ± 5/s at the analytic level, setParam at a frame in the recording', timeoutMs: 20_000, run: checkLiveCommands },
  { name: 'c. ws client that stops reading: skipped and told, closed after 5 s, others unaffected', timeoutMs: 25_000, run: checkSlowClient },
  { name: 'd. load: 50 clients × 100 commands/s for 30 s, every accepted command applied, latency', timeoutMs: 60_000, run: checkLoad },
  { name: 'e. security: Origin 403, token 401/200 on 0.0.0.0, body 413, message 1009, clients 429, rate limit, media paths 400', timeoutMs: 25_000, run: checkAccess },
  { name: 'f. 10,000 seeded random or truncated messages (HTTP bodies, WebSocket frames): errors only, audio unbroken', timeoutMs: 40_000, run: checkBadMessages },
  { name: 'g. POST /api/play: a 1 kHz WAV from --media, then a track, measured in the recording; a bad track 400', timeoutMs: 20_000, run: checkPlay },
  { name: 'h. --command-log: params (with and without atFrame) and a graph swap logged; render --commands = the recording', timeoutMs: 20_000, run: checkCommandLog },
];

const runner = new CheckRunner();
const selected = new Set(process.argv.slice(2));
const chosen = CHECKS.filter(({ name }) => selected.size === 0 || selected.has(name.split('.')[0]));
const dir = mkdtempSync(join(tmpdir(), 'wavegraph-server-'));
const cleanups = [];

async function cleanUp() {
  for (const [what, close] of cleanups.splice(0).reverse()) await closeWithin(close, 12_000, what);
}

const watchdog = setTimeout(async () => {
  console.log(`FAIL watchdog: the run exceeded ${WATCHDOG_MS / 1000} s`);
  runner.failed++;
  await cleanUp();
  console.log(runner.summary());
  process.exit(1);
}, WATCHDOG_MS);

console.log(`${WAVEGRAPH} serve --backend null --buffer-frames 1024, scheduling ${SERVE_PRIORITY}`);
try {
  for (const check of chosen) {
    await runner.run(check.name, check.timeoutMs, () => check.run(dir, cleanups));
    await cleanUp();
  }
} finally {
  clearTimeout(watchdog);
  await cleanUp();
  rmSync(dir, { recursive: true, force: true });
}

console.log(runner.summary());
process.exitCode = runner.failed > 0 ? 1 : 0;
