// CPU time of a browser's processes on Linux (/proc), shared by the browser benchmarks
// (bench/browser/run.mjs, bench/browser/nodes.mjs): the browser is a child of this Node process;
// its processes are found below this process's PID and their user + system times summed.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Linux clock ticks per second of /proc/PID/stat times (getconf CLK_TCK; 100 if unknown). */
export const CLOCK_TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/** [ppid, utime + stime in ticks, command name] of /proc/PID/stat, or undefined if the process is gone. */
function procStat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');  // fields from 3 (state) on
    return [Number(fields[1]), Number(fields[11]) + Number(fields[12]), text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'))];
  } catch {
    return undefined;
  }
}

/** PIDs of the browser's processes below rootPid (Chromium: chromium…; Firefox: all but Vite's esbuild). */
export function browserDescendants(rootPid, browserName) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(entry);
    if (!stat) continue;
    if (!children.has(stat[0])) children.set(stat[0], []);
    children.get(stat[0]).push(Number(entry));
  }
  const found = [];
  const queue = [...(children.get(rootPid) ?? [])];
  while (queue.length > 0) {
    const pid = queue.shift();
    const command = procStat(pid)?.[2] ?? '';
    if (browserName === 'chromium' ? /^chrom/.test(command) : !/^(esbuild|node)$/.test(command)) found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** User + system CPU time (ms) of `pids`, all threads, live and exited (10 ms resolution). */
export function cpuMs(pids) {
  let ticks = 0;
  for (const pid of pids) ticks += procStat(pid)?.[1] ?? 0;
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/**
 * CPU time in ns (/proc/PID/task/TID/schedstat: time on a CPU, nanoseconds) of the live threads of
 * `pids` whose name (/proc/…/comm, at most 15 characters) matches `namePattern`, keyed "pid/tid".
 * Threads that exit between two readings are not in the second one: use it for threads that
 * outlive the measured span (an OfflineAudioContext's AudioWorklet thread lives from addModule
 * until the context is collected).
 */
export function threadCpuNs(pids, namePattern) {
  const found = new Map();
  for (const pid of pids) {
    let tids;
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      try {
        if (!namePattern.test(readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim())) continue;
        found.set(`${pid}/${tid}`, Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]));
      } catch {
        // the thread exited meanwhile
      }
    }
  }
  return found;
}

/** ns the threads of `after` (a threadCpuNs reading) ran since `before`; a thread new in `after` counts whole. */
export function threadCpuNsSince(before, after) {
  let ns = 0;
  for (const [key, value] of after) ns += value - (before.get(key) ?? 0);
  return ns;
}

/** The median of `values` (a non-empty array of numbers). */
export function median(values) {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The load average (1, 5, 15 min) from /proc/loadavg, as text. */
export function loadAverage() {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}
