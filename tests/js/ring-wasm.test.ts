// TypeScript writer → SharedArrayBuffer ring → the worklet's RingMirror → the ring in wasm memory
// → the C++ CommandRingView reader (WasmEngine.drainCommandsForTest): the same records, in order.
import { describe, expect, test } from 'vitest';
import {
  CommandRingWriter, RING_READ_INDEX_OFFSET, RingMirror, initializeRing, ringBytesFor,
} from '../../dist/index.js';
import { instantiateCore, makeEngine } from './core.js';
import { randomInt, seededRandom } from './random.js';

const SPECIAL_VALUES = [0, -0, 1, -1, 0.1, 1e-310, -1e300, Number.MAX_VALUE, 2 ** 53, Infinity, -Infinity, NaN];

interface Sent { target: number; param: number; value: number; frameTime: number; kind: number; sequence: number }

describe('RingMirror into the wasm ring', () => {
  for (const capacity of [8, 16]) {
    test(`C++ reader sees exactly what TypeScript wrote (capacity ${capacity}, batches of varying size)`, () => {
      const core = instantiateCore();
      const engine = makeEngine(core, 48000, 128, 2, capacity);
      const sab = new SharedArrayBuffer(ringBytesFor(capacity));
      initializeRing(sab, 0, capacity);
      const writer = new CommandRingWriter(sab, 0);
      const mirror = new RingMirror(sab, 0, core.HEAPU8.buffer, engine.commandRingPtr());
      const sabWords = new Uint32Array(sab);
      const random = seededRandom(capacity);
      const pending: Sent[] = [];
      let sequence = 0;
      let received = 0;
      let mismatches = 0;
      while (received < 3000) {
        const batch = randomInt(random, 0, capacity + 2);
        for (let i = 0; i < batch; ++i) {
          const r: Sent = {
            target: randomInt(random, 0, 0xffffffff),
            param: randomInt(random, 0, 0xffffffff),
            value: random() < 0.2 ? SPECIAL_VALUES[randomInt(random, 0, SPECIAL_VALUES.length - 1)]! : (random() - 0.5) * 1e6,
            frameTime: random() < 0.1 ? -1 : randomInt(random, 0, 0xffffffff) * 65536 + randomInt(random, 0, 65535),
            kind: randomInt(random, 0, 0xffffffff),
            sequence: sequence,
          };
          if (!writer.tryPush(r.target, r.param, r.value, r.frameTime, r.kind, r.sequence)) {
            expect(pending.length).toBe(capacity);  // full only when the C++ side holds `capacity` records
            break;
          }
          pending.push(r);
          ++sequence;
        }
        mirror.pull();
        const drained = engine.drainCommandsForTest(randomInt(random, 0, capacity));
        mirror.pushReadIndex();
        for (let k = 0; k < drained.length; k += 6) {
          const want = pending.shift()!;
          const same = drained[k] === want.target && drained[k + 1] === want.param && Object.is(drained[k + 2], want.value) &&
            drained[k + 3] === want.frameTime && drained[k + 4] === want.kind && drained[k + 5] === want.sequence;
          if (!same) ++mismatches;
          ++received;
        }
        const wasmRead = core.HEAPU32[(engine.commandRingPtr() + RING_READ_INDEX_OFFSET) / 4];
        expect(Atomics.load(sabWords, RING_READ_INDEX_OFFSET / 4)).toBe(wasmRead);
        expect(writer.freeSlots()).toBe(capacity - pending.length);
      }
      console.log(`capacity ${capacity}: ${received} records through ${Math.floor(received / capacity)}+ wrap-arounds, ${mismatches} mismatches`);
      expect(mismatches).toBe(0);
      engine.delete();
    });
  }

  test('processBlock applies every mirrored command (commandsApplied counts them)', () => {
    const core = instantiateCore();
    const engine = makeEngine(core, 48000, 128, 1, 16);
    const sab = new SharedArrayBuffer(ringBytesFor(16));
    initializeRing(sab, 0, 16);
    const writer = new CommandRingWriter(sab, 0);
    const mirror = new RingMirror(sab, 0, core.HEAPU8.buffer, engine.commandRingPtr());
    let sent = 0;
    for (let block = 0; block < 200; ++block) {
      for (let i = 0; i < 7 && writer.tryPush(3, 0, -(sent % 60), -1, 0, sent); ++i) ++sent;
      mirror.pull();
      engine.processBlock(128, 0, -1);
      mirror.pushReadIndex();
    }
    mirror.pull();
    engine.processBlock(128, 0, -1);
    expect(sent).toBe(1400);
    expect(engine.commandsApplied()).toBe(sent);
    expect(engine.commandsRejected()).toBe(0);
    engine.delete();
  });

  test('refuses rings of different capacity', () => {
    const core = instantiateCore();
    const engine = makeEngine(core, 48000, 128, 1, 16);
    const sab = new SharedArrayBuffer(ringBytesFor(8));
    initializeRing(sab, 0, 8);
    expect(() => new RingMirror(sab, 0, core.HEAPU8.buffer, engine.commandRingPtr()))
      .toThrow('ring capacities differ (8 in the page, 16 in wasm)');
    engine.delete();
  });
});
