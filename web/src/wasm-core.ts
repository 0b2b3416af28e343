/**
 * The wasm core, loaded once per page or process: dist/wavegraph-core.wasm (or a custom core
 * built with wavegraph_add_wasm_core, docs/processors.md, "A custom WebAssembly core") is fetched and compiled once
 * (compileCore), and that WebAssembly.Module makes every instance: the calling thread's
 * (loadCore: validation, frequency responses, renderOffline) and the worklet's (createEngine
 * hands the Module over in processorOptions). In Node the file is read with fs.
 *
 * The default core's URL is written `new URL('./wavegraph-core.wasm', import.meta.url)` so that
 * bundlers (Vite, Rollup, webpack, esbuild with a loader) copy the file next to the bundle; a
 * custom core's two files are wherever its WasmCoreSource says.
 *
 * @module
 */

import { instantiateCore } from '../../worklet/wasm-instance.js';
import type { CoreFactory } from '../../worklet/wasm-instance.js';
import type { NodeTypeSchema } from './generated/node-types.js';
import type { WavegraphCoreModule } from './wavegraph-core.mjs';

/**
 * A custom wasm core (wavegraph_add_wasm_core(NAME …) builds NAME.mjs and NAME.wasm): the
 * built-in node types plus the processors linked into it. Strings are URLs (resolved against the
 * page's address) or, in Node, file paths; URL objects may be file: URLs.
 */
export interface WasmCoreSource {
  /** NAME.wasm, the compiled core. */
  wasmUrl: string | URL;
  /** NAME.mjs, its Emscripten glue (an ES module). */
  glueUrl: string | URL;
}

/** A node type as a core's schema lists it: NODE_TYPES' shape, plus what a processor type says
 * about itself. */
export interface CoreNodeTypeSchema extends NodeTypeSchema {
  /** The processor's one-line description (processor types only). */
  readonly description?: string;
  /** Where the type comes from: the core's name (processor types only). */
  readonly origin?: string;
}

/** One core, loaded: its compiled Module, the calling thread's instance, and where its glue is. */
interface LoadedCore {
  module: Promise<WebAssembly.Module>;
  instance?: Promise<WavegraphCoreModule>;
  glueHref: string | undefined;  // undefined: the default core (its glue is bundled)
}

const cores = new Map<string, LoadedCore>();
const DEFAULT_KEY = 'default';

/** Node's fs and url, read only for file: URLs and paths (variables, so bundlers leave them alone). */
const NODE_FS = 'node:fs/promises';
const NODE_URL = 'node:url';

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

/** An absolute URL for `where`: a URL as it is; a string as an absolute URL, else relative to the
 * page (browser, worker) or a file path (Node). */
async function absoluteUrl(where: string | URL, what: string): Promise<URL> {
  if (where instanceof URL) return where;
  if (typeof where !== 'string' || where === '') throw new Error(`${what} must be a URL or a non-empty string (got ${String(where)})`);
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(where) && !/^[A-Za-z]:[\\/]/.test(where)) return new URL(where);
  const page = (globalThis as { location?: { href: string } }).location;
  if (page !== undefined) return new URL(where, page.href);
  const url = (await import(/* @vite-ignore */ NODE_URL)) as { pathToFileURL(path: string): URL };
  return url.pathToFileURL(where);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The entry of `source` (cached by glue URL; a failure is not cached). [main thread or worker] */
function coreEntry(source: WasmCoreSource | undefined): Promise<LoadedCore> {
  if (source === undefined) {
    let entry = cores.get(DEFAULT_KEY);
    if (!entry) {
      const url = new URL('./wavegraph-core.wasm', import.meta.url);
      entry = { module: compileFrom(url), glueHref: undefined };
      entry.module = entry.module.catch((error: unknown) => {
        cores.delete(DEFAULT_KEY);
        const message = messageOf(error);
        throw new Error(message.includes(url.href) ? message : `could not load the wasm core from ${url.href}: ${message}`);
      });
      cores.set(DEFAULT_KEY, entry);
    }
    return Promise.resolve(entry);
  }
  if (typeof source !== 'object' || source === null)
    return Promise.reject(new Error(`core must be { wasmUrl, glueUrl } (got ${String(source)})`));
  return Promise.all([absoluteUrl(source.wasmUrl, 'core.wasmUrl'), absoluteUrl(source.glueUrl, 'core.glueUrl')])
    .then(([wasmUrl, glueUrl]) => {
      const key = `${glueUrl.href} ${wasmUrl.href}`;
      let entry = cores.get(key);
      if (!entry) {
        entry = { module: compileFrom(wasmUrl), glueHref: glueUrl.href };
        entry.module = entry.module.catch((error: unknown) => {
          cores.delete(key);
          const message = messageOf(error);
          throw new Error(message.includes(wasmUrl.href) ? message : `could not load the wasm core from ${wasmUrl.href}: ${message}`);
        });
        cores.set(key, entry);
      }
      return entry;
    });
}

/**
 * Takes a core compiled elsewhere (a Worker gets the page's WebAssembly.Module in a message), so
 * that compileCore and loadCore of `core` (the same WasmCoreSource, or none for the default core)
 * use it instead of fetching. [worker]
 */
export async function adoptCompiledCore(wasmModule: WebAssembly.Module, core?: WasmCoreSource): Promise<void> {
  if (core === undefined) {
    cores.set(DEFAULT_KEY, { module: Promise.resolve(wasmModule), glueHref: undefined });
    return;
  }
  const [wasmUrl, glueUrl] = await Promise.all([absoluteUrl(core.wasmUrl, 'core.wasmUrl'), absoluteUrl(core.glueUrl, 'core.glueUrl')]);
  cores.set(`${glueUrl.href} ${wasmUrl.href}`, { module: Promise.resolve(wasmModule), glueHref: glueUrl.href });
}

/**
 * The compiled core: dist/wavegraph-core.wasm (next to dist/index.js), or the custom `core`;
 * fetched and compiled once per core (cached; a failure is not cached, the next call tries
 * again). Rejects with an Error of one line naming the URL. [main thread or worker]
 */
export async function compileCore(core?: WasmCoreSource): Promise<WebAssembly.Module> {
  return (await coreEntry(core)).module;
}

/**
 * The calling thread's instance of the core (the default one, or the custom `core`; cached),
 * made from compileCore()'s Module. Rejects with the loader's error if the glue or the .wasm
 * cannot be loaded. [main thread or worker] Allocates the instance once.
 */
export async function loadCore(core?: WasmCoreSource): Promise<WavegraphCoreModule> {
  const entry = await coreEntry(core);
  entry.instance ??= Promise.all([
    entry.module,
    entry.glueHref === undefined ? import('./wavegraph-core.mjs')
      : import(/* @vite-ignore */ entry.glueHref).catch((error: unknown) => {
        throw new Error(`could not load the wasm core's glue from ${entry.glueHref}: ${messageOf(error)}`);
      }) as Promise<{ default: CoreFactory }>,
  ]).then(([wasmModule, glue]) => instantiateCore(glue.default, wasmModule))
    .catch((error: unknown) => {
      entry.instance = undefined;
      throw error;
    });
  return entry.instance;
}

/** Where the worklet loads a custom core's glue from (audioWorklet.addModule), or undefined for
 * the default core (bundled into processor.js). [main thread] */
export async function coreGlueUrl(core?: WasmCoreSource): Promise<string | undefined> {
  return (await coreEntry(core)).glueHref;
}

/**
 * The node types of a core by JSON `type` name (NODE_TYPES' shape): the default core's are the
 * built-in ones; a custom core adds its processors (with description and origin), straight
 * from the core's own schema. Rejects like loadCore. [main thread or worker]
 */
export async function coreNodeTypes(core?: WasmCoreSource): Promise<Record<string, CoreNodeTypeSchema>> {
  const instance = await loadCore(core);
  type Entry = { type: string; inputs: number; outputs: number; description?: string; origin?: string;
    params: { id: number; name: string; unit: string; min: number; max: number; default: number; smoothed: boolean; belowNyquist: boolean;
      webAudioNominalRange?: boolean }[] };
  const schema = JSON.parse(instance.schema()) as { nodeTypes: Entry[] };
  const types: Record<string, CoreNodeTypeSchema> = {};
  for (const entry of schema.nodeTypes) {
    const params: Record<string, CoreNodeTypeSchema['params'][string]> = {};
    for (const p of entry.params)
      params[p.name] = {
        id: p.id, unit: p.unit, min: p.min, max: p.max, default: p.default, smoothed: p.smoothed, belowNyquist: p.belowNyquist,
        ...(p.webAudioNominalRange ? { webAudioNominalRange: true as const } : {}),
      };
    types[entry.type] = {
      inputs: entry.inputs, outputs: entry.outputs, params,
      ...(entry.description === undefined ? {} : { description: entry.description }),
      ...(entry.origin === undefined ? {} : { origin: entry.origin }),
    };
  }
  return types;
}
