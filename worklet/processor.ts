/**
 * The AudioWorkletProcessor 'wavegraph-processor': runs the C++ GraphEngine (wasm; a JSON graph,
 * the reference graph by default) once per render quantum. Bundled by scripts/build-ts.mjs into
 * one dist/processor.js with the wasm glue; the core itself arrives compiled, as the
 * WebAssembly.Module the page fetched (processorOptions.wasmModule), and is instantiated
 * synchronously in the constructor. Nothing here uses URL, fetch, TextDecoder, atob, setTimeout
 * or performance, which the AudioWorkletGlobalScope lacks.
 *
 * Wasm memory grows only while a graph or track is built (the constructor and the message
 * handler, between quanta); the views over it (I/O buffers, rings, analyser tap, counters) are
 * made again right there. process() never allocates, so memory never grows while it runs.
 *
 * Commands arrive either through a SharedArrayBuffer ring mirrored into the wasm ring each
 * quantum (processorOptions.commandRing), or by port messages written into the wasm ring by the
 * message handler. Events (meters, clamps, swaps, …) and analyser frames leave either through
 * SharedArrayBuffers (events every quantum, analyser frames every 4) or by port.postMessage (about every 1024 frames). New graphs
 * arrive by message (loadGraph) and are built and published in the message handler, between
 * quanta; retired graphs are freed there too.
 *
 * @module
 */

import createWavegraphCore from '../web/src/wavegraph-core.mjs';
import type { WasmEngine, WavegraphCoreModule } from '../web/src/wavegraph-core.mjs';
import { AnalyserBuffer } from './analyser-buffer.js';
import { setEngineBuffers } from './audio-buffers.js';
import type { EngineStats } from './analyser-buffer.js';
import { CommandRingReader, CommandRingWriter, RING_READ_INDEX_OFFSET, RING_WRITE_INDEX_OFFSET } from './command-ring.js';
import type { RingRecord } from './command-ring.js';
import type { FromProcessorMessage, ToProcessorMessage, WavegraphProcessorOptions } from './messages.js';
import { PROCESSOR_NAME, RECORD_NUMBERS } from './messages.js';
import { EventMirror, RingMirror } from './ring-mirror.js';
import { STATS_COUNT, StatIndex } from '../web/src/generated/stats.js';
import { instantiateCore } from './wasm-instance.js';
import type { CoreFactory } from './wasm-instance.js';

/** postMessage transport: post analyser frames and events after at least this many frames… */
const POST_INTERVAL_FRAMES = 1024;
/** …and post this many of the newest frames each time (overlapping, so nothing is missed). */
const POSTED_FRAMES = 2048;
/** Crossfade between graphs (loadGraph), ms. */
const GRAPH_CROSSFADE_MS = 5;
/** Audio load is averaged over about this many milliseconds of audio… */
const LOAD_WINDOW_MS = 1000;
/** …from the busy time of one quantum in every LOAD_SAMPLE_QUANTA (a power of two): two clock
 * reads per 8 quanta instead of per quantum, an unbiased estimate of a steady load. */
const LOAD_SAMPLE_QUANTA = 8;
/** SharedArrayBuffer transport: analyser frames are handed to the page once every this many
 * quanta (a power of two; 512 frames, 10.7 ms at 48 kHz: within one display frame). */
const ANALYSER_PUBLISH_QUANTA = 4;

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The glue factory of core `coreName` (a custom core's glue registers itself when the page adds
 * it with audioWorklet.addModule), or the bundled default glue. Throws when it is not there. */
function coreFactory(coreName: string | undefined): CoreFactory {
  if (coreName === undefined) return createWavegraphCore;
  const registered = (globalThis as { wavegraphCores?: Record<string, CoreFactory> }).wavegraphCores;
  const factory = registered?.[coreName];
  if (typeof factory !== 'function')
    throw new Error(`the wasm core "${coreName}" is not loaded in the worklet (add its .mjs with audioWorklet.addModule first; loaded: ${Object.keys(registered ?? {}).join(', ') || 'none'})`);
  return factory;
}

/** Node id of the first analyser node in a GraphSession description, or -1. */
function firstAnalyser(description: string): number {
  const graph = JSON.parse(description) as { nodes: { nodeId: number; type: string }[] };
  const node = graph.nodes.find((n) => n.type === 'analyser');
  return node ? node.nodeId : -1;
}

class WavegraphProcessor extends AudioWorkletProcessor {
  private core: WavegraphCoreModule | undefined;
  private engine: WasmEngine | undefined;
  private maxBlockFrames = 128;
  private readonly sampleRateHz: number = sampleRate;  // the scope's sampleRate, read once
  private numChannels = 0;
  // Views over wasm memory, made once (and again after a control call grew the memory, or the graph changed).
  private heapF32: Float32Array | undefined;
  private inputViews: Float32Array[] = [];
  private outputViews: Float32Array[] = [];
  private analyserNodeId = -1;
  private tapStart = 0;
  private tapMask = 0;
  private commandReadWord = 0;
  private enginePtr = 0;
  private statsView: Float64Array<ArrayBufferLike> = new Float64Array(0);  // WasmEngine stats block (StatIndex), rewritten after every block
  // Transports.
  private sharedCommands: SharedArrayBuffer | undefined;  // the page's command ring
  private sharedEvents: SharedArrayBuffer | undefined;    // the page's event ring
  private mirror: RingMirror | undefined;              // SharedArrayBuffer command ring
  private eventMirror: EventMirror | undefined;        // SharedArrayBuffer event ring
  private wasmWriter: CommandRingWriter | undefined;   // postMessage commands
  private wasmEvents: CommandRingReader | undefined;   // postMessage events
  private readonly event: RingRecord = { target: 0, param: 0, value: 0, frameTime: 0, kind: 0, sequence: 0 };
  private eventBatch = new Float64Array(0);
  private eventsBatched = 0;
  private sharedAnalyser: AnalyserBuffer | undefined;  // SharedArrayBuffer analyser frames
  private framesPublished = 0;
  private framesSincePost = 0;
  // Counters.
  private quanta = 0;
  private commandsDropped = 0;
  private eventsDroppedHere = 0;
  private busyMs = 0;      // busy time of the sampled quanta in the current window
  private sampledMs = 0;   // audio duration of the sampled quanta in the current window
  private windowMs = 0;    // audio duration of every quantum in the current window
  private audioLoadPercent = 0;
  private readonly stats: EngineStats = {
    commandsApplied: 0, commandsRejected: 0, commandsLate: 0, badBlocks: 0, quanta: 0, commandsDropped: 0,
    eventsDropped: 0, plansSwapped: 0, audioLoadPercent: 0, commandRingFill: 0, trackPositionFrames: 0, trackEnds: 0, trackFinished: 0,
    processorFailures: 0,
  };
  private closed = false;
  /** Times process() found memory grown and remade the views (0 unless a control call missed it). */
  private viewsRemadeInProcess = 0;

  constructor(options?: { processorOptions?: WavegraphProcessorOptions }) {
    super();
    try {
      this.setUp(options?.processorOptions);
      this.port.onmessage = (event: MessageEvent<ToProcessorMessage>) => this.onMessage(event.data);
      const description = this.engine!.describe();
      this.afterAllocation();
      this.post({
        type: 'ready',
        maxBlockFrames: this.maxBlockFrames,
        numChannels: this.numChannels,
        transport: this.mirror ? 'sharedArrayBuffer' : 'postMessage',
        description,
      });
    } catch (error) {
      this.engine?.delete();
      this.engine = undefined;
      this.post({ type: 'error', message: errorMessage(error) });
    }
  }

  /** [control] Instantiates the wasm module synchronously, prepares the engine, loads the graph. Throws on failure. */
  private setUp(options: WavegraphProcessorOptions | undefined): void {
    if (!options) throw new Error('processorOptions are missing');
    if (options.wasmModule === undefined)
      throw new Error('processorOptions.wasmModule is missing (the compiled core: compileCore())');
    const module = instantiateCore(coreFactory(options.coreName), options.wasmModule);
    this.core = module;
    const engine = new module.WasmEngine();
    this.engine = engine;
    const error = engine.prepare(sampleRate, options.maxBlockFrames ?? 128, options.numChannels,
      options.commandRingCapacity, options.eventRingCapacity, GRAPH_CROSSFADE_MS);
    if (error) throw new Error(error);
    if (options.buffers !== undefined) {
      const bufferError = setEngineBuffers(module, engine, options.buffers);
      if (bufferError) throw new Error(bufferError);
    }
    if (options.graph !== undefined) {
      const graphError = engine.loadGraph(options.graph);
      if (graphError) throw new Error(graphError);
    }
    this.maxBlockFrames = engine.maxBlockFrames();
    this.numChannels = engine.numChannels();
    this.analyserNodeId = firstAnalyser(engine.describe());
    this.eventBatch = new Float64Array(engine.eventRingCapacity() * RECORD_NUMBERS);
    this.sharedCommands = options.commandRing;
    this.sharedEvents = options.eventRing;
    this.refreshViews();
    if (options.analyser) this.sharedAnalyser = new AnalyserBuffer(options.analyser, 0);
  }

  /** [control] After a call that may allocate in wasm (graph, track, strings): memory may have
   * grown, which detaches every view over the old buffer; makes them again then. */
  private afterAllocation(): void {
    if (this.core && this.engine && this.core.HEAPF32 !== this.heapF32) this.refreshViews();
  }

  /** [control] (Re)makes the views over wasm memory; allocates, only after memory grew. */
  private refreshViews(): void {
    const core = this.core!;
    const engine = this.engine!;
    const heap = core.HEAPF32;
    this.heapF32 = heap;
    this.inputViews = [];
    this.outputViews = [];
    for (let ch = 0; ch < this.numChannels; ++ch) {
      this.inputViews.push(new Float32Array(heap.buffer, engine.inputPtr(ch), this.maxBlockFrames));
      this.outputViews.push(new Float32Array(heap.buffer, engine.outputPtr(ch), this.maxBlockFrames));
    }
    this.refreshTap();
    this.enginePtr = engine.selfPtr();
    this.statsView = new Float64Array(heap.buffer, engine.statsPtr(), STATS_COUNT);
    this.commandReadWord = (engine.commandRingPtr() + RING_READ_INDEX_OFFSET) / 4;
    if (this.sharedCommands) this.mirror = new RingMirror(this.sharedCommands, 0, heap.buffer, engine.commandRingPtr());
    else this.wasmWriter = new CommandRingWriter(heap.buffer, engine.commandRingPtr());
    if (this.sharedEvents) {
      const dropped = this.eventMirror?.dropped ?? 0;
      this.eventMirror = new EventMirror(heap.buffer, engine.eventRingPtr(), this.sharedEvents, 0);
      this.eventMirror.dropped = dropped;
    } else {
      this.wasmEvents = new CommandRingReader(heap.buffer, engine.eventRingPtr());
    }
  }

  /** [control] The analyser tap of the newest graph (its instance changes with each graph). */
  private refreshTap(): void {
    const engine = this.engine!;
    const id = this.analyserNodeId;
    const capacity = id >= 0 ? engine.analyserCapacityFrames(id) : 0;
    this.tapStart = capacity > 0 ? engine.analyserPtr(id) / 4 : 0;
    this.tapMask = capacity > 0 ? capacity - 1 : 0;
    engine.trackAnalyser(capacity > 0 ? id : -1);
  }

  /** [audio thread, between quanta] Commands, graphs, close. Frees retired graphs. */
  private onMessage(message: ToProcessorMessage): void {
    this.handleMessage(message);
    this.afterAllocation();
  }

  private handleMessage(message: ToProcessorMessage): void {
    if (message.type === 'close') {
      this.closed = true;
      this.engine?.delete();
      this.engine = undefined;
      this.port.close();
      return;
    }
    const engine = this.engine;
    if (!engine) return;
    engine.collectRetired();
    if (message.type === 'loadGraph') {
      const error = engine.loadGraph(message.json);
      const description = error ? '' : engine.describe();
      this.afterAllocation();
      if (!error) {
        this.analyserNodeId = firstAnalyser(description);
        this.refreshTap();
      }
      this.post({ type: 'graphLoaded', requestId: message.requestId, error, description });
      return;
    }
    if (message.type === 'setBuffers') {
      const error = setEngineBuffers(this.core!, engine, message.buffers);  // the page checked the same buffers
      if (error) this.post({ type: 'error', message: error });
      return;
    }
    if (message.type === 'loadTrack') {
      const error = engine.loadTrack(message.json);
      this.afterAllocation();
      if (!error) {
        // The page reads the position from the published counters: show the new track's start
        // now rather than the previous track's position until the next publication.
        this.statsView[StatIndex.trackPositionFrames] = 0;
        this.statsView[StatIndex.trackFinished] = 0;
        this.sharedAnalyser?.storeStats(this.updateStats());
      }
      this.post({ type: 'trackLoaded', requestId: message.requestId, error, durationSeconds: error ? 0 : engine.trackDurationSeconds() });
      return;
    }
    if (message.type === 'seekTrack') {
      engine.seekTrack(message.seconds);
      return;
    }
    if (message.type === 'unloadTrack') {
      engine.unloadTrack();
      return;
    }
    if (message.type === 'automate') {
      engine.automate(message.target, message.param, message.calls);  // checked on the page's copy
      // A block of 0 frames takes the lane now (this thread is the engine's audio thread), so a
      // burst of calls between two quanta never fills the engine's queue of waiting lanes.
      engine.processBlock(0, 0, -1);
      engine.collectRetired();
      this.afterAllocation();
      return;
    }
    if (message.type === 'flush') {
      this.post({ type: 'flushed', requestId: message.requestId });
      return;
    }
    if (message.type !== 'commands') return;
    const r = message.records;
    for (let i = 0; i + RECORD_NUMBERS - 1 < r.length; i += RECORD_NUMBERS) {
      if (!this.wasmWriter?.tryPush(r[i]!, r[i + 1]!, r[i + 2]!, r[i + 3]!, r[i + 4]!, r[i + 5]!)) ++this.commandsDropped;
    }
  }

  private post(message: FromProcessorMessage, transfer: Transferable[] = []): void {
    this.port.postMessage(message, transfer);
  }

  /** [audio] One render quantum. Never allocates on the SharedArrayBuffer path. */
  process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const output = outputs[0];
    const engine = this.engine;
    if (!output || output.length === 0) return !this.closed;
    if (!engine) {
      for (const channel of output) channel.fill(0);
      return !this.closed;
    }
    // The load is sampled: the busy time of one quantum in every LOAD_SAMPLE_QUANTA.
    const timed = (this.quanta & (LOAD_SAMPLE_QUANTA - 1)) === 0;
    const startedMs = timed ? Date.now() : 0;
    const core = this.core!;
    // A guard: memory grows only in control calls, which refresh the views themselves.
    if (core.HEAPF32 !== this.heapF32) {
      ++this.viewsRemadeInProcess;
      this.refreshViews();
    }
    const frames = output[0]!.length;
    const input = inputs[0];
    const numInputChannels = input ? Math.min(input.length, this.numChannels) : 0;
    const numOutputChannels = Math.min(output.length, this.numChannels);

    this.mirror?.pull();
    if (frames === this.maxBlockFrames) {
      // One render quantum, one block: one set() per channel each way, one call into wasm.
      for (let ch = 0; ch < numInputChannels; ++ch) this.inputViews[ch]!.set(input![ch]!);
      core._wavegraph_process_block(this.enginePtr, frames, numInputChannels, currentFrame);
      for (let ch = 0; ch < numOutputChannels; ++ch) output[ch]!.set(this.outputViews[ch]!);
    } else {
      for (let start = 0; start < frames; start += this.maxBlockFrames) {
        const count = Math.min(this.maxBlockFrames, frames - start);
        for (let ch = 0; ch < numInputChannels; ++ch) this.copyIn(input![ch]!, start, count, this.inputViews[ch]!);
        // The raw wasm export: an Embind call here costs about as much as the DSP of a quantum.
        core._wavegraph_process_block(this.enginePtr, count, numInputChannels, currentFrame + start);
        for (let ch = 0; ch < numOutputChannels; ++ch) this.copyOut(this.outputViews[ch]!, output[ch]!, start, count);
      }
    }
    for (let ch = numOutputChannels; ch < output.length; ++ch) output[ch]!.fill(0);
    this.mirror?.pushReadIndex();
    if (this.eventMirror) this.eventMirror.push();
    else this.batchEvents();
    ++this.quanta;
    const quantumMs = (frames / this.sampleRateHz) * 1000;
    if (timed) {
      this.busyMs += Date.now() - startedMs;
      this.sampledMs += quantumMs;
    }
    this.windowMs += quantumMs;
    if (this.windowMs >= LOAD_WINDOW_MS) this.endLoadWindow();
    this.publish(frames);
    return true;
  }

  /** [audio] Average audio-thread time per quantum as a % of the quantum's duration, over the
   * window's sampled quanta. Date.now has a 1 ms resolution, so the busy time is summed over a
   * window of about LOAD_WINDOW_MS of audio. */
  private endLoadWindow(): void {
    if (this.sampledMs > 0) this.audioLoadPercent = (100 * this.busyMs) / this.sampledMs;
    this.busyMs = 0;
    this.sampledMs = 0;
    this.windowMs = 0;
  }

  /** [audio] postMessage transport: moves engine events into the batch posted with the analyser frames. */
  private batchEvents(): void {
    const reader = this.wasmEvents;
    if (!reader) return;
    const e = this.event;
    while (reader.tryPop(e)) {
      if (this.eventsBatched * RECORD_NUMBERS >= this.eventBatch.length) {
        ++this.eventsDroppedHere;
        continue;
      }
      const at = this.eventsBatched * RECORD_NUMBERS;
      const b = this.eventBatch;
      b[at] = e.target;
      b[at + 1] = e.param;
      b[at + 2] = e.value;
      b[at + 3] = e.frameTime;
      b[at + 4] = e.kind;
      b[at + 5] = e.sequence;
      ++this.eventsBatched;
    }
  }

  /** [audio] src[start, start + count) → wasm input view. Never allocates. */
  private copyIn(src: Float32Array, start: number, count: number, dst: Float32Array): void {
    if (start === 0 && count === src.length) {
      dst.set(src);
    } else {
      for (let i = 0; i < count; ++i) dst[i] = src[start + i]!;
    }
  }

  /** [audio] wasm output view [0, count) → dst[start, …). Never allocates. */
  private copyOut(src: Float32Array, dst: Float32Array, start: number, count: number): void {
    if (start === 0 && count === src.length && count === dst.length) {
      dst.set(src);
    } else {
      for (let i = 0; i < count; ++i) dst[start + i] = src[i]!;
    }
  }

  /** [audio] Fills the reusable stats object from the engine's stats in wasm memory. Never allocates. */
  private updateStats(): EngineStats {
    const s = this.stats;
    const v = this.statsView;
    s.commandsApplied = v[StatIndex.commandsApplied]!;
    s.commandsRejected = v[StatIndex.commandsRejected]!;
    s.commandsLate = v[StatIndex.commandsLate]!;
    s.badBlocks = v[StatIndex.badBlocks]!;
    s.quanta = this.quanta;
    s.commandsDropped = this.commandsDropped;
    s.eventsDropped = v[StatIndex.eventsDropped]! + this.eventsDroppedHere + (this.eventMirror?.dropped ?? 0);
    s.plansSwapped = v[StatIndex.plansSwapped]!;
    s.audioLoadPercent = this.audioLoadPercent;
    s.trackPositionFrames = v[StatIndex.trackPositionFrames]!;
    s.trackEnds = v[StatIndex.trackEnds]!;
    s.trackFinished = v[StatIndex.trackFinished]!;
    s.processorFailures = v[StatIndex.processorFailures]!;
    const heapU32 = this.core!.HEAPU32;
    const ringWord = this.commandReadWord - RING_READ_INDEX_OFFSET / 4;
    s.commandRingFill = (heapU32[ringWord + RING_WRITE_INDEX_OFFSET / 4]! - heapU32[this.commandReadWord]!) >>> 0;
    return s;
  }

  /** [audio] Hands the new analyser frames, events and counters to the page. */
  private publish(frames: number): void {
    if (this.sharedAnalyser) {
      // Every ANALYSER_PUBLISH_QUANTA quanta (the frames written meanwhile, in one call), and on the first.
      const quanta = this.quanta;
      if ((quanta & (ANALYSER_PUBLISH_QUANTA - 1)) !== 0 && quanta !== 1) return;
      const written = this.statsView[StatIndex.analyserFramesWritten]! >>> 0;
      if (this.tapMask > 0)
        this.sharedAnalyser.appendFromCircular(this.heapF32!, this.tapStart, this.tapMask, this.framesPublished, written);
      this.framesPublished = written;
      // Counters every 16 quanta (43 ms at 48 kHz / 128), and on the first.
      if ((quanta & 15) === 0 || quanta === 1) this.sharedAnalyser.storeStats(this.updateStats());
      return;
    }
    const written = this.statsView[StatIndex.analyserFramesWritten]! >>> 0;
    this.framesSincePost += frames;
    if (this.framesSincePost < POST_INTERVAL_FRAMES) return;
    this.framesSincePost = 0;
    // postMessage transport: this allocates (fresh, transferred buffers each ~1024 frames).
    const latest = new Float32Array(POSTED_FRAMES);
    const heap = this.heapF32!;
    if (this.tapMask > 0)
      for (let i = 0; i < POSTED_FRAMES; ++i) {
        const age = POSTED_FRAMES - i;
        latest[i] = age <= written ? heap[this.tapStart + (((written - age) >>> 0) & this.tapMask)]! : 0;
      }
    const events = this.eventBatch.slice(0, this.eventsBatched * RECORD_NUMBERS);
    this.eventsBatched = 0;
    this.post(
      {
        type: 'analyser',
        frames: latest,
        framesWritten: written,
        events,
        stats: { ...this.updateStats() },
        commandsConsumed: this.core!.HEAPU32[this.commandReadWord]!,
      },
      [latest.buffer, events.buffer],
    );
  }
}

registerProcessor(PROCESSOR_NAME, WavegraphProcessor);
