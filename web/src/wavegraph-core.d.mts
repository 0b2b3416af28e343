/**
 * Types of dist/wavegraph-core.mjs, the Emscripten (Embind) build of the C++ core
 * (web/bindings/wasm_engine.h). Synchronous: after `createWavegraphCore(module)` returns, `module`
 * holds WasmEngine and the heap views (built with WASM_ASYNC_COMPILATION=0).
 */

/** The ReferenceChain wrapper. Addresses are byte offsets into HEAPU8. Nothing throws: control
 * calls return "" or a one-line error. Call delete() when done. */
export interface WasmEngine {
  /** [control] Allocates the chain and the I/O buffers; "" or e.g. "numChannels 40 is out of range (1…32)". */
  prepare(sampleRateHz: number, maxBlockFrames: number, numChannels: number, commandRingCapacity: number): string;
  prepared(): boolean;
  sampleRateHz(): number;
  maxBlockFrames(): number;
  numChannels(): number;
  /** Byte address of input channel `channel` (maxBlockFrames float32), 0 if out of range. */
  inputPtr(channel: number): number;
  /** Byte address of output channel `channel` (maxBlockFrames float32), 0 if out of range. */
  outputPtr(channel: number): number;
  commandRingPtr(): number;
  commandRingBytes(): number;
  commandRingCapacity(): number;
  /** Byte address of the analyser tap's float32 circular buffer. */
  analyserPtr(): number;
  analyserCapacityFrames(): number;
  /** Frames the tap has written (u32, wraps). */
  analyserFramesWritten(): number;
  /** [audio] Renders numFrames (≤ maxBlockFrames) frames from the first numInputChannels inputs. */
  processBlock(numFrames: number, numInputChannels: number): void;
  /** [control] "" or the C++ validation message. */
  validate(target: number, param: number, value: number): string;
  /** [control] Validate, then apply at once with no ramp; "" or the message. */
  applyNow(target: number, param: number, value: number): string;
  commandsApplied(): number;
  commandsRejected(): number;
  badBlocks(): number;
  /** Test only: pops up to maxRecords records with the C++ reader; 5 numbers per record. */
  drainCommandsForTest(maxRecords: number): Float64Array;
  /** Frees the C++ object. */
  delete(): void;
}

/** The instantiated module (the object passed to createWavegraphCore). */
export interface WavegraphCoreModule {
  WasmEngine: { new (): WasmEngine; parameterName(target: number, param: number): string };
  HEAPU8: Uint8Array;
  HEAPU32: Uint32Array;
  HEAPF32: Float32Array;
}

/** Instantiates the module synchronously into `module` (which then is a WavegraphCoreModule). */
export default function createWavegraphCore(module: object): unknown;
