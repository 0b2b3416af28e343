/**
 * renderOfflineStream: renderOffline in chunks, as an async iterator, in constant memory whatever
 * the length (a one-hour track, a long file); in a browser page in a Worker, so the page never
 * freezes. The samples are renderOffline's, bit for bit (the same OfflineSession).
 *
 * @module
 */

import { bufferMessage } from '../../worklet/audio-buffers.js';
import { openOfflineSession, RENDER_BLOCK_FRAMES } from './render-offline.js';
import type { OfflineSession, RenderOfflineOptions } from './render-offline.js';
import { compileCore } from './wasm-core.js';
import type { WasmCoreSource } from './wasm-core.js';

/** Default frames per chunk (0.34 s at 48 kHz). Chunks of 64 KiB per channel keep the garbage
 * between two garbage collections small: a one-hour track peaks at about 91 MB resident in Node 20
 * (48000-frame chunks: about 105 MB; Node and the compiled core alone: 66 MB). */
export const STREAM_CHUNK_FRAMES = 16384;

/** One chunk of a streamed render: planar, channels × frames. */
export interface RenderChunk {
  /** The chunk's samples, channels × frames (new arrays; the caller may keep or transfer them). */
  channels: Float32Array[];
  /** Frame of the whole render at which the chunk starts. */
  startFrame: number;
  /** Frames in the chunk (= channels[c].length). */
  frames: number;
  /** Frames of the whole render, or -1 when the input is a stream of unknown length. */
  totalFrames: number;
  /** Fraction rendered after this chunk, 0…1 (NaN when totalFrames is -1). */
  progress: number;
}

/** What renderOfflineStream takes: renderOffline's options, with a streamed input allowed. */
export interface RenderOfflineStreamOptions extends Omit<RenderOfflineOptions, 'input'> {
  /** Planar input, whole (channels × frames, as renderOffline), or as chunks (an iterable or async
   * iterable of planar chunks, each channels × any number of frames; give `numChannels`; the
   * render ends with the input unless `durationSeconds` says otherwise). */
  input?: Float32Array[] | AsyncIterable<Float32Array[]> | Iterable<Float32Array[]>;
  /** Frames per output chunk, 1…2^24 (default STREAM_CHUNK_FRAMES, 16384). With a streamed input, chunks follow the
   * input's chunks instead. */
  chunkFrames?: number;
  /** Bring your own buffers: `channels` arrays of at least chunkFrames samples each, written again
   * for every chunk; a chunk's `channels` are then views of them, valid until the next chunk is
   * asked for (copy what you keep). Nothing is allocated per chunk, so even the garbage stays
   * constant (a one-hour track: about 66 MB resident in Node 20, Node and the core included).
   * Renders in the calling thread. */
  buffers?: Float32Array[];
  /** Stops the render: the iterator throws the signal's reason (an AbortError) within one chunk. */
  signal?: AbortSignal;
  /** Where to render. Default: a Worker on a browser page's main thread (the page stays
   * responsive), the calling thread elsewhere (Node, inside a worker). A streamed input always
   * renders in the calling thread. */
  worker?: boolean;
}

function fail(message: string): never {
  throw new Error(message);
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('the render was cancelled', 'AbortError');
}

function isChunkStream(input: RenderOfflineStreamOptions['input']): input is AsyncIterable<Float32Array[]> | Iterable<Float32Array[]> {
  if (input === undefined || (Array.isArray(input) && input.every((c) => c instanceof Float32Array))) return false;
  return typeof (input as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function' ||
    typeof (input as Iterable<unknown>)[Symbol.iterator] === 'function';
}

function onBrowserPage(): boolean {
  return typeof window !== 'undefined' && typeof Worker !== 'undefined';
}

/** A chunk of `session`'s output, `count` frames from `startFrame`. */
function chunkOf(session: OfflineSession, output: Float32Array[], startFrame: number, count: number, total: number): RenderChunk {
  return {
    channels: output,
    startFrame,
    frames: count,
    totalFrames: total,
    progress: total > 0 ? Math.min(1, (startFrame + count) / total) : total === 0 ? 1 : Number.NaN,
  };
}

/** Renders in this thread, chunk by chunk; yields to the event loop between chunks. */
function checkChunkFrames(chunkFrames: number): void {
  if (!Number.isInteger(chunkFrames) || chunkFrames < 1 || chunkFrames > 1 << 24)
    fail(`chunkFrames ${String(chunkFrames)} is out of range (1…16777216)`);
}

async function* renderHere(options: RenderOfflineStreamOptions): AsyncGenerator<RenderChunk> {
  const { signal } = options;
  const chunkFrames = options.chunkFrames ?? STREAM_CHUNK_FRAMES;
  checkChunkFrames(chunkFrames);
  const streamed = isChunkStream(options.input);
  if (signal?.aborted) throw abortError(signal);
  const session = await openOfflineSession(
    { ...options, input: streamed ? undefined : (options.input as Float32Array[] | undefined) }, streamed);
  try {
    const { channels } = session;
    const { buffers } = options;
    if (buffers !== undefined && (!Array.isArray(buffers) || buffers.length !== channels ||
      !buffers.every((b) => b instanceof Float32Array && b.length >= chunkFrames)))
      fail(`buffers must be ${channels} Float32Array channels of at least chunkFrames (${chunkFrames}) samples each`);
    const outputFor = (count: number): Float32Array[] => buffers !== undefined
      ? buffers.map((b) => b.subarray(0, count))
      : Array.from({ length: channels }, () => new Float32Array(count));
    if (!streamed) {
      const input = (options.input as Float32Array[] | undefined) ?? null;
      for (let start = 0; start < session.frames; start += chunkFrames) {
        if (signal?.aborted) throw abortError(signal);
        const count = Math.min(chunkFrames, session.frames - start);
        const output = outputFor(count);
        session.render(input, start, output, 0, count, start);
        yield chunkOf(session, output, start, count, session.frames);
      }
      return;
    }
    // A streamed input: each input chunk becomes one output chunk (cut at durationSeconds).
    let start = 0;
    for await (const chunk of options.input as AsyncIterable<Float32Array[]>) {
      if (signal?.aborted) throw abortError(signal);
      if (!Array.isArray(chunk) || chunk.length !== channels || !chunk.every((c) => c instanceof Float32Array))
        fail(`input chunk at frame ${start} must be ${channels} Float32Array channels (numChannels)`);
      const length = chunk[0]!.length;
      chunk.forEach((c, i) => {
        if (c.length !== length) fail(`input chunk at frame ${start}: channel ${i} has ${c.length} frames, channel 0 ${length}`);
      });
      const count = session.frames >= 0 ? Math.min(length, session.frames - start) : length;
      if (count <= 0) break;
      const output = outputFor(count);
      session.render(chunk, 0, output, 0, count, start);
      yield chunkOf(session, output, start, count, session.frames);
      start += count;
    }
  } finally {
    session.close();
  }
}

/** Messages between renderOfflineStream and its worker (web/src/render-worker.ts). */
export type RenderWorkerRequest =
  | {
    kind: 'start';
    options: Omit<RenderOfflineStreamOptions, 'signal' | 'worker' | 'core'> & { core?: { wasmUrl: string; glueUrl: string } };
    /** The page's compiled core (the worker does not fetch or compile it again). */
    wasmModule: WebAssembly.Module;
  }
  | { kind: 'next' };
export type RenderWorkerReply =
  | { kind: 'chunk'; chunk: RenderChunk }
  | { kind: 'done' }
  | { kind: 'error'; message: string };

function coreForWorker(core: WasmCoreSource | undefined): { wasmUrl: string; glueUrl: string } | undefined {
  if (core === undefined) return undefined;
  const base = typeof location !== 'undefined' ? location.href : undefined;
  return { wasmUrl: new URL(core.wasmUrl, base).href, glueUrl: new URL(core.glueUrl, base).href };
}

/** Renders in a module Worker (dist/render-worker.js, self-contained: it holds the glue and gets
 * the page's compiled core): one chunk in flight at a time, so memory stays constant; cancelling
 * terminates the worker. */
async function* renderInWorker(options: RenderOfflineStreamOptions): AsyncGenerator<RenderChunk> {
  const { signal, worker: _worker, core, ...rest } = options;
  checkChunkFrames(options.chunkFrames ?? STREAM_CHUNK_FRAMES);
  if (signal?.aborted) throw abortError(signal);
  const wasmModule = await compileCore(core);
  // The worker's URL as a plain asset URL (not `new Worker(new URL(…))`): bundlers copy the file
  // as it is, as they do for the worklet's processor.js.
  const workerUrl = new URL('./render-worker.js', import.meta.url);
  const worker = new Worker(workerUrl, { type: 'module' });
  const replies: RenderWorkerReply[] = [];
  let wake: (() => void) | undefined;
  const push = (reply: RenderWorkerReply): void => {
    replies.push(reply);
    wake?.();
  };
  worker.onmessage = (event: MessageEvent<RenderWorkerReply>) => push(event.data);
  worker.onerror = (event: ErrorEvent) => {
    event.preventDefault();
    push({ kind: 'error', message: `the render worker failed: ${event.message || 'could not load dist/render-worker.js'}` });
  };
  const onAbort = (): void => wake?.();
  signal?.addEventListener('abort', onAbort);
  try {
    // AudioBuffer objects do not cross to a worker: their channels go as Float32Array copies.
    const audioBuffers = rest.audioBuffers === undefined ? undefined : bufferMessage(rest.audioBuffers);
    if (audioBuffers?.error) fail(audioBuffers.error);
    const request: RenderWorkerRequest = {
      kind: 'start', options: { ...rest, core: coreForWorker(core), ...(audioBuffers ? { audioBuffers: audioBuffers.data } : {}) } as never, wasmModule,
    };
    worker.postMessage(request);
    for (;;) {
      while (replies.length === 0 && !signal?.aborted) await new Promise<void>((resolve) => { wake = resolve; });
      if (signal?.aborted) throw abortError(signal);
      const reply = replies.shift()!;
      if (reply.kind === 'error') fail(reply.message);
      if (reply.kind === 'done') return;
      worker.postMessage({ kind: 'next' } satisfies RenderWorkerRequest);  // render the next one meanwhile
      yield reply.chunk;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    worker.terminate();
  }
}

/**
 * Renders like renderOffline, chunk by chunk, as an async iterator of planar chunks:
 *
 * ```ts
 * for await (const { channels, startFrame, progress } of renderOfflineStream({ track, sampleRate: 48000 }))
 *   writer.write(channels), bar.value = progress;
 * ```
 *
 * Memory stays constant whatever the length: only the chunk being rendered and the one handed
 * out exist at a time (plus a whole `input`, when given whole); with `buffers`, no chunk is
 * allocated at all. The samples equal renderOffline's
 * (and the real-time engine's) bit for bit, whatever `chunkFrames` and `blockFrames` are. On a
 * browser page the render runs in a module Worker (dist/render-worker.js, next to dist/index.js),
 * so the page stays responsive; `signal` cancels it within one chunk (the iterator throws the
 * signal's reason). Breaking out of the loop stops it too.
 *
 * Errors: the iterator throws an Error with renderOffline's one-line messages (the JSON path
 * first for graph errors), or the abort reason.
 * [main thread or worker] Allocates one chunk at a time.
 */
export function renderOfflineStream(options: RenderOfflineStreamOptions): AsyncGenerator<RenderChunk> {
  const blockFrames = options.blockFrames ?? RENDER_BLOCK_FRAMES;
  const useWorker = (options.worker ?? onBrowserPage()) && !isChunkStream(options.input) && options.buffers === undefined;
  return useWorker ? renderInWorker({ ...options, blockFrames }) : renderHere({ ...options, blockFrames });
}
