// The machine stall probe that the real-time tests (server, JACK, soak) judge underruns by:
// cyclictest's wake-ups are counted per CPU, a threshold below every wake-up's lateness counts
// them all as stalls and one above them counts none, and the verdict passes underruns only when
// the probe saw at least as many stalls.
import { availableParallelism } from 'node:os';
import { describe, expect, test } from 'vitest';
import { halfPeriodMs, judgeUnderruns, probeUnavailableReason, startStallProbe } from '../support/machine-stalls.mjs';
import type { StallSummary } from '../support/machine-stalls.mjs';

const summaryWith = (stalls: number, available = true): StallSummary => ({
  available, reason: available ? '' : 'not root', thresholdMs: 10.7, seconds: 30, cpus: [], stalls, maxLateMs: 0, text: `${stalls} stalls`,
});

test('the threshold is half a buffer period', () => {
  expect(halfPeriodMs(1024)).toBeCloseTo((512 / 48000) * 1000, 9);
  expect(halfPeriodMs(256, 44100)).toBeCloseTo((128 / 44100) * 1000, 9);
});

describe('judgeUnderruns', () => {
  test('no underruns pass, with or without the probe', () => {
    expect(judgeUnderruns(0, summaryWith(0)).ok).toBe(true);
    expect(judgeUnderruns(0, summaryWith(0, false)).ok).toBe(true);
  });
  test('underruns pass only up to the stalls the probe saw', () => {
    expect(judgeUnderruns(2, summaryWith(2)).ok).toBe(true);
    const over = judgeUnderruns(3, summaryWith(2));
    expect(over.ok).toBe(false);
    expect(over.text).toContain('underruns 3 (expected at most the 2 machine stalls');
  });
  test('without the probe, or without a count, any underrun fails', () => {
    expect(judgeUnderruns(1, summaryWith(5, false)).ok).toBe(false);
    expect(judgeUnderruns('<none>', summaryWith(5)).ok).toBe(false);
    expect(judgeUnderruns(Number.NaN, summaryWith(5)).ok).toBe(false);
  });
});

const unavailable = probeUnavailableReason();

describe.skipIf(unavailable !== '')(`startStallProbe${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  const run = async (thresholdMs: number, ms: number): Promise<StallSummary> => {
    const probe = startStallProbe({ thresholdMs });
    await new Promise((resolve) => setTimeout(resolve, ms));
    return probe.stop();
  };

  test('one thread per CPU, a wake-up every 1 ms, stalls counted against the threshold', async () => {
    // 1 µs: every wake-up is later than that (the measured minimum here is 5 µs).
    const all = await run(0.001, 1500);
    // 1 s: no wake-up is that late in 1.5 s (the longest measured here is about 20 ms).
    const none = await run(1000, 1500);
    console.log(`${all.text}\n${none.text}`);
    for (const summary of [all, none]) {
      expect(summary.available).toBe(true);
      expect(summary.cpus.map((c) => c.cpu).sort()).toEqual([...Array(availableParallelism()).keys()]);
      for (const cpu of summary.cpus) {
        // 1.5 s of 1 ms wake-ups, less the time cyclictest takes to start and the wake-ups a stall skips.
        expect(cpu.wakeUps).toBeGreaterThan(0.5 * summary.seconds * 1000);
        expect(cpu.wakeUps).toBeLessThanOrEqual(summary.seconds * 1000 + 1);
      }
    }
    for (const cpu of all.cpus) expect(cpu.stalls).toBeGreaterThan(0.95 * cpu.wakeUps);
    expect(none.stalls).toBe(0);
    expect(none.maxLateMs).toBeGreaterThan(0);
    expect(none.maxLateMs).toBeLessThan(1000);
  });

  test('a second stop() returns the same summary', async () => {
    const probe = startStallProbe({ thresholdMs: 10 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const first = await probe.stop();
    expect(await probe.stop()).toBe(first);
  });
});
