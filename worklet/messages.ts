/**
 * What the page (web/src/engine.ts) and the worklet (worklet/processor.ts) say to each other.
 * Types only; shared by both sides.
 *
 * @module
 */

import type { EngineStats } from './analyser-buffer.js';

/** Registered name of the processor. */
export const PROCESSOR_NAME = 'wavegraph-processor';

/** `processorOptions` of the AudioWorkletNode. */
export interface WavegraphProcessorOptions {
  /** Output channels, 1…32 (= outputChannelCount[0]). */
  numChannels: number;
  /** Frames per engine block: the render quantum size the page read (128 unless configured). */
  maxBlockFrames: number;
  /** Command ring capacity in records (a power of two, 2…2²⁰). */
  commandRingCapacity: number;
  /** SharedArrayBuffer transport: the page's command ring (initialised, same capacity). */
  commandRing?: SharedArrayBuffer;
  /** SharedArrayBuffer transport: the analyser buffer (initialised; see analyser-buffer.ts). */
  analyser?: SharedArrayBuffer;
}

/** Page → worklet. `records` holds 5 numbers per command: target, param, value, frameOffset, sequence. */
export type ToProcessorMessage = { type: 'commands'; records: Float64Array } | { type: 'close' };

/** Worklet → page. */
export type FromProcessorMessage =
  | { type: 'ready'; maxBlockFrames: number; numChannels: number; transport: 'sharedArrayBuffer' | 'postMessage' }
  | { type: 'error'; message: string }
  /** postMessage transport, about every 1024 frames: the newest frames ending at framesWritten,
   * the counters, and how many commands the C++ reader has consumed (its readIndex). */
  | { type: 'analyser'; frames: Float32Array; framesWritten: number; stats: EngineStats; commandsConsumed: number };
