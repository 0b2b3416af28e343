// The Faust example (examples/processors/faust-compressor) in a custom wasm core (web/CMakeLists.txt's
// faust-core: the .cpp that scripts/wavegraph-faust generates, compiled by Emscripten): its schema
// lists the parameters Faust declares, and renderOffline({ core }) of a stereo voice recording
// through the example's graph equals the native `wavegraph render --plugin` of the same graph and
// Faust's own offline renderer (sndfile architecture) of the same .dsp, within 1e-6.
// Without faust (outside CI) the cores and native programs are not built: the tests say so and skip.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { coreNodeTypes, renderOffline } from '../../dist/index.js';
import type { GraphDescription } from '../../dist/index.js';
import { nativeCli, repoRoot, testCoreFile } from './paths.js';
import { stereoVoiceRecording } from './recordings.js';
import { readWav, writeFloatWav } from './wav.js';

const CORE = { wasmUrl: testCoreFile('faust-core.wasm'), glueUrl: testCoreFile('faust-core.mjs') };
const nativeTests = join(repoRoot, 'build', 'native', 'tests', 'native');
const PLUGIN = join(nativeTests, 'libfaust-compressor.so');
const FAUST_RENDERER = join(nativeTests, 'faust_compressor_sndfile');
const GRAPH_PATH = join(repoRoot, 'examples', 'processors', 'faust-compressor', 'compressor-graph.json');
const GRAPH = JSON.parse(readFileSync(GRAPH_PATH, 'utf8')) as GraphDescription;
/** The graph's parameter values on the command line of Faust's renderer (lower-cased labels). */
const FAUST_OPTIONS = ['-ratio', '8', '-threshold', '-35', '-attack', '2', '-release', '80', '-makeup', '6'];

const work = mkdtempSync(join(tmpdir(), 'wavegraph-faust-core-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const missing = [CORE.wasmUrl, CORE.glueUrl, PLUGIN, FAUST_RENDERER].filter((f) => !existsSync(f));
const haveFaust = spawnSync('faust', ['--version'], { encoding: 'utf8' }).status === 0;
const skip = !haveFaust && !process.env.CI;
if (skip) console.log('faust is not installed (apt-get install faust): the Faust core tests are skipped');

/** Samples that differ and the largest |difference|. */
function compare(a: Float32Array[], b: Float32Array[]): { differing: number; total: number; maxDiff: number } {
  let differing = 0, total = 0, maxDiff = 0;
  a.forEach((channel, c) => {
    const other = b[c]!;
    expect(other.length).toBe(channel.length);
    for (let i = 0; i < channel.length; ++i) {
      ++total;
      if (channel[i] !== other[i]) { ++differing; maxDiff = Math.max(maxDiff, Math.abs(channel[i]! - other[i]!)); }
    }
  });
  return { differing, total, maxDiff };
}

describe.skipIf(skip)('the Faust compressor in a custom wasm core', () => {
  test('the Faust core, the native plugin and Faust\'s renderer are built', () => {
    expect(missing, `missing: ${missing.join(', ')} (bash scripts/build.sh native && bash scripts/build.sh wasm)`).toEqual([]);
  });

  test('its schema lists the compressor with the parameters Faust declares', async () => {
    const compressor = (await coreNodeTypes(CORE)).compressor;
    console.log(`faust-core compressor: ${JSON.stringify(compressor)}`);
    expect(compressor).toBeDefined();
    expect(compressor!.origin).toBe('faust-core');
    expect(compressor!.inputs).toBe(1);
    expect(compressor!.outputs).toBe(1);
    const stepped = { smoothed: false, belowNyquist: false };
    expect(compressor!.params).toEqual({
      attackMs: { id: 0, unit: 'ms', min: 0.1, max: 100, default: 5, ...stepped },
      makeupDb: { id: 1, unit: 'dB', min: -12, max: 24, default: 0, ...stepped },
      ratio: { id: 2, unit: '', min: 1, max: 20, default: 4, ...stepped },
      releaseMs: { id: 3, unit: 'ms', min: 1, max: 1000, default: 100, ...stepped },
      thresholdDb: { id: 4, unit: 'dB', min: -60, max: 0, default: -30, ...stepped },
    });
  });

  test('renderOffline({ core }) equals `wavegraph render --plugin` and Faust\'s own renderer within 1e-6', async () => {
    const { sampleRate, channels } = stereoVoiceRecording();
    const inPath = join(work, 'in.wav');
    writeFloatWav(inPath, sampleRate, channels);
    const nativePath = join(work, 'native.wav');
    const native = spawnSync(nativeCli, ['render', inPath, nativePath, '--plugin', PLUGIN, '--graph', GRAPH_PATH], { encoding: 'utf8' });
    expect(native.status, native.stderr).toBe(0);
    const faustPath = join(work, 'faust.wav');
    const faust = spawnSync(FAUST_RENDERER, [...FAUST_OPTIONS, inPath, faustPath], { encoding: 'utf8' });
    expect(faust.status, faust.stderr).toBe(0);

    const web = await renderOffline({ core: CORE, input: channels, sampleRate, graph: GRAPH });
    let change = 0;
    web.forEach((channel, c) => channel.forEach((v, i) => { change = Math.max(change, Math.abs(v - channels[c]![i]!)); }));
    for (const [name, path] of [['native --plugin', nativePath], ['Faust sndfile', faustPath]] as const) {
      const { differing, total, maxDiff } = compare(web, readWav(path).channels);
      console.log(`Front_Left+Right through the Faust compressor (wasm vs ${name}): ${differing} of ${total} samples differ, ` +
        `max |diff| ${maxDiff} (${differing === 0 ? 'bit-identical' : 'not bit-identical'}); max |output - input| ${change.toFixed(3)}`);
      expect(maxDiff).toBeLessThanOrEqual(1e-6);
    }
    expect(change).toBeGreaterThan(0.1);  // the compressor changes the recording clearly
  });
});
