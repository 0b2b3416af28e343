/**
 * wavegraph: a real-time audio engine (one C++ core) in a browser AudioWorklet, plus offline
 * rendering in Node or the browser with the same WebAssembly.
 *
 * - createEngine(context, { graph }) → Engine: a graph (the reference graph by default) in an
 *   AudioWorkletNode; setParam / setBandGain / setGain (sample-accurate with atTime), loadGraph,
 *   param(node, param).linearRampToValueAtTime(…) (W3C AudioParam timelines),
 *   parameters(), analyser data, meters(), on('event'), stats(), close().
 * - connectEngine(url, { token, WebSocket }) → RemoteEngine: the same methods (EngineApi) against
 *   a native `wavegraph serve` over its WebSocket (docs/server.md).
 * - renderOffline({ input, sampleRate, graph, bandGainsDb, gainDb, automation, timelines }) → planar output.
 * - renderOfflineStream({ graph | track, input?, sampleRate }) → an async iterator of planar chunks,
 *   constant memory, in a Worker on a page (progress, AbortSignal).
 * - referenceGraph({ source }) builds the default graph's description (with another source).
 * - validateGraph(graph, { core, sampleRate }) checks a graph description without rendering.
 * - Custom cores (wavegraph_add_wasm_core: processors linked into the wasm): `{ core }` in
 *   createEngine, renderOffline and validateGraph; coreNodeTypes(core) lists a core's node types.
 * - Lower level: the compiled core (compileCore: dist/wavegraph-core.wasm or a custom core,
 *   fetched and compiled once; loadCore: this thread's instance of it), the record rings (byte-compatible with
 *   core/rt/command_ring.h), the analyser buffer and the AnalyserNode-style spectrum.
 *
 * @packageDocumentation
 */

export { createEngine, Engine } from './engine.js';
export type { CreateEngineOptions, MeterReading, Transport } from './engine.js';
export type {
  EngineApi, EngineEventListener, NodeDescription, ParameterDescription, ParamOptions, TrackPosition,
} from './engine-api.js';
export { connectEngine, RemoteEngine } from './remote-engine.js';
export type { ConnectEngineOptions, WebSocketClass } from './remote-engine.js';
export { DEFAULT_ANALYSER_SETTINGS } from './analysis.js';
export type { AnalyserSettings } from './analysis.js';
export { ENGINE_EVENT_DESCRIPTIONS, EngineEventKind, eventName } from './events.js';
export type { EngineEvent, EngineEventName } from './events.js';
export { renderOffline, RENDER_BLOCK_FRAMES } from './render-offline.js';
export type { AudioBufferData, AudioBufferLike, AudioBuffers } from '../../worklet/audio-buffers.js';
export type { AutomationPoint, ParamTimelineCalls, RenderOfflineOptions } from './render-offline.js';
export type { ParamTimeline, TimelineCall, TimelineMethodName } from './param-timeline.js';
export { renderOfflineStream, STREAM_CHUNK_FRAMES } from './render-offline-stream.js';
export type { RenderChunk, RenderOfflineStreamOptions } from './render-offline-stream.js';
export { graphJson, referenceGraph } from './reference-graph.js';
export { validateGraph } from './validate-graph.js';
export type { ValidateGraphOptions } from './validate-graph.js';
export type {
  GraphBufferDescription, GraphConnectionDescription, GraphDescription, GraphNodeDescription, ReferenceGraphOptions, ReferenceSource,
} from './reference-graph.js';
export type { Status, StatusError, StatusOk } from './status.js';
export { NodeId, ParamId, EqBandField, NUM_EQ_BANDS, EQ_BAND_FREQUENCIES_HZ, NODE_TYPES, SCHEMA_SAMPLE_RATE_HZ } from './ids.js';
export type { NodeTypeName, NodeTypeSchema, NodeTypeSchemaOf, NodeTypes, ParameterSchema } from './ids.js';
export { REFERENCE_GRAPH_OPTIONS, REFERENCE_SOURCES } from './generated/reference-graph.js';
export type { ReferenceGraphOptionSchema, ReferenceSourceSchema } from './generated/reference-graph.js';
export { STATS_COUNT, StatIndex } from './generated/stats.js';
export { formatNumber } from './format-number.js';
export {
  SpectrumAnalyser, blackmanWindow, fftSizeForBins, MIN_FFT_SIZE, MAX_FFT_SIZE, DEFAULT_SMOOTHING_TIME_CONSTANT,
} from './spectrum.js';
export { compileCore, coreNodeTypes, loadCore } from './wasm-core.js';
export type { CoreNodeTypeSchema, WasmCoreSource } from './wasm-core.js';
export type { WasmEngine, WavegraphCoreModule } from './wavegraph-core.mjs';
export {
  AT_NEXT_BLOCK, CommandRingReader, CommandRingWriter, initializeRing, ringBytesFor, ringCapacityError,
  RING_CAPACITY_OFFSET, RING_HEADER_BYTES, RING_MAGIC, RING_MAGIC_OFFSET, RING_MAX_CAPACITY, RING_READ_INDEX_OFFSET,
  RING_RECORD_BYTES, RING_RECORD_BYTES_OFFSET, RING_WRITE_INDEX_OFFSET,
} from '../../worklet/command-ring.js';
export type { CommandRecord, RingRecord } from '../../worklet/command-ring.js';
export { EventMirror, RingMirror } from '../../worklet/ring-mirror.js';
export { AnalyserBuffer, analyserBytesFor, ANALYSER_CAPACITY_FRAMES, ANALYSER_HEADER_BYTES } from '../../worklet/analyser-buffer.js';
export type { EngineStats } from '../../worklet/analyser-buffer.js';
export { PROCESSOR_NAME, RECORD_NUMBERS } from '../../worklet/messages.js';
export type { WavegraphProcessorOptions } from '../../worklet/messages.js';
