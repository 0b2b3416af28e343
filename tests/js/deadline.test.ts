// A worklet that misses its deadline: process() takes longer than the quantum lasts (here the
// clock the worklet measures with, Date.now, advances 5 ms per reading: about 187 % of a 2.67 ms
// quantum). The browser then glitches; the engine reports it as audioLoadPercent above 100 in
// stats(), renders every quantum it is given, and loses no command: the output equals the same
// render on time, sample for sample.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createEngine } from '../../dist/index.js';
import type { Engine } from '../../dist/index.js';
import { FakeAudioContext, deliverMessages, renderThrough } from './fake-audio-worklet.js';
import { maxAbsDiff, sine } from './signals.js';

const FS = 48000;
const engines: Engine[] = [];
afterEach(() => {
  engines.splice(0).forEach((e) => e.close());
  vi.restoreAllMocks();
});

async function render(slowClock: boolean): Promise<{ output: Float32Array[]; engine: Engine }> {
  (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated = true;
  const context = new FakeAudioContext(FS, 128);
  const engine = await createEngine(context as unknown as BaseAudioContext, { numChannels: 2 });
  engines.push(engine);
  expect(engine.setBandGain(4, -20)).toEqual({ ok: true });
  expect(engine.setGain(-6, { atTime: 0.5 })).toEqual({ ok: true });
  await deliverMessages();
  let nowMs = 1_000_000;
  if (slowClock) vi.spyOn(Date, 'now').mockImplementation(() => (nowMs += 5));
  const output = renderThrough(context.nodes[0]!, [sine(1000, FS, 2 * FS, 0.5)], 2 * FS, 128);
  vi.restoreAllMocks();
  await deliverMessages();
  return { output, engine };
}

describe('a worklet that misses its deadline', () => {
  test('reports audioLoadPercent above 100, renders every quantum and loses no command', async () => {
    const late = await render(true);
    const onTime = await render(false);
    const lateStats = late.engine.stats();
    const onTimeStats = onTime.engine.stats();
    const diff = Math.max(maxAbsDiff(late.output[0]!, onTime.output[0]!), maxAbsDiff(late.output[1]!, onTime.output[1]!));
    console.log(`late: audioLoadPercent ${lateStats.audioLoadPercent.toFixed(1)} %, quanta ${lateStats.quanta}, ` +
      `commands applied ${lateStats.commandsApplied}, dropped ${lateStats.commandsDropped}; on time: ` +
      `${onTimeStats.audioLoadPercent.toFixed(1)} %; output max |diff| ${diff}`);
    expect(lateStats.audioLoadPercent).toBeGreaterThan(100);
    expect(onTimeStats.audioLoadPercent).toBeLessThan(100);
    expect(lateStats).toMatchObject({ commandsApplied: 2, commandsDropped: 0, commandsLate: 0, badBlocks: 0 });
    expect(lateStats.quanta).toBeGreaterThanOrEqual(700);
    expect(diff).toBe(0);
  });
});
