/**
 * The wasm core, loaded once per page or process: dist/wavegraph-core.wasm is fetched and
 * compiled once (compileCore), and that WebAssembly.Module makes every instance: the calling
 * thread's (loadCore: validation, frequency responses, renderOffline) and the worklet's
 * (createEngine hands the Module over in processorOptions). In Node the file is read with fs.
 *
 * The URL is written `new URL('./wavegraph-core.wasm', import.meta.url)` so that bundlers
 * (Vite, Rollup, webpack, esbuild with a loader) copy the file next to the bundle.
 *
 * @module
 */

import { instantiateCore } from '../../worklet/wasm-instance.js';
import type { WavegraphCoreModule } from './wavegraph-core.mjs';

let compiling: Promise<WebAssembly.Module> | undefined;
let loading: Promise<WavegraphCoreModule> | undefined;

/** Node's fs, read only when the .wasm is a file: URL (a variable, so bundlers leave it alone). */
const NODE_FS = 'node:fs/promises';

async function compileFrom(url: URL): Promise<WebAssembly.Module> {
  if (url.protocol === 'file:') {
    const fs = (await import(/* @vite-ignore */ NODE_FS)) as { readFile(path: URL): Promise<Uint8Array<ArrayBuffer>> };
    return WebAssembly.compile(await fs.readFile(url));
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not fetch the wasm core from ${url.href}: HTTP ${response.status}`);
  // compileStreaming needs Content-Type application/wasm; other servers get the bytes compiled
  // from the same response (one download either way).
  const type = response.headers.get('Content-Type') ?? '';
  if (typeof WebAssembly.compileStreaming === 'function' && type.split(';')[0]!.trim() === 'application/wasm')
    return WebAssembly.compileStreaming(response);
  return WebAssembly.compile(await response.arrayBuffer());
}

/**
 * The compiled core (dist/wavegraph-core.wasm, next to dist/index.js), fetched and compiled
 * once (cached; a failure is not cached, the next call tries again). Rejects with an Error of
 * one line naming the URL. [main thread or worker]
 */
export function compileCore(): Promise<WebAssembly.Module> {
  if (!compiling) {
    const url = new URL('./wavegraph-core.wasm', import.meta.url);
    compiling = compileFrom(url).catch((error: unknown) => {
      compiling = undefined;
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(message.includes(url.href) ? message : `could not load the wasm core from ${url.href}: ${message}`);
    });
  }
  return compiling;
}

/**
 * The calling thread's instance of the core (cached), made from compileCore()'s Module. Rejects
 * with the loader's error if the glue or the .wasm cannot be loaded. [main thread or worker]
 * Allocates the instance once.
 */
export function loadCore(): Promise<WavegraphCoreModule> {
  loading ??= Promise.all([compileCore(), import('./wavegraph-core.mjs')])
    .then(([wasmModule, glue]) => instantiateCore(glue.default, wasmModule))
    .catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
  return loading;
}
