/**
 * Main-thread validation of commands, mirroring ReferenceChain::validate (core/) value for value
 * and message for message (tests/js/validation.test.ts compares both on a sweep of values).
 *
 * @module
 */

import { formatNumber } from './format-number.js';
import { NUM_EQ_BANDS, NodeId, ParamId } from './ids.js';

/** Ranges mirrored from the core. Frequencies' upper limit is the Nyquist frequency. */
export const Ranges = {
  bandGainDb: { min: -24, max: 24 },
  bandFrequencyHz: { min: 10 },
  bandQ: { min: 0.1, max: 30 },
  masterGainDb: { min: -60, max: 12 },
  sourceLevelDb: { min: -120, max: 0 },
} as const;

const EQ_FIELDS = ['gainDb', 'frequencyHz', 'q'] as const;

/** "eq.band4.gainDb"-style name of a parameter, or "" when unknown (ReferenceChain::parameterName). */
export function parameterName(target: number, param: number): string {
  switch (target) {
    case NodeId.source:
      return param === ParamId.sourceKind ? 'source.kind'
        : param === ParamId.sourceFrequencyHz ? 'source.frequencyHz'
        : param === ParamId.sourceLevelDb ? 'source.levelDb' : '';
    case NodeId.eq:
      return param < NUM_EQ_BANDS * 3 ? `eq.band${Math.floor(param / 3)}.${EQ_FIELDS[param % 3]}` : '';
    case NodeId.masterGain:
      return param === ParamId.masterGainDb ? 'masterGain.gainDb' : '';
    default:
      return '';
  }
}

function outOfRange(what: string, value: number, range: string): string {
  return `${what} ${formatNumber(value)} is out of range (${range})`;
}

/**
 * "" when the C++ core would accept the command, else its exact message, e.g.
 * "band 4 gainDb 30 is out of range (-24…24 dB)". target and param are u32 ids (ids.ts);
 * sampleRateHz sets the Nyquist limit. [any thread] Allocates the message only on error.
 */
export function validateCommand(target: number, param: number, value: number, sampleRateHz: number): string {
  if (target === NodeId.eq && Math.floor(param / 3) >= NUM_EQ_BANDS)
    return `band ${Math.floor(param / 3)} is out of range (0…${NUM_EQ_BANDS - 1})`;
  const name = parameterName(target, param);
  if (name === '') return `unknown parameter ${param} of node ${target} (nodes: 0 source, 1 eq, 3 masterGain)`;
  if (!Number.isFinite(value)) return `${name} ${formatNumber(value)} is not a finite number`;
  const nyquistHz = 0.5 * sampleRateHz;
  switch (target) {
    case NodeId.source:
      if (param === ParamId.sourceKind && !(value === 0 || value === 1 || value === 2))
        return `${name} ${formatNumber(value)} is not one of 0 (input), 1 (pink noise), 2 (sine)`;
      if (param === ParamId.sourceFrequencyHz && !(value > 0 && value < nyquistHz))
        return outOfRange(name, value, `0…${formatNumber(nyquistHz)} Hz, exclusive`);
      if (param === ParamId.sourceLevelDb && !(value >= Ranges.sourceLevelDb.min && value <= Ranges.sourceLevelDb.max))
        return outOfRange(name, value, `${formatNumber(Ranges.sourceLevelDb.min)}…${formatNumber(Ranges.sourceLevelDb.max)} dBFS`);
      return '';
    case NodeId.eq: {
      const band = Math.floor(param / 3);
      const { bandGainDb, bandFrequencyHz, bandQ } = Ranges;
      switch (param % 3) {
        case 0:
          return value >= bandGainDb.min && value <= bandGainDb.max ? ''
            : outOfRange(`band ${band} gainDb`, value, `${formatNumber(bandGainDb.min)}…${formatNumber(bandGainDb.max)} dB`);
        case 1:
          return value >= bandFrequencyHz.min && value < nyquistHz ? ''
            : outOfRange(`band ${band} frequencyHz`, value,
                `${formatNumber(bandFrequencyHz.min)} Hz up to Nyquist, ${formatNumber(nyquistHz)} Hz`);
        default:
          return value >= bandQ.min && value <= bandQ.max ? ''
            : outOfRange(`band ${band} q`, value, `${formatNumber(bandQ.min)}…${formatNumber(bandQ.max)}`);
      }
    }
    case NodeId.masterGain: {
      const { min, max } = Ranges.masterGainDb;
      return value >= min && value <= max ? '' : outOfRange('gainDb', value, `${formatNumber(min)}…${formatNumber(max)} dB`);
    }
    default:
      return '';
  }
}

/**
 * "" when band is an integer 0…7, else "band 9 is out of range (0…7)" (the core's
 * ParametricEq::validateBand text; non-integers are refused here before they could be encoded
 * as a u32 parameter id). [any thread]
 */
export function validateBand(band: number): string {
  if (Number.isInteger(band) && band >= 0 && band < NUM_EQ_BANDS) return '';
  const shown = Number.isInteger(band) && band >= 0 ? String(band) : formatNumber(band);
  return `band ${shown} is out of range (0…${NUM_EQ_BANDS - 1})`;
}
