/**
 * The module Worker behind renderOfflineStream on a browser page (dist/render-worker.js, with the
 * default core's glue bundled in): renders one chunk per request in the worker's own instance of
 * the page's compiled core and transfers it to the page. Messages: RenderWorkerRequest in, RenderWorkerReply out (render-offline-stream.ts).
 *
 * @module
 */

import { renderOfflineStream } from './render-offline-stream.js';
import { adoptCompiledCore } from './wasm-core.js';
import type { RenderChunk, RenderWorkerReply, RenderWorkerRequest } from './render-offline-stream.js';

/** The dedicated worker scope, typed by what is used here. */
const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<RenderWorkerRequest>) => void) | null;
  postMessage(message: RenderWorkerReply, transfer?: Transferable[]): void;
};

let chunks: AsyncGenerator<RenderChunk> | undefined;

async function sendNext(): Promise<void> {
  try {
    const next = await chunks!.next();
    if (next.done) {
      scope.postMessage({ kind: 'done' });
      return;
    }
    scope.postMessage({ kind: 'chunk', chunk: next.value }, next.value.channels.map((c) => c.buffer as ArrayBuffer));
  } catch (error) {
    scope.postMessage({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}

async function start(request: Extract<RenderWorkerRequest, { kind: 'start' }>): Promise<void> {
  try {
    await adoptCompiledCore(request.wasmModule, request.options.core);
  } catch (error) {
    scope.postMessage({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  chunks = renderOfflineStream({ ...request.options, worker: false });
  await sendNext();
}

scope.onmessage = (event) => {
  const request = event.data;
  if (request.kind === 'start') void start(request);
  else if (chunks !== undefined) void sendNext();
};
