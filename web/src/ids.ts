/**
 * Node and parameter ids of the reference graph (core/session/reference_graph.h): the `target`
 * and `param` of a command record, looked up in the tables generated from C++
 * (web/src/generated/). Other graphs: use Engine.nodeId(jsonId) and Engine.parameters().
 *
 * @module
 */

import { NODE_TYPES, type ParameterSchema } from './generated/node-types.js';
import { REFERENCE_EQ_BANDS, REFERENCE_NODE_IDS } from './generated/reference-graph.js';

export { NODE_TYPES, SCHEMA_SAMPLE_RATE_HZ } from './generated/node-types.js';
export type { NodeTypeName, NodeTypeSchema, NodeTypeSchemaOf, NodeTypes, ParameterSchema } from './generated/node-types.js';

/** Node ids of the reference graph by JSON id, in the order of its description. */
export const NodeId = REFERENCE_NODE_IDS;

const EQ_PARAMS: Readonly<Record<string, ParameterSchema>> = NODE_TYPES.parametricEq.params;

/** Parameter id of `name` of the reference graph's eq; −1 when there is none (e.g. band 9). [any] */
function eqParam(name: string): number {
  return EQ_PARAMS[name]?.id ?? -1;
}

/** Parameter fields of a parametricEq band, as offsets from the band's first parameter id. */
export const EqBandField = {
  /** The band's filter type. */
  type: eqParam('band0.type'),
  /** Its centre (or corner) frequency, Hz. */
  frequencyHz: eqParam('band0.frequencyHz'),
  /** Its Q. */
  q: eqParam('band0.q'),
  /** Its gain, dB. */
  gainDb: eqParam('band0.gainDb'),
} as const;

/** Parameter ids, per node of the reference graph; band functions give −1 for a band it lacks. */
export const ParamId = {
  /** master (a gain node): gain in dB, ramped (range: NODE_TYPES.gain.params.gainDb). */
  masterGainDb: NODE_TYPES.gain.params.gainDb.id,
  /** eq: band b's gain in dB. */
  eqBandGainDb: (band: number): number => eqParam(`band${band}.gainDb`),
  /** eq: band b's centre frequency in Hz (below Nyquist). */
  eqBandFrequencyHz: (band: number): number => eqParam(`band${band}.frequencyHz`),
  /** eq: band b's q (Web Audio conventions: linear for peaking). */
  eqBandQ: (band: number): number => eqParam(`band${band}.q`),
  /**
   * eq: 1 = every band rounds as Chromium's BiquadFilterNode does (A = 10^(gain/40) as a float32,
   * the output rounded to float32 before it is fed back), so the EQ gives the samples of 8 peaking
   * BiquadFilterNodes in series; 0 (default) = double-precision feedback, the more precise
   * (docs/graph-json.md). Stepped, 0 or 1 (rounded).
   */
  eqWebAudioRounding: NODE_TYPES.parametricEq.params.webAudioRounding.id,
  /** eq: band b's biquad type (0 lowpass, 1 highpass, 2 bandpass, 3 notch, 4 allpass, 5 peaking, 6 lowshelf, 7 highshelf). */
  eqBandType: (band: number): number => eqParam(`band${band}.type`),
} as const;

/** Number of EQ bands of the reference graph (0…NUM_EQ_BANDS − 1). */
export const NUM_EQ_BANDS = REFERENCE_EQ_BANDS;

/** Default band centres of the reference graph, Hz (the eq's frequencyHz defaults). */
export const EQ_BAND_FREQUENCIES_HZ: readonly number[] = Array.from(
  { length: NUM_EQ_BANDS },
  (_, band) => EQ_PARAMS[`band${band}.frequencyHz`]!.default,
);
