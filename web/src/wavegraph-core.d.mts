/**
 * Types of dist/wavegraph-core.mjs, the Emscripten (Embind) build of the C++ core
 * (web/bindings/wasm_engine.h). Synchronous: after `createWavegraphCore(module)` returns, `module`
 * holds WasmEngine and the heap views (built with WASM_ASYNC_COMPILATION=0).
 */

/** A GraphSession (JSON graph in a GraphEngine) plus I/O buffers. Addresses are byte offsets
 * into HEAPU8. Nothing throws: control calls return "" or a one-line error. Call delete() when done. */
export interface WasmEngine {
  /** [control] Allocates, loads the reference graph; "" or the core's own error (coreError()) or e.g.
   * "numChannels 40 is out of range (1…32)". */
  prepare(sampleRateHz: number, maxBlockFrames: number, numChannels: number, commandRingCapacity: number,
          eventRingCapacity: number, crossfadeMs: number): string;
  /** Whether prepare succeeded. */
  prepared(): boolean;
  /** The sample rate prepare was given, Hz. */
  sampleRateHz(): number;
  /** The most frames one processBlock renders. */
  maxBlockFrames(): number;
  /** Channels of every input and output. */
  numChannels(): number;
  /** [control] Builds and publishes a graph; "" or the error, JSON path first. */
  loadGraph(json: string): string;
  /** [control] The same checks as loadGraph; nothing changes. */
  checkGraph(json: string): string;
  /** [control] Byte address of a staging area of `numFloats` float32 (1…2²⁶) for setBuffer, 0
   * when out of range; may grow the memory (take HEAPF32 again after it). */
  bufferStagingPtr(numFloats: number): number;
  /** [control] Makes a buffer from the staged planar samples (numChannels × frames) and gives it
   * to the graphs loaded from now on under `name`; "" or the error ("buffers.kick: …"). */
  setBuffer(name: string, numChannels: number, frames: number, sampleRateHz: number): string;
  /** [control] Forgets every buffer setBuffer gave (the running graph keeps its own). */
  clearBuffers(): void;
  /** [control] The newest graph as JSON (nodes, ids, parameters). */
  describe(): string;
  /** [control] NodeId of a JSON id, or -1. */
  nodeId(jsonId: string): number;
  /** [control] false: the meters and analysers (ObserverFeed nodes) of the running graph and of
   * every graph loaded later only pass their input through (no readings, no analyser tap); the
   * output samples are the same. From the next block on; cannot fail. true after construction. */
  setObserved(observed: boolean): void;
  /** [control] The value of the last setObserved (true before). */
  observed(): boolean;
  /** [control] Frees retired graphs; returns how many. */
  collectRetired(): number;
  /** Byte address of input channel `channel` (maxBlockFrames float32), 0 if out of range. */
  inputPtr(channel: number): number;
  /** Byte address of output channel `channel` (maxBlockFrames float32), 0 if out of range. */
  outputPtr(channel: number): number;
  /** Byte address of the command ring (docs/ring-layout.md). */
  commandRingPtr(): number;
  /** Size of the command ring in bytes. */
  commandRingBytes(): number;
  /** Records the command ring holds. */
  commandRingCapacity(): number;
  /** Byte address of the event ring (docs/ring-layout.md). */
  eventRingPtr(): number;
  /** Size of the event ring in bytes. */
  eventRingBytes(): number;
  /** Records the event ring holds. */
  eventRingCapacity(): number;
  /** Byte address of analyser node `nodeId`'s float32 circular tap (0 if not an analyser). */
  analyserPtr(nodeId: number): number;
  /** Frames the tap of analyser node `nodeId` holds (0 if not an analyser). */
  analyserCapacityFrames(nodeId: number): number;
  /** Frames the tap has written (u32, wraps). */
  analyserFramesWritten(nodeId: number): number;
  /** [audio] Renders numFrames (≤ maxBlockFrames) frames from the first numInputChannels inputs;
   * blockStartFrame: the host's clock (negative: the engine's own). */
  processBlock(numFrames: number, numInputChannels: number, blockStartFrame: number): void;
  /** [control] Loads a track (docs/tracks.md) that then feeds the graph's input; "" or the error (JSON path first). */
  loadTrack(json: string): string;
  /** [control] The same checks as loadTrack. */
  checkTrack(json: string): string;
  /** [control] Unloads the track; the graph's input is heard again. */
  unloadTrack(): void;
  /** [control] Queues a seek (s) for the next block; false without a track. */
  seekTrack(seconds: number): boolean;
  /** The loaded track's length in seconds (0 without a track). */
  trackDurationSeconds(): number;
  /** Seconds from the loaded track's start (0 without a track). */
  trackPositionSeconds(): number;
  /** [control] Magnitude response in dB at frequencyHz of a parametricEq or biquad node (NaN otherwise). */
  magnitudeDbAt(nodeId: number, frequencyHz: number): number;
  /** [control] The value of a node's parameter (NaN when the node or parameter does not exist). */
  parameterValue(nodeId: number, param: number): number;
  /** [control] Phase response in radians, in (−π, π], at frequencyHz of the same nodes (NaN otherwise). */
  phaseRadiansAt(nodeId: number, frequencyHz: number): number;
  /** [control] Validate, then set at once with no ramp (only on an engine that never renders). */
  applyNow(target: number, param: number, value: number): string;
  /** [control] "" or the C++ validation message. */
  validate(target: number, param: number, value: number): string;
  /** [control] Applies AudioParam timeline calls (a JSON array, as a node's "automation" list)
   * to a parameter: "" or the first error, naming the parameter and the rule. */
  automate(target: number, param: number, callsJson: string): string;
  /** Address of this engine, for the raw export _wavegraph_process_block. */
  selfPtr(): number;
  /** Address of 8 f64 counters rewritten after every block: framesRendered, commandsApplied,
   * commandsRejected, commandsLate, badBlocks, eventsDropped, plansSwapped, tracked analyser frames,
   * track position (frames), track end count. */
  statsPtr(): number;
  /** Number of f64 fields at statsPtr (core/session/engine_stats.h). */
  statsCount(): number;
  /** [control] The analyser whose framesWritten goes into the stats (-1: none). */
  trackAnalyser(nodeId: number): void;
  /** Frames rendered since prepare. */
  framesRendered(): number;
  /** Commands applied. */
  commandsApplied(): number;
  /** Commands refused by validation. */
  commandsRejected(): number;
  /** Commands whose frame had passed (applied at once). */
  commandsLate(): number;
  /** Blocks refused (bad frame or channel counts); they output silence. */
  badBlocks(): number;
  /** Events lost to a full event ring. */
  eventsDropped(): number;
  /** Graph plans swapped in. */
  plansSwapped(): number;
  /** Test only: pops up to maxRecords command records with the C++ reader; 6 numbers per record. */
  drainCommandsForTest(maxRecords: number): Float64Array;
  /** Frees the C++ object. */
  delete(): void;
}

/** The instantiated module (the object passed to createWavegraphCore). */
export interface WavegraphCoreModule {
  /** The engine class (Embind): `new module.WasmEngine()`, then prepare. */
  WasmEngine: {
    /** An unprepared engine; free it with delete(). */
    new (): WasmEngine;
  };
  /** [control] The reference graph (core/session/reference_graph.h) for ReferenceGraphOptions as JSON:
   * `json` the graph description, or `error` one line naming the bad option. */
  referenceGraph(optionsJson: string): {
    /** The graph description as JSON ('' on error). */
    json: string;
    /** '' or the one-line error. */
    error: string;
  };
  /** [control] The schema (core/session/schema.h) as JSON: this core's node types (the built-in ones
   * plus its processors, which also have "description" and "origin"), event kinds, stats, reference graph. */
  schema(): string;
  /** The core's name (wavegraph_add_wasm_core's NAME; "wavegraph-core" for the default core). */
  coreName(): string;
  /** [control] "" or why the processors linked into the core were refused (WasmEngine.prepare returns it too). */
  coreError(): string;
  /** [audio] processBlock without Embind: (engine.selfPtr(), numFrames, numInputChannels, blockStartFrame). */
  _wavegraph_process_block(engine: number, numFrames: number, numInputChannels: number, blockStartFrame: number): void;
  /** The core's memory as bytes. */
  HEAPU8: Uint8Array;
  /** The core's memory as u32. */
  HEAPU32: Uint32Array;
  /** The core's memory as f32. */
  HEAPF32: Float32Array;
}

/** Instantiates the module synchronously into `module` (which then is a WavegraphCoreModule). */
export default function createWavegraphCore(module: object): unknown;
