// The shipped worklet (dist/processor.js) and page API (createEngine from dist/index.js) in Node,
// through a fake AudioWorkletGlobalScope and AudioWorkletNode joined by a real MessageChannel:
// audio passes with the band gain applied, both transports, analyser data, errors, ring full.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createEngine, renderOffline } from '../../dist/index.js';
import type { Engine } from '../../dist/index.js';
import { FakeAudioContext, deliverMessages, renderThrough } from './fake-audio-worklet.js';
import { maxAbsDiff, rmsDb, sine } from './signals.js';

const FS = 48000;
const g = globalThis as { crossOriginIsolated?: boolean };
const engines: Engine[] = [];

async function start(options: { isolated: boolean; quantum?: number; numChannels?: number }): Promise<{ engine: Engine; context: FakeAudioContext }> {
  g.crossOriginIsolated = options.isolated;
  const context = new FakeAudioContext(FS, options.quantum);
  const engine = await createEngine(context as unknown as BaseAudioContext, { numChannels: options.numChannels ?? 2 });
  engines.push(engine);
  return { engine, context };
}

afterEach(() => {
  engines.splice(0).forEach((e) => e.close());
  vi.restoreAllMocks();
});

describe('worklet processor + Engine (Node, fake AudioWorklet host)', () => {
  for (const isolated of [true, false]) {
    const transport = isolated ? 'sharedArrayBuffer' : 'postMessage';
    test(`${transport}: a 1 kHz sine through band 4 at -20 dB matches renderOffline sample for sample`, async () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const { engine, context } = await start({ isolated });
      expect(engine.transport).toBe(transport);
      expect(warn).toHaveBeenCalledTimes(isolated ? 0 : 1);
      expect(engine.renderQuantumFrames).toBe(128);
      expect(engine.setBandGain(4, -20)).toEqual({ ok: true });
      await deliverMessages();
      const input = sine(1000, FS, FS, 0.5);
      const output = renderThrough(context.nodes[0]!, [input], FS, 128);
      const ratioDb = rmsDb(output[0]!, 0.2 * FS) - rmsDb(input, 0.2 * FS);
      console.log(`${transport}: worklet 1 kHz with band 4 at -20 dB: ${ratioDb.toFixed(3)} dB`);
      expect(Math.abs(ratioDb + 20)).toBeLessThanOrEqual(1);
      const [reference] = await renderOffline({ input: [input], sampleRate: FS, bandGainsDb: [0, 0, 0, 0, -20] });
      expect(maxAbsDiff(output[0]!, reference!)).toBe(0);
      expect(maxAbsDiff(output[1]!, reference!)).toBe(0);  // mono input feeds both channels
      await deliverMessages();
      expect(engine.getStats()).toMatchObject({ commandsApplied: 1, commandsRejected: 0, badBlocks: 0, commandsDropped: 0 });
    });

    test(`${transport}: the analyser sees the post-EQ frames; the spectrum peaks at 1 kHz`, async () => {
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      const { engine, context } = await start({ isolated });
      engine.setGain(-6);
      await deliverMessages();
      const output = renderThrough(context.nodes[0]!, [sine(1000, FS, 8192, 0.5)], 8192, 128);
      await deliverMessages();
      const latest = new Float32Array(1024);
      engine.getFloatTimeDomainData(latest);
      // The tap is before the master gain: the newest frames equal output / gain (once the 10 ms ramp is over).
      const gain = 10 ** (-6 / 20);
      const expected = output[0]!.subarray(8192 - 1024).map((v) => v / gain);
      expect(maxAbsDiff(latest, expected)).toBeLessThan(1e-6);
      engine.smoothingTimeConstant = 0;
      const bins = new Float32Array(1024);
      engine.getFloatFrequencyData(bins);
      let peak = 0;
      for (let k = 1; k < bins.length; ++k) if (bins[k]! > bins[peak]!) peak = k;
      expect(Math.abs((peak * FS) / 2048 - 1000)).toBeLessThanOrEqual(FS / 2048 / 2);
    });

    test(`${transport}: commands beyond the ring capacity are refused with a status`, async () => {
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      const { engine } = await start({ isolated });
      for (let i = 0; i < 256; ++i) expect(engine.setBandQ(i % 8, 1 + (i % 10))).toEqual({ ok: true });
      expect(engine.setGain(0)).toEqual({ ok: false, message: 'command ring full (256 records)' });
    });
  }

  test('setters validate on the main thread with the core messages', async () => {
    const { engine } = await start({ isolated: true });
    expect(engine.setBandGain(9, 0)).toEqual({ ok: false, message: 'band 9 is out of range (0…7)' });
    expect(engine.setBandGain(4, 30)).toEqual({ ok: false, message: 'band 4 gainDb 30 is out of range (-24…24 dB)' });
    expect(engine.setBandFrequency(0, 24000)).toEqual({ ok: false, message: 'band 0 frequencyHz 24000 is out of range (10 Hz up to Nyquist, 24000 Hz)' });
    expect(engine.setBandQ(2, 0)).toEqual({ ok: false, message: 'band 2 q 0 is out of range (0.1…30)' });
    expect(engine.setGain(Infinity)).toEqual({ ok: false, message: 'masterGain.gainDb inf is not a finite number' });
    expect(engine.setSource('sine', { levelDb: 3 })).toEqual({ ok: false, message: 'source.levelDb 3 is out of range (-120…0 dBFS)' });
    expect(engine.setGain(0, { frameOffset: 128 })).toEqual({ ok: false, message: 'frameOffset 128 is out of range (0…127)' });
    expect(engine.setSource('sine', { frequencyHz: 440, levelDb: -12 })).toEqual({ ok: true });
  });

  test('the sine source plays at its level with no input connected', async () => {
    const { engine, context } = await start({ isolated: true, numChannels: 1 });
    engine.setSource('sine', { frequencyHz: 1000, levelDb: -12 });
    const [output] = renderThrough(context.nodes[0]!, null, 4800, 128);
    const expectedDb = 20 * Math.log10(10 ** (-12 / 20) / Math.SQRT2);
    expect(Math.abs(rmsDb(output!) - expectedDb)).toBeLessThan(0.05);
  });

  test('render quanta larger than maxBlockFrames are processed in chunks, unchanged', async () => {
    const { engine, context } = await start({ isolated: true, quantum: 128, numChannels: 1 });
    engine.setBandGain(2, 9);
    const input = sine(250, FS, 9600, 0.4);
    const [output] = renderThrough(context.nodes[0]!, [input], 9600, 384);
    const [reference] = await renderOffline({ input: [input], sampleRate: FS, bandGainsDb: [0, 0, 9] });
    expect(maxAbsDiff(output!, reference!)).toBe(0);
  });

  test('a processor start-up error rejects createEngine with one line and the node outputs silence', async () => {
    g.crossOriginIsolated = true;
    const context = new FakeAudioContext(FS, 20000);
    await expect(createEngine(context as unknown as BaseAudioContext))
      .rejects.toThrow(/^wavegraph-processor: maxBlockFrames 20000 is out of range \(1…16384\)$/);
    const { output, keepAlive } = context.nodes[0]!.render([new Float32Array(128).fill(1)], 128);
    expect(keepAlive).toBe(true);
    expect(output.every((ch) => ch.every((v) => v === 0))).toBe(true);
    context.nodes[0]!.port.close();
  });

  test('bad options reject before anything is loaded', async () => {
    const context = new FakeAudioContext(FS);
    await expect(createEngine(context as unknown as BaseAudioContext, { numChannels: 40 }))
      .rejects.toThrow(/^numChannels 40 is out of range \(1…32\)$/);
    await expect(createEngine(context as unknown as BaseAudioContext, { commandRingCapacity: 100 }))
      .rejects.toThrow(/^ring capacity 100 must be a power of two in 2…1048576 records$/);
  });

  test('close() stops the processor', async () => {
    const { engine, context } = await start({ isolated: true });
    engine.close();
    await deliverMessages();
    expect(context.nodes[0]!.connected).toBe(false);
    expect(context.nodes[0]!.render(null, 128).keepAlive).toBe(false);
    expect(engine.setGain(0)).toEqual({ ok: false, message: 'the engine is closed' });
  });
});
