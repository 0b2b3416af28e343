// The shipped worklet (dist/processor.js) and page API (createEngine from dist/index.js) in Node,
// through a fake AudioWorkletGlobalScope and AudioWorkletNode joined by a real MessageChannel:
// audio passes with the band gain applied, both transports, analyser data, errors, ring full.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createEngine, referenceGraph, renderOffline } from '../../dist/index.js';
import type { Engine } from '../../dist/index.js';
import { coreModule } from './core.js';
import type { FakeAudioWorkletNode} from './fake-audio-worklet.js';
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
      // The command lands at the first block (frame 0) and ramps like any other: the same as automation at 0 s.
      const [reference] = await renderOffline({
        input: [input], sampleRate: FS, automation: [{ node: 'eq', param: 'band4.gainDb', value: -20, timeSeconds: 0 }],
      });
      expect(maxAbsDiff(output[0]!, reference!)).toBe(0);
      expect(maxAbsDiff(output[1]!, reference!)).toBe(0);  // mono input feeds both channels
      await deliverMessages();
      const stats = engine.stats();
      expect(stats).toMatchObject({ commandsApplied: 1, commandsRejected: 0, badBlocks: 0, commandsDropped: 0, commandsLate: 0 });
      // Counters are published about every 16 quanta (SharedArrayBuffer) or 1024 frames (postMessage).
      expect(stats.quanta).toBeGreaterThanOrEqual(360);
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
      // Bytes: ⌊255 / (max − min) · (dB − min)⌋ clamped, over the same spectrum (W3C AnalyserNode).
      const bytes = new Uint8Array(1024);
      engine.getByteFrequencyData(bytes);  // the analyser node's defaults: -100…-30 dB
      let mismatches = 0;
      for (let k = 0; k < bins.length; ++k) {
        const expected = Math.min(255, Math.max(0, Math.floor((255 / 70) * (bins[k]! + 100))));
        if (bytes[k] !== expected) ++mismatches;
      }
      expect(mismatches).toBe(0);
      expect(bytes[peak]).toBeGreaterThan(200);
    });

    test(`${transport}: the spectrum reads take fftSize, smoothing and the dB range from the analyser node`, async () => {
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      const { engine, context } = await start({ isolated });
      expect(engine.analyserSettings()).toEqual({ fftSize: 2048, smoothingTimeConstant: 0.8, minDecibels: -100, maxDecibels: -30 });
      for (const [param, value] of [['fftSize', 512], ['smoothingTimeConstant', 0], ['minDecibels', -80], ['maxDecibels', -20]] as const)
        expect(engine.setParam('analyser', param, value)).toEqual({ ok: true });
      engine.setParam('analyser', 'fftSize', 500);  // not a power of two: the node keeps 512
      expect(engine.analyserSettings()).toEqual({ fftSize: 512, smoothingTimeConstant: 0, minDecibels: -80, maxDecibels: -20 });
      expect(engine.smoothingTimeConstant).toBe(0);
      await deliverMessages();
      renderThrough(context.nodes[0]!, [sine(1500, FS, 8192, 0.5)], 8192, 128);
      await deliverMessages();
      // A caller's array longer than frequencyBinCount (256): only the first 256 elements are written.
      const bins = new Float32Array(4096).fill(7);
      engine.getFloatFrequencyData(bins);
      const written = bins.findIndex((v) => v === 7);
      let peak = 0;
      for (let k = 1; k < 256; ++k) if (bins[k]! > bins[peak]!) peak = k;
      const binHz = FS / 512;
      console.log(`${transport}: analyser fftSize 512 → ${written} bins written of 4096, peak at bin ${peak} ` +
        `(${(peak * binHz).toFixed(1)} Hz, ${bins[peak]!.toFixed(2)} dB) for a 1500 Hz sine`);
      expect(written).toBe(256);
      expect(Math.abs(peak * binHz - 1500)).toBeLessThanOrEqual(binHz / 2);
      // Bytes over the node's -80…-20 dB, not the defaults.
      const bytes = new Uint8Array(4096).fill(3);
      engine.getByteFrequencyData(bytes);
      let mismatches = 0;
      for (let k = 0; k < 256; ++k) {
        const expected = Math.min(255, Math.max(0, Math.floor((255 / 60) * (bins[k]! + 80))));
        if (bytes[k] !== expected) ++mismatches;
      }
      expect(mismatches).toBe(0);
      expect(bytes[256]).toBe(3);
      // The settings travel in the graph JSON too.
      const swap = engine.loadGraph({ nodes: [{ id: 'in', type: 'input' }, { id: 'a', type: 'analyser', params: { fftSize: 32768 } }],
        connections: [{ from: 'in', to: 'a' }], output: 'a' });
      await deliverMessages();
      await swap;
      expect(engine.analyserSettings().fftSize).toBe(32768);
    });

    test(`${transport}: commands beyond the ring capacity are refused with a status`, async () => {
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      const { engine } = await start({ isolated });
      for (let i = 0; i < 256; ++i) expect(engine.setBandQ(i % 8, 1 + (i % 10))).toEqual({ ok: true });
      const dropped: string[] = [];
      engine.on('event', (e) => dropped.push(`${e.type}: ${e.message}`));
      expect(engine.setGain(0)).toEqual({ ok: false, message: 'command ring full (256 records)' });
      expect(dropped).toEqual(['commandDropped: command ring full (256 records)']);
    });
  }

  test('setters validate on the main thread with the core messages', async () => {
    const { engine } = await start({ isolated: true });
    expect(engine.setBandGain(9, 0)).toEqual({ ok: false, message: 'band 9 is out of range (0…7)' });
    expect(engine.setBandGain(4, 50)).toEqual({ ok: false, message: 'eq.band4.gainDb 50 is out of range (-40…40 dB)' });
    expect(engine.setBandFrequency(0, 24000)).toEqual({ ok: false, message: 'eq.band0.frequencyHz 24000 is above Nyquist (24000 Hz)' });
    expect(engine.setGain(Infinity)).toEqual({ ok: false, message: 'master.gainDb inf is not a finite number' });
    expect(engine.setParam('eq', 'band9.q', 1)).toEqual({ ok: false, message: 'node "eq" has no parameter "band9.q"' });
    expect(engine.setParam('reverb', 0, 1)).toEqual({ ok: false, message: 'node "reverb" is not in the graph' });
    expect(engine.setParam(7, 0, 1)).toEqual({ ok: false, message: 'node 7 is not in the graph' });
    expect(engine.setGain(0, { atTime: -1 })).toEqual({ ok: false, message: 'atTime -1 must be a finite time in seconds ≥ 0' });
    expect(engine.setParam('eq', 'band3.q', 2, { atTime: 0.5 })).toEqual({ ok: true });
    expect(engine.setParam('eq', 'webAudioRounding', 1)).toEqual({ ok: true });
    expect(engine.setParam('eq', 'webAudioRounding', 2)).toEqual({ ok: false, message: 'eq.webAudioRounding 2 is out of range (0…1)' });
    const eq = engine.parameters().find((n) => n.id === 'eq')!;
    expect(eq).toMatchObject({ nodeId: 1, type: 'parametricEq', numInputs: 1, numOutputs: 1 });
    expect(eq.parameters[19]).toMatchObject({ name: 'band4.gainDb', unit: 'dB', minValue: -40, maxValue: 40, defaultValue: 0, smoothed: true });
    expect(engine.parameters().map((n) => n.id)).toEqual(['source', 'eq', 'analyser', 'master', 'meter']);
  });

  test('getFrequencyResponseDb follows the values set and matches sine probes through the core', async () => {
    const { engine } = await start({ isolated: true });
    expect(engine.setBandGain(4, -20)).toEqual({ ok: true });
    expect(engine.setBandGain(1, 6)).toEqual({ ok: true });
    expect(engine.setBandQ(1, 2)).toEqual({ ok: true });
    const frequencies = Float32Array.from([60, 120, 500, 1000, 4000]);
    const response = new Float32Array(frequencies.length);
    expect(engine.getFrequencyResponseDb(frequencies, response)).toBe(true);
    expect(engine.parameters()[1]!.parameters[19]!.value).toBe(-20);  // band4.gainDb as set
    let worst = 0;
    for (let i = 0; i < frequencies.length; ++i) {
      const f = frequencies[i]!;
      const input = sine(f, FS, FS, 0.25);
      const [output] = await renderOffline({
        input: [input], sampleRate: FS, automation: [
          { node: 'eq', param: 'band4.gainDb', value: -20, timeSeconds: 0 },
          { node: 'eq', param: 'band1.gainDb', value: 6, timeSeconds: 0 },
          { node: 'eq', param: 'band1.q', value: 2, timeSeconds: 0 },
        ],
      });
      const measuredDb = rmsDb(output!, 0.5 * FS) - rmsDb(input, 0.5 * FS);
      worst = Math.max(worst, Math.abs(measuredDb - response[i]!));
    }
    console.log(`response curve vs sine probes at ${frequencies.length} frequencies: worst ${worst.toFixed(4)} dB`);
    expect(worst).toBeLessThan(0.02);
    expect(engine.getFrequencyResponseDb(frequencies, response, 'master')).toBe(false);
  });

  for (const isolated of [true, false]) {
    const transport = isolated ? 'sharedArrayBuffer' : 'postMessage';
    test(`${transport}: atTime lands on the exact frame, across quanta`, async () => {
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      const { engine, context } = await start({ isolated, numChannels: 1 });
      // A constant 1 in, the master gain stepped at frame 1000 (ramped over the gain's ramp): compare
      // with renderOffline and the same automation at 1000 / 48000 s.
      const g = engine.setGain(-20, { atTime: 1000 / FS });
      expect(g).toEqual({ ok: true });
      await deliverMessages();
      const ones = new Float32Array(4096).fill(0.5);
      const [output] = renderThrough(context.nodes[0]!, [ones], 4096, 128);
      const [reference] = await renderOffline({
        input: [ones], sampleRate: FS, automation: [{ node: 'master', param: 'gainDb', value: -20, timeSeconds: 1000 / FS }],
      });
      expect(maxAbsDiff(output!, reference!)).toBe(0);
      let first = -1;
      for (let n = 1; n < output!.length && first < 0; ++n) if (output![n] !== output![n - 1]) first = n;
      console.log(`${transport}: gain change scheduled for frame 1000 first moved the output at frame ${first}`);
      expect(first).toBe(1000);
    });

    test(`${transport}: engine.param timelines give renderOffline's samples; refused calls name the rule`, async () => {
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      const { engine, context } = await start({ isolated, numChannels: 1 });
      const gain = engine.param('master', 'gainDb');
      expect(gain.setValueAtTime(0, 0)).toEqual({ ok: true });
      expect(gain.linearRampToValueAtTime(-20, 1000 / FS)).toEqual({ ok: true });
      expect(gain.setTargetAtTime(-6, 2000 / FS, 0.005)).toEqual({ ok: true });
      expect(gain.setValueCurveAtTime([-6, -30, -12], 3000 / FS, 500 / FS)).toEqual({ ok: true });
      expect(gain.cancelAndHoldAtTime(3300 / FS)).toEqual({ ok: true });
      const refused = gain.linearRampToValueAtTime(-3, -1);
      const covered = gain.setValueCurveAtTime([0, 1], 3200 / FS, 0.01);
      console.log(`${transport}: ${refused.ok ? '' : refused.message} | ${covered.ok ? '' : covered.message}`);
      expect(refused).toEqual({ ok: false, message: 'master.gainDb: calls[0]: linearRampToValueAtTime endTime -1 s is negative (times are ≥ 0 s on the engine\'s clock)' });
      expect(covered.ok).toBe(false);
      await deliverMessages();
      const ones = new Float32Array(4096).fill(0.5);
      const [output] = renderThrough(context.nodes[0]!, [ones], 4096, 128);
      const [reference] = await renderOffline({
        input: [ones], sampleRate: FS, timelines: [{ node: 'master', param: 'gainDb', calls: [
          { method: 'setValueAtTime', value: 0, timeSeconds: 0 },
          { method: 'linearRampToValueAtTime', value: -20, timeSeconds: 1000 / FS },
          { method: 'setTargetAtTime', value: -6, timeSeconds: 2000 / FS, timeConstantSeconds: 0.005 },
          { method: 'setValueCurveAtTime', values: [-6, -30, -12], timeSeconds: 3000 / FS, durationSeconds: 500 / FS },
          { method: 'cancelAndHoldAtTime', timeSeconds: 3300 / FS }] }],
      });
      const diff = maxAbsDiff(output!, reference!);
      console.log(`${transport}: master.gainDb timeline through the worklet vs renderOffline: max |diff| ${diff}; ` +
        `output at frames 0, 500, 1000, 4000: ${[0, 500, 1000, 4000].map((k) => output![k]!.toFixed(5)).join(', ')}`);
      expect(diff).toBe(0);
      expect(output![1000]!).toBeCloseTo(0.5 * 10 ** (-20 / 20), 6);
    });

    test(`${transport}: a burst of 1,000 timeline calls between two quanta all reach the worklet`, async () => {
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      const { engine, context } = await start({ isolated, numChannels: 1 });
      const gain = engine.param('master', 'gainDb');
      const calls = Array.from({ length: 1000 }, (_, i) =>
        ({ method: 'setValueAtTime' as const, value: -0.02 * i, timeSeconds: (4 * i) / FS }));
      const refused = calls.map((c) => gain.setValueAtTime(c.value, c.timeSeconds)).filter((s) => !s.ok).length;
      await deliverMessages();
      const ones = new Float32Array(4096).fill(0.5);
      const [output] = renderThrough(context.nodes[0]!, [ones], 4096, 128);
      const [reference] = await renderOffline({
        input: [ones], sampleRate: FS, timelines: [{ node: 'master', param: 'gainDb', calls }],
      });
      const diff = maxAbsDiff(output!, reference!);
      console.log(`${transport}: 1000 setValueAtTime calls in one burst: ${refused} refused; worklet vs renderOffline ` +
        `max |diff| ${diff}; output at frame 3996: ${output![3996]!.toFixed(6)}`);
      expect(refused).toBe(0);
      expect(diff).toBe(0);
      expect(output![3996]!).toBeCloseTo(0.5 * 10 ** (-0.02 * 999 / 20), 6);
    });

    test(`${transport}: loadGraph swaps the graph, a bad graph is rejected with its JSON path`, async () => {
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      const { engine, context } = await start({ isolated, numChannels: 1 });
      const events: string[] = [];
      engine.on('event', (e) => { if (e.type === 'planSwapped' || e.type === 'planRetired') events.push(e.type); });
      await expect(engine.loadGraph({ nodes: [{ id: 'osc', type: 'oscillator', params: { frequencyHz: 30000 } }], output: 'osc' }))
        .rejects.toThrow(/^nodes\[0\]\.params\.frequencyHz: 30000 is above Nyquist \(24000 Hz\)$/);
      renderThrough(context.nodes[0]!, null, 1280, 128);  // the default graph runs
      const swap = engine.loadGraph(referenceGraph({ source: 'sine', frequencyHz: 1000, levelDb: -12 }));
      await deliverMessages();
      await swap;
      expect(engine.parameters()[0]).toMatchObject({ id: 'source', type: 'oscillator' });
      const [output] = renderThrough(context.nodes[0]!, null, 9600, 128);
      await deliverMessages();
      engine.stats();
      const expectedDb = 20 * Math.log10(10 ** (-12 / 20) / Math.SQRT2);
      expect(Math.abs(rmsDb(output!, 4800) - expectedDb)).toBeLessThan(0.05);
      expect(events).toEqual(['planSwapped', 'planSwapped', 'planRetired']);  // the first graph, then the swap
      const meter = engine.meters();
      expect(meter).toBeDefined();
      expect(Math.abs(meter!.rmsDb[0]! - expectedDb)).toBeLessThan(0.1);
      expect(Math.abs(meter!.peakDb[0]! + 12)).toBeLessThan(0.1);
    });

    test(`${transport}: a graph bigger than the worklet's memory grows it between quanta, never in process()`, async () => {
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      const { engine, context } = await start({ isolated, numChannels: 1 });
      const node = context.nodes[0]!;
      const worklet = node.processor as unknown as { core: { HEAPU8: Uint8Array }; viewsRemadeInProcess: number };
      const startBytes = worklet.core.HEAPU8.length;
      // 40 delays of 1 s (188 KiB each at 48 kHz, mono) in parallel: about 8 MiB.
      const delays = Array.from({ length: 40 }, (_, d) => ({ id: `delay${d}`, type: 'delay' }));
      const graph = {
        nodes: [{ id: 'source', type: 'input' }, ...delays, { id: 'mix', type: 'mixer' },
          { id: 'master', type: 'gain' }, { id: 'meter', type: 'meter' }],
        connections: [...delays.flatMap((d) => [{ from: 'source', to: d.id }, { from: d.id, to: 'mix' }]),
          { from: 'mix', to: 'master' }, { from: 'master', to: 'meter' }],
        output: 'meter',
      };
      const swap = engine.loadGraph(graph);
      await deliverMessages();
      await swap;
      const grownBytes = worklet.core.HEAPU8.length;
      const heap = worklet.core.HEAPU8.buffer;
      renderThrough(node, null, 1280, 128);  // the 5 ms crossfade from the reference graph
      const offsetFrames = node.framesRendered;
      expect(engine.setGain(-20, { atTime: (offsetFrames + 4800) / FS })).toEqual({ ok: true });
      await deliverMessages();
      const input = sine(440, FS, 9600, 0.01);
      const [output] = renderThrough(node, [input], 9600, 128);
      await deliverMessages();
      const [reference] = await renderOffline({
        input: [input], sampleRate: FS, graph, automation: [{ node: 'master', param: 'gainDb', value: -20, timeSeconds: 0.1 }],
      });
      console.log(`${transport}: worklet memory ${startBytes / 2 ** 20} MiB at start, ${(grownBytes / 2 ** 20).toFixed(2)} MiB ` +
        `after loading 40 delays; max |worklet - renderOffline| ${maxAbsDiff(output!, reference!)}`);
      expect(startBytes).toBe(2 * 2 ** 20);
      expect(grownBytes).toBeGreaterThan(8 * 2 ** 20);
      expect(worklet.core.HEAPU8.buffer).toBe(heap);  // 88 quanta rendered, the memory never changed
      expect(worklet.core.HEAPU8.length).toBe(grownBytes);
      expect(worklet.viewsRemadeInProcess).toBe(0);  // the message handler remade the views after the load
      expect(maxAbsDiff(output!, reference!)).toBe(0);
      expect(engine.stats()).toMatchObject({ commandsApplied: 1, commandsDropped: 0, badBlocks: 0 });
      const meter = engine.meters('meter');
      expect(meter).toBeDefined();
      expect(Math.abs(meter!.peakDb[0]! - 20 * Math.log10(40 * 0.01 * 0.1))).toBeLessThan(0.1);
    });
  }

  test('render quanta larger than maxBlockFrames are processed in chunks, unchanged', async () => {
    const { engine, context } = await start({ isolated: true, quantum: 128, numChannels: 1 });
    engine.setBandGain(2, 9);
    await deliverMessages();
    const input = sine(250, FS, 9600, 0.4);
    const [output] = renderThrough(context.nodes[0]!, [input], 9600, 384);
    const [reference] = await renderOffline({
      input: [input], sampleRate: FS, automation: [{ node: 'eq', param: 'band2.gainDb', value: 9, timeSeconds: 0 }],
    });
    expect(maxAbsDiff(output!, reference!)).toBe(0);
  });

  test('a spec the core refuses rejects createEngine with one line before any worklet starts', async () => {
    g.crossOriginIsolated = true;
    const context = new FakeAudioContext(FS, 20000);
    await expect(createEngine(context as unknown as BaseAudioContext))
      .rejects.toThrow(/^maxBlockFrames 20000 is out of range \(1…16384\)$/);
    expect(context.nodes).toHaveLength(0);
  });

  test('a processor start-up error is reported as one line and the node outputs silence', async () => {
    g.crossOriginIsolated = true;
    const context = new FakeAudioContext(FS);
    await expect(createEngine(context as unknown as BaseAudioContext)).resolves.toBeDefined();
    // A second processor given a graph the core refuses (bypassing the page's check).
    const node = new (globalThis as unknown as { AudioWorkletNode: new (...args: unknown[]) => FakeAudioWorkletNode }).AudioWorkletNode(
      context, 'wavegraph-processor',
      { outputChannelCount: [2], processorOptions: { numChannels: 2, maxBlockFrames: 128, commandRingCapacity: 8, eventRingCapacity: 8, graph: '{}', wasmModule: coreModule() } });
    const message = await new Promise<unknown>((resolve) => node.port.once('message', resolve));
    expect(message).toEqual({ type: 'error', message: 'nodes: must be a non-empty array of nodes' });
    const { output, keepAlive } = node.render([new Float32Array(128).fill(1)], 128);
    expect(keepAlive).toBe(true);
    expect(output.every((ch) => ch.every((v) => v === 0))).toBe(true);
    node.port.close();
  });

  test('bad options reject before anything is loaded', async () => {
    const context = new FakeAudioContext(FS);
    await expect(createEngine(context as unknown as BaseAudioContext, { numChannels: 40 }))
      .rejects.toThrow(/^numChannels 40 is out of range \(1…32\)$/);
    await expect(createEngine(context as unknown as BaseAudioContext, { commandRingCapacity: 100 }))
      .rejects.toThrow(/^commandRingCapacity: ring capacity 100 must be a power of two in 2…1048576 records$/);
    await expect(createEngine(context as unknown as BaseAudioContext, { graph: '{"nodes": []}' }))
      .rejects.toThrow(/^nodes: must be a non-empty array of nodes$/);
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
