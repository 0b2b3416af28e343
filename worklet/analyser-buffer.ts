/**
 * The analyser frames handed from the worklet to the page: a float32 circular buffer of the
 * post-EQ mono down-mix (the C++ AnalyserTap's frames) plus a free-running frame counter and a
 * few engine counters. With cross-origin isolation it lives in a SharedArrayBuffer written by
 * the worklet every few render quanta; otherwise the page keeps one in an ArrayBuffer and fills it
 * from the frames the worklet posts.
 *
 * Layout (little-endian; docs/ring-layout.md):
 * | byte | field |
 * |------|-------|
 * | 0    | u32 framesWritten (wraps at 2³²), published last with Atomics.store |
 * | 4    | u32 capacityFrames (a power of two) |
 * | 8    | u32 commandsApplied |
 * | 12   | u32 commandsRejected |
 * | 16   | u32 badBlocks |
 * | 20   | u32 quanta (process() calls) |
 * | 24   | u32 commandsDropped (postMessage transport: commands that found the wasm ring full) |
 * | 28   | u32 commandsLate (frameTime already past when read) |
 * | 32   | u32 eventsDropped (engine and page event rings full) |
 * | 36   | u32 plansSwapped |
 * | 40   | u32 audioLoadPermille: audio-thread time per quantum, ‰ of the quantum's duration (average over about 1 s) |
 * | 44   | u32 commandRingFill: records waiting in the command ring when last read |
 * | 48   | u32 trackPositionFrames: the loaded track's position (frames at the context's rate) |
 * | 52   | u32 trackEnds: how many times tracks reached their end (over every track loaded) |
 * | 56   | u32 trackFinished: 1 while the current track is at its end |
 * | 60   | u32 processorFailures: blocks in which a processor node failed and was silenced |
 * | 64   | capacityFrames × f32 frames; frame n at index n & (capacityFrames − 1) |
 *
 * @module
 */

/** appendFromCircular copies aligned blocks of this many frames with one TypedArray.set (a
 * power of two; one 128-frame render quantum is one block). */
const COPY_BLOCK_FRAMES = 128;

/** Bytes before the first frame. */
export const ANALYSER_HEADER_BYTES = 64;
/** Word indices (u32) of the header fields. */
export const AnalyserField = {
  framesWritten: 0,
  capacityFrames: 1,
  commandsApplied: 2,
  commandsRejected: 3,
  badBlocks: 4,
  quanta: 5,
  commandsDropped: 6,
  commandsLate: 7,
  eventsDropped: 8,
  plansSwapped: 9,
  audioLoadPermille: 10,
  commandRingFill: 11,
  trackPositionFrames: 12,
  trackEnds: 13,
  trackFinished: 14,
  processorFailures: 15,
} as const;

/** Frames the page-side buffer holds: twice the largest W3C fftSize, so a reader copying the
 * newest 32768 frames is not overtaken by the writer within a quantum. */
export const ANALYSER_CAPACITY_FRAMES = 65536;

/** Bytes an analyser buffer of capacityFrames (a power of two) needs. */
export function analyserBytesFor(capacityFrames: number): number {
  return ANALYSER_HEADER_BYTES + capacityFrames * 4;
}

/** Engine counters as published in the analyser header (u32, wrapping). */
export interface EngineStats {
  /** Commands the audio thread applied. */
  commandsApplied: number;
  /** Commands that reached the audio thread invalid (ignored or clamped there). */
  commandsRejected: number;
  /** Commands whose frame had already passed when the audio thread read them (applied at once). */
  commandsLate: number;
  /** Render quanta refused for a bad shape (output silenced). */
  badBlocks: number;
  /** process() calls so far (render quanta). */
  quanta: number;
  /** Commands lost because a ring was full on the way (postMessage transport). */
  commandsDropped: number;
  /** Events lost because an event ring was full. */
  eventsDropped: number;
  /** Graphs the audio thread has switched to. */
  plansSwapped: number;
  /** Audio-thread time per render quantum as % of the quantum's duration (about 1 s average of
   * one quantum in every 8; measured with Date.now, so a resolution of 1 ms over the sampled
   * quanta of the averaging window). */
  audioLoadPercent: number;
  /** Records waiting in the command ring when the worklet last looked. */
  commandRingFill: number;
  /** The loaded track's position in frames (0 without a track). */
  trackPositionFrames: number;
  /** How many times tracks reached their end (over every track loaded; never goes back). */
  trackEnds: number;
  /** 1 while the current track is at its end (0 again after a seek back). */
  trackFinished: number;
  /** Blocks in which a processor node (a custom core's processor type) failed and was silenced,
   * over every graph; each failure is also a 'processorFailed' event. */
  processorFailures: number;
}

/** Reader and writer of one analyser buffer (any ArrayBuffer or SharedArrayBuffer). */
export class AnalyserBuffer {
  /** The header words (Atomics on framesWritten). */
  readonly header: Uint32Array;
  /** The frames. */
  readonly frames: Float32Array;
  /** capacityFrames − 1. */
  readonly mask: number;
  // appendFromCircular's views over the COPY_BLOCK_FRAMES-frame blocks of its source, made when
  // the source changes, so that an aligned block is copied with one TypedArray.set.
  private blockSource: Float32Array | undefined;
  private blockSourceStart = -1;
  private blockSourceMask = -1;
  private blockViews: Float32Array[] = [];

  /**
   * Writes a fresh header (capacityFrames a power of two ≥ 2) and zero frames. [control]
   * @throws RangeError when capacityFrames is not a power of two or the buffer is too small.
   */
  static initialize(buffer: ArrayBufferLike, byteOffset: number, capacityFrames: number): void {
    if (!Number.isInteger(capacityFrames) || capacityFrames < 2 || (capacityFrames & (capacityFrames - 1)) !== 0)
      throw new RangeError(`analyser capacity ${capacityFrames} must be a power of two ≥ 2 frames`);
    if (buffer.byteLength < byteOffset + analyserBytesFor(capacityFrames))
      throw new RangeError(`analyser buffer of ${buffer.byteLength} bytes is too small`);
    new Uint8Array(buffer, byteOffset, analyserBytesFor(capacityFrames)).fill(0);
    new Uint32Array(buffer, byteOffset, ANALYSER_HEADER_BYTES / 4)[AnalyserField.capacityFrames] = capacityFrames;
  }

  /** Attaches to an initialised buffer. [control] Allocates the views once. */
  constructor(buffer: ArrayBufferLike, byteOffset = 0) {
    this.header = new Uint32Array(buffer, byteOffset, ANALYSER_HEADER_BYTES / 4);
    const capacity = this.header[AnalyserField.capacityFrames]!;
    if (capacity < 2 || (capacity & (capacity - 1)) !== 0)
      throw new RangeError('analyser buffer is not initialised');
    this.frames = new Float32Array(buffer, byteOffset + ANALYSER_HEADER_BYTES, capacity);
    this.mask = capacity - 1;
  }

  /** Capacity in frames. */
  get capacityFrames(): number {
    return this.frames.length;
  }

  /** Frames written so far (u32, wraps). [any] Never allocates. */
  framesWritten(): number {
    return Atomics.load(this.header, AnalyserField.framesWritten);
  }

  /**
   * Appends frames [fromFrame, toFrame) (u32 counters) of a circular source — `source[sourceStart
   * + (n & sourceMask)]` holds frame n, e.g. the C++ tap inside HEAPF32 — then publishes toFrame.
   * Copies at most the newest min(capacities) frames. [writer thread] Allocates only when source,
   * sourceStart or sourceMask differ from the previous call's (views over the source's
   * COPY_BLOCK_FRAMES-frame blocks, made once, so that each aligned block is copied with one
   * TypedArray.set instead of element by element); otherwise never.
   */
  appendFromCircular(source: Float32Array, sourceStart: number, sourceMask: number, fromFrame: number, toFrame: number): void {
    const frames = this.frames;
    const mask = this.mask;
    let count = (toFrame - fromFrame) >>> 0;
    const limit = Math.min(frames.length, sourceMask + 1);
    if (count > limit) count = limit;
    if (source !== this.blockSource || sourceStart !== this.blockSourceStart || sourceMask !== this.blockSourceMask)
      this.makeBlockViews(source, sourceStart, sourceMask);
    const views = this.blockViews;
    // Frames n = toFrame − count … toFrame − 1, in runs that wrap in neither buffer (at most
    // three); within a run, whole aligned blocks with set(), the rest element by element.
    let n = (toFrame - count) >>> 0;
    while (count > 0) {
      const from = n & sourceMask;
      const to = n & mask;
      const run = Math.min(count, sourceMask + 1 - from, mask + 1 - to);
      let i = 0;
      if (views.length > 0) {
        const s = sourceStart + from;
        const head = Math.min(run, (COPY_BLOCK_FRAMES - (from & (COPY_BLOCK_FRAMES - 1))) & (COPY_BLOCK_FRAMES - 1));
        for (; i < head; ++i) frames[to + i] = source[s + i]!;
        for (; i + COPY_BLOCK_FRAMES <= run; i += COPY_BLOCK_FRAMES) frames.set(views[(from + i) / COPY_BLOCK_FRAMES]!, to + i);
      }
      const s = sourceStart + from;
      for (; i < run; ++i) frames[to + i] = source[s + i]!;
      n = (n + run) >>> 0;
      count -= run;
    }
    Atomics.store(this.header, AnalyserField.framesWritten, toFrame >>> 0);
  }

  /** Views over the source's COPY_BLOCK_FRAMES-frame blocks (none if its capacity is smaller). [writer thread] Allocates. */
  private makeBlockViews(source: Float32Array, sourceStart: number, sourceMask: number): void {
    this.blockSource = source;
    this.blockSourceStart = sourceStart;
    this.blockSourceMask = sourceMask;
    this.blockViews = [];
    const capacity = sourceMask + 1;
    if (capacity < COPY_BLOCK_FRAMES || sourceStart + capacity > source.length) return;
    for (let start = 0; start < capacity; start += COPY_BLOCK_FRAMES)
      this.blockViews.push(source.subarray(sourceStart + start, sourceStart + start + COPY_BLOCK_FRAMES));
  }

  /**
   * Stores `latest`, the newest latest.length frames ending at frame count endFrame, then
   * publishes endFrame. [writer thread] Never allocates.
   */
  appendLatest(latest: Float32Array, endFrame: number): void {
    const count = Math.min(latest.length, this.frames.length);
    for (let i = count; i > 0; --i) {
      if (i > endFrame) continue;  // before the first frame
      this.frames[((endFrame - i) >>> 0) & this.mask] = latest[latest.length - i]!;
    }
    Atomics.store(this.header, AnalyserField.framesWritten, endFrame >>> 0);
  }

  /**
   * Copies the newest out.length frames (oldest first; at most capacityFrames, the rest of out
   * untouched) into out; frames not yet written are 0. Returns framesWritten at the copy.
   * [reader thread] Never allocates.
   */
  copyLatest(out: Float32Array): number {
    const written = this.framesWritten();
    const count = Math.min(out.length, this.frames.length);
    for (let i = 0; i < count; ++i) {
      const age = count - i;  // 1 = newest
      out[i] = age <= written ? this.frames[((written - age) >>> 0) & this.mask]! : 0;
    }
    return written;
  }

  /** Stores the engine counters (u32, wrapping; audioLoadPercent to 0.1 %). [writer thread] Never allocates. */
  storeStats(stats: EngineStats): void {
    const h = this.header;
    Atomics.store(h, AnalyserField.commandsApplied, stats.commandsApplied >>> 0);
    Atomics.store(h, AnalyserField.commandsRejected, stats.commandsRejected >>> 0);
    Atomics.store(h, AnalyserField.commandsLate, stats.commandsLate >>> 0);
    Atomics.store(h, AnalyserField.badBlocks, stats.badBlocks >>> 0);
    Atomics.store(h, AnalyserField.quanta, stats.quanta >>> 0);
    Atomics.store(h, AnalyserField.commandsDropped, stats.commandsDropped >>> 0);
    Atomics.store(h, AnalyserField.eventsDropped, stats.eventsDropped >>> 0);
    Atomics.store(h, AnalyserField.plansSwapped, stats.plansSwapped >>> 0);
    Atomics.store(h, AnalyserField.audioLoadPermille, Math.round(stats.audioLoadPercent * 10) >>> 0);
    Atomics.store(h, AnalyserField.commandRingFill, stats.commandRingFill >>> 0);
    Atomics.store(h, AnalyserField.trackPositionFrames, stats.trackPositionFrames >>> 0);
    Atomics.store(h, AnalyserField.trackEnds, stats.trackEnds >>> 0);
    Atomics.store(h, AnalyserField.trackFinished, stats.trackFinished >>> 0);
    Atomics.store(h, AnalyserField.processorFailures, stats.processorFailures >>> 0);
  }

  /** The counters as last stored. [reader thread] Allocates the result object. */
  loadStats(): EngineStats {
    const h = this.header;
    return {
      commandsApplied: Atomics.load(h, AnalyserField.commandsApplied),
      commandsRejected: Atomics.load(h, AnalyserField.commandsRejected),
      commandsLate: Atomics.load(h, AnalyserField.commandsLate),
      badBlocks: Atomics.load(h, AnalyserField.badBlocks),
      quanta: Atomics.load(h, AnalyserField.quanta),
      commandsDropped: Atomics.load(h, AnalyserField.commandsDropped),
      eventsDropped: Atomics.load(h, AnalyserField.eventsDropped),
      plansSwapped: Atomics.load(h, AnalyserField.plansSwapped),
      audioLoadPercent: Atomics.load(h, AnalyserField.audioLoadPermille) / 10,
      commandRingFill: Atomics.load(h, AnalyserField.commandRingFill),
      trackPositionFrames: Atomics.load(h, AnalyserField.trackPositionFrames),
      trackEnds: Atomics.load(h, AnalyserField.trackEnds),
      trackFinished: Atomics.load(h, AnalyserField.trackFinished),
      processorFailures: Atomics.load(h, AnalyserField.processorFailures),
    };
  }
}
