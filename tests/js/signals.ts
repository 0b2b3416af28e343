// Test signals and measurements.

/** A sine of amplitude `amplitude` (peak), frequencyHz, `frames` frames at sampleRate. */
export function sine(frequencyHz: number, sampleRate: number, frames: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(frames);
  for (let i = 0; i < frames; ++i) out[i] = amplitude * Math.sin((2 * Math.PI * frequencyHz * i) / sampleRate);
  return out;
}

/** RMS level in dB of x[start, end). */
export function rmsDb(x: Float32Array, start = 0, end = x.length): number {
  let sum = 0;
  for (let i = start; i < end; ++i) sum += x[i]! * x[i]!;
  return 10 * Math.log10(sum / (end - start));
}

/** Largest |a[i] − b[i]|; Infinity when the lengths differ. */
export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let max = 0;
  for (let i = 0; i < a.length; ++i) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}
