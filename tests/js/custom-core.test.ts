// A custom wasm core (wavegraph_add_wasm_core, web/CMakeLists.txt's test cores): the soft clipper
// of examples/processors/soft-clipper linked in, driven through renderOffline({ core }) on real
// recordings, measured against the clipper's formula computed here (double arithmetic, then
// rounded to float32, exactly as soft_clipper.hpp) and against the native
// `wavegraph render --plugin` of the same graph with the same source built as a plugin. The
// core's schema lists the type; a core whose descriptor fails the checks refuses to start with
// one line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { coreNodeTypes, renderOffline } from '../../dist/index.js';
import type { GraphDescription } from '../../dist/index.js';
import { nativeCli, repoRoot, testCoreFile } from './paths.js';
import { readWav, writeFloatWav } from './wav.js';

const ALSA = '/usr/share/sounds/alsa';
const CORE = { wasmUrl: testCoreFile('soft-clipper-core.wasm'), glueUrl: testCoreFile('soft-clipper-core.mjs') };
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
  const center = readWav(join(ALSA, 'Front_Center.wav'));
  const left = readWav(join(ALSA, 'Front_Left.wav'));
  const right = readWav(join(ALSA, 'Front_Right.wav'));
  const frames = Math.max(left.channels[0]!.length, right.channels[0]!.length);
  const pad = (x: Float32Array): Float32Array => { const y = new Float32Array(frames); y.set(x); return y; };
  return [
    { name: 'Front_Center.wav', sampleRate: center.sampleRate, channels: center.channels },
    { name: 'Front_Left+Right', sampleRate: left.sampleRate, channels: [pad(left.channels[0]!), pad(right.channels[0]!)] },
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
    expect(clipper!.origin).toBe('soft-clipper-core');
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
