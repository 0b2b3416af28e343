/**
 * renderOffline: the reference chain over a whole signal, in the calling thread (Node or a
 * browser), with the same wasm core as the worklet and the same results as the native
 * `wavegraph render`.
 *
 * @module
 */

import { NUM_EQ_BANDS, NodeId, ParamId } from './ids.js';
import { loadCore } from './wasm-core.js';

/** Default frames per processBlock call (any split gives identical output). */
export const RENDER_BLOCK_FRAMES = 128;

/** What to render. */
export interface RenderOfflineOptions {
  /** Planar input: channels × frames (1…32 channels, all the same length). Not modified. */
  input: Float32Array[];
  /** Sample rate in Hz, 1…768000. */
  sampleRate: number;
  /** Gain of EQ bands 0…(length − 1) in dB, -24…24; at most 8 entries; missing bands stay 0 dB. */
  bandGainsDb?: number[];
  /** Master gain in dB, -60…12 (default 0). */
  gainDb?: number;
  /** Frames per block, 1…16384 (default 128); the output does not depend on it. */
  blockFrames?: number;
}

function fail(message: string): never {
  throw new Error(message);
}

/**
 * Renders `input` through source (input) → 8-band EQ → master gain, with the settings applied
 * before the first frame (no ramps, as the native `wavegraph render`).
 * @returns new planar arrays, channels × frames, the same shape as input.
 * Rejects with an Error whose message is one line naming the bad value and its allowed range
 * (e.g. "band 4 gainDb 30 is out of range (-24…24 dB)"), or the loader's error.
 * [main thread or worker] Allocates the outputs; blocks the thread while rendering.
 */
export async function renderOffline(options: RenderOfflineOptions): Promise<Float32Array[]> {
  const { input, sampleRate, bandGainsDb = [], gainDb, blockFrames = RENDER_BLOCK_FRAMES } = options;
  if (!Array.isArray(input) || input.length === 0 || !input.every((ch) => ch instanceof Float32Array))
    fail('input must be a non-empty array of Float32Array channels (channels × frames)');
  const frames = input[0]!.length;
  input.forEach((ch, c) => {
    if (ch.length !== frames) fail(`input channel ${c} has ${ch.length} frames but channel 0 has ${frames}`);
  });
  if (!Array.isArray(bandGainsDb) || bandGainsDb.length > NUM_EQ_BANDS)
    fail(`bandGainsDb has ${bandGainsDb.length} entries (at most ${NUM_EQ_BANDS} bands)`);
  if (!Number.isInteger(blockFrames) || blockFrames < 1 || blockFrames > 16384)
    fail(`blockFrames ${blockFrames} is out of range (1…16384)`);

  const core = await loadCore();
  const engine = new core.WasmEngine();
  try {
    const prepared = engine.prepare(sampleRate, blockFrames, input.length, 256);
    if (prepared) fail(prepared);
    for (let band = 0; band < bandGainsDb.length; ++band) {
      const g = bandGainsDb[band];
      if (g === undefined) continue;
      const error = engine.applyNow(NodeId.eq, ParamId.eqBandGainDb(band), g);
      if (error) fail(error);
    }
    if (gainDb !== undefined) {
      const error = engine.applyNow(NodeId.masterGain, ParamId.masterGainDb, gainDb);
      if (error) fail(error);
    }
    const output = input.map(() => new Float32Array(frames));
    const inputAt = input.map((_, c) => engine.inputPtr(c) / 4);
    const outputAt = input.map((_, c) => engine.outputPtr(c) / 4);
    for (let start = 0; start < frames; start += blockFrames) {
      const count = Math.min(blockFrames, frames - start);
      const heap = core.HEAPF32;
      for (let c = 0; c < input.length; ++c) heap.set(input[c]!.subarray(start, start + count), inputAt[c]!);
      engine.processBlock(count, input.length);
      for (let c = 0; c < input.length; ++c) output[c]!.set(heap.subarray(outputAt[c]!, outputAt[c]! + count), start);
    }
    if (engine.badBlocks() !== 0) fail(`renderOffline: ${engine.badBlocks()} blocks were refused by the engine`);
    return output;
  } finally {
    engine.delete();
  }
}
