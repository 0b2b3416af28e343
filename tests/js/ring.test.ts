// The TypeScript command ring (shipped in dist/index.js): order across wrap-around, full and
// empty behaviour, u32 index wrap, and a real second thread as producer.
import { Worker } from 'node:worker_threads';
import { describe, expect, test } from 'vitest';
import {
  CommandRingReader, CommandRingWriter, RING_READ_INDEX_OFFSET, RING_WRITE_INDEX_OFFSET, initializeRing, ringBytesFor,
} from '../../dist/index.js';
import type { CommandRecord } from '../../dist/index.js';
import { randomInt, seededRandom } from './random.js';

function makeRing(capacity: number): { buffer: SharedArrayBuffer; writer: CommandRingWriter; reader: CommandRingReader } {
  const buffer = new SharedArrayBuffer(ringBytesFor(capacity));
  initializeRing(buffer, 0, capacity);
  return { buffer, writer: new CommandRingWriter(buffer, 0), reader: new CommandRingReader(buffer, 0) };
}

const emptyRecord = (): CommandRecord => ({ target: 0, param: 0, value: 0, frameTime: 0, kind: 0, sequence: 0 });

/** What the worker (and the single-thread tests) write for sequence number seq. */
function expectedRecord(seq: number): CommandRecord {
  const frameTime = seq % 5 === 0 ? -1 : seq * 2654435761;  // i64: beyond 32 bits, and 'next block'
  return { target: seq % 4, param: (seq * 7) % 27, value: seq * 0.5 - 1000.25, frameTime, kind: seq % 9, sequence: seq };
}

describe('CommandRing (TypeScript writer and reader)', () => {
  test('keeps order and content across thousands of wrap-arounds (capacity 8)', () => {
    const { writer, reader } = makeRing(8);
    const random = seededRandom(1);
    const out = emptyRecord();
    let written = 0;
    let read = 0;
    while (read < 20000) {
      const toWrite = randomInt(random, 0, 9);
      for (let i = 0; i < toWrite; ++i) {
        const r = expectedRecord(written);
        if (!writer.tryPush(r.target, r.param, r.value, r.frameTime, r.kind, r.sequence)) break;
        ++written;
      }
      const toRead = randomInt(random, 0, 9);
      for (let i = 0; i < toRead && reader.tryPop(out); ++i) {
        expect(out).toEqual(expectedRecord(read));
        ++read;
      }
      expect(reader.size()).toBe(written - read);
    }
    expect(written).toBeGreaterThanOrEqual(20000);
  });

  test('full: tryPush returns false and overwrites nothing', () => {
    const { writer, reader } = makeRing(8);
    for (let i = 0; i < 8; ++i) expect(writer.tryPush(1, i, 100 + i, 0, 0, 0xc0de0000 + i)).toBe(true);
    expect(writer.freeSlots()).toBe(0);
    expect(writer.tryPush(1, 99, -1, 0, 0, 0xdeadbeef)).toBe(false);
    expect(writer.tryPush(1, 99, -1, 0, 0, 0xdeadbeef)).toBe(false);
    const out = emptyRecord();
    for (let i = 0; i < 8; ++i) {
      expect(reader.tryPop(out)).toBe(true);
      expect(out).toEqual({ target: 1, param: i, value: 100 + i, frameTime: 0, kind: 0, sequence: 0xc0de0000 + i });
    }
    expect(reader.tryPop(out)).toBe(false);
  });

  test('empty: tryPop returns false and leaves the output untouched', () => {
    const { reader, writer } = makeRing(8);
    const out = { target: 7, param: 7, value: 7, frameTime: 7, kind: 7, sequence: 7 };
    expect(reader.size()).toBe(0);
    expect(reader.tryPop(out)).toBe(false);
    expect(out).toEqual({ target: 7, param: 7, value: 7, frameTime: 7, kind: 7, sequence: 7 });
    expect(writer.freeSlots()).toBe(8);
  });

  test('indices wrap at 2^32', () => {
    const { buffer, writer, reader } = makeRing(8);
    const words = new Uint32Array(buffer);
    Atomics.store(words, RING_WRITE_INDEX_OFFSET / 4, 0xfffffffc);
    Atomics.store(words, RING_READ_INDEX_OFFSET / 4, 0xfffffffc);
    const out = emptyRecord();
    let next = 0;
    for (let seq = 0; seq < 40; ++seq) {
      const r = expectedRecord(seq);
      expect(writer.tryPush(r.target, r.param, r.value, r.frameTime, r.kind, r.sequence)).toBe(true);
      if (seq % 3 === 2) {
        while (reader.tryPop(out)) expect(out).toEqual(expectedRecord(next++));
      }
    }
    while (reader.tryPop(out)) expect(out).toEqual(expectedRecord(next++));
    expect(next).toBe(40);
    expect(Atomics.load(words, RING_WRITE_INDEX_OFFSET / 4)).toBe((0xfffffffc + 40) >>> 0);
    expect(Atomics.load(words, RING_READ_INDEX_OFFSET / 4)).toBe((0xfffffffc + 40) >>> 0);
  });

  test('rejects a bad capacity with the C++ message', () => {
    expect(() => ringBytesFor(100)).toThrow('ring capacity 100 must be a power of two in 2…1048576 records');
  });

  test('a worker thread writes 10^5 records; the main thread reads every one in order', async () => {
    const count = 100_000;
    const { buffer, reader } = makeRing(16);
    const worker = new Worker(new URL('./ring-writer.worker.mjs', import.meta.url), { workerData: { buffer, count } });
    const finished = new Promise<{ fullSpins: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    const out = emptyRecord();
    let read = 0;
    let mismatches = 0;
    const deadline = Date.now() + 30_000;
    while (read < count && Date.now() < deadline) {
      if (!reader.tryPop(out)) continue;
      const want = expectedRecord(read);
      if (out.target !== want.target || out.param !== want.param || out.value !== want.value ||
          out.frameTime !== want.frameTime || out.kind !== want.kind || out.sequence !== want.sequence) ++mismatches;
      ++read;
    }
    const { fullSpins } = await finished;
    await worker.terminate();
    console.log(`worker ring: ${read} records read, ${mismatches} mismatches, producer saw the ring full ${fullSpins} times`);
    expect(read).toBe(count);
    expect(mismatches).toBe(0);
    expect(reader.tryPop(out)).toBe(false);
  });
});
