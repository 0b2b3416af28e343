/**
 * How an Engine and its worklet talk (worklet/messages.ts): commands go through a
 * SharedArrayBuffer ring when the page is cross-origin isolated, else by port.postMessage;
 * events come back through a SharedArrayBuffer event ring (polled) or batched in the worklet's
 * 'analyser' messages, which also carry analyser frames and counters on the postMessage path.
 * Requests (graphs, tracks, flush) are numbered here; their answers go to the engine.
 *
 * @module
 */

import { ANALYSER_CAPACITY_FRAMES, AnalyserBuffer, analyserBytesFor } from '../../worklet/analyser-buffer.js';
import { CommandRingReader, CommandRingWriter, initializeRing, ringBytesFor } from '../../worklet/command-ring.js';
import type { RingRecord } from '../../worklet/command-ring.js';
import type { FromProcessorMessage, ToProcessorMessage, WavegraphProcessorOptions } from '../../worklet/messages.js';
import { RECORD_NUMBERS } from '../../worklet/messages.js';

/** Which way commands, events and analyser frames travel between the page and the worklet. */
export type Transport = 'sharedArrayBuffer' | 'postMessage';

/** One event record from the worklet: node, parameter (or channel), value, frame, event kind. */
export type EventSink = (target: number, param: number, value: number, frameTime: number, kind: number) => void;

/** One command: node id, parameter id, value. */
export type Command = [number, number, number];

/** The SharedArrayBuffer event ring is read this often, ms. */
const EVENT_POLL_MS = 20;

/** 'sharedArrayBuffer' when asked for 'auto' on a cross-origin-isolated page, else 'postMessage'. */
export function chooseTransport(requested: 'auto' | 'postMessage' | undefined): Transport {
  const shared = requested !== 'postMessage' && typeof SharedArrayBuffer === 'function' &&
    (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  return shared ? 'sharedArrayBuffer' : 'postMessage';
}

/**
 * Makes the buffers of `transport` and puts the shared ones into processorOptions (command and
 * event rings, initialised, and the analyser buffer); returns the analyser buffer's memory (a
 * plain ArrayBuffer on the postMessage path, filled from the worklet's messages). [main thread]
 */
export function makeTransportBuffers(transport: Transport, processorOptions: WavegraphProcessorOptions): ArrayBufferLike {
  let analyserMemory: ArrayBufferLike;
  if (transport === 'sharedArrayBuffer') {
    processorOptions.commandRing = new SharedArrayBuffer(ringBytesFor(processorOptions.commandRingCapacity));
    initializeRing(processorOptions.commandRing, 0, processorOptions.commandRingCapacity);
    processorOptions.eventRing = new SharedArrayBuffer(ringBytesFor(processorOptions.eventRingCapacity));
    initializeRing(processorOptions.eventRing, 0, processorOptions.eventRingCapacity);
    processorOptions.analyser = new SharedArrayBuffer(analyserBytesFor(ANALYSER_CAPACITY_FRAMES));
    analyserMemory = processorOptions.analyser;
  } else {
    analyserMemory = new ArrayBuffer(analyserBytesFor(ANALYSER_CAPACITY_FRAMES));
  }
  AnalyserBuffer.initialize(analyserMemory, 0, ANALYSER_CAPACITY_FRAMES);
  return analyserMemory;
}

/** The page's side of the transport to one worklet node. [main thread] */
export class WorkletTransport {
  readonly kind: Transport;
  private readonly writer: CommandRingWriter | undefined;  // sharedArrayBuffer transport
  private readonly events: CommandRingReader | undefined;  // sharedArrayBuffer transport
  private readonly record: RingRecord = { target: 0, param: 0, value: 0, frameTime: 0, kind: 0, sequence: 0 };
  private readonly commandRingCapacity: number;
  private sequence = 0;
  private commandsSent = 0;      // postMessage transport
  private commandsConsumed = 0;  // postMessage transport, as last reported by the worklet
  private requestId = 1;
  private pendingFlushes = new Map<number, () => void>();
  private pollTimer: ReturnType<typeof setInterval> | undefined;

  /**
   * Attaches to `node`'s port. Events (from either path) go to onEvent; every message other than
   * 'analyser' and 'flushed' goes to onMessage; analyser frames and counters of the postMessage
   * path go into `analyser`.
   */
  constructor(private readonly node: AudioWorkletNode, options: WavegraphProcessorOptions,
              private readonly analyser: AnalyserBuffer, private readonly onEvent: EventSink,
              onMessage: (message: FromProcessorMessage) => void) {
    this.kind = options.commandRing ? 'sharedArrayBuffer' : 'postMessage';
    this.commandRingCapacity = options.commandRingCapacity;
    this.writer = options.commandRing ? new CommandRingWriter(options.commandRing, 0) : undefined;
    this.events = options.eventRing ? new CommandRingReader(options.eventRing, 0) : undefined;
    node.port.onmessage = (event: MessageEvent<FromProcessorMessage>) => {
      const message = event.data;
      if (message.type === 'analyser') this.onAnalyser(message);
      else if (message.type === 'flushed') this.onFlushed(message.requestId);
      else onMessage(message);
    };
    if (this.events) this.pollTimer = setInterval(() => this.pollEvents(), EVENT_POLL_MS);
  }

  /** Whether `count` more commands fit: free ring slots, or commands the worklet has not consumed yet. */
  hasRoomFor(count: number): boolean {
    if (this.writer) return this.writer.freeSlots() >= count;
    const inFlight = (this.commandsSent - this.commandsConsumed) >>> 0;
    return inFlight + count <= this.commandRingCapacity;
  }

  /**
   * Sends checked commands that fit (hasRoomFor), all landing at frameTime; `kind` is the record's
   * command kind (0: ramped as the parameter is smoothed, 1: at once; docs/ring-layout.md).
   */
  sendCommands(commands: Command[], frameTime: number, kind = 0): void {
    if (this.writer) {
      for (const [target, param, value] of commands)
        this.writer.tryPush(target, param, value, frameTime, kind, this.nextSequence());
      return;
    }
    const records = new Float64Array(commands.length * RECORD_NUMBERS);
    commands.forEach(([target, param, value], i) =>
      records.set([target, param, value, frameTime, kind, this.nextSequence()], i * RECORD_NUMBERS));
    this.post({ type: 'commands', records }, [records.buffer]);
    this.commandsSent = (this.commandsSent + commands.length) >>> 0;
  }

  post(message: ToProcessorMessage, transfer: Transferable[] = []): void {
    this.node.port.postMessage(message, transfer);
  }

  /** A new request id (loadGraph, loadTrack, flush). */
  nextRequestId(): number {
    return this.requestId++;
  }

  /** Resolves once the worklet holds every command sent before: at once with rings, else after a round trip. */
  flush(): Promise<void> {
    if (this.writer) return Promise.resolve();
    const requestId = this.nextRequestId();
    return new Promise<void>((resolve) => {
      this.pendingFlushes.set(requestId, resolve);
      this.post({ type: 'flush', requestId });
    });
  }

  /** Drains the SharedArrayBuffer event ring. [main thread] Allocates only what onEvent does. */
  pollEvents(): void {
    if (!this.events) return;
    const r = this.record;
    while (this.events.tryPop(r)) this.onEvent(r.target, r.param, r.value, r.frameTime, r.kind);
  }

  /** Stops polling, tells the processor to stop, closes the port; pending flushes resolve. */
  close(): void {
    if (this.pollTimer !== undefined) clearInterval(this.pollTimer);
    this.post({ type: 'close' });
    this.node.port.onmessage = null;
    this.node.port.close();
    for (const resolve of this.pendingFlushes.values()) resolve();
    this.pendingFlushes.clear();
  }

  private nextSequence(): number {
    this.sequence = (this.sequence + 1) >>> 0;
    return this.sequence;
  }

  private onFlushed(requestId: number): void {
    this.pendingFlushes.get(requestId)?.();
    this.pendingFlushes.delete(requestId);
  }

  private onAnalyser(message: FromProcessorMessage & { type: 'analyser' }): void {
    this.analyser.appendLatest(message.frames, message.framesWritten);
    this.analyser.storeStats(message.stats);
    this.commandsConsumed = message.commandsConsumed >>> 0;
    const e = message.events;
    for (let i = 0; i + RECORD_NUMBERS - 1 < e.length; i += RECORD_NUMBERS)
      this.onEvent(e[i]!, e[i + 1]!, e[i + 2]!, e[i + 3]!, e[i + 4]!);
  }
}
