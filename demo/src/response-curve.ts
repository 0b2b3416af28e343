/**
 * The EQ's magnitude response, evaluated from the same biquad coefficients the engine designs.
 *
 * Each band of the reference graph's "eq" node is a Web Audio peaking biquad
 * (core/nodes/web_audio_biquad.cpp → core/biquad_coefficients.cpp). Formulas: R. Bristow-Johnson,
 * "Cookbook formulae for audio EQ biquad filter coefficients" (peakingEQ), with the W3C Web Audio
 * API conventions (§ BiquadFilterNode, "Filters characteristics"): linear Q, A = 10^(gainDb/40).
 * tests/e2e/checks-response.mjs compares these values with sine probes rendered through the C++
 * core (renderOffline) and with Chromium's BiquadFilterNode.getFrequencyResponse.
 * Pure functions, any thread; nothing allocates except eqResponseDb's caller-owned arrays.
 */

/** One peaking band: centre frequency in Hz (0 < f < sampleRateHz/2), linear q (> 0), gain in dB. */
export interface PeakingBand {
  frequencyHz: number;
  q: number;
  gainDb: number;
}

/** Normalised biquad coefficients (a0 = 1): y = b0·x + b1·x₋₁ + b2·x₋₂ − a1·y₋₁ − a2·y₋₂. */
export interface BiquadCoefficients {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

/**
 * Peaking-EQ coefficients (RBJ cookbook, Web Audio conventions):
 * w0 = 2π·f0/fs, α = sin(w0)/(2Q), A = 10^(gainDb/40);
 * b = [1 + αA, −2cos w0, 1 − αA], a = [1 + α/A, −2cos w0, 1 − α/A], divided by a0.
 * Valid for 0 < frequencyHz < sampleRateHz/2 and q > 0 (the demo's controls stay inside).
 */
export function peakingCoefficients(band: PeakingBand, sampleRateHz: number): BiquadCoefficients {
  const w0 = (2 * Math.PI * band.frequencyHz) / sampleRateHz;
  const cosW0 = Math.cos(w0);
  const alpha = Math.sin(w0) / (2 * band.q);
  const A = 10 ** (band.gainDb / 40);
  const a0 = 1 + alpha / A;
  return {
    b0: (1 + alpha * A) / a0,
    b1: (-2 * cosW0) / a0,
    b2: (1 - alpha * A) / a0,
    a1: (-2 * cosW0) / a0,
    a2: (1 - alpha / A) / a0,
  };
}

/**
 * |H(e^{jω})| in dB of one biquad at frequencyHz (ω = 2π·f/fs):
 * H = (b0 + b1·z⁻¹ + b2·z⁻²) / (1 + a1·z⁻¹ + a2·z⁻²), z = e^{jω}.
 */
export function biquadMagnitudeDb(c: BiquadCoefficients, frequencyHz: number, sampleRateHz: number): number {
  const w = (2 * Math.PI * frequencyHz) / sampleRateHz;
  const cos1 = Math.cos(w);
  const sin1 = Math.sin(w);
  const cos2 = Math.cos(2 * w);
  const sin2 = Math.sin(2 * w);
  const numRe = c.b0 + c.b1 * cos1 + c.b2 * cos2;
  const numIm = -(c.b1 * sin1 + c.b2 * sin2);
  const denRe = 1 + c.a1 * cos1 + c.a2 * cos2;
  const denIm = -(c.a1 * sin1 + c.a2 * sin2);
  const power = (numRe * numRe + numIm * numIm) / (denRe * denRe + denIm * denIm);
  return 10 * Math.log10(power);
}

/** The bands in series: the sum of their magnitudes in dB at frequencyHz (0 < f < fs/2). */
export function eqResponseDb(bands: readonly PeakingBand[], frequencyHz: number, sampleRateHz: number): number {
  let sumDb = 0;
  for (const band of bands) sumDb += biquadMagnitudeDb(peakingCoefficients(band, sampleRateHz), frequencyHz, sampleRateHz);
  return sumDb;
}
