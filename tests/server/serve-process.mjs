// Starts and stops `wavegraph serve` for the server tests: waits for its one "listening" line,
// stops it by PID (SIGINT, then SIGKILL after a bound) and kills whatever is still running when
// the test process exits.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { halfPeriodMs, judgeUnderruns, startStallProbe } from '../support/machine-stalls.mjs';

// WAVEGRAPH=path runs another build (e.g. a sanitizer build) instead of build/native/wavegraph.
export const WAVEGRAPH = process.env.WAVEGRAPH ?? fileURLToPath(new URL('../../build/native/wavegraph', import.meta.url));
const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

const LISTENING = /wavegraph serve: listening on (http:\/\/\S+) \(backend (\S+), (\d+) Hz, (\d+) channels\)/;

/**
 * How the server is started: as root, under `chrt -f 10` (SCHED_FIFO, as an audio host runs its
 * audio thread), so that the null backend's clock thread keeps its deadlines on a machine loaded
 * by other work (measured here at load 13 on 2 cores: 1-6 underruns in 15 s at normal priority or
 * nice -10, 0 with SCHED_FIFO). WAVEGRAPH_SERVE_PRIORITY=normal, or not root: normal priority.
 */
export const SERVE_PRIORITY =
  process.getuid?.() === 0 && process.env.WAVEGRAPH_SERVE_PRIORITY !== 'normal' && spawnSync('chrt', ['-f', '10', 'true']).status === 0
    ? 'SCHED_FIFO 10'
    : 'normal';

function launcher(argv) {
  return SERVE_PRIORITY === 'normal' ? [WAVEGRAPH, argv] : ['chrt', ['-f', '10', WAVEGRAPH, ...argv]];
}

const BUFFER_FRAMES = 1024;

/**
 * Runs `wavegraph serve --backend null --port 0 [--record recordPath] ...args` and resolves once it
 * prints its listening line: { url, port, sampleRateHz, channels, stop(), stderr(),
 * judgeUnderruns(n) }. Rejects (and kills it) if it exits first or says nothing within timeoutMs.
 * A machine stall probe (../support/machine-stalls.mjs) runs from the start until the first
 * judgeUnderruns(n), which resolves to { ok, text }: ok when n is 0 or each underrun is matched by
 * a machine stall of at least half a buffer period.
 */
export function startServe({ args = [], recordPath, timeoutMs = 15_000 } = {}) {
  if (!existsSync(WAVEGRAPH)) throw new Error(`${WAVEGRAPH} is missing: build first (npm run build:native)`);
  // 1024-frame device buffers (21 ms): room for the scheduling delays of a loaded machine.
  const argv = ['serve', '--backend', 'null', '--port', '0', '--buffer-frames', String(BUFFER_FRAMES)];
  if (recordPath) argv.push('--record', recordPath);
  argv.push(...args);
  const probe = startStallProbe({ thresholdMs: halfPeriodMs(BUFFER_FRAMES) });  // the null device runs at 48000 Hz
  const child = spawn(...launcher(argv), { stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  let stderr = '';
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`wavegraph serve printed no listening line within ${timeoutMs} ms: ${lastLine(stderr)}`));
    }, timeoutMs);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text) => {
      const before = stderr;
      stderr += text;
      const match = !LISTENING.test(before) && LISTENING.exec(stderr);
      if (!match) return;
      clearTimeout(timer);
      const url = new URL(match[1]);
      resolve({
        pid: child.pid,
        url: match[1].replace(/\/$/, ''),
        host: url.hostname,
        port: Number(url.port),
        backend: match[2],
        sampleRateHz: Number(match[3]),
        channels: Number(match[4]),
        stderr: () => stderr,
        exited,
        judgeUnderruns: async (underruns) => judgeUnderruns(underruns, await probe.stop()),
        /** SIGINT by PID; SIGKILL after timeoutMs. Resolves to { code, signal, killed, stderr }. */
        stop: async (stopTimeoutMs = 10_000) => {
          probe.stop();
          if (child.exitCode !== null || child.signalCode !== null) return { ...(await exited), killed: false, stderr };
          child.kill('SIGINT');
          let killed = false;
          const timer = setTimeout(() => {
            killed = true;
            child.kill('SIGKILL');
          }, stopTimeoutMs);
          const result = await exited;
          clearTimeout(timer);
          return { ...result, killed, stderr };
        },
      });
    });
    exited.then(({ code, signal }) => {
      probe.stop();
      clearTimeout(timer);
      reject(new Error(`wavegraph serve exited (${signal ?? `code ${code}`}) before listening: ${lastLine(stderr)}`));
    });
  });
}

/**
 * Runs `wavegraph ARGS...` to its end (bounded), resolving to { code, stdout, stderr }.
 */
export function runWavegraph(args, timeoutMs = 15_000) {
  return new Promise((resolve) => {
    const child = spawn(WAVEGRAPH, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function lastLine(text) {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1] || '(nothing on stderr)';
}
