/**
 * AnalyserNode-style spectrum (W3C Web Audio API, §1.2 AnalyserNode, "FFT windowing and
 * smoothing over time"), computed on the main thread from time-domain frames:
 * Blackman window (α = 0.16), FFT (fft.js), magnitude |X[k]| / fftSize, smoothing over time
 * X̂[k] = τ·X̂prev[k] + (1 − τ)·|X[k]|/fftSize, then dB = 20·log10(X̂[k]) (−Infinity for 0).
 *
 * @module
 */

import FFT from 'fft.js';

/** Smallest fftSize (as AnalyserNode). */
export const MIN_FFT_SIZE = 32;
/** Largest fftSize (as AnalyserNode). */
export const MAX_FFT_SIZE = 32768;
/** AnalyserNode's default smoothingTimeConstant τ. */
export const DEFAULT_SMOOTHING_TIME_CONSTANT = 0.8;
const BLACKMAN_ALPHA = 0.16;

/**
 * The fftSize used to fill `binCount` frequency bins: 2 × binCount rounded down to a power of
 * two, clamped to 32…32768. [any]
 */
export function fftSizeForBins(binCount: number): number {
  const wanted = Math.min(MAX_FFT_SIZE, Math.max(MIN_FFT_SIZE, 2 * Math.floor(binCount)));
  return 2 ** Math.floor(Math.log2(wanted));
}

/** The W3C Blackman window of length n (a0 = 0.42, a1 = 0.5, a2 = 0.08). Allocates. */
export function blackmanWindow(n: number): Float64Array {
  const a0 = (1 - BLACKMAN_ALPHA) / 2;
  const a1 = 0.5;
  const a2 = BLACKMAN_ALPHA / 2;
  const w = new Float64Array(n);
  for (let i = 0; i < n; ++i) w[i] = a0 - a1 * Math.cos((2 * Math.PI * i) / n) + a2 * Math.cos((4 * Math.PI * i) / n);
  return w;
}

/** Per-fftSize state: FFT plan, window, scratch and the previous smoothed block. */
interface Plan {
  fft: FFT;
  window: Float64Array;
  windowed: Float64Array;
  spectrum: number[];
  smoothed: Float64Array;
}

/**
 * Spectrum with smoothing over time. Keeps the previous block per fftSize; a change of fftSize
 * starts that size's smoothing from zero (as a fresh AnalyserNode). [main thread] Allocates only
 * when a new fftSize is first used.
 */
export class SpectrumAnalyser {
  /** τ in [0, 1]: 0 = no smoothing. Out-of-range values are clamped. */
  smoothingTimeConstant = DEFAULT_SMOOTHING_TIME_CONSTANT;
  private readonly plans = new Map<number, Plan>();

  private plan(fftSize: number): Plan {
    let plan = this.plans.get(fftSize);
    if (!plan) {
      const fft = new FFT(fftSize);
      plan = {
        fft,
        window: blackmanWindow(fftSize),
        windowed: new Float64Array(fftSize),
        spectrum: fft.createComplexArray() as number[],
        smoothed: new Float64Array(fftSize / 2),
      };
      this.plans.set(fftSize, plan);
    }
    return plan;
  }

  /**
   * One analysis block. `frames` are the newest fftSize time-domain frames (oldest first;
   * fftSize = frames.length, a power of two in 32…32768). Writes min(out.length, fftSize / 2)
   * bins in dB (bin k at k·sampleRate/fftSize Hz); further elements of out are left unchanged.
   * @throws RangeError when frames.length is not a valid fftSize (programming error).
   */
  getFloatFrequencyData(frames: Float32Array | Float64Array, out: Float32Array): void {
    const n = frames.length;
    if (n < MIN_FFT_SIZE || n > MAX_FFT_SIZE || (n & (n - 1)) !== 0)
      throw new RangeError(`fftSize ${n} must be a power of two in ${MIN_FFT_SIZE}…${MAX_FFT_SIZE}`);
    const { fft, window, windowed, spectrum, smoothed } = this.plan(n);
    for (let i = 0; i < n; ++i) windowed[i] = frames[i]! * window[i]!;
    fft.realTransform(spectrum, windowed);
    const tau = Math.min(1, Math.max(0, this.smoothingTimeConstant || 0));
    const bins = Math.min(out.length, n / 2);
    for (let k = 0; k < n / 2; ++k) {
      const magnitude = Math.hypot(spectrum[2 * k]!, spectrum[2 * k + 1]!) / n;
      let value = tau * smoothed[k]! + (1 - tau) * magnitude;
      if (!Number.isFinite(value)) value = 0;
      smoothed[k] = value;
      if (k < bins) out[k] = 20 * Math.log10(value);
    }
  }

  /** Forgets the smoothing history of every fftSize. */
  reset(): void {
    for (const plan of this.plans.values()) plan.smoothed.fill(0);
  }
}
