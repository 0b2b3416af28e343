/**
 * Mirrors a SharedArrayBuffer command ring (written by the page) into the command ring that
 * lives in wasm memory (read by the C++ GraphEngine), once per render quantum; and the other
 * way, the engine's event ring in wasm memory into a SharedArrayBuffer event ring the page
 * reads (EventMirror).
 *
 * Why: Emscripten 3.1.6 can only give the module a shared memory with pthreads (which needs a
 * worker file and more), so the C++ ring sits in ordinary, unshared wasm memory that the page
 * cannot see. The page writes into its own SharedArrayBuffer ring instead, and the worklet
 * thread (the wasm ring's only producer) copies the new records over before each processBlock,
 * then hands the C++ reader's readIndex back so the page's writer sees the freed slots.
 *
 * Both rings must have the same capacity. Because the SAB readIndex is only ever set to a value
 * the C++ reader has passed, the page never overwrites a record that the wasm ring still needs.
 *
 * @module
 */

import { RING_HEADER_BYTES, RING_READ_INDEX_OFFSET, RING_RECORD_BYTES, RING_WRITE_INDEX_OFFSET, RingViews } from './command-ring.js';

const WRITE = RING_WRITE_INDEX_OFFSET / 4;
const READ = RING_READ_INDEX_OFFSET / 4;
const RECORD_WORDS = RING_RECORD_BYTES / 4;
const HEADER_WORDS = RING_HEADER_BYTES / 4;

/** SAB ring → wasm ring copier. Lives on the worklet (audio) thread. */
export class RingMirror {
  private readonly source: Uint32Array;
  private readonly target: Uint32Array;
  private readonly mask: number;
  /** The readIndex last published to the page's ring (only this mirror writes it). */
  private publishedRead: number;

  /**
   * Attaches to both rings (each initialised; same capacity). [control] Allocates views once.
   * @param sourceBuffer the SharedArrayBuffer the page's CommandRingWriter writes
   * @param targetBuffer the wasm memory (HEAPU8.buffer) holding the C++ ring at targetOffset
   * @throws RangeError when a ring is invalid or the capacities differ.
   */
  constructor(sourceBuffer: ArrayBufferLike, sourceOffset: number, targetBuffer: ArrayBufferLike, targetOffset: number) {
    const source = new RingViews(sourceBuffer, sourceOffset);
    const target = new RingViews(targetBuffer, targetOffset);
    if (source.capacity !== target.capacity)
      throw new RangeError(`ring capacities differ (${source.capacity} in the page, ${target.capacity} in wasm)`);
    this.source = source.words;
    this.target = target.words;
    this.mask = source.capacity - 1;
    this.publishedRead = Atomics.load(this.source, READ);
  }

  /**
   * Copies the records the page published since the last call into the wasm ring and publishes
   * them there (wasm writeIndex = SAB writeIndex). Returns the number copied. Call before
   * processBlock. [audio] Never allocates.
   */
  pull(): number {
    const sourceWrite = Atomics.load(this.source, WRITE);
    const targetWrite = this.target[WRITE]!;
    const count = (sourceWrite - targetWrite) >>> 0;
    for (let i = 0; i < count; ++i) {
      const word = HEADER_WORDS + ((targetWrite + i) & this.mask) * RECORD_WORDS;
      for (let k = 0; k < RECORD_WORDS; ++k) this.target[word + k] = this.source[word + k]!;
    }
    this.target[WRITE] = sourceWrite;
    return count;
  }

  /**
   * Publishes the C++ reader's readIndex to the page's ring (Atomics.store), freeing the slots
   * it has consumed (only when it moved: the page's ring holds the last value published).
   * Call after processBlock. [audio] Never allocates.
   */
  pushReadIndex(): void {
    const read = this.target[READ]!;
    if (read === this.publishedRead) return;
    this.publishedRead = read;
    Atomics.store(this.source, READ, read);
  }
}

/** wasm event ring → SAB event ring copier. Lives on the worklet (audio) thread, the only
 * consumer of the wasm ring and the only producer of the SAB ring. */
export class EventMirror {
  private readonly source: Uint32Array;
  private readonly target: Uint32Array;
  private readonly sourceMask: number;
  private readonly targetMask: number;
  private readonly targetCapacity: number;
  /** Events that found the page's ring full (dropped, counted). */
  dropped = 0;

  /**
   * Attaches to both rings (each initialised; capacities may differ). [control] Allocates views once.
   * @param sourceBuffer the wasm memory holding the C++ event ring at sourceOffset
   * @param targetBuffer the SharedArrayBuffer the page's CommandRingReader reads
   * @throws RangeError when a ring is invalid.
   */
  constructor(sourceBuffer: ArrayBufferLike, sourceOffset: number, targetBuffer: ArrayBufferLike, targetOffset: number) {
    const source = new RingViews(sourceBuffer, sourceOffset);
    const target = new RingViews(targetBuffer, targetOffset);
    this.source = source.words;
    this.target = target.words;
    this.sourceMask = source.capacity - 1;
    this.targetMask = target.capacity - 1;
    this.targetCapacity = target.capacity;
  }

  /**
   * Moves every event the engine published into the page's ring; when that ring is full the
   * rest are dropped (counted in `dropped`) so the engine's ring never backs up. Returns the
   * number moved. Call after processBlock. [audio] Never allocates.
   */
  push(): number {
    const sourceWrite = this.source[WRITE]!;
    let sourceRead = this.source[READ]!;
    if (sourceRead === sourceWrite) return 0;  // nothing new: both rings stay as they are
    let targetWrite = this.target[WRITE]!;
    const targetRead = Atomics.load(this.target, READ);
    let moved = 0;
    while (sourceRead !== sourceWrite) {
      if (((targetWrite - targetRead) >>> 0) >= this.targetCapacity) {
        this.dropped += (sourceWrite - sourceRead) >>> 0;
        sourceRead = sourceWrite;
        break;
      }
      const from = HEADER_WORDS + (sourceRead & this.sourceMask) * RECORD_WORDS;
      const to = HEADER_WORDS + (targetWrite & this.targetMask) * RECORD_WORDS;
      for (let k = 0; k < RECORD_WORDS; ++k) this.target[to + k] = this.source[from + k]!;
      sourceRead = (sourceRead + 1) >>> 0;
      targetWrite = (targetWrite + 1) >>> 0;
      ++moved;
    }
    this.source[READ] = sourceRead;
    Atomics.store(this.target, WRITE, targetWrite);
    return moved;
  }
}
