// The shipped wasm's BiquadCascade (core/dsp/biquad/biquad_cascade.cpp; in wasm it has its own flush and
// float-rounding helpers, compiled only there) against the scalar Biquad path of the same
// wasm, bit for bit: graph A is input → parametricEq (8 steady bands: the cascade), graph B is
// input → 8 "biquad" nodes with the same settings (each a scalar Biquad, the reference
// arithmetic). Random seeded band settings, block sizes 1…128, 1–3 channels, both feedback
// roundings, noise with stretches at 1e-20 and 1e-31 (the first, from zero state: there the 1e-30 flush
// acts) and a silent tail.
import { describe, expect, test } from 'vitest';
import { instantiateCore, makeEngine } from './core.js';
import { randomInt, seededRandom } from './random.js';

const FS = 48000;
const BLOCK = 128;
const TYPES = [0, 1, 2, 3, 4, 5, 6, 7];  // lowpass … highshelf (biquad_node.h)

interface Band { type: number; frequencyHz: number; q: number; gainDb: number }

function graphs(bands: Band[], rounding: number): { eq: string; chain: string } {
  const eqParams: Record<string, number> = { webAudioRounding: rounding };
  bands.forEach((b, k) => {
    eqParams[`band${k}.type`] = b.type;
    eqParams[`band${k}.frequencyHz`] = b.frequencyHz;
    eqParams[`band${k}.q`] = b.q;
    eqParams[`band${k}.gainDb`] = b.gainDb;
  });
  const eq = { nodes: [{ id: 'in', type: 'input' }, { id: 'eq', type: 'parametricEq', params: eqParams }],
    connections: [{ from: 'in', to: 'eq' }], output: 'eq' };
  const nodes: object[] = [{ id: 'in', type: 'input' }];
  const connections: object[] = [];
  bands.forEach((b, k) => {
    nodes.push({ id: `b${k}`, type: 'biquad', params: { ...b, webAudioRounding: rounding } });
    connections.push({ from: k === 0 ? 'in' : `b${k - 1}`, to: `b${k}` });
  });
  const chain = { nodes, connections, output: `b${bands.length - 1}` };
  return { eq: JSON.stringify(eq), chain: JSON.stringify(chain) };
}

describe('BiquadCascade in wasm', () => {
  test('8-band parametricEq (cascade) equals 8 biquad nodes (scalar) bit for bit', () => {
    const core = instantiateCore();
    const random = seededRandom(20261123);
    let compared = 0, differing = 0, changed = 0, flushed = 0;
    for (let c = 0; c < 24; c++) {
      const channels = randomInt(random, 1, 3);
      const rounding = c % 2;
      const bands: Band[] = Array.from({ length: 8 }, () => ({
        type: TYPES[randomInt(random, 0, TYPES.length - 1)]!,
        frequencyHz: 20 * Math.pow(1000, random()),
        q: 0.3 + 9.7 * random(),
        gainDb: -15 + 30 * random(),
      }));
      const { eq, chain } = graphs(bands, rounding);
      const engines = [eq, chain].map((json) => {
        const e = makeEngine(core, FS, BLOCK, channels, 256, 256);
        const error = e.loadGraph(json);
        if (error) throw new Error(error);
        return e;
      });
      const total = randomInt(random, 2000, 6000);
      const silentFrom = random() < 0.5 ? Math.floor(total / 3) : total;
      const input = Array.from({ length: channels }, () => Float32Array.from({ length: total }, (_, i) =>
        i >= silentFrom ? 0 : (random() * 2 - 1) * [1e-31, 0.5, 1e-20, 0.5][Math.floor(i / 400) % 4]!));
      const outputs = engines.map(() => Array.from({ length: channels }, () => new Float32Array(total)));
      for (let pos = 0; pos < total;) {
        const n = Math.min(total - pos, randomInt(random, 1, BLOCK));
        engines.forEach((e, which) => {
          for (let ch = 0; ch < channels; ch++) core.HEAPF32.set(input[ch]!.subarray(pos, pos + n), e.inputPtr(ch) / 4);
          core._wavegraph_process_block(e.selfPtr(), n, channels, pos);
          for (let ch = 0; ch < channels; ch++)
            outputs[which]![ch]!.set(core.HEAPF32.subarray(e.outputPtr(ch) / 4, e.outputPtr(ch) / 4 + n), pos);
        });
        pos += n;
      }
      for (let ch = 0; ch < channels; ch++) {
        const a = new Uint32Array(outputs[0]![ch]!.buffer), b = new Uint32Array(outputs[1]![ch]!.buffer);
        const x = new Uint32Array(input[ch]!.buffer);
        for (let i = 0; i < total; i++) {
          compared++;
          if (a[i] !== b[i]) differing++;
          if (a[i] !== x[i]) changed++;
          if (a[i] === 0 && x[i] !== 0) flushed++;
        }
      }
      engines.forEach((e) => e.delete());
    }
    console.log(`cascade vs scalar biquads in wasm: ${differing} of ${compared} samples differ; ${changed} differ from the input, ${flushed} flushed to +0`);
    expect(changed).toBeGreaterThan(compared / 2);  // the filters did act
    expect(flushed).toBeGreaterThan(0);  // and the 1e-30 flush did (the first 400 frames, around 1e-31)
    expect(differing).toBe(0);
  });
});
