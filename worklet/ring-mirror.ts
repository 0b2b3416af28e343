/**
 * Mirrors a SharedArrayBuffer command ring (written by the page) into the command ring that
 * lives in wasm memory (read by the C++ ReferenceChain), once per render quantum.
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
   * it has consumed. Call after processBlock. [audio] Never allocates.
   */
  pushReadIndex(): void {
    Atomics.store(this.source, READ, this.target[READ]!);
  }
}
