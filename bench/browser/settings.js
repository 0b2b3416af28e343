// The settings every variant of the comparison uses (docs/performance.md, "Browser: Chromium's nodes against the worklet"): the
// reference graph's 8 peaking bands (README "The reference graph"), non-zero band gains, a
// master gain, the render length, and where the fidelity comparison starts. Shared by the page,
// the JS biquad worklet's options and bench/node-vs-native.mjs.

/** Sample rate of every context and file, Hz. */
export const SAMPLE_RATE_HZ = 48000;
/** Channels (stereo, planar). */
export const NUM_CHANNELS = 2;
/** Default render length, seconds. */
export const DEFAULT_SECONDS = 60;
/** EQ band centre frequencies, Hz (the reference graph's bands 0…7). */
export const BAND_FREQUENCIES_HZ = [60, 120, 240, 480, 960, 1920, 3840, 7680];
/** q of every band (linear, as Web Audio's peaking Q). */
export const BAND_Q = 1;
/** Band gains, dB (within eq.bandB.gainDb's -40…40). */
export const BAND_GAINS_DB = [6, -3, 4, -6, 2, -4, 3, -2];
/** Master gain, dB (within master.gainDb's -120…24). */
export const MASTER_GAIN_DB = -3;
/**
 * The fidelity check compares outputs from this time on. wavegraph's setBandGain and setGain
 * ramp from the defaults (0 dB) to the new values over 5 ms, while Chromium's nodes and the JS worklet hold
 * their values from frame 0; the first frames therefore differ by design, and the low bands'
 * filter memories carry that difference for a while (60 Hz, Q 1: time constant about
 * 2Q/(2π·60 Hz) ≈ 5 ms, so after 100 ms it has decayed by e^-17 or more). The difference from
 * frame 0 is reported too.
 */
export const FIDELITY_SETTLE_MS = 100;
/** Seed of the stereo noise (bench/browser/seeded-noise.js). */
export const NOISE_SEED = 0x2545f491;

