// The shipped wasm core (dist/wavegraph-core.mjs), instantiated for tests.
import createWavegraphCore from '../../dist/wavegraph-core.mjs';
import type { WasmEngine, WavegraphCoreModule } from '../../dist/wavegraph-core.mjs';

/** A fresh module instance (synchronous instantiation). */
export function instantiateCore(): WavegraphCoreModule {
  const core = {} as WavegraphCoreModule;
  createWavegraphCore(core);
  return core;
}

/** A prepared engine; throws with the engine's message if prepare fails. */
export function makeEngine(core: WavegraphCoreModule, sampleRateHz: number, maxBlockFrames: number,
                           numChannels: number, ringCapacity: number, eventRingCapacity = 1024): WasmEngine {
  const engine = new core.WasmEngine();
  const error = engine.prepare(sampleRateHz, maxBlockFrames, numChannels, ringCapacity, eventRingCapacity, 5);
  if (error) throw new Error(error);
  return engine;
}
