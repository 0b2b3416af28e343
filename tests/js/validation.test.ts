// The main-thread validators (dist/index.js) and the C++ ReferenceChain::validate (through wasm)
// agree on acceptance and on the exact message text.
import { describe, expect, test } from 'vitest';
import { NodeId, formatNumber, parameterName, validateBand, validateCommand } from '../../dist/index.js';
import { instantiateCore, makeEngine } from './core.js';
import { seededRandom } from './random.js';

const EDGE_VALUES = [
  NaN, Infinity, -Infinity, 0, -0, 1, 2, 3, -1, 0.5, 1.5, 2.0000001,
  0.1, 0.09999999, 0.1000001, 9.999999, 10, 10.000001, 30, 30.000001, 29.9999999,
  -24, 24, -24.000001, 24.000001, 23.99999999, -60, -60.0000001, 12, 12.0000001, -120, -120.000001, -1e-9, 1e-9,
  22049.99, 22050, 22050.01, 23999.999, 24000, 24000.0001, 48000, 1e7,
  1234565, 1234575, 9876545, 999999.5, 123456.5, 0.000123456789, 1e-5, 1.5e-5, 5e-324, 1e300, -1e300, Number.MAX_VALUE,
];

/** Every (target, param) the API can send, plus unknown ones. */
function commandIds(): Array<[number, number]> {
  const ids: Array<[number, number]> = [];
  for (let p = 0; p <= 4; ++p) ids.push([NodeId.source, p]);
  for (let p = 0; p <= 30; ++p) ids.push([NodeId.eq, p]);
  ids.push([NodeId.eq, 0xffffffff], [NodeId.analyser, 0], [NodeId.masterGain, 0], [NodeId.masterGain, 1], [4, 0], [0xffffffff, 7]);
  return ids;
}

describe('validation: TypeScript mirrors the C++ core', () => {
  for (const sampleRate of [48000, 44100]) {
    test(`validateCommand equals WasmEngine.validate on a sweep (fs ${sampleRate} Hz)`, () => {
      const engine = makeEngine(instantiateCore(), sampleRate, 128, 2, 256);
      let accepted = 0;
      let rejected = 0;
      const disagreements: string[] = [];
      for (const [target, param] of commandIds()) {
        for (const value of EDGE_VALUES) {
          const cpp = engine.validate(target, param, value);
          const ts = validateCommand(target, param, value, sampleRate);
          if (cpp !== ts) disagreements.push(`(${target}, ${param}, ${value}): C++ "${cpp}" vs TS "${ts}"`);
          if (cpp === '') ++accepted; else ++rejected;
        }
      }
      console.log(`fs ${sampleRate}: ${accepted} accepted, ${rejected} rejected, ${disagreements.length} disagreements`);
      expect(disagreements).toEqual([]);
      expect(accepted).toBeGreaterThan(100);
      expect(rejected).toBeGreaterThan(1000);
      engine.delete();
    });
  }

  test('formatNumber prints like C++ %.6g for 20000 random values of every magnitude', () => {
    const engine = makeEngine(instantiateCore(), 48000, 128, 1, 256);
    const random = seededRandom(42);
    const disagreements: string[] = [];
    for (let i = 0; i < 20000; ++i) {
      // q outside 0.1…30 is always refused with the value in the message.
      const magnitude = random() < 0.5 ? 10 ** (-320 + random() * 319) : 30 * (1 + 10 ** (-9 + random() * 318));
      const value = random() < 0.5 ? magnitude : -magnitude;
      const cpp = engine.validate(NodeId.eq, 2, value);
      const ts = validateCommand(NodeId.eq, 2, value, 48000);
      if (cpp !== ts) disagreements.push(`${value}: C++ "${cpp}" vs TS "${ts}"`);
    }
    expect(disagreements.slice(0, 5)).toEqual([]);
    expect(engine.validate(NodeId.eq, 2, 1234565)).toBe('band 0 q 1.23456e+06 is out of range (0.1…30)');  // half-even tie
    expect(formatNumber(1234565)).toBe('1.23456e+06');
    expect(formatNumber(1234575)).toBe('1.23458e+06');
    engine.delete();
  });

  test('validateBand uses the core message for bands the API refuses before encoding', () => {
    const engine = makeEngine(instantiateCore(), 48000, 128, 1, 256);
    for (const band of [8, 9, 100]) expect(validateBand(band)).toBe(engine.validate(NodeId.eq, band * 3, 0));
    for (let band = 0; band < 8; ++band) {
      expect(validateBand(band)).toBe('');
      expect(parameterName(NodeId.eq, band * 3 + 1)).toBe(`eq.band${band}.frequencyHz`);
    }
    expect(validateBand(-1)).toBe('band -1 is out of range (0…7)');
    expect(validateBand(2.5)).toBe('band 2.5 is out of range (0…7)');
    expect(validateBand(NaN)).toBe('band nan is out of range (0…7)');
    engine.delete();
  });
});
