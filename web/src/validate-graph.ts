/**
 * validateGraph: the checks of createEngine, loadGraph and renderOffline for a graph description,
 * without an AudioContext or a render, against the node types of a core (the default one, or a
 * custom core with its processors).
 *
 * @module
 */

import { setEngineBuffers } from '../../worklet/audio-buffers.js';
import type { AudioBuffers } from '../../worklet/audio-buffers.js';
import { graphJson, type GraphDescription } from './reference-graph.js';
import { statusFrom } from './status.js';
import type { Status } from './status.js';
import { loadCore } from './wasm-core.js';
import type { WasmCoreSource } from './wasm-core.js';

/** Options of validateGraph. */
export interface ValidateGraphOptions {
  /** The core whose node types the graph may use (default: dist/wavegraph-core.wasm). */
  core?: WasmCoreSource;
  /** Sample rate in Hz the graph will run at (frequencies must stay below Nyquist); default 48000. */
  sampleRate?: number;
  /** Channels the graph will run with, 1…32; default 2. */
  numChannels?: number;
  /** The buffers the graph's options may name (as renderOffline's `audioBuffers`). */
  audioBuffers?: AudioBuffers;
}

/**
 * `{ ok: true }`, or `{ ok: false, message }` with the first problem as one line starting with its
 * JSON path, e.g. "nodes[1].params.drive: 25 is out of range (1…20)" or "nodes[1].type:
 * 'softClipper' is not a node type (known: …)". The same C++ checks as loadGraph. Rejects only
 * when the core cannot be loaded. [main thread or worker] Allocates a short-lived engine.
 */
export async function validateGraph(graph: string | GraphDescription, options: ValidateGraphOptions = {}): Promise<Status> {
  const core = await loadCore(options.core);
  const engine = new core.WasmEngine();
  try {
    const prepared = engine.prepare(options.sampleRate ?? 48000, 128, options.numChannels ?? 2, 2, 2, 0);
    if (prepared) return { ok: false, message: prepared };
    if (options.audioBuffers !== undefined) {
      const bufferError = setEngineBuffers(core, engine, options.audioBuffers);
      if (bufferError) return { ok: false, message: bufferError };
    }
    return statusFrom(engine.checkGraph(graphJson(graph)));
  } finally {
    engine.delete();
  }
}
