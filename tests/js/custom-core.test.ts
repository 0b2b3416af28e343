// A custom wasm core (wavegraph_add_wasm_core, web/CMakeLists.txt's test cores): the soft clipper
// of examples/processors/soft-clipper linked in, driven through renderOffline({ core }) on real
// recordings, measured against the clipper's formula computed here (double arithmetic, then
// rounded to float32, exactly as soft_clipper.hpp) and against the native
// `wavegraph render --plugin` of the same graph with the same source built as a plugin. The
// core's schema lists the type; a core whose descriptor fails the checks refuses to start with
// one line; in the worklet (fake AudioWorklet host), a processor whose process() fails gives
// silence, processorFailed events and the processorFailures counter while the rest plays on.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { coreNodeTypes, createEngine, renderOffline, validateGraph } from '../../dist/index.js';
import type { GraphDescription } from '../../dist/index.js';
import { FakeAudioContext, deliverMessages, renderThrough } from './fake-audio-worklet.js';
import { sine } from './signals.js';
import { nativeCli, repoRoot, testCoreFile } from './paths.js';
import { ALSA_SOUNDS, stereoVoiceRecording } from './recordings.js';
import { readWav, writeFloatWav } from './wav.js';

const CORE = { wasmUrl: testCoreFile('test-core.wasm'), glueUrl: testCoreFile('test-core.mjs') };
const REFUSED_CORE = { wasmUrl: testCoreFile('refused-processor-core.wasm'), glueUrl: testCoreFile('refused-processor-core.mjs') };
const work = mkdtempSync(join(tmpdir(), 'wavegraph-custom-core-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** input → softClipper (drive `drive`) → output. */
function clipperGraph(drive: number): GraphDescription {
  return {
    nodes: [{ id: 'source', type: 'input' }, { id: 'clip', type: 'softClipper', params: { drive } }],
    connections: [{ from: 'source', to: 'clip' }],
    output: 'clip',
  };
}

/** s(v) of soft_clipper.hpp: the (3, 2) Padé approximant of tanh, held at ±1 for |v| ≥ 3. */
function shape(v: number): number {
  if (v >= 3) return 1;
  if (v <= -3) return -1;
  const v2 = v * v;
  return (v * (27 + v2)) / (27 + 9 * v2);
}

/** The soft clipper's output computed independently of the engine: drive starts at `drive`, each
 * change ramps linearly over round(5 ms) frames, advancing once per frame before the frame. */
function clipperReference(input: Float32Array[], sampleRate: number, drive: number,
                          changes: { frame: number; value: number }[]): Float32Array[] {
  const rampFrames = Math.trunc((sampleRate * 5) / 1000 + 0.5);
  const output = input.map((ch) => new Float32Array(ch.length));
  let current = drive, target = drive, step = 0, framesLeft = 0, next = 0;
  for (let i = 0; i < input[0]!.length; ++i) {
    while (next < changes.length && changes[next]!.frame === i) {
      target = changes[next++]!.value;
      framesLeft = rampFrames;
      step = (target - current) / rampFrames;
    }
    if (framesLeft > 0) current = --framesLeft === 0 ? target : current + step;
    input.forEach((ch, c) => { output[c]![i] = Math.fround(shape(current * ch[i]!)); });
  }
  return output;
}

/** Samples that differ, the largest |difference| and the output's peak. */
function compare(a: Float32Array[], b: Float32Array[]): { differing: number; total: number; maxDiff: number; peak: number } {
  let differing = 0, total = 0, maxDiff = 0, peak = 0;
  a.forEach((channel, c) => {
    const other = b[c]!;
    expect(other.length).toBe(channel.length);
    for (let i = 0; i < channel.length; ++i) {
      ++total;
      peak = Math.max(peak, Math.abs(channel[i]!));
      if (channel[i] !== other[i]) { ++differing; maxDiff = Math.max(maxDiff, Math.abs(channel[i]! - other[i]!)); }
    }
  });
  return { differing, total, maxDiff, peak };
}

/** Front_Center.wav (mono) and Front_Left/Front_Right side by side (stereo). */
function recordings(): { name: string; sampleRate: number; channels: Float32Array[] }[] {
  const center = readWav(join(ALSA_SOUNDS, 'Front_Center.wav'));
  return [
    { name: 'Front_Center.wav', sampleRate: center.sampleRate, channels: center.channels },
    { name: 'Front_Left+Right', ...stereoVoiceRecording() },
  ];
}

describe('a custom wasm core with the soft clipper', () => {
  test('the test cores are built', () => {
    for (const file of [CORE.wasmUrl, CORE.glueUrl, REFUSED_CORE.wasmUrl, REFUSED_CORE.glueUrl])
      expect(existsSync(file), `${file} is missing: build the wasm preset (bash scripts/build.sh wasm)`).toBe(true);
  });

  test('its schema lists softClipper next to the built-in types; the default core does not', async () => {
    const types = await coreNodeTypes(CORE);
    const clipper = types.softClipper;
    console.log(`custom core types: ${Object.keys(types).join(', ')}; softClipper: ${JSON.stringify(clipper)}`);
    expect(clipper).toBeDefined();
    expect(clipper!.origin).toBe('test-core');
    expect(clipper!.inputs).toBe(1);
    expect(clipper!.outputs).toBe(1);
    expect(clipper!.params.drive).toEqual({ id: 0, unit: '', min: 1, max: 20, default: 1, smoothed: true, belowNyquist: false });
    expect(types.parametricEq).toBeDefined();
    expect((await coreNodeTypes()).softClipper).toBeUndefined();
  });

  test('renderOffline({ core }): drive 4, then ramps to 12 and to 1.5, equals the formula bit for bit', async () => {
    for (const recording of recordings()) {
      const { sampleRate, channels } = recording;
      const automation = [
        { node: 'clip', param: 'drive', value: 12, timeSeconds: 0.3 },
        { node: 'clip', param: 'drive', value: 1.5, timeSeconds: 0.9 },
      ];
      const output = await renderOffline({ core: CORE, input: channels, sampleRate, graph: clipperGraph(4), automation });
      const reference = clipperReference(channels, sampleRate, 4,
        automation.map((a) => ({ frame: Math.round(a.timeSeconds * sampleRate), value: a.value })));
      const { differing, total, maxDiff, peak } = compare(output, reference);
      console.log(`${recording.name} softClipper drive 4 → 12 → 1.5 (wasm vs formula): ${differing} of ${total} samples differ, max |diff| ${maxDiff}, output peak ${peak.toFixed(4)}`);
      expect(peak).toBeGreaterThan(0.5);  // the recording does reach the clipper's curve
      expect(differing).toBe(0);
    }
  });

  test('validateGraph checks the processor types against the core that has them', async () => {
    const checks = [
      await validateGraph(clipperGraph(4), { core: CORE }),
      await validateGraph(clipperGraph(25), { core: CORE }),
      await validateGraph(clipperGraph(4)),
    ];
    console.log(`validateGraph: ${checks.map((c) => JSON.stringify(c)).join(' | ')}`);
    expect(checks[0]).toEqual({ ok: true });
    expect(checks[1]).toEqual({ ok: false, message: expect.stringMatching(/^nodes\[1\]\.params\.drive: (drive )?25 is out of range \(1…20/) as string });
    expect(checks[2]).toEqual({ ok: false, message: expect.stringMatching(/^nodes\[1\]\.type: 'softClipper' is not a node type/) as string });
  });

  test('a value outside the processor\'s range is refused with its range', async () => {
    const [channel] = recordings()[0]!.channels;
    await expect(renderOffline({
      core: CORE, input: [channel!], sampleRate: 48000, graph: clipperGraph(4),
      automation: [{ node: 'clip', param: 'drive', value: 25, timeSeconds: 0.1 }],
    })).rejects.toThrow(/^automation\[0\]: clip\.drive 25 is out of range \(1…20\)/);
    await expect(renderOffline({ input: [channel!], sampleRate: 48000, graph: clipperGraph(4) }))
      .rejects.toThrow(/softClipper/);  // the default core does not know the type
  });

  test('a core whose processor fails the checks refuses to start with one line', async () => {
    const error = await renderOffline({ core: REFUSED_CORE, durationSeconds: 0.1, sampleRate: 48000 }).then(() => undefined, (e: Error) => e);
    console.log(`refused core: ${error?.message}`);
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).toMatch(/^refused-processor-core: .*default 30 is outside 1…20/);
    expect(error!.message).not.toContain('\n');
  });

  test('in the worklet: a failing processor is silenced, counted and reported; the other branch plays on', async () => {
    (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated = true;
    const sampleRate = 48000;
    const context = new FakeAudioContext(sampleRate);
    // source → failer → sum, source → clip (drive 1) → sum; sum: a gain at 0 dB (× 1 exactly).
    const graph: GraphDescription = {
      nodes: [{ id: 'source', type: 'input' }, { id: 'failer', type: 'failOnDemand' },
        { id: 'clip', type: 'softClipper', params: { drive: 1 } }, { id: 'sum', type: 'gain' }],
      connections: [{ from: 'source', to: 'failer' }, { from: 'source', to: 'clip' }, { from: 'failer', to: 'sum' }, { from: 'clip', to: 'sum' }],
      output: 'sum',
    };
    const engine = await createEngine(context as unknown as BaseAudioContext, { core: CORE, graph, numChannels: 1 });
    try {
      const events: string[] = [];
      engine.on('event', (e) => { if (e.type === 'processorFailed') events.push(e.message); });
      expect(engine.parameters().map((n) => `${n.id}:${n.type}`)).toEqual(['source:input', 'failer:failOnDemand', 'clip:softClipper', 'sum:gain']);
      const input = sine(440, sampleRate, 128 * 30, 0.5);
      const quanta = (from: number, count: number): Float32Array =>
        renderThrough(context.nodes[0]!, [input.subarray(from * 128, (from + count) * 128)], count * 128, 128)[0]!;
      const clipped = (from: number, count: number): Float32Array =>
        clipperReference([input.subarray(from * 128, (from + count) * 128)], sampleRate, 1, [])[0]!;
      const before = quanta(0, 10);
      expect(engine.setParam('failer', 'fail', 1)).toEqual({ ok: true });
      await deliverMessages();
      const failing = quanta(10, 10);
      expect(engine.setParam('failer', 'fail', 0)).toEqual({ ok: true });
      await deliverMessages();
      const after = quanta(20, 10);
      renderThrough(context.nodes[0]!, null, 128 * 16, 128);  // counters are published every 16 quanta
      await deliverMessages();
      const stats = engine.stats();
      // While failing, the output is the clipper branch alone, bit for bit; otherwise input + clipper.
      const failingDiff = compare([failing], [clipped(10, 10)]);
      let beforeErr = 0, afterErr = 0;
      const b = clipped(0, 10), a = clipped(20, 10);
      for (let i = 0; i < before.length; ++i) {
        beforeErr = Math.max(beforeErr, Math.abs(before[i]! - (input[i]! + b[i]!)));
        afterErr = Math.max(afterErr, Math.abs(after[i]! - (input[20 * 128 + i]! + a[i]!)));
      }
      console.log(`failOnDemand: failing quanta ${failingDiff.differing} of ${failingDiff.total} samples differ from the clipper branch alone; ` +
        `before/after max |diff| to input + clipper ${beforeErr} / ${afterErr}; stats.processorFailures ${stats.processorFailures}; ` +
        `${events.length} processorFailed events, last: "${events.at(-1)}"`);
      expect(failingDiff.differing).toBe(0);
      expect(beforeErr).toBeLessThanOrEqual(1e-7);
      expect(afterErr).toBeLessThanOrEqual(1e-7);
      expect(stats.processorFailures).toBe(10);
      expect(events.length).toBeGreaterThan(0);
      expect(events.at(-1)).toMatch(/^failer \(failOnDemand\): process failed with status -1; its output was silenced \(10 failed blocks so far\)$/);
    } finally {
      engine.close();
    }
  });

  // The same source as a native plugin, through `wavegraph render --plugin` (static drive: the
  // CLI sets values through the graph description).
  const cliHasPlugins = existsSync(nativeCli) &&
    spawnSync(nativeCli, ['render', '--help'], { encoding: 'utf8' }).stdout.includes('--plugin');
  test.skipIf(!cliHasPlugins)('renderOffline({ core }) equals `wavegraph render --plugin` bit for bit', async () => {
    const plugin = join(work, 'libsoft-clipper.so');
    const compile = spawnSync('g++', ['-std=c++17', '-O2', '-shared', '-fPIC', '-fvisibility=hidden', '-ffp-contract=off',
      '-I', join(repoRoot, 'include'), join(repoRoot, 'examples', 'processors', 'soft-clipper', 'soft_clipper.cpp'), '-o', plugin],
    { encoding: 'utf8' });
    expect(compile.status, compile.stderr).toBe(0);
    const graphPath = join(work, 'clip.json');
    writeFileSync(graphPath, JSON.stringify(clipperGraph(4)));
    for (const recording of recordings()) {
      const inPath = join(work, 'in.wav');
      const outPath = join(work, 'out.wav');
      writeFloatWav(inPath, recording.sampleRate, recording.channels);
      const run = spawnSync(nativeCli, ['render', inPath, outPath, '--plugin', plugin, '--graph', graphPath], { encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      const native = readWav(outPath).channels;
      const web = await renderOffline({ core: CORE, input: recording.channels, sampleRate: recording.sampleRate, graph: clipperGraph(4) });
      const { differing, total, maxDiff } = compare(web, native);
      console.log(`${recording.name} softClipper drive 4 (wasm vs native --plugin): ${differing} of ${total} samples differ, max |diff| ${maxDiff}`);
      expect(differing).toBe(0);
    }
  });
});
