/**
 * Loads dist/wavegraph-core.mjs (next to dist/index.js) once per page or process, on the
 * calling thread, for renderOffline. The module compiles synchronously once loaded.
 *
 * @module
 */

import type { WavegraphCoreModule } from './wavegraph-core.mjs';

let loading: Promise<WavegraphCoreModule> | undefined;

/**
 * The instantiated core (cached). Rejects with the loader's error if the file cannot be
 * imported. [main thread or worker] Allocates the module once.
 */
export function loadCore(): Promise<WavegraphCoreModule> {
  loading ??= import('./wavegraph-core.mjs').then((glue) => {
    const core = {} as WavegraphCoreModule;
    glue.default(core);
    if (typeof core.WasmEngine !== 'function') throw new Error('wavegraph-core.mjs did not instantiate synchronously');
    return core;
  });
  return loading;
}
