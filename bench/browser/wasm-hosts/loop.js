// The raw-export loop every host of bench/browser/wasm-hosts.mjs runs: the reference graph (the
// WasmEngine's default) with the browser benchmark's settings applied at once (applyNow), one
// block of seeded noise (xorshift32, ±0.5, opposite on odd channels) written once into the wasm
// input buffers, then _wavegraph_process_block per 128-frame block and nothing else: the same
// engine, settings and input as bench/browser/wasm-kernel-processor.js's mode 'raw'.
// Imports nothing (Node, a page, a Worker and an AudioWorkletGlobalScope all load it).

export const SAMPLE_RATE_HZ = 48000;
export const BLOCK_FRAMES = 128;
export const NUM_CHANNELS = 2;
const BAND_GAINS_DB = [6, -3, 4, -6, 2, -4, 3, -2];
const MASTER_GAIN_DB = -3;

/**
 * [control] The glue's module object (HEAPF32, WasmEngine, the raw exports) of `wasmModule` (a
 * compiled WebAssembly.Module of wavegraph-core.wasm), instantiated synchronously through
 * `createWavegraphCore` (the glue's factory), as worklet/processor.ts does.
 */
export function instantiateCore(createWavegraphCore, wasmModule) {
  const core = {
    locateFile: (file) => file,
    instantiateWasm(imports, receive) {
      const instance = new WebAssembly.Instance(wasmModule, imports);
      receive(instance, wasmModule);
      return instance.exports;
    },
  };
  createWavegraphCore(core);
  return core;
}

/**
 * [control] Applies the benchmark's settings to a prepared WasmEngine running the reference graph,
 * at once (applyNow, no ramps): eq.band{b}.gainDb = bandGainsDb[b] and master.gainDb = gainDb, the
 * parameter ids looked up by name in the engine's own description. Throws a one-line Error.
 */
export function applyReferenceSettings(engine, bandGainsDb, gainDb) {
  const nodes = JSON.parse(engine.describe()).nodes;
  const parameterId = (nodeId, name) => {
    const found = nodes.find((n) => n.id === nodeId)?.parameters.find((p) => p.name === name);
    if (found === undefined) throw new Error(`the reference graph has no ${nodeId}.${name}`);
    return found.id;
  };
  let error = '';
  for (let band = 0; band < bandGainsDb.length && !error; band++)
    error = engine.applyNow(engine.nodeId('eq'), parameterId('eq', `band${band}.gainDb`), bandGainsDb[band]);
  if (!error) error = engine.applyNow(engine.nodeId('master'), parameterId('master', 'gainDb'), gainDb);
  if (error) throw new Error(`applyNow: ${error}`);
}

/**
 * [control] Instantiates `wasmModule` (a compiled WebAssembly.Module of wavegraph-core.wasm)
 * synchronously through `createWavegraphCore` (the glue's factory), prepares the engine and applies
 * the settings; returns { runBlocks(n), peak() }. Throws a one-line Error.
 */
export function setUpRawLoop(createWavegraphCore, wasmModule) {
  const core = instantiateCore(createWavegraphCore, wasmModule);
  const engine = new core.WasmEngine();
  const error = engine.prepare(SAMPLE_RATE_HZ, BLOCK_FRAMES, NUM_CHANNELS, 256, 256, 5);
  if (error) throw new Error(`prepare: ${error}`);
  applyReferenceSettings(engine, BAND_GAINS_DB, MASTER_GAIN_DB);
  let seed = 1;
  const inputs = [];
  for (let c = 0; c < NUM_CHANNELS; c++) inputs.push(new Float32Array(core.HEAPF32.buffer, engine.inputPtr(c), BLOCK_FRAMES));
  for (let i = 0; i < BLOCK_FRAMES; i++) {
    seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
    for (let c = 0; c < NUM_CHANNELS; c++) inputs[c][i] = (c & 1 ? -1 : 1) * ((seed >>> 0) / 4294967296 - 0.5);
  }
  const processBlock = core._wavegraph_process_block;
  const self = engine.selfPtr();
  let frame = 0;
  return {
    /** [audio] Runs `n` blocks through the raw export. */
    runBlocks(n) {
      for (let b = 0; b < n; b++) {
        processBlock(self, BLOCK_FRAMES, NUM_CHANNELS, frame);
        frame += BLOCK_FRAMES;
      }
    },
    /** [any] The peak of the first output channel's last block (checks that the graph ran). */
    peak() {
      const out = new Float32Array(core.HEAPF32.buffer, engine.outputPtr(0), BLOCK_FRAMES);
      let p = 0;
      for (const x of out) p = Math.max(p, Math.abs(x));
      return p;
    },
  };
}
