// renderOffline (dist/index.js + dist/wavegraph-core.mjs): measured EQ attenuation, transparency,
// block-split invariance, one-line errors, and sample agreement with the native
// `wavegraph render` CLI (build/native/wavegraph).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { renderOffline } from '../../dist/index.js';
import { nativeCli } from './paths.js';
import { seededRandom } from './random.js';
import { maxAbsDiff, rmsDb, sine } from './signals.js';
import { readWav, writeFloatWav } from './wav.js';

const FS = 48000;
const ALSA_FRONT_CENTER = '/usr/share/sounds/alsa/Front_Center.wav';
const work = mkdtempSync(join(tmpdir(), 'wavegraph-render-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('renderOffline', () => {
  test('band 4 at -20 dB attenuates a 1 kHz sine by 20 ± 1 dB', async () => {
    const input = sine(1000, FS, FS, 0.5);
    const bandGainsDb = [0, 0, 0, 0, -20, 0, 0, 0];
    const [output] = await renderOffline({ input: [input], sampleRate: FS, bandGainsDb });
    const settle = 0.2 * FS;
    const ratioDb = rmsDb(output!, settle) - rmsDb(input, settle);
    console.log(`renderOffline: 1 kHz with band 4 at -20 dB: ${ratioDb.toFixed(3)} dB`);
    expect(Math.abs(ratioDb + 20)).toBeLessThanOrEqual(1);
  });

  test('all-zero settings return the input within 1e-6, in new arrays', async () => {
    const random = seededRandom(7);
    const input = [sine(333, 44100, 44100, 0.9), Float32Array.from({ length: 44100 }, () => random() * 2 - 1)];
    const output = await renderOffline({ input, sampleRate: 44100, bandGainsDb: [0, 0, 0, 0, 0, 0, 0, 0], gainDb: 0 });
    expect(output).toHaveLength(2);
    expect(output[0]).not.toBe(input[0]);
    expect(maxAbsDiff(output[0]!, input[0]!)).toBeLessThanOrEqual(1e-6);
    expect(maxAbsDiff(output[1]!, input[1]!)).toBeLessThanOrEqual(1e-6);
  });

  test('the block split does not change a single sample', async () => {
    const random = seededRandom(3);
    const input = [Float32Array.from({ length: 20000 }, () => random() - 0.5)];
    const settings = { input, sampleRate: FS, bandGainsDb: [3, -6, 0, 12, -20, 0, 5, -24], gainDb: -3 };
    const reference = await renderOffline(settings);
    for (const blockFrames of [1, 100, 1000, 16384]) {
      const output = await renderOffline({ ...settings, blockFrames });
      expect(maxAbsDiff(output[0]!, reference[0]!), `blockFrames ${blockFrames}`).toBe(0);
    }
  });

  test('bad settings reject with one line naming the value and the range', async () => {
    const input = [new Float32Array(256)];
    await expect(renderOffline({ input, sampleRate: FS, bandGainsDb: [0, 0, 0, 0, 50] }))
      .rejects.toThrow(/^nodes\[1\]\.params\.band4\.gainDb: band4\.gainDb 50 is out of range \(-40…40 dB\)$/);
    await expect(renderOffline({ input, sampleRate: FS, gainDb: NaN }))
      .rejects.toThrow(/^nodes\[3\]\.params\.gainDb: must be a number, not null$/);
    await expect(renderOffline({ input, sampleRate: FS, automation: [{ node: 'eq', param: 'band2.q', value: 1, timeSeconds: -1 }] }))
      .rejects.toThrow(/^automation\[0\]\.timeSeconds -1 must be a time in seconds ≥ 0$/);
    await expect(renderOffline({ input, sampleRate: 0 })).rejects.toThrow(/^sampleRateHz 0 is out of range \(1…768000 Hz\)$/);
    await expect(renderOffline({ input, sampleRate: FS, bandGainsDb: new Array(9).fill(0) }))
      .rejects.toThrow(/^bandGainsDb has 9 entries \(at most 8 bands\)$/);
    await expect(renderOffline({ input: [new Float32Array(2), new Float32Array(3)], sampleRate: FS }))
      .rejects.toThrow(/^input channel 1 has 3 frames but channel 0 has 2$/);
  });
});

describe('renderOffline equals the native wavegraph render', () => {
  /** Runs the native CLI; fails the test (never skips) when it is missing or fails. */
  function renderNative(inPath: string, outPath: string): void {
    expect(existsSync(nativeCli), `native CLI missing at ${nativeCli}: build it first (bash scripts/build.sh native)`).toBe(true);
    const run = spawnSync(nativeCli, ['render', inPath, outPath, '--eq', '4=-20', '--gain-db', '-3'], { encoding: 'utf8' });
    expect(run.status, `wavegraph render failed: ${run.stderr}`).toBe(0);
  }

  async function compare(inPath: string, label: string): Promise<void> {
    const outPath = join(work, `${label}-native.wav`);
    renderNative(inPath, outPath);
    const input = readWav(inPath);
    const native = readWav(outPath);
    expect(native.format, 'the native render must write 32-bit float WAV for a sample comparison').toBe('float32');
    expect(native.sampleRate).toBe(input.sampleRate);
    expect(native.channels).toHaveLength(input.channels.length);
    const web = await renderOffline({ input: input.channels, sampleRate: input.sampleRate, bandGainsDb: [0, 0, 0, 0, -20], gainDb: -3 });
    const diff = Math.max(...web.map((ch, c) => maxAbsDiff(ch, native.channels[c]!)));
    console.log(`${label}: ${input.channels.length} ch × ${input.channels[0]!.length} frames, max |wasm − native| = ${diff}`);
    expect(diff).toBeLessThanOrEqual(1e-6);
  }

  test('a stereo sine + noise float WAV', async () => {
    const random = seededRandom(11);
    const frames = FS;
    const left = sine(1000, FS, frames, 0.5);
    const right = Float32Array.from({ length: frames }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 200 * i) / FS) + 0.2 * (random() - 0.5));
    const inPath = join(work, 'stereo-in.wav');
    writeFloatWav(inPath, FS, [left, right]);
    await compare(inPath, 'stereo sine + noise');
  });

  test('a real recording: /usr/share/sounds/alsa/Front_Center.wav (PCM16 mono 48 kHz)', async () => {
    const recording = readWav(ALSA_FRONT_CENTER);
    expect([recording.format, recording.channels.length, recording.sampleRate]).toEqual(['pcm16', 1, 48000]);
    await compare(ALSA_FRONT_CENTER, 'Front_Center.wav');
  });
});
