/**
 * Audio buffers for the wasm core: the sample data that graph descriptions name in their
 * `buffers` object and node options name by key (a bufferSource's `buffer`, a convolver's
 * impulse response). Given as a Web Audio AudioBuffer (from decodeAudioData) or as planar
 * Float32Array channels with their sample rate, and copied into the core's memory as binary
 * (one heap copy per channel, never JSON numbers). Runs on the page, in the worklet and in Node.
 *
 * @module
 */

import type { WasmEngine, WavegraphCoreModule } from '../web/src/wavegraph-core.mjs';

/** Planar channels (1…32 Float32Array of equal length ≥ 1) and their sample rate (3000…768000 Hz). */
export interface AudioBufferData {
  /** One Float32Array per channel, all the same length. */
  channels: Float32Array[];
  /** The rate the samples were recorded at, Hz (played at the engine's rate as W3C says). */
  sampleRate: number;
}

/** What a Web Audio AudioBuffer offers (decodeAudioData's result): read, never modified. */
export interface AudioBufferLike {
  /** Channels. */
  readonly numberOfChannels: number;
  /** Frames per channel. */
  readonly length: number;
  /** Hz. */
  readonly sampleRate: number;
  /** The samples of one channel. */
  getChannelData(channel: number): Float32Array;
}

/** A buffer by name: an AudioBuffer or { channels, sampleRate }. */
export type AudioBuffers = Record<string, AudioBufferLike | AudioBufferData>;

/** The channels and rate of one buffer, or a one-line error naming it ("buffers.kick: …"). */
export function bufferData(name: string, value: AudioBufferLike | AudioBufferData): AudioBufferData | string {
  const where = `buffers.${name}`;
  if (value === null || typeof value !== 'object') return `${where}: must be an AudioBuffer or { channels, sampleRate }`;
  if ('getChannelData' in value && typeof value.getChannelData === 'function') {
    const channels: Float32Array[] = [];
    for (let c = 0; c < value.numberOfChannels; ++c) channels.push(value.getChannelData(c));
    return { channels, sampleRate: value.sampleRate };
  }
  const data = value as AudioBufferData;
  if (!Array.isArray(data.channels) || !data.channels.every((ch) => ch instanceof Float32Array))
    return `${where}.channels: must be an array of Float32Array channels`;
  return data;
}

/**
 * Copies `buffers` into `engine` (WasmEngine.setBuffer) for the graphs it loads from now on.
 * Returns "" or the first error, naming the buffer ("buffers.kick: sampleRateHz: 100 is out of
 * range (3000…768000 Hz)"). [control] Allocates in the core (may grow its memory).
 */
export function setEngineBuffers(core: WavegraphCoreModule, engine: WasmEngine, buffers: AudioBuffers): string {
  if (buffers === null || typeof buffers !== 'object') return 'buffers must be an object of named buffers';
  for (const [name, value] of Object.entries(buffers)) {
    const data = bufferData(name, value);
    if (typeof data === 'string') return data;
    const { channels, sampleRate } = data;
    const frames = channels[0]?.length ?? 0;
    const bad = channels.findIndex((ch) => ch.length !== frames);
    if (bad > 0) return `buffers.${name}: channels[${bad}]: ${channels[bad]!.length} frames, not ${frames} as channel 0`;
    if (channels.length < 1 || channels.length > 32 || frames < 1)
      return `buffers.${name}: ${channels.length} channels × ${frames} frames (1…32 channels of ≥ 1 frame)`;
    const at = engine.bufferStagingPtr(channels.length * frames);
    if (at === 0) return `buffers.${name}: ${channels.length * frames} samples is too many (at most ${2 ** 26})`;
    const heap = core.HEAPF32;  // after the staging call: the memory may have grown
    channels.forEach((ch, c) => heap.set(ch, at / 4 + c * frames));
    const error = engine.setBuffer(name, channels.length, frames, sampleRate);
    if (error) return error;
  }
  return '';
}

/**
 * `buffers` as planar copies to post to the worklet (structured clone or transfer): the copies'
 * ArrayBuffers are listed in `transfer`. "" error or the first bad buffer's message. [main thread]
 */
export function bufferMessage(buffers: AudioBuffers): { data: Record<string, AudioBufferData>; transfer: ArrayBuffer[]; error: string } {
  const data: Record<string, AudioBufferData> = {};
  const transfer: ArrayBuffer[] = [];
  for (const [name, value] of Object.entries(buffers)) {
    const one = bufferData(name, value);
    if (typeof one === 'string') return { data: {}, transfer: [], error: one };
    const channels = one.channels.map((ch) => ch.slice());
    for (const ch of channels) transfer.push(ch.buffer as ArrayBuffer);
    data[name] = { channels, sampleRate: one.sampleRate };
  }
  return { data, transfer, error: '' };
}
