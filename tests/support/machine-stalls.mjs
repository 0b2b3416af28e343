// A probe of the machine's own scheduling stalls, run beside a real-time test so that an underrun
// the machine caused can be told from one the engine caused.
//
// cyclictest (Debian rt-tests) wakes one SCHED_FIFO thread per CPU every 1 ms at priority 80,
// above every audio thread under test (`wavegraph serve` at 10, jackd and its clients at 70 or
// below), and records how late each wake-up was. A wake-up later than the threshold is a machine
// stall: the CPU was taken from the probe by something above every audio thread, such as the
// hypervisor descheduling the virtual CPU (measured on an idle 2-vCPU Firecracker guest: 110
// wake-ups later than 2 ms per CPU per minute, up to 15 ms, most on both CPUs at once). Nothing
// the engine does can delay the probe, so its stalls are the machine's.
//
// An audio thread whose wake-up is more than one buffer period late underruns; on its CPU the
// probe then wakes at least (stall − 1 ms) late. A test therefore passes an underrun only when the
// probe saw a stall of at least half a buffer period (one per underrun, counted over all CPUs),
// and holds the engine to 0 underruns where the probe cannot run (not root, no cyclictest).
//
// Module: startStallProbe({ thresholdMs }) → { stop() → summary }. Command line (for the shell
// tests): see the end of this file.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The probe's SCHED_FIFO priority: above every audio thread the tests run. */
export const PROBE_PRIORITY = 80;
const INTERVAL_US = 1000;

/**
 * The threshold for a device of periodFrames-frame buffers at sampleRateHz: half a period, in ms.
 * An audio thread must wake a whole period late to underrun. [any]
 */
export function halfPeriodMs(periodFrames, sampleRateHz = 48000) {
  return (0.5 * periodFrames * 1000) / sampleRateHz;
}

/** Why the probe cannot run here, or '' when it can. [control] */
export function probeUnavailableReason() {
  if (process.getuid?.() !== 0) return 'not root (cyclictest needs SCHED_FIFO)';
  if (spawnSync('cyclictest', ['--help'], { stdio: 'ignore' }).error) return 'cyclictest is not installed (apt-get install rt-tests)';
  return '';
}

/**
 * Starts the probe. thresholdMs: the wake-up lateness, in ms, counted as a stall (half the buffer
 * period under test). Resolves stop() to a summary:
 * { available, reason, thresholdMs, seconds, cpus: [{ cpu, wakeUps, stalls, maxLateMs }], stalls,
 *   maxLateMs, text } where stalls is summed over the CPUs and text is one line for a log.
 */
export function startStallProbe({ thresholdMs }) {
  const reason = probeUnavailableReason();
  const startedMs = performance.now();
  if (reason) {
    const summary = { available: false, reason, thresholdMs, seconds: 0, cpus: [], stalls: 0, maxLateMs: 0 };
    summary.text = `machine stall probe not run: ${reason}`;
    return { stop: async () => summary };
  }
  const dir = mkdtempSync(join(tmpdir(), 'wavegraph-stalls-'));
  const jsonPath = join(dir, 'cyclictest.json');
  const thresholdUs = Math.max(1, Math.round(thresholdMs * 1000));
  // -S: one thread per CPU, pinned, same priority; --laptop: leave /dev/cpu_dma_latency alone (the
  // machine's power states stay as the test found them); the histogram up to the threshold makes
  // cyclictest count the wake-ups beyond it.
  const child = spawn('cyclictest', ['-S', '-m', '--laptop', '-p', String(PROBE_PRIORITY), '-i', String(INTERVAL_US),
    '-h', String(thresholdUs), '--histfile=/dev/null', '-q', `--json=${jsonPath}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let result;
  return {
    stop: () => (result ??= (async () => {
      const seconds = (performance.now() - startedMs) / 1000;
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      const { code, signal } = await exited;
      clearTimeout(timer);
      process.removeListener('exit', killOnExit);
      const summary = { available: false, reason: '', thresholdMs, seconds, cpus: [], stalls: 0, maxLateMs: 0 };
      try {
        const json = JSON.parse(readFileSync(jsonPath, 'utf8'));
        for (const thread of Object.values(json.thread ?? {})) {
          const inHistogram = Object.values(thread.histogram ?? {}).reduce((a, b) => a + b, 0);
          summary.cpus.push({ cpu: thread.cpu, wakeUps: thread.cycles, stalls: thread.cycles - inHistogram, maxLateMs: thread.max / 1000 });
        }
        summary.available = summary.cpus.length > 0;
        if (!summary.available) summary.reason = 'cyclictest measured no thread';
      } catch (error) {
        summary.reason = `cyclictest (exit ${signal ?? code}) wrote no result: ${stderr.trim().split('\n').pop() || error.message}`;
      }
      rmSync(dir, { recursive: true, force: true });
      summary.stalls = summary.cpus.reduce((n, c) => n + c.stalls, 0);
      summary.maxLateMs = summary.cpus.reduce((m, c) => Math.max(m, c.maxLateMs), 0);
      summary.text = summary.available
        ? `machine stalls (cyclictest, SCHED_FIFO ${PROBE_PRIORITY}, ${INTERVAL_US / 1000} ms wake-ups, ${seconds.toFixed(1)} s): ` +
          `${summary.stalls} wake-up${summary.stalls === 1 ? "" : "s"} later than ${thresholdMs.toPrecision(3)} ms (` +
          summary.cpus.map((c) => `cpu ${c.cpu}: ${c.stalls} of ${c.wakeUps}, max ${c.maxLateMs.toFixed(2)} ms`).join('; ') + ')'
        : `machine stall probe failed: ${summary.reason}`;
      return summary;
    })()),
  };
}

/**
 * The verdict on an audio run's underruns given the probe's summary: { ok, text }. ok when there
 * were none, or when the probe ran and saw at least as many stalls as there were underruns.
 */
export function judgeUnderruns(underruns, summary) {
  if (underruns === 0) return { ok: true, text: `underruns 0; ${summary.text}` };
  if (!Number.isInteger(underruns)) return { ok: false, text: `underruns ${underruns} (not a count); ${summary.text}` };
  if (!summary.available) return { ok: false, text: `underruns ${underruns} (expected 0: ${summary.text})` };
  const explained = underruns <= summary.stalls;
  return {
    ok: explained,
    text: explained
      ? `underruns ${underruns}, each matched by a machine stall of at least ${summary.thresholdMs.toPrecision(3)} ms; ${summary.text}`
      : `underruns ${underruns} (expected at most the ${summary.stalls} machine stalls the probe saw); ${summary.text}`,
  };
}

// Command line, for the shell tests:
//   node machine-stalls.mjs run --period-frames N --out FILE  probe until SIGINT or SIGTERM with
//                                                              half a period at 48000 Hz as the
//                                                              threshold, then write the summary
//                                                              to FILE as JSON
//   node machine-stalls.mjs judge --underruns N --summary FILE print the verdict line; exit 0 when
//                                                              ok, 1 when not
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [mode] = process.argv.slice(2);
  const arg = (name) => {
    const at = process.argv.indexOf(name);
    return at > 0 ? process.argv[at + 1] : undefined;
  };
  if (mode === 'run' && Number(arg('--period-frames')) > 0 && arg('--out')) {
    const probe = startStallProbe({ thresholdMs: halfPeriodMs(Number(arg('--period-frames'))) });
    const finish = async () => {
      writeFileSync(arg('--out'), `${JSON.stringify(await probe.stop())}\n`);
      process.exit(0);
    };
    process.once('SIGINT', finish);
    process.once('SIGTERM', finish);
    setInterval(() => {}, 1 << 30);
  } else if (mode === 'judge' && arg('--summary')) {
    let summary;
    try {
      summary = JSON.parse(readFileSync(arg('--summary'), 'utf8'));
    } catch (error) {
      summary = { available: false, stalls: 0, text: `no probe summary (${error.message})` };
    }
    const raw = arg('--underruns');
    const verdict = judgeUnderruns(/^\d+$/.test(raw ?? '') ? Number(raw) : raw, summary);
    console.log(verdict.text);
    process.exit(verdict.ok ? 0 : 1);
  } else {
    console.error('usage: node machine-stalls.mjs run --period-frames N --out FILE | judge --underruns N --summary FILE');
    process.exit(2);
  }
}
