// Types of machine-stalls.mjs (a plain ES module, run by Node as it is), for the TypeScript tests.

/** The probe's SCHED_FIFO priority: above every audio thread the tests run. */
export const PROBE_PRIORITY: number;

/** What the probe measured on one CPU. */
export interface CpuStalls {
  cpu: number;
  /** Wake-ups measured (one every 1 ms, less those a stall skipped). */
  wakeUps: number;
  /** Wake-ups later than the threshold. */
  stalls: number;
  /** The latest wake-up, ms. */
  maxLateMs: number;
}

/** What stop() resolves to. */
export interface StallSummary {
  /** false when the probe could not run (reason says why). */
  available: boolean;
  reason: string;
  /** The wake-up lateness counted as a stall, ms. */
  thresholdMs: number;
  /** How long the probe ran, s. */
  seconds: number;
  cpus: CpuStalls[];
  /** Stalls summed over the CPUs. */
  stalls: number;
  maxLateMs: number;
  /** One line for a log. */
  text: string;
}

/** Half a period of periodFrames-frame buffers at sampleRateHz (default 48000), ms: the threshold. */
export function halfPeriodMs(periodFrames: number, sampleRateHz?: number): number;

/** Why the probe cannot run here, or '' when it can. */
export function probeUnavailableReason(): string;

/** Starts the probe; stop() ends it (once; later calls resolve to the same summary). */
export function startStallProbe(options: { thresholdMs: number }): { stop(): Promise<StallSummary> };

/** ok when underruns is 0, or when the probe ran and saw at least as many stalls. */
export function judgeUnderruns(underruns: unknown, summary: StallSummary): { ok: boolean; text: string };
