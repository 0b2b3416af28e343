/**
 * Makes an instance of the wasm core from a compiled WebAssembly.Module, synchronously, through
 * the Emscripten glue's `instantiateWasm` hook. Nothing is fetched or resolved (no URL, fetch,
 * file access or TextDecoder), so the same code runs in the AudioWorkletGlobalScope (the module
 * arrives in processorOptions), on the page and in Node. Shared by worklet/processor.ts and
 * web/src/wasm-core.ts.
 *
 * @module
 */

import type { WavegraphCoreModule } from '../web/src/wavegraph-core.mjs';

/** The glue's default export (dist/wavegraph-core.mjs), `createWavegraphCore`. */
export type CoreFactory = (module: object) => unknown;

/**
 * A new instance of the core: its own memory (dist/wavegraph-core.wasm's initial size; it grows
 * only when a graph or track needs more) and its own C++ globals. Throws an Error naming the
 * cause when `wasmModule` is not the module the glue was built with. [control] Allocates the
 * instance and its memory.
 */
export function instantiateCore(factory: CoreFactory, wasmModule: WebAssembly.Module): WavegraphCoreModule {
  if (!(wasmModule instanceof WebAssembly.Module))
    throw new Error(`the wasm core must be a WebAssembly.Module (got ${Object.prototype.toString.call(wasmModule)})`);
  let failure: unknown;
  const core = {
    // Keeps the glue from resolving its own .wasm URL (URL does not exist in a worklet).
    locateFile: (path: string) => path,
    instantiateWasm(imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) {
      try {
        const instance = new WebAssembly.Instance(wasmModule, imports);
        receive(instance, wasmModule);
        return instance.exports;
      } catch (error) {
        failure = error;
        return {};
      }
    },
  };
  factory(core);
  const ready = core as unknown as WavegraphCoreModule;
  if (failure !== undefined)
    throw new Error(`could not instantiate the wasm core: ${failure instanceof Error ? failure.message : String(failure)}`);
  if (typeof ready.WasmEngine !== 'function' || !(ready.HEAPU8 instanceof Uint8Array))
    throw new Error('the wasm core did not instantiate synchronously (is wavegraph-core.wasm from the same build as its glue?)');
  return ready;
}
