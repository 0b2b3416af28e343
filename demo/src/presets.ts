/**
 * The EQ presets of the demo and the defaults Reset goes back to. The same values are listed in
 * demo/README.md ("Presets"), which tests/e2e reads to check the sliders.
 */
import { EQ_BAND_FREQUENCIES_HZ, NODE_TYPES, type ParameterSchema } from 'wavegraph';

/** Preset names, in button order. */
export const PRESET_NAMES = ['Flat', 'Bass boost', 'Voice', 'Telephone'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** Band gains in dB per preset, band 0…7 = 60, 120, 240, 480, 960, 1920, 3840, 7680 Hz. */
export const PRESET_GAINS_DB: Readonly<Record<PresetName, readonly number[]>> = {
  Flat: [0, 0, 0, 0, 0, 0, 0, 0],
  'Bass boost': [9, 7, 4, 1, 0, 0, 0, 0],
  Voice: [-12, -6, -2, 0, 3, 4, 3, -2],
  Telephone: [-24, -24, -12, 0, 4, 2, -12, -24],
};

/** Default centre frequencies in Hz (the reference graph's). */
export const DEFAULT_BAND_FREQUENCIES_HZ: readonly number[] = [...EQ_BAND_FREQUENCIES_HZ];
/** A control's range: the engine's range of its parameter (C++ parameter table, generated into
 * the package's NODE_TYPES) and the control's step. belowNyquist: max is Nyquist at 48 kHz, excluded. */
export interface ControlRange {
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly belowNyquist: boolean;
}

function controlRange(parameter: ParameterSchema, step: number): ControlRange {
  return { min: parameter.min, max: parameter.max, step, belowNyquist: parameter.belowNyquist };
}

const EQ_BAND_0 = {
  gainDb: NODE_TYPES.parametricEq.params['band0.gainDb'],
  frequencyHz: NODE_TYPES.parametricEq.params['band0.frequencyHz'],
  q: NODE_TYPES.parametricEq.params['band0.q'],
};

/** Default q of every band (linear, as BiquadFilterNode.Q for peaking). */
export const DEFAULT_Q: number = EQ_BAND_0.q.default;
/** Default master gain in dB. */
export const DEFAULT_MASTER_GAIN_DB: number = NODE_TYPES.gain.params.gainDb.default;

/** Ranges of the demo's controls: the engine's ranges (every band has band 0's). */
export const BAND_GAIN_RANGE_DB = controlRange(EQ_BAND_0.gainDb, 0.5);
export const BAND_FREQUENCY_RANGE_HZ = controlRange(EQ_BAND_0.frequencyHz, 1);
export const BAND_Q_RANGE = controlRange(EQ_BAND_0.q, 0.05);
export const MASTER_GAIN_RANGE_DB = controlRange(NODE_TYPES.gain.params.gainDb, 0.5);

/** The reference-graph parameters the controls set (JSON node id, parameter name with {band} for
 * each EQ band) and their control ranges. */
export const CONTROLLED_PARAMETERS: readonly { node: string; param: string; range: ControlRange }[] = [
  { node: 'eq', param: 'band{band}.gainDb', range: BAND_GAIN_RANGE_DB },
  { node: 'eq', param: 'band{band}.frequencyHz', range: BAND_FREQUENCY_RANGE_HZ },
  { node: 'eq', param: 'band{band}.q', range: BAND_Q_RANGE },
  { node: 'master', param: 'gainDb', range: MASTER_GAIN_RANGE_DB },
];
