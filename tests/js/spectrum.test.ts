// The AnalyserNode-style spectrum (dist/index.js SpectrumAnalyser): peak position and level of a
// Blackman-windowed sine against the closed-form window transform, relative levels, smoothing.
import { describe, expect, test } from 'vitest';
import { SpectrumAnalyser, fftSizeForBins } from '../../dist/index.js';
import { sine } from './signals.js';

const FS = 48000;
const A0 = 0.42, A1 = 0.5, A2 = 0.08;  // W3C Blackman, α = 0.16

/** (1/N)·Σₙ e^{−i2πxn/N} in closed form (Dirichlet kernel), as [re, im]. */
function dirichlet(x: number, n: number): [number, number] {
  if (Math.abs(x) < 1e-12) return [1, 0];
  // (1 − e^{−i2πx}) / (N·(1 − e^{−i2πx/N}))
  const numRe = 1 - Math.cos(2 * Math.PI * x), numIm = Math.sin(2 * Math.PI * x);
  const denRe = n * (1 - Math.cos((2 * Math.PI * x) / n)), denIm = n * Math.sin((2 * Math.PI * x) / n);
  const d = denRe * denRe + denIm * denIm;
  return [(numRe * denRe + numIm * denIm) / d, (numIm * denRe - numRe * denIm) / d];
}

/** |W(δ)|/N of the Blackman window, δ in bins: a0·D(δ) − a1/2·(D(δ−1) + D(δ+1)) + a2/2·(D(δ−2) + D(δ+2)). */
function blackmanResponse(delta: number, n: number): number {
  const terms: Array<[number, number]> = [[A0, 0], [-A1 / 2, -1], [-A1 / 2, 1], [A2 / 2, -2], [A2 / 2, 2]];
  let re = 0, im = 0;
  for (const [a, shift] of terms) {
    const [dr, di] = dirichlet(delta + shift, n);
    re += a * dr;
    im += a * di;
  }
  return Math.hypot(re, im);
}

function peak(bins: Float32Array): { bin: number; db: number } {
  let bin = 0;
  for (let k = 1; k < bins.length; ++k) if (bins[k]! > bins[bin]!) bin = k;
  return { bin, db: bins[bin]! };
}

/** The newest fftSize frames of a sine (amplitude a, frequencyHz). */
function frames(frequencyHz: number, fftSize: number, amplitude: number): Float32Array {
  return sine(frequencyHz, FS, 10_000, amplitude).subarray(10_000 - fftSize);
}

describe('SpectrumAnalyser', () => {
  test('fftSize is 2 × out.length (power of two, 32…32768)', () => {
    expect(fftSizeForBins(1024)).toBe(2048);
    expect(fftSizeForBins(1000)).toBe(1024);
    expect(fftSizeForBins(4)).toBe(32);
    expect(fftSizeForBins(1 << 20)).toBe(32768);
  });

  test('a 1 kHz sine peaks in the 1 kHz bin at the Blackman window\'s analytic level', () => {
    const fftSize = 2048;
    const analyser = new SpectrumAnalyser();
    analyser.smoothingTimeConstant = 0;
    const out = new Float32Array(fftSize / 2);
    analyser.getFloatFrequencyData(frames(1000, fftSize, 1), out);
    const { bin, db } = peak(out);
    const binHz = FS / fftSize;
    const delta = 1000 / binHz - bin;
    const expectedDb = 20 * Math.log10(0.5 * blackmanResponse(delta, fftSize));
    console.log(`1 kHz: peak bin ${bin} (${(bin * binHz).toFixed(2)} Hz), ${db.toFixed(3)} dB, analytic ${expectedDb.toFixed(3)} dB`);
    expect(Math.abs(bin * binHz - 1000)).toBeLessThanOrEqual(binHz / 2);
    expect(db).toBeCloseTo(expectedDb, 1);
    expect(Math.abs(db - expectedDb)).toBeLessThan(0.02);
  });

  test('a bin-centred sine reads 20·log10(A·a0/2)', () => {
    const fftSize = 4096;
    const analyser = new SpectrumAnalyser();
    analyser.smoothingTimeConstant = 0;
    const out = new Float32Array(fftSize / 2);
    const frequencyHz = (85 * FS) / fftSize;
    analyser.getFloatFrequencyData(frames(frequencyHz, fftSize, 0.5), out);
    const { bin, db } = peak(out);
    expect(bin).toBe(85);
    expect(Math.abs(db - 20 * Math.log10((0.5 * A0) / 2))).toBeLessThan(0.01);
  });

  test('a sine 20 dB lower reads 20 ± 0.5 dB lower', () => {
    const out = new Float32Array(1024);
    const analyser = new SpectrumAnalyser();
    analyser.smoothingTimeConstant = 0;
    analyser.getFloatFrequencyData(frames(1000, 2048, 0.5), out);
    const loud = peak(out).db;
    analyser.getFloatFrequencyData(frames(1000, 2048, 0.05), out);
    const quiet = peak(out).db;
    console.log(`-20 dB sine: ${(loud - quiet).toFixed(3)} dB lower`);
    expect(Math.abs(loud - quiet - 20)).toBeLessThan(0.5);
  });

  test('smoothing over time follows X = τ·Xprev + (1 − τ)·|X|/N', () => {
    const out = new Float32Array(1024);
    const reference = new SpectrumAnalyser();
    reference.smoothingTimeConstant = 0;
    const x = frames(1000, 2048, 0.5);
    reference.getFloatFrequencyData(x, out);
    const steady = peak(out);
    const analyser = new SpectrumAnalyser();  // default τ = 0.8, history 0
    analyser.getFloatFrequencyData(x, out);
    expect(Math.abs(out[steady.bin]! - (steady.db + 20 * Math.log10(0.2)))).toBeLessThan(1e-3);
    for (let i = 0; i < 80; ++i) analyser.getFloatFrequencyData(x, out);
    expect(Math.abs(out[steady.bin]! - steady.db)).toBeLessThan(1e-3);
  });

  test('silence reads -Infinity', () => {
    const out = new Float32Array(64);
    new SpectrumAnalyser().getFloatFrequencyData(new Float32Array(128), out);
    expect(out.every((v) => v === -Infinity)).toBe(true);
  });
});
