/**
 * Node and parameter ids of the reference chain (the `target` and `param` of a command record),
 * mirrored from core/reference_chain.h.
 *
 * @module
 */

/** Node ids (CommandRecord.target). */
export const NodeId = { source: 0, eq: 1, analyser: 2, masterGain: 3 } as const;

/** Parameter ids (CommandRecord.param), per node. */
export const ParamId = {
  /** source: 0 input, 1 pink noise, 2 sine. */
  sourceKind: 0,
  /** source: sine frequency in Hz, (0, Nyquist). */
  sourceFrequencyHz: 1,
  /** source: generator level in dBFS, -120…0. */
  sourceLevelDb: 2,
  /** masterGain: gain in dB, -60…12, ramped over 10 ms. */
  masterGainDb: 0,
  /** eq: band b's gain in dB (-24…24) is param b·3. */
  eqBandGainDb: (band: number): number => band * 3,
  /** eq: band b's centre frequency in Hz ([10, Nyquist)) is param b·3 + 1. */
  eqBandFrequencyHz: (band: number): number => band * 3 + 1,
  /** eq: band b's q (0.1…30) is param b·3 + 2. */
  eqBandQ: (band: number): number => band * 3 + 2,
} as const;

/** Number of EQ bands (0…7). */
export const NUM_EQ_BANDS = 8;

/** Source kinds and their `source.kind` values. */
export const SourceKindId = { input: 0, pinkNoise: 1, sine: 2 } as const;
/** What the source plays: the node's input, seeded pink noise, or a sine. */
export type SourceKind = keyof typeof SourceKindId;
