// The shipped wasm core (dist/wavegraph-core.wasm and its glue dist/wavegraph-core.mjs),
// instantiated for tests the way the worklet does it: one compiled module, synchronous instances.
import { readFileSync } from 'node:fs';
import createWavegraphCore from '../../dist/wavegraph-core.mjs';
import type { WasmEngine, WavegraphCoreModule } from '../../dist/wavegraph-core.mjs';
import { instantiateCore as instantiateFrom } from '../../worklet/wasm-instance.js';
import { distFile } from './paths.js';

let compiled: WebAssembly.Module | undefined;

/** dist/wavegraph-core.wasm, compiled once per test file. */
export function coreModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(readFileSync(distFile('wavegraph-core.wasm')));
  return compiled;
}

/** A fresh module instance (synchronous instantiation). */
export function instantiateCore(): WavegraphCoreModule {
  return instantiateFrom(createWavegraphCore, coreModule());
}

/** A prepared engine; throws with the engine's message if prepare fails. */
export function makeEngine(core: WavegraphCoreModule, sampleRateHz: number, maxBlockFrames: number,
                           numChannels: number, ringCapacity: number, eventRingCapacity = 1024): WasmEngine {
  const engine = new core.WasmEngine();
  const error = engine.prepare(sampleRateHz, maxBlockFrames, numChannels, ringCapacity, eventRingCapacity, 5);
  if (error) throw new Error(error);
  return engine;
}
