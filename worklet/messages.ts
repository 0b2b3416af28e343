/**
 * What the page (web/src/engine.ts) and the worklet (worklet/processor.ts) say to each other.
 * Types only; shared by both sides.
 *
 * @module
 */

import type { EngineStats } from './analyser-buffer.js';
import type { AudioBufferData } from './audio-buffers.js';

/** Registered name of the processor. */
export const PROCESSOR_NAME = 'wavegraph-processor';

/** Numbers per record in a `records` / `events` Float64Array: target, param, value, frameTime, kind, sequence. */
export const RECORD_NUMBERS = 6;

/** `processorOptions` of the AudioWorkletNode. */
export interface WavegraphProcessorOptions {
  /** Output channels, 1…32 (= outputChannelCount[0]). */
  numChannels: number;
  /** Frames per engine block: the render quantum size the page read (128 unless configured). */
  maxBlockFrames: number;
  /** Command ring capacity in records (a power of two, 2…2²⁰). */
  commandRingCapacity: number;
  /** Event ring capacity in records (a power of two, 2…2²⁰). */
  eventRingCapacity: number;
  /** The compiled core (dist/wavegraph-core.wasm, compileCore()): the worklet instantiates it
   * synchronously, so the page downloads and compiles the core once. */
  wasmModule: WebAssembly.Module;
  /** A custom core's name (its coreName()): wasmModule is that core, and its glue, added to the
   * worklet with audioWorklet.addModule, registered its factory as globalThis.wavegraphCores[name].
   * Absent: the default core, whose glue processor.js bundles. */
  coreName?: string;
  /** The graph to start with (JSON text, docs/graph-json.md); default: the reference graph. */
  graph?: string;
  /** Buffers by name for the graphs' buffer options, given before `graph` is loaded. */
  buffers?: Record<string, AudioBufferData>;
  /** SharedArrayBuffer transport: the page's command ring (initialised, same capacity). */
  commandRing?: SharedArrayBuffer;
  /** SharedArrayBuffer transport: the event ring the worklet writes (initialised). */
  eventRing?: SharedArrayBuffer;
  /** SharedArrayBuffer transport: the analyser buffer (initialised; see analyser-buffer.ts). */
  analyser?: SharedArrayBuffer;
}

/** Page → worklet. `records` holds RECORD_NUMBERS numbers per command. */
export type ToProcessorMessage =
  | { type: 'commands'; records: Float64Array }
  /** AudioParam timeline calls (a JSON array) for one parameter; checked on the page first. */
  | { type: 'automate'; target: number; param: number; calls: string }
  | { type: 'loadGraph'; requestId: number; json: string }
  /** Buffers by name for the graphs loaded from now on; checked on the page first. */
  | { type: 'setBuffers'; buffers: Record<string, AudioBufferData> }
  | { type: 'loadTrack'; requestId: number; json: string }
  | { type: 'seekTrack'; seconds: number }
  | { type: 'unloadTrack' }
  /** Answered with 'flushed' once every earlier message has been handled. */
  | { type: 'flush'; requestId: number }
  | { type: 'close' };

/** Worklet → page. */
export type FromProcessorMessage =
  | {
      type: 'ready';
      maxBlockFrames: number;
      numChannels: number;
      transport: 'sharedArrayBuffer' | 'postMessage';
      /** GraphSession::describe() of the running graph. */
      description: string;
    }
  | { type: 'error'; message: string }
  /** Answer to loadGraph: error "" on success (then description is the new graph's). */
  | { type: 'graphLoaded'; requestId: number; error: string; description: string }
  | { type: 'flushed'; requestId: number }
  /** Answer to loadTrack: error "" on success, with the track's duration at the context's rate. */
  | { type: 'trackLoaded'; requestId: number; error: string; durationSeconds: number }
  /** postMessage transport, about every 1024 frames: the newest analyser frames ending at
   * framesWritten, the events since the last message (RECORD_NUMBERS per event), the counters,
   * and how many commands the C++ reader has consumed (its readIndex). */
  | {
      type: 'analyser';
      frames: Float32Array;
      framesWritten: number;
      events: Float64Array;
      stats: EngineStats;
      commandsConsumed: number;
    };
