/**
 * Node and parameter ids of the reference graph (core/session/reference_graph.h): the `target`
 * and `param` of a command record. Other graphs: use Engine.nodeId(jsonId) and
 * Engine.parameters().
 *
 * @module
 */

/** Node ids of the reference graph, in the order of its description. */
export const NodeId = { source: 0, eq: 1, analyser: 2, masterGain: 3, meter: 4 } as const;

/** Parameter fields of a parametricEq band, in id order (band b, field f → id b·4 + f). */
export const EqBandField = { type: 0, frequencyHz: 1, q: 2, gainDb: 3 } as const;

/** Parameter ids, per node. */
export const ParamId = {
  /** masterGain (a gain node): gain in dB, -120…24, ramped. */
  masterGainDb: 0,
  /** eq: band b's gain in dB (-40…40) is param b·4 + 3. */
  eqBandGainDb: (band: number): number => band * 4 + EqBandField.gainDb,
  /** eq: band b's centre frequency in Hz ([10, Nyquist)) is param b·4 + 1. */
  eqBandFrequencyHz: (band: number): number => band * 4 + EqBandField.frequencyHz,
  /** eq: band b's q is param b·4 + 2 (Web Audio conventions: linear for peaking). */
  eqBandQ: (band: number): number => band * 4 + EqBandField.q,
  /**
   * eq: 1 = every band rounds as Chromium's BiquadFilterNode does (A = 10^(gain/40) as a float32, the
   * output rounded to float32 before it is fed back), so the EQ gives the samples of 8 peaking
   * BiquadFilterNodes in series (bench/browser: 1.27e-7 apart over 60 s of noise); 0 (default) = double-precision feedback, the more precise
   * (about 1.4e-5 from Chromium's output on noise at RMS −17 dBFS, 6e-8 from exact arithmetic).
   * Stepped, 0 or 1 (rounded). The param after the 8 bands' 32.
   */
  eqWebAudioRounding: 32,
  /** eq: band b's biquad type is param b·4 (0 lowpass, 1 highpass, 2 bandpass, 3 notch, 4 allpass, 5 peaking, 6 lowshelf, 7 highshelf). */
  eqBandType: (band: number): number => band * 4 + EqBandField.type,
} as const;

/** Number of EQ bands of the reference graph (0…7). */
export const NUM_EQ_BANDS = 8;

/** Default band centres of the reference graph, Hz. */
export const EQ_BAND_FREQUENCIES_HZ = [60, 120, 240, 480, 960, 1920, 3840, 7680] as const;
