// The settings every variant of the comparison uses (issue 6, "Performance comparison"): the
// reference chain's 8 peaking bands (README "The reference chain"), non-zero band gains, a
// master gain, and the render length. Shared by the page, the JS biquad worklet's options and
// bench/node-vs-native.mjs.

/** Sample rate of every context and file, Hz. */
export const SAMPLE_RATE_HZ = 48000;
/** Channels (stereo, planar). */
export const NUM_CHANNELS = 2;
/** Default render length, seconds. */
export const DEFAULT_SECONDS = 60;
/** EQ band centre frequencies, Hz (the reference chain's bands 0…7). */
export const BAND_FREQUENCIES_HZ = [60, 120, 240, 480, 960, 1920, 3840, 7680];
/** q of every band (linear, as Web Audio's peaking Q). */
export const BAND_Q = 1;
/** Band gains, dB (within the engine's -24…24). */
export const BAND_GAINS_DB = [6, -3, 4, -6, 2, -4, 3, -2];
/** Master gain, dB (within the engine's -60…12). */
export const MASTER_GAIN_DB = -3;
/**
 * wavegraph's master gain ramps linearly (in gainLinear) from 1 to the target over this time
 * (core/smoothed_gain.h kDefaultRampTimeMs; README "10 ms linear ramp"). The other variants apply
 * the same ramp so that the outputs are comparable from frame 0.
 */
export const GAIN_RAMP_TIME_MS = 10;
/** Seed of the stereo noise (bench/browser/seeded-noise.js). */
export const NOISE_SEED = 0x2545f491;

/**
 * Frames of the master-gain ramp at sampleRateHz: round(GAIN_RAMP_TIME_MS · 1e-3 · sampleRateHz)
 * (as core/smoothed_gain.cpp). During the ramp, frame i (0-based) has gain
 * 1 + (i + 1)·(targetLinear − 1)/rampFrames, reaching targetLinear at frame rampFrames − 1.
 */
export function rampFramesFor(sampleRateHz) {
  return Math.round(GAIN_RAMP_TIME_MS * 1e-3 * sampleRateHz);
}
