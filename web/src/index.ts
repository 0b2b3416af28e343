/**
 * wavegraph: a real-time audio engine (one C++ core) in a browser AudioWorklet, plus offline
 * rendering in Node or the browser with the same WebAssembly.
 *
 * - createEngine(context, options) → Engine: the reference chain in an AudioWorkletNode.
 * - renderOffline({ input, sampleRate, bandGainsDb, gainDb }) → planar output.
 * - Lower level: the command ring (byte-compatible with core/command_ring.h), the analyser
 *   buffer, validation with the core's messages, and the AnalyserNode-style spectrum.
 *
 * @packageDocumentation
 */

export { createEngine, Engine } from './engine.js';
export type { CommandOptions, CreateEngineOptions, SourceOptions, Transport } from './engine.js';
export { renderOffline, RENDER_BLOCK_FRAMES } from './render-offline.js';
export type { RenderOfflineOptions } from './render-offline.js';
export type { Status } from './status.js';
export { NodeId, ParamId, SourceKindId, NUM_EQ_BANDS } from './ids.js';
export type { SourceKind } from './ids.js';
export { validateCommand, validateBand, parameterName, Ranges } from './validation.js';
export { formatNumber } from './format-number.js';
export {
  SpectrumAnalyser, blackmanWindow, fftSizeForBins, MIN_FFT_SIZE, MAX_FFT_SIZE, DEFAULT_SMOOTHING_TIME_CONSTANT,
} from './spectrum.js';
export { loadCore } from './wasm-core.js';
export type { WasmEngine, WavegraphCoreModule } from './wavegraph-core.mjs';
export {
  CommandRingReader, CommandRingWriter, initializeRing, ringBytesFor, ringCapacityError,
  RING_CAPACITY_OFFSET, RING_HEADER_BYTES, RING_MAGIC, RING_MAGIC_OFFSET, RING_MAX_CAPACITY, RING_READ_INDEX_OFFSET,
  RING_RECORD_BYTES, RING_RECORD_BYTES_OFFSET, RING_WRITE_INDEX_OFFSET,
} from '../../worklet/command-ring.js';
export type { CommandRecord } from '../../worklet/command-ring.js';
export { RingMirror } from '../../worklet/ring-mirror.js';
export { AnalyserBuffer, analyserBytesFor, ANALYSER_CAPACITY_FRAMES, ANALYSER_HEADER_BYTES } from '../../worklet/analyser-buffer.js';
export type { EngineStats } from '../../worklet/analyser-buffer.js';
export { PROCESSOR_NAME } from '../../worklet/messages.js';
export type { WavegraphProcessorOptions } from '../../worklet/messages.js';
