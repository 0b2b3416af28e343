// Seeded stereo white noise shared by the browser page (bench/browser/main.js) and
// bench/node-vs-native.mjs, so both comparisons run on the same samples.

/** Level of the noise: uniform in [-NOISE_PEAK, NOISE_PEAK), so +6 dB of EQ boost stays below 1.0. */
export const NOISE_PEAK = 0.25;

/**
 * Planar seeded white noise: numChannels Float32Arrays of `frames` samples, uniform in
 * [-NOISE_PEAK, NOISE_PEAK). Generator: xorshift32 (Marsaglia, "Xorshift RNGs", J. Stat. Softw.
 * 8(14), 2003; shifts 13, 17, 5), one stream, channels filled one after the other.
 * `seed` must be a non-zero 32-bit integer. Deterministic: the same arguments give the same samples.
 */
export function seededNoise(numChannels, frames, seed = 0x2545f491) {
  if (!Number.isInteger(seed) || (seed >>> 0) === 0) throw new Error(`seed ${seed} must be a non-zero 32-bit integer`);
  let state = seed >>> 0;
  const channels = [];
  for (let c = 0; c < numChannels; c++) {
    const samples = new Float32Array(frames);
    for (let i = 0; i < frames; i++) {
      state ^= state << 13; state >>>= 0;
      state ^= state >>> 17;
      state ^= state << 5; state >>>= 0;
      samples[i] = (state / 4294967296 * 2 - 1) * NOISE_PEAK;
    }
    channels.push(samples);
  }
  return channels;
}
