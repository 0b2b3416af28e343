/**
 * createEngine and Engine: the reference chain running in an AudioWorklet, controlled from the
 * main thread. Commands are validated here (same ranges and messages as the C++ core) and sent
 * through a SharedArrayBuffer ring when the page is cross-origin isolated, else by postMessage.
 *
 * @module
 */

import { ANALYSER_CAPACITY_FRAMES, AnalyserBuffer, analyserBytesFor } from '../../worklet/analyser-buffer.js';
import type { EngineStats } from '../../worklet/analyser-buffer.js';
import { CommandRingWriter, initializeRing, ringBytesFor, ringCapacityError } from '../../worklet/command-ring.js';
import type { FromProcessorMessage, ToProcessorMessage, WavegraphProcessorOptions } from '../../worklet/messages.js';
import { PROCESSOR_NAME } from '../../worklet/messages.js';
import { NodeId, ParamId, SourceKindId } from './ids.js';
import type { SourceKind } from './ids.js';
import { SpectrumAnalyser, fftSizeForBins } from './spectrum.js';
import { OK, statusFrom } from './status.js';
import type { Status } from './status.js';
import { validateBand, validateCommand } from './validation.js';

/** Options of createEngine. */
export interface CreateEngineOptions {
  /** Output channels, 1…32 (default 2). */
  numChannels?: number;
  /** Command ring capacity in records, a power of two in 2…2²⁰ (default 256). */
  commandRingCapacity?: number;
  /** Where processor.js is (default: next to this module, `new URL('./processor.js', import.meta.url)`). */
  processorUrl?: string | URL;
  /** 'auto' (default): SharedArrayBuffer when cross-origin isolated, else postMessage;
   * 'postMessage': always postMessage (e.g. to test that path on an isolated page). */
  transport?: 'auto' | 'postMessage';
}

/** Options of one command. */
export interface CommandOptions {
  /** Frames into the next render quantum at which the change takes effect, 0…renderQuantumFrames − 1 (default 0). */
  frameOffset?: number;
}

/** Options of setSource. */
export interface SourceOptions {
  /** Sine frequency in Hz, (0, Nyquist) exclusive. */
  frequencyHz?: number;
  /** Generator level in dBFS (peak for the sine), -120…0. */
  levelDb?: number;
}

/** Which way commands and analyser frames travel between the page and the worklet. */
export type Transport = 'sharedArrayBuffer' | 'postMessage';

type Command = [target: number, param: number, value: number];

const DEFAULT_NUM_CHANNELS = 2;
const DEFAULT_RING_CAPACITY = 256;

/**
 * A running reference chain (source → 8-band EQ → analyser tap → master gain) in an
 * AudioWorkletNode. Create with createEngine. Every setter validates on the calling (main)
 * thread and returns a Status; nothing throws. [main thread]
 */
export class Engine {
  /** The node: connect it (`engine.node.connect(context.destination)`) and feed its input. */
  readonly node: AudioWorkletNode;
  /** How commands and analyser frames travel. */
  readonly transport: Transport;
  /** Frames per render quantum (the engine's block size). */
  readonly renderQuantumFrames: number;
  /** The context's sample rate in Hz. */
  readonly sampleRate: number;
  /** Output channels. */
  readonly numChannels: number;
  /** Command ring capacity in records. */
  readonly commandRingCapacity: number;

  private readonly writer: CommandRingWriter | undefined;  // sharedArrayBuffer transport
  private readonly analyser: AnalyserBuffer;
  private readonly spectrum = new SpectrumAnalyser();
  private readonly timeFrames = new Map<number, Float32Array>();
  private lastSpectrum = new Float32Array(0);
  private lastSpectrumFrames = -1;
  private sequence = 0;
  private commandsSent = 0;      // postMessage transport
  private commandsConsumed = 0;  // postMessage transport, as last reported by the worklet
  private failure = '';
  private closed = false;
  private readyResolve: (() => void) | undefined;
  private readyReject: ((error: Error) => void) | undefined;
  /** Settles when the processor reports 'ready' (or rejects with its one-line error). */
  readonly ready: Promise<void>;

  /** Use createEngine. [main thread] */
  constructor(node: AudioWorkletNode, transport: Transport, renderQuantumFrames: number, sampleRate: number,
              numChannels: number, commandRingCapacity: number, commandRing: SharedArrayBuffer | undefined,
              analyser: ArrayBufferLike) {
    this.node = node;
    this.transport = transport;
    this.renderQuantumFrames = renderQuantumFrames;
    this.sampleRate = sampleRate;
    this.numChannels = numChannels;
    this.commandRingCapacity = commandRingCapacity;
    this.writer = commandRing ? new CommandRingWriter(commandRing, 0) : undefined;
    this.analyser = new AnalyserBuffer(analyser, 0);
    this.ready = new Promise<void>((resolve, reject) => {
      this.readyResolve = resolve;
      this.readyReject = reject;
    });
    node.port.onmessage = (event: MessageEvent<FromProcessorMessage>) => this.onMessage(event.data);
    node.onprocessorerror = () => this.fail('the wavegraph processor stopped with an error (processorerror)');
  }

  /** AnalyserNode.smoothingTimeConstant for getFloatFrequencyData: τ in [0, 1], default 0.8. */
  get smoothingTimeConstant(): number {
    return this.spectrum.smoothingTimeConstant;
  }
  set smoothingTimeConstant(tau: number) {
    this.spectrum.smoothingTimeConstant = Math.min(1, Math.max(0, Number.isFinite(tau) ? tau : 0.8));
  }

  /** EQ band `band` (0…7) gain in dB, -24…24. */
  setBandGain(band: number, gainDb: number, opts?: CommandOptions): Status {
    return this.sendBand(band, ParamId.eqBandGainDb, gainDb, opts);
  }

  /** EQ band `band` (0…7) centre frequency in Hz, 10 up to (not including) Nyquist. */
  setBandFrequency(band: number, frequencyHz: number, opts?: CommandOptions): Status {
    return this.sendBand(band, ParamId.eqBandFrequencyHz, frequencyHz, opts);
  }

  /** EQ band `band` (0…7) q, 0.1…30. */
  setBandQ(band: number, q: number, opts?: CommandOptions): Status {
    return this.sendBand(band, ParamId.eqBandQ, q, opts);
  }

  /** Master gain in dB, -60…12; the engine ramps to it over 10 ms. */
  setGain(gainDb: number, opts?: CommandOptions): Status {
    return this.send([[NodeId.masterGain, ParamId.masterGainDb, gainDb]], opts);
  }

  /**
   * The source: 'input' (the node's input), 'pinkNoise' or 'sine', with optional sine frequency
   * (Hz, (0, Nyquist)) and generator level (dBFS, -120…0). All values are checked before any is
   * sent; they take effect in the same render quantum.
   */
  setSource(kind: SourceKind, options: SourceOptions = {}, opts?: CommandOptions): Status {
    if (!Object.prototype.hasOwnProperty.call(SourceKindId, kind))
      return { ok: false, message: `source kind "${String(kind)}" is not one of input, pinkNoise, sine` };
    const commands: Command[] = [];
    if (options.frequencyHz !== undefined) commands.push([NodeId.source, ParamId.sourceFrequencyHz, options.frequencyHz]);
    if (options.levelDb !== undefined) commands.push([NodeId.source, ParamId.sourceLevelDb, options.levelDb]);
    commands.push([NodeId.source, ParamId.sourceKind, SourceKindId[kind]]);
    return this.send(commands, opts);
  }

  /**
   * AnalyserNode.getFloatFrequencyData over the post-EQ mono down-mix: fftSize = 2 × out.length
   * (rounded down to a power of two, clamped to 32…32768), Blackman window, smoothing τ
   * (smoothingTimeConstant), dB values (−Infinity for silence) into the first fftSize / 2
   * elements of out (bin k at k·sampleRate/fftSize Hz). Called again before a new render quantum
   * arrived, it returns the same data. [main thread] Allocates only for a new fftSize.
   */
  getFloatFrequencyData(out: Float32Array): void {
    const fftSize = fftSizeForBins(out.length);
    let frames = this.timeFrames.get(fftSize);
    if (!frames) {
      frames = new Float32Array(fftSize);
      this.timeFrames.set(fftSize, frames);
    }
    const written = this.analyser.framesWritten();
    if (this.lastSpectrum.length !== fftSize / 2) {
      this.lastSpectrum = new Float32Array(fftSize / 2);
      this.lastSpectrumFrames = -1;
    }
    if (written !== this.lastSpectrumFrames) {
      this.analyser.copyLatest(frames);
      this.spectrum.getFloatFrequencyData(frames, this.lastSpectrum);
      this.lastSpectrumFrames = written;
    }
    out.set(out.length >= this.lastSpectrum.length ? this.lastSpectrum : this.lastSpectrum.subarray(0, out.length));
  }

  /**
   * The newest out.length frames (at most 65536) of the post-EQ mono down-mix, oldest first, as
   * AnalyserNode.getFloatTimeDomainData; frames not yet rendered are 0. [main thread] Never allocates.
   */
  getFloatTimeDomainData(out: Float32Array): void {
    this.analyser.copyLatest(out);
  }

  /** Frames the analyser has seen so far (u32, wraps): grows while the context renders. */
  analyserFramesWritten(): number {
    return this.analyser.framesWritten();
  }

  /** The worklet's counters (every quantum with SharedArrayBuffer, about every 1024 frames otherwise). */
  getStats(): EngineStats {
    return this.analyser.loadStats();
  }

  /** Disconnects the node and stops the processor. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.node.disconnect();
    this.post({ type: 'close' });
    this.node.port.onmessage = null;
    this.node.port.close();
    this.fail('the engine was closed before the processor was ready');
  }

  private sendBand(band: number, paramOf: (band: number) => number, value: number, opts?: CommandOptions): Status {
    const bandError = validateBand(band);
    if (bandError) return { ok: false, message: bandError };
    return this.send([[NodeId.eq, paramOf(band), value]], opts);
  }

  /** Validates all, then sends all or none. */
  private send(commands: Command[], opts: CommandOptions | undefined): Status {
    if (this.closed) return { ok: false, message: 'the engine is closed' };
    if (this.failure) return { ok: false, message: this.failure };
    const frameOffset = opts?.frameOffset ?? 0;
    if (!Number.isInteger(frameOffset) || frameOffset < 0 || frameOffset >= this.renderQuantumFrames)
      return { ok: false, message: `frameOffset ${frameOffset} is out of range (0…${this.renderQuantumFrames - 1})` };
    for (const [target, param, value] of commands) {
      const error = validateCommand(target, param, value, this.sampleRate);
      if (error) return statusFrom(error);
    }
    const full = { ok: false as const, message: `command ring full (${this.commandRingCapacity} records)` };
    if (this.writer) {
      if (this.writer.freeSlots() < commands.length) return full;
      for (const [target, param, value] of commands)
        this.writer.tryPush(target, param, value, frameOffset, this.nextSequence());
      return OK;
    }
    const inFlight = (this.commandsSent - this.commandsConsumed) >>> 0;
    if (inFlight + commands.length > this.commandRingCapacity) return full;
    const records = new Float64Array(commands.length * 5);
    commands.forEach(([target, param, value], i) => records.set([target, param, value, frameOffset, this.nextSequence()], i * 5));
    this.post({ type: 'commands', records }, [records.buffer]);
    this.commandsSent = (this.commandsSent + commands.length) >>> 0;
    return OK;
  }

  private nextSequence(): number {
    this.sequence = (this.sequence + 1) >>> 0;
    return this.sequence;
  }

  private post(message: ToProcessorMessage, transfer: Transferable[] = []): void {
    this.node.port.postMessage(message, transfer);
  }

  private onMessage(message: FromProcessorMessage): void {
    switch (message.type) {
      case 'ready':
        this.readyResolve?.();
        this.readyResolve = this.readyReject = undefined;
        break;
      case 'error':
        this.fail(message.message);
        break;
      case 'analyser': {
        this.analyser.appendLatest(message.frames, message.framesWritten);
        const s = message.stats;
        this.analyser.storeStats(s.commandsApplied, s.commandsRejected, s.badBlocks, s.quanta, s.commandsDropped);
        this.commandsConsumed = message.commandsConsumed >>> 0;
        break;
      }
    }
  }

  private fail(message: string): void {
    if (!this.failure && !this.closed) this.failure = message;
    this.readyReject?.(new Error(message));
    this.readyResolve = this.readyReject = undefined;
  }
}

function optionError(options: CreateEngineOptions): string {
  const { numChannels = DEFAULT_NUM_CHANNELS, commandRingCapacity = DEFAULT_RING_CAPACITY, transport = 'auto' } = options;
  if (!Number.isInteger(numChannels) || numChannels < 1 || numChannels > 32)
    return `numChannels ${numChannels} is out of range (1…32)`;
  const ringError = ringCapacityError(commandRingCapacity);
  if (ringError) return ringError;
  if (transport !== 'auto' && transport !== 'postMessage') return `transport "${String(transport)}" is not one of auto, postMessage`;
  return '';
}

/**
 * Loads the worklet module into `context` and starts an engine in an AudioWorkletNode
 * (1 input, 1 output of numChannels channels; not connected). Uses a SharedArrayBuffer command
 * ring and analyser buffer when the page is cross-origin isolated; otherwise postMessage, with
 * one console.warn saying so.
 * Rejects with an Error of one line: a bad option (e.g. "numChannels 40 is out of range (1…32)"),
 * a worklet that failed to load, or the processor's start-up error.
 * [main thread]
 */
export async function createEngine(context: BaseAudioContext, options: CreateEngineOptions = {}): Promise<Engine> {
  const error = optionError(options);
  if (error) throw new Error(error);
  const numChannels = options.numChannels ?? DEFAULT_NUM_CHANNELS;
  const commandRingCapacity = options.commandRingCapacity ?? DEFAULT_RING_CAPACITY;
  const renderQuantumFrames = (context as BaseAudioContext & { renderQuantumSize?: number }).renderQuantumSize ?? 128;
  const processorUrl = options.processorUrl ?? new URL('./processor.js', import.meta.url);

  try {
    await context.audioWorklet.addModule(processorUrl);
  } catch (cause) {
    throw new Error(`could not load the wavegraph worklet from ${String(processorUrl)}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }

  const shared = options.transport !== 'postMessage' && typeof SharedArrayBuffer === 'function' &&
    (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  const processorOptions: WavegraphProcessorOptions = { numChannels, maxBlockFrames: renderQuantumFrames, commandRingCapacity };
  let analyserMemory: ArrayBufferLike;
  if (shared) {
    processorOptions.commandRing = new SharedArrayBuffer(ringBytesFor(commandRingCapacity));
    initializeRing(processorOptions.commandRing, 0, commandRingCapacity);
    processorOptions.analyser = new SharedArrayBuffer(analyserBytesFor(ANALYSER_CAPACITY_FRAMES));
    analyserMemory = processorOptions.analyser;
  } else {
    if (options.transport !== 'postMessage')
      console.warn('wavegraph: the page is not cross-origin isolated, so commands travel by postMessage; serve it with COOP/COEP headers (Cross-Origin-Opener-Policy: same-origin, Cross-Origin-Embedder-Policy: require-corp) for the SharedArrayBuffer ring.');
    analyserMemory = new ArrayBuffer(analyserBytesFor(ANALYSER_CAPACITY_FRAMES));
  }
  AnalyserBuffer.initialize(analyserMemory, 0, ANALYSER_CAPACITY_FRAMES);

  let node: AudioWorkletNode;
  try {
    node = new AudioWorkletNode(context, PROCESSOR_NAME, {
      numberOfInputs: 1,
      numberOfOutputs: 1,
      outputChannelCount: [numChannels],
      processorOptions,
    });
  } catch (cause) {
    throw new Error(`could not create the wavegraph AudioWorkletNode: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
  const engine = new Engine(node, shared ? 'sharedArrayBuffer' : 'postMessage', renderQuantumFrames, context.sampleRate,
    numChannels, commandRingCapacity, processorOptions.commandRing, analyserMemory);
  await engine.ready;
  return engine;
}
