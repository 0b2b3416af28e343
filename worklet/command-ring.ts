/**
 * The record ring in TypeScript: the same bytes as core/rt/command_ring.h (CommandRingView), so a
 * ring written here can be read by the C++ reader and vice versa. Used both ways: commands
 * (page → audio thread) and events (audio thread → page). Works over any ArrayBuffer or
 * SharedArrayBuffer (including wasm memory) at any 8-byte-aligned byte offset.
 *
 * Layout (little-endian; docs/ring-layout.md): u32 writeIndex @0, u32 readIndex @64,
 * u32 magic 0x32524757 ("WGR2") @128, u32 capacity @132, u32 recordBytes (32) @136, records
 * from @192; record n lives in slot n & (capacity − 1). Record: u32 target @0, u32 param @4,
 * f64 value @8, i64 frameTime @16, u32 kind @24, u32 sequence @28. Empty: writeIndex ==
 * readIndex; full: writeIndex − readIndex == capacity (u32 arithmetic, so the indices may wrap
 * at 2³²).
 *
 * One producer and one consumer, each on any one thread. Indices are read and published with
 * `Atomics.load` / `Atomics.store` (sequentially consistent, so the record bytes written before
 * a store are visible to whoever loads that index).
 *
 * @module
 */

/** Byte offset of the u32 writeIndex (records ever written; producer-owned). */
export const RING_WRITE_INDEX_OFFSET = 0;
/** Byte offset of the u32 readIndex (records ever read; consumer-owned). */
export const RING_READ_INDEX_OFFSET = 64;
/** Byte offset of the u32 magic. */
export const RING_MAGIC_OFFSET = 128;
/** Byte offset of the u32 capacity (records, a power of two). */
export const RING_CAPACITY_OFFSET = 132;
/** Byte offset of the u32 record size. */
export const RING_RECORD_BYTES_OFFSET = 136;
/** Bytes before the first record. */
export const RING_HEADER_BYTES = 192;
/** Bytes per record. */
export const RING_RECORD_BYTES = 32;
/** "WGR2" read as a little-endian u32. */
export const RING_MAGIC = 0x32524757;
/** frameTime meaning "at the start of the next block" (any negative value does). */
export const AT_NEXT_BLOCK = -1;

const TWO_TO_32 = 4294967296;
/** Largest capacity (records). */
export const RING_MAX_CAPACITY = 1 << 20;

/**
 * One ring record. As a command: set parameter `param` of node `target` to `value` at frame
 * `frameTime` of the engine's clock (the AudioContext's frame count in a worklet; negative = at
 * the next block), `kind` 0. As an event: `kind` is an EngineEventKind (web/src/generated/events.ts), `target`/`param`
 * where, `value` the number, `frameTime` when.
 */
export interface RingRecord {
  /** Node id (u32). */
  target: number;
  /** Parameter id (u32) of that node, or a channel (meter events). */
  param: number;
  /** The value (f64), in the parameter's unit. */
  value: number;
  /** Frame (i64, exact up to 2⁵³); negative = at the next block. */
  frameTime: number;
  /** Command kind (0 = set parameter) or event kind (u32). */
  kind: number;
  /** Free u32 for the writer (tests put canaries here). */
  sequence: number;
}
/** A record in the command direction. */
export type CommandRecord = RingRecord;

/**
 * The C++ capacity check's message, or "" when capacity is a power of two in 2…2²⁰.
 * [any thread] Allocates only the message string.
 */
export function ringCapacityError(capacity: number): string {
  const ok =
    Number.isInteger(capacity) && capacity >= 2 && capacity <= RING_MAX_CAPACITY && (capacity & (capacity - 1)) === 0;
  return ok ? '' : `ring capacity ${capacity} must be a power of two in 2…${RING_MAX_CAPACITY} records`;
}

/**
 * Bytes a ring of `capacity` records needs (header + records).
 * @throws RangeError when capacity is not a power of two in 2…2²⁰.
 */
export function ringBytesFor(capacity: number): number {
  const error = ringCapacityError(capacity);
  if (error) throw new RangeError(error);
  return RING_HEADER_BYTES + capacity * RING_RECORD_BYTES;
}

/**
 * Writes a fresh header (both indices 0) at `byteOffset` of `buffer`. [control] Call before any
 * producer or consumer attaches. Allocates two small views.
 * @throws RangeError on a bad capacity, a byteOffset not a multiple of 8, or a buffer too small.
 */
export function initializeRing(buffer: ArrayBufferLike, byteOffset: number, capacity: number): void {
  const bytes = ringBytesFor(capacity);
  if (!Number.isInteger(byteOffset) || byteOffset < 0 || byteOffset % 8 !== 0)
    throw new RangeError(`ring byteOffset ${byteOffset} must be a non-negative multiple of 8`);
  if (buffer.byteLength < byteOffset + bytes)
    throw new RangeError(
      `ring memory of ${buffer.byteLength - byteOffset} bytes is too small (${bytes} needed for ${capacity} records)`,
    );
  new Uint8Array(buffer, byteOffset, RING_HEADER_BYTES).fill(0);
  const header = new Uint32Array(buffer, byteOffset, RING_HEADER_BYTES / 4);
  Atomics.store(header, RING_WRITE_INDEX_OFFSET / 4, 0);
  Atomics.store(header, RING_READ_INDEX_OFFSET / 4, 0);
  header[RING_MAGIC_OFFSET / 4] = RING_MAGIC;
  header[RING_CAPACITY_OFFSET / 4] = capacity;
  header[RING_RECORD_BYTES_OFFSET / 4] = RING_RECORD_BYTES;
}

/** Shared attach logic of writer, reader and mirror: checks the header, makes the views once. */
export class RingViews {
  /** The header and records as u32 words (index word = byte offset / 4). */
  readonly words: Uint32Array;
  /** The same bytes, for the f64 value (little-endian). */
  readonly data: DataView;
  /** Capacity in records (a power of two). */
  readonly capacity: number;
  /** capacity − 1. */
  readonly mask: number;

  /**
   * Attaches to a ring made by initializeRing or CommandRingView::initialize. [control] Allocates
   * the views (once).
   * @throws RangeError when the header is missing or inconsistent, or the buffer is too small.
   */
  constructor(buffer: ArrayBufferLike, byteOffset = 0) {
    if (byteOffset % 8 !== 0 || buffer.byteLength < byteOffset + RING_HEADER_BYTES)
      throw new RangeError('ring memory is missing, misaligned or too small');
    const header = new Uint32Array(buffer, byteOffset, RING_HEADER_BYTES / 4);
    if (header[RING_MAGIC_OFFSET / 4] !== RING_MAGIC) throw new RangeError('ring memory has no WGR2 header');
    const capacity = header[RING_CAPACITY_OFFSET / 4]!;
    const error = ringCapacityError(capacity);
    if (error) throw new RangeError(error);
    if (header[RING_RECORD_BYTES_OFFSET / 4] !== RING_RECORD_BYTES)
      throw new RangeError(`ring record size is not ${RING_RECORD_BYTES} bytes`);
    const bytes = RING_HEADER_BYTES + capacity * RING_RECORD_BYTES;
    if (buffer.byteLength < byteOffset + bytes) throw new RangeError('ring memory is smaller than its capacity');
    this.words = new Uint32Array(buffer, byteOffset, bytes / 4);
    this.data = new DataView(buffer, byteOffset, bytes);
    this.capacity = capacity;
    this.mask = capacity - 1;
  }

  /** Byte offset (from the ring start) of slot `index & mask`. Never allocates. */
  slotByteOffset(index: number): number {
    return RING_HEADER_BYTES + (index & this.mask) * RING_RECORD_BYTES;
  }
}

/** The producer end. Use from one thread only. */
export class CommandRingWriter {
  private readonly ring: RingViews;

  /** Attaches (see RingViews). [control] Allocates once. @throws RangeError on a bad ring. */
  constructor(buffer: ArrayBufferLike, byteOffset = 0) {
    this.ring = new RingViews(buffer, byteOffset);
  }

  /** Capacity in records. */
  get capacity(): number {
    return this.ring.capacity;
  }

  /** Records that can be pushed now (a snapshot; the consumer may free more). Never allocates. */
  freeSlots(): number {
    const w = this.ring.words;
    const used = (Atomics.load(w, RING_WRITE_INDEX_OFFSET / 4) - Atomics.load(w, RING_READ_INDEX_OFFSET / 4)) >>> 0;
    return this.ring.capacity - used;
  }

  /** Records waiting (a snapshot). Never allocates. */
  size(): number {
    return this.ring.capacity - this.freeSlots();
  }

  /**
   * Appends one record; false (nothing written, nothing overwritten) when the ring is full.
   * Values are stored as u32 (target, param, kind, sequence: `>>> 0`), f64 (value) and i64
   * (frameTime: an integer below 2⁵³, or negative for "next block", stored as -1).
   * [producer] Wait-free; never allocates.
   */
  tryPush(target: number, param: number, value: number, frameTime = AT_NEXT_BLOCK, kind = 0, sequence = 0): boolean {
    const { words, data } = this.ring;
    const write = Atomics.load(words, RING_WRITE_INDEX_OFFSET / 4);
    const read = Atomics.load(words, RING_READ_INDEX_OFFSET / 4);
    if ((write - read) >>> 0 >= this.ring.capacity) return false;
    const at = this.ring.slotByteOffset(write);
    data.setUint32(at, target >>> 0, true);
    data.setUint32(at + 4, param >>> 0, true);
    data.setFloat64(at + 8, value, true);
    if (frameTime >= 0) {
      data.setUint32(at + 16, frameTime % TWO_TO_32, true);
      data.setUint32(at + 20, Math.floor(frameTime / TWO_TO_32), true);
    } else {
      data.setInt32(at + 16, -1, true);
      data.setInt32(at + 20, -1, true);
    }
    data.setUint32(at + 24, kind >>> 0, true);
    data.setUint32(at + 28, sequence >>> 0, true);
    Atomics.store(words, RING_WRITE_INDEX_OFFSET / 4, (write + 1) >>> 0);
    return true;
  }

  /** tryPush of a record object. [producer] Wait-free; never allocates. */
  tryPushRecord(record: RingRecord): boolean {
    return this.tryPush(record.target, record.param, record.value, record.frameTime, record.kind, record.sequence);
  }
}

/** The consumer end. Use from one thread only. */
export class CommandRingReader {
  private readonly ring: RingViews;

  /** Attaches (see RingViews). [control] Allocates once. @throws RangeError on a bad ring. */
  constructor(buffer: ArrayBufferLike, byteOffset = 0) {
    this.ring = new RingViews(buffer, byteOffset);
  }

  /** Capacity in records. */
  get capacity(): number {
    return this.ring.capacity;
  }

  /** Records waiting (a snapshot). Never allocates. */
  size(): number {
    const w = this.ring.words;
    return (Atomics.load(w, RING_WRITE_INDEX_OFFSET / 4) - Atomics.load(w, RING_READ_INDEX_OFFSET / 4)) >>> 0;
  }

  /**
   * Copies the oldest record into `out` and frees its slot; false when empty (out untouched).
   * [consumer] Wait-free; never allocates (fills the caller's object).
   */
  tryPop(out: RingRecord): boolean {
    const { words, data } = this.ring;
    const read = Atomics.load(words, RING_READ_INDEX_OFFSET / 4);
    const write = Atomics.load(words, RING_WRITE_INDEX_OFFSET / 4);
    if (read === write) return false;
    const at = this.ring.slotByteOffset(read);
    out.target = data.getUint32(at, true);
    out.param = data.getUint32(at + 4, true);
    out.value = data.getFloat64(at + 8, true);
    out.frameTime = data.getInt32(at + 20, true) * TWO_TO_32 + data.getUint32(at + 16, true);
    out.kind = data.getUint32(at + 24, true);
    out.sequence = data.getUint32(at + 28, true);
    Atomics.store(words, RING_READ_INDEX_OFFSET / 4, (read + 1) >>> 0);
    return true;
  }
}
