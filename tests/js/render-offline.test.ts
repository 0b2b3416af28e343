// renderOffline (dist/index.js + dist/wavegraph-core.mjs): measured EQ attenuation, transparency,
// block-split invariance, one-line errors, and sample agreement with the native
// `wavegraph render` CLI (build/native/wavegraph).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { referenceGraph, renderOffline } from '../../dist/index.js';
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

  test("webAudioRounding: 1 gives the arithmetic of Chromium's BiquadFilterNode, 0 the double-precision chain", async () => {
    // JS models of 8 peaking BiquadFilterNodes in series (W3C Web Audio §1.13 / RBJ Cookbook
    // coefficients, direct form I, double memories): Chromium's has A = 10^(gain/40) as a float32
    // and feeds back the float32 output (Math.fround), the other keeps both in double. (Chromium's
    // samples themselves are compared in bench/browser.)
    const gainsDb = [6, -3, 4, -6, 2, -4, 3, -2];
    const random = seededRandom(11);
    const input = Float32Array.from({ length: FS }, () => (random() - 0.5) * 0.5);
    const model = (roundFeedback: boolean): Float32Array => {
      let x = Float64Array.from(input);
      gainsDb.forEach((gainDb, band) => {
        const w0 = (2 * Math.PI * 60 * 2 ** band) / FS, alpha = Math.sin(w0) / 2;
        const A = roundFeedback ? Math.fround(10 ** (gainDb / 40)) : 10 ** (gainDb / 40);
        const a0 = 1 + alpha / A;
        const b0 = (1 + alpha * A) / a0, b1 = (-2 * Math.cos(w0)) / a0, b2 = (1 - alpha * A) / a0;
        const a1 = b1, a2 = (1 - alpha / A) / a0;
        let x1 = 0, x2 = 0, y1 = 0, y2 = 0;
        const y = new Float64Array(x.length);
        for (let i = 0; i < x.length; i++) {
          const xi = Math.fround(x[i]!);  // each node's input is a float block
          const exact = b0 * xi + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
          y[i] = Math.fround(exact);
          x2 = x1; x1 = xi; y2 = y1; y1 = roundFeedback ? y[i]! : exact;
        }
        x = y;
      });
      return Float32Array.from(x);
    };
    const chromium = model(true), precise = model(false);
    const settle = FS / 10;  // from 100 ms on, as bench/browser compares
    const from = (a: Float32Array) => a.subarray(settle);
    const [rounded] = await renderOffline({ input: [input], sampleRate: FS, graph: referenceGraph({ bandGainsDb: gainsDb, webAudioRounding: true }) });
    const [standard] = await renderOffline({ input: [input], sampleRate: FS, graph: referenceGraph({ bandGainsDb: gainsDb }) });
    const roundedVsChromium = maxAbsDiff(from(rounded!), from(chromium));
    const standardVsPrecise = maxAbsDiff(from(standard!), from(precise));
    const standardVsChromium = maxAbsDiff(from(standard!), from(chromium));
    console.log(`webAudioRounding 1 vs the Chromium model ${roundedVsChromium.toExponential(2)}; ` +
      `0 vs the double model ${standardVsPrecise.toExponential(2)}; 0 vs the Chromium model ${standardVsChromium.toExponential(2)}`);
    expect(roundedVsChromium).toBeLessThan(1e-6);
    expect(standardVsPrecise).toBeLessThan(1e-6);
    expect(standardVsChromium).toBeGreaterThan(10 * roundedVsChromium);
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
    expect(diff).toBe(0);  // bit-identical (per kernel: native-equals-wasm.test.ts)
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
