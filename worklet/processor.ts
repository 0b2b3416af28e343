/**
 * The AudioWorkletProcessor 'wavegraph-processor': runs the C++ ReferenceChain (wasm) once per
 * render quantum. Bundled by scripts/build-ts.mjs into one self-contained dist/processor.js
 * (the wasm glue, with the wasm embedded, is imported statically and instantiated synchronously
 * in the constructor; nothing here uses URL, fetch, TextDecoder, atob, setTimeout or
 * performance, which the AudioWorkletGlobalScope lacks).
 *
 * Commands arrive either through a SharedArrayBuffer ring mirrored into the wasm ring each
 * quantum (processorOptions.commandRing), or by port messages written into the wasm ring by the
 * message handler. Analyser frames leave either through a SharedArrayBuffer (every quantum) or
 * by port.postMessage (the newest 2048 frames about every 1024 frames).
 *
 * @module
 */

import createWavegraphCore from '../web/src/wavegraph-core.mjs';
import type { WasmEngine, WavegraphCoreModule } from '../web/src/wavegraph-core.mjs';
import { AnalyserBuffer } from './analyser-buffer.js';
import { CommandRingWriter, RING_READ_INDEX_OFFSET } from './command-ring.js';
import type { FromProcessorMessage, ToProcessorMessage, WavegraphProcessorOptions } from './messages.js';
import { PROCESSOR_NAME } from './messages.js';
import { RingMirror } from './ring-mirror.js';

/** postMessage transport: post analyser frames after at least this many frames… */
const POST_INTERVAL_FRAMES = 1024;
/** …and post this many of the newest frames each time (overlapping, so nothing is missed). */
const POSTED_FRAMES = 2048;

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

class WavegraphProcessor extends AudioWorkletProcessor {
  private core: WavegraphCoreModule | undefined;
  private engine: WasmEngine | undefined;
  private maxBlockFrames = 128;
  private numChannels = 0;
  // Views over wasm memory, made once (and again only if the heap were replaced).
  private heapF32: Float32Array | undefined;
  private inputViews: Float32Array[] = [];
  private outputViews: Float32Array[] = [];
  private tapStart = 0;
  private tapMask = 0;
  private ringReadWord = 0;
  // Transports.
  private mirror: RingMirror | undefined;          // SharedArrayBuffer command ring
  private wasmWriter: CommandRingWriter | undefined;  // postMessage commands
  private sharedAnalyser: AnalyserBuffer | undefined;  // SharedArrayBuffer analyser frames
  private framesPublished = 0;
  private framesSincePost = 0;
  private quanta = 0;
  private commandsDropped = 0;
  private closed = false;

  constructor(options?: { processorOptions?: WavegraphProcessorOptions }) {
    super();
    try {
      this.setUp(options?.processorOptions);
      this.port.onmessage = (event: MessageEvent<ToProcessorMessage>) => this.onMessage(event.data);
      this.post({
        type: 'ready',
        maxBlockFrames: this.maxBlockFrames,
        numChannels: this.numChannels,
        transport: this.mirror ? 'sharedArrayBuffer' : 'postMessage',
      });
    } catch (error) {
      this.engine = undefined;
      this.post({ type: 'error', message: `wavegraph-processor: ${errorMessage(error)}` });
    }
  }

  /** [control] Instantiates the wasm module synchronously and prepares the engine. Throws on failure. */
  private setUp(options: WavegraphProcessorOptions | undefined): void {
    if (!options) throw new Error('processorOptions are missing');
    const module = {} as WavegraphCoreModule;
    createWavegraphCore(module);
    if (typeof module.WasmEngine !== 'function' || !(module.HEAPF32 instanceof Float32Array))
      throw new Error('the wasm module did not instantiate synchronously');
    this.core = module;
    const engine = new module.WasmEngine();
    const error = engine.prepare(sampleRate, options.maxBlockFrames ?? 128, options.numChannels, options.commandRingCapacity);
    if (error) {
      engine.delete();
      throw new Error(error);
    }
    this.engine = engine;
    this.maxBlockFrames = engine.maxBlockFrames();
    this.numChannels = engine.numChannels();
    this.refreshViews();
    if (options.commandRing)
      this.mirror = new RingMirror(options.commandRing, 0, module.HEAPU8.buffer, engine.commandRingPtr());
    if (options.analyser) this.sharedAnalyser = new AnalyserBuffer(options.analyser, 0);
  }

  /** [audio, rarely] (Re)makes the views over wasm memory; allocates, but only when the heap changed. */
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
    this.tapStart = engine.analyserPtr() / 4;
    this.tapMask = engine.analyserCapacityFrames() - 1;
    this.ringReadWord = (engine.commandRingPtr() + RING_READ_INDEX_OFFSET) / 4;
    if (!this.mirror) this.wasmWriter = new CommandRingWriter(heap.buffer, engine.commandRingPtr());
  }

  /** [audio thread, between quanta] postMessage commands go straight into the wasm ring. */
  private onMessage(message: ToProcessorMessage): void {
    if (message.type === 'close') {
      this.closed = true;
      this.engine?.delete();
      this.engine = undefined;
      this.port.close();
      return;
    }
    if (message.type !== 'commands' || !this.engine) return;
    if (this.core!.HEAPF32 !== this.heapF32) this.refreshViews();
    const r = message.records;
    for (let i = 0; i + 4 < r.length; i += 5) {
      if (!this.wasmWriter?.tryPush(r[i]!, r[i + 1]!, r[i + 2]!, r[i + 3]!, r[i + 4]!)) ++this.commandsDropped;
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
    if (this.core!.HEAPF32 !== this.heapF32) this.refreshViews();
    const frames = output[0]!.length;
    const input = inputs[0];
    const numInputChannels = input ? Math.min(input.length, this.numChannels) : 0;

    this.mirror?.pull();
    for (let start = 0; start < frames; start += this.maxBlockFrames) {
      const count = Math.min(this.maxBlockFrames, frames - start);
      for (let ch = 0; ch < numInputChannels; ++ch) this.copyIn(input![ch]!, start, count, this.inputViews[ch]!);
      engine.processBlock(count, numInputChannels);
      for (let ch = 0; ch < output.length; ++ch) {
        if (ch < this.numChannels) this.copyOut(this.outputViews[ch]!, output[ch]!, start, count);
        else output[ch]!.fill(0);
      }
    }
    this.mirror?.pushReadIndex();
    ++this.quanta;
    this.publishAnalyser(engine, frames);
    return true;
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

  /** [audio] Hands the new analyser frames and the counters to the page. */
  private publishAnalyser(engine: WasmEngine, frames: number): void {
    const written = engine.analyserFramesWritten();
    if (this.sharedAnalyser) {
      this.sharedAnalyser.appendFromCircular(this.heapF32!, this.tapStart, this.tapMask, this.framesPublished, written);
      this.framesPublished = written;
      this.sharedAnalyser.storeStats(
        engine.commandsApplied(), engine.commandsRejected(), engine.badBlocks(), this.quanta, this.commandsDropped);
      return;
    }
    this.framesSincePost += frames;
    if (this.framesSincePost < POST_INTERVAL_FRAMES) return;
    this.framesSincePost = 0;
    // postMessage transport: this allocates (a fresh, transferred buffer each ~1024 frames).
    const latest = new Float32Array(POSTED_FRAMES);
    const heap = this.heapF32!;
    for (let i = 0; i < POSTED_FRAMES; ++i) {
      const age = POSTED_FRAMES - i;
      latest[i] = age <= written ? heap[this.tapStart + (((written - age) >>> 0) & this.tapMask)]! : 0;
    }
    this.post(
      {
        type: 'analyser',
        frames: latest,
        framesWritten: written,
        stats: {
          commandsApplied: engine.commandsApplied(),
          commandsRejected: engine.commandsRejected(),
          badBlocks: engine.badBlocks(),
          quanta: this.quanta,
          commandsDropped: this.commandsDropped,
        },
        commandsConsumed: this.core!.HEAPU32[this.ringReadWord]!,
      },
      [latest.buffer],
    );
  }
}

registerProcessor(PROCESSOR_NAME, WavegraphProcessor);
