// renderOffline runs the session unobserved (meters and analysers only pass their input through):
// its samples equal, bit for bit, those of an observed engine fed the same seeded noise through
// the reference graph, at every block size; the unobserved engine's analyser tap stays empty.
import { describe, expect, test } from 'vitest';
import { referenceGraph, renderOffline } from '../../dist/index.js';
import type { WasmEngine, WavegraphCoreModule } from '../../dist/wavegraph-core.mjs';
import { instantiateCore, makeEngine } from './core.js';
import { seededRandom } from './random.js';

const FS = 48000;
const FRAMES = 12000;
const BAND_GAINS_DB = [6, -9, 3, -12, 9, -3, 4, -6];

/** Renders `input` block by block through `engine`; returns the output channels. */
function renderWith(core: WavegraphCoreModule, engine: WasmEngine, input: Float32Array[], blockFrames: number): Float32Array[] {
  const output = input.map(() => new Float32Array(FRAMES));
  for (let pos = 0; pos < FRAMES; pos += blockFrames) {
    const n = Math.min(blockFrames, FRAMES - pos);
    input.forEach((ch, c) => core.HEAPF32.set(ch.subarray(pos, pos + n), engine.inputPtr(c) / 4));
    core._wavegraph_process_block(engine.selfPtr(), n, input.length, pos);
    output.forEach((ch, c) => ch.set(core.HEAPF32.subarray(engine.outputPtr(c) / 4, engine.outputPtr(c) / 4 + n), pos));
  }
  return output;
}

/** Samples whose bits differ between a and b (channel by channel). */
function differingSamples(a: Float32Array[], b: Float32Array[]): number {
  let count = 0;
  a.forEach((ch, c) => {
    const x = new Uint32Array(ch.buffer, ch.byteOffset, ch.length);
    const y = new Uint32Array(b[c]!.buffer, b[c]!.byteOffset, b[c]!.length);
    for (let i = 0; i < x.length; ++i) if (x[i] !== y[i]) ++count;
  });
  return count;
}

describe('renderOffline unobserved', () => {
  test.each([1, 7, 128, 2048])('block %i: the samples of an observed render, bit for bit; no analyser tap', async (blockFrames) => {
    const random = seededRandom(20261207 + blockFrames);
    const input = [0, 1].map(() => Float32Array.from({ length: FRAMES }, () => (random() * 2 - 1) * 0.5));
    const json = JSON.stringify(referenceGraph({ bandGainsDb: BAND_GAINS_DB }));
    const core = instantiateCore();
    const engines = [true, false].map((observed) => {
      const engine = makeEngine(core, FS, blockFrames, 2, 256);
      engine.setObserved(observed);
      const error = engine.loadGraph(json);
      if (error) throw new Error(error);
      return engine;
    });
    const [observed, unobserved] = engines.map((engine) => renderWith(core, engine, input, blockFrames));
    const tapFrames = engines.map((engine) => engine.analyserFramesWritten(engine.nodeId('analyser')));
    const offline = await renderOffline({ input, sampleRate: FS, bandGainsDb: BAND_GAINS_DB, blockFrames });
    const differing = [differingSamples(observed!, unobserved!), differingSamples(observed!, offline)];
    console.log(`block ${blockFrames}: ${2 * FRAMES} samples; differing bits: unobserved engine ${differing[0]}, renderOffline ${differing[1]}; analyser frames written: observed ${tapFrames[0]}, unobserved ${tapFrames[1]}`);
    engines.forEach((engine) => engine.delete());
    expect(differing).toEqual([0, 0]);
    expect(tapFrames).toEqual([FRAMES, 0]);
  });
});
