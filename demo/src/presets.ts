/**
 * The EQ presets of the demo and the defaults Reset goes back to. The same values are listed in
 * demo/README.md ("Presets"), which tests/e2e reads to check the sliders.
 */
import { EQ_BAND_FREQUENCIES_HZ } from 'wavegraph';

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
/** Default q of every band (linear, as BiquadFilterNode.Q for peaking). */
export const DEFAULT_Q = 1;
/** Default master gain in dB. */
export const DEFAULT_MASTER_GAIN_DB = 0;

/** Ranges of the demo's controls (narrower than the engine's, which the engine checks anyway). */
export const BAND_GAIN_RANGE_DB = { min: -24, max: 24, step: 0.5 } as const;
export const BAND_FREQUENCY_RANGE_HZ = { min: 20, max: 20000, step: 1 } as const;
export const BAND_Q_RANGE = { min: 0.1, max: 10, step: 0.05 } as const;
export const MASTER_GAIN_RANGE_DB = { min: -60, max: 12, step: 0.5 } as const;
