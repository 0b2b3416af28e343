// worker_threads producer for ring.test.ts: writes `count` records into the shared ring with the
// shipped CommandRingWriter (dist/index.js), spinning while the ring is full.
import { parentPort, workerData } from 'node:worker_threads';
import { CommandRingWriter } from '../../dist/index.js';

const { buffer, count } = workerData;
const writer = new CommandRingWriter(buffer, 0);
let fullSpins = 0;
for (let seq = 0; seq < count; ++seq) {
  // Fields derived from seq so the reader can check every one (see expectedRecord in ring.test.ts).
  const frameTime = seq % 5 === 0 ? -1 : seq * 2654435761;  // up to 2.7e14: beyond 32 bits
  while (!writer.tryPush(seq % 4, (seq * 7) % 27, seq * 0.5 - 1000.25, frameTime, seq % 9, seq)) ++fullSpins;
}
parentPort.postMessage({ done: true, fullSpins });
