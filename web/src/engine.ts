/**
 * createEngine and Engine, the public API: a wavegraph graph (the reference graph by default)
 * running in an AudioWorklet, controlled from the main thread. Commands are checked here by the
 * same C++ core (a second, silent copy of the engine on the main thread holds the same graph;
 * both instances come from one compiled WebAssembly.Module, wasm-core.ts) and travel through
 * transport.ts (a SharedArrayBuffer ring when the page is cross-origin isolated, else
 * postMessage); events (meters, clamps, graph swaps) come back the same way. Spectrum,
 * time-domain data, meters and frequency responses are analysis.ts.
 *
 * @module
 */

import { AnalyserBuffer } from '../../worklet/analyser-buffer.js';
import { bufferMessage, setEngineBuffers } from '../../worklet/audio-buffers.js';
import type { AudioBuffers } from '../../worklet/audio-buffers.js';
import type { EngineStats } from '../../worklet/analyser-buffer.js';
import { AT_NEXT_BLOCK, ringCapacityError } from '../../worklet/command-ring.js';
import type { FromProcessorMessage, WavegraphProcessorOptions } from '../../worklet/messages.js';
import { PROCESSOR_NAME } from '../../worklet/messages.js';
import { AnalysisViews, analyserSettingsFrom } from './analysis.js';
import type { AnalyserSettings } from './analysis.js';
import type { MeterReading } from './analysis.js';
import type { EngineApi, EngineEventListener, NodeDescription, ParamOptions, TrackPosition } from './engine-api.js';
import { describeEvent, eventName } from './events.js';
import type { EngineEvent } from './events.js';
import { ParamId } from './ids.js';
import { frameTimeOf, nodeIdIn, resolveBand, resolveTarget } from './parameter-tables.js';
import { paramTimeline, timelineCallsJson } from './param-timeline.js';
import type { ParamTimeline, TimelineCall } from './param-timeline.js';
import { graphJson, referenceGraph, type GraphDescription } from './reference-graph.js';
import { OK } from './status.js';
import type { Status } from './status.js';
import { chooseTransport, makeTransportBuffers, WorkletTransport } from './transport.js';
import type { Command, Transport } from './transport.js';
import { compileCore, coreGlueUrl, loadCore } from './wasm-core.js';
import type { WasmCoreSource } from './wasm-core.js';
import type { WasmEngine, WavegraphCoreModule } from './wavegraph-core.mjs';

export type { MeterReading } from './analysis.js';
export type { Transport } from './transport.js';
export type { EngineApi, EngineEventListener, NodeDescription, ParameterDescription, ParamOptions, TrackPosition } from './engine-api.js';

/** Options of createEngine. */
export interface CreateEngineOptions {
  /** The graph to run (JSON text or a description object, docs/graph-json.md); default: the
   * reference graph (referenceGraph()). Checked before the worklet starts; errors name the JSON path. */
  graph?: string | GraphDescription;
  /** Sample data by name for the graphs' buffer options (as Engine.setAudioBuffers), given before
   * `graph` is loaded. */
  audioBuffers?: AudioBuffers;
  /** Output channels, 1…32 (default 2). */
  numChannels?: number;
  /** Command ring capacity in records, a power of two in 2…2²⁰ (default 256). */
  commandRingCapacity?: number;
  /** Event ring capacity in records, a power of two in 2…2²⁰ (default 1024). */
  eventRingCapacity?: number;
  /** Where processor.js is (default: next to this module, `new URL('./processor.js', import.meta.url)`). */
  processorUrl?: string | URL;
  /** 'auto' (default): SharedArrayBuffer when cross-origin isolated, else postMessage;
   * 'postMessage': always postMessage (e.g. to test that path on an isolated page). */
  transport?: 'auto' | 'postMessage';
  /** A custom wasm core (wavegraph_add_wasm_core: NAME.wasm and its glue NAME.mjs) with its own
   * processor types, in place of dist/wavegraph-core.wasm: graphs, setParam checks and
   * parameters() then know its types (docs/processors.md, "A custom WebAssembly core"). */
  core?: WasmCoreSource;
}

const DEFAULT_NUM_CHANNELS = 2;
const DEFAULT_COMMAND_RING_CAPACITY = 256;
const DEFAULT_EVENT_RING_CAPACITY = 1024;

/** JSON text of a graph option. */
function graphText(graph: string | GraphDescription): string {
  return graphJson(graph);
}

/**
 * A running graph in an AudioWorkletNode. Create with createEngine. Every setter checks its
 * arguments on the calling (main) thread and returns a Status; nothing throws. [main thread]
 */
export class Engine implements EngineApi {
  /** The node: connect it (`engine.node.connect(context.destination)`) and feed its input. */
  readonly node: AudioWorkletNode;
  /** How commands, events and analyser frames travel. */
  readonly transport: Transport;
  /** Frames per render quantum (the engine's block size). */
  readonly renderQuantumFrames: number;
  /** The context's sample rate in Hz. */
  readonly sampleRate: number;
  /** Output channels. */
  readonly numChannels: number;
  /** Command ring capacity in records. */
  readonly commandRingCapacity: number;
  /** Event ring capacity in records. */
  readonly eventRingCapacity: number;

  private readonly shadow: WasmEngine;  // the same graph, never rendered: checks commands and graphs
  private readonly core: WavegraphCoreModule;  // the shadow's module (its heap takes buffers)
  private readonly link: WorkletTransport;
  private readonly analyser: AnalyserBuffer;
  private readonly views: AnalysisViews;
  private readonly listeners = new Set<EngineEventListener>();
  private description: NodeDescription[] = [];
  private pendingGraphs = new Map<number, { resolve: () => void; reject: (error: Error) => void; json: string }>();
  private pendingTracks = new Map<number, { resolve: (r: { durationSeconds: number }) => void; reject: (e: Error) => void }>();
  private trackDurationSeconds = 0;
  private trackEndsSeen = 0;
  private lastGoodGraph: string;
  private failure = '';
  private closed = false;
  private readyResolve: (() => void) | undefined;
  private readyReject: ((error: Error) => void) | undefined;
  /** Settles when the processor reports 'ready' (or rejects with its one-line error). */
  readonly ready: Promise<void>;

  /** Use createEngine. [main thread] */
  constructor(node: AudioWorkletNode, transport: Transport, shadow: WasmEngine, graph: string,
              options: WavegraphProcessorOptions, sampleRate: number, analyser: ArrayBufferLike,
              core: WavegraphCoreModule) {
    this.node = node;
    this.core = core;
    this.transport = transport;
    this.shadow = shadow;
    this.lastGoodGraph = graph;
    this.renderQuantumFrames = options.maxBlockFrames;
    this.sampleRate = sampleRate;
    this.numChannels = options.numChannels;
    this.commandRingCapacity = options.commandRingCapacity;
    this.eventRingCapacity = options.eventRingCapacity;
    this.analyser = new AnalyserBuffer(analyser, 0);
    this.views = new AnalysisViews(this.analyser, shadow, sampleRate, () => {
      const id = this.description.find((n) => n.type === 'analyser')?.nodeId ?? -1;
      return analyserSettingsFrom((param) => (id < 0 ? null : this.shadow.parameterValue(id, param)));
    });
    this.description = parseDescription(shadow.describe());
    this.ready = new Promise<void>((resolve, reject) => {
      this.readyResolve = resolve;
      this.readyReject = reject;
    });
    this.link = new WorkletTransport(node, options, this.analyser,
      (target, param, value, frameTime, kind) => this.dispatch(target, param, value, frameTime, kind),
      (message) => this.onMessage(message));
    node.onprocessorerror = () => this.fail('the wavegraph processor stopped with an error (processorerror)');
  }

  /**
   * The settings of the graph's first analyser node, which getFloatFrequencyData and
   * getByteFrequencyData use (AnalyserNode's attributes: fftSize, smoothingTimeConstant,
   * minDecibels, maxDecibels; its defaults when the graph has no analyser). Change them as any
   * parameter: setParam('analyser', 'fftSize', 4096), or in the graph JSON.
   */
  analyserSettings(): AnalyserSettings {
    return this.views.analyserSettings();
  }

  /** The analyser node's smoothingTimeConstant τ (AnalyserNode's attribute; default 0.8). */
  get smoothingTimeConstant(): number {
    return this.views.analyserSettings().smoothingTimeConstant;
  }
  /** Sets the analyser node's smoothingTimeConstant (setParam; a value outside 0…1 is ignored). */
  set smoothingTimeConstant(tau: number) {
    const id = this.description.find((n) => n.type === 'analyser')?.nodeId ?? -1;
    if (id >= 0) this.setParam(id, 'smoothingTimeConstant', tau);
  }

  /** The nodes of the running graph with their parameters (names, units, ranges, defaults, and
   * the values last set from this page). */
  parameters(): NodeDescription[] {
    this.description = parseDescription(this.shadow.describe());
    return this.description;
  }

  /**
   * The magnitude response of an EQ or biquad node (numeric or JSON id; default "eq") at each
   * frequency in Hz, in dB, from the engine's own coefficients (the C++ design, RBJ Audio EQ
   * Cookbook with the Web Audio API's conventions) for the values last set from this page.
   * Like BiquadFilterNode.getFrequencyResponse, but in dB; defined from 0 Hz to Nyquist
   * inclusive, frequencies outside give NaN. Returns false (out untouched) when the node has no
   * response.
   */
  getFrequencyResponseDb(frequenciesHz: Float32Array, magnitudeDbOut: Float32Array, node: number | string = 'eq'): boolean {
    const id = typeof node === 'string' ? this.nodeId(node) : node;
    return this.views.frequencyResponseDb(id, frequenciesHz, magnitudeDbOut);
  }

  /**
   * BiquadFilterNode.getFrequencyResponse for an EQ or biquad node (numeric or JSON id; default
   * "eq"): the linear magnitude and the phase in radians, in (−π, π], of the engine's own
   * coefficients for the values last set from this page, at each frequency in Hz from 0 to
   * Nyquist inclusive; frequencies outside give NaN in both. Fills min(lengths) entries. Returns
   * false (outputs untouched) when the node has no response.
   */
  getFrequencyResponse(frequenciesHz: Float32Array, magnitudeOut: Float32Array, phaseOut: Float32Array,
    node: number | string = 'eq'): boolean {
    const id = typeof node === 'string' ? this.nodeId(node) : node;
    return this.views.frequencyResponse(id, frequenciesHz, magnitudeOut, phaseOut);
  }

  /** The numeric id of a node's JSON id ("eq" → 1), or −1. */
  nodeId(jsonId: string): number {
    return nodeIdIn(this.description, jsonId);
  }

  /**
   * Sets parameter `param` (id or name, e.g. "band4.gainDb") of node `node` (numeric id or JSON
   * id) to `value` in the parameter's unit, at the next render quantum or exactly at
   * `opts.atTime`. Checked here first: unknown node/parameter, NaN/±Infinity, out of range (the
   * message names the value and the range), a bad atTime, a full command ring.
   */
  setParam(node: number | string, param: number | string, value: number, opts?: ParamOptions): Status {
    const resolved = resolveTarget(this.description, node, param);
    if ('ok' in resolved) return resolved;
    return this.send([[resolved.target, resolved.param, value]], opts);
  }

  /** EngineApi.param: checked here, then applied by the worklet's core (docs/graph-json.md). */
  param(node: number | string, param: number | string): ParamTimeline {
    return paramTimeline((call) => {
      const resolved = resolveTarget(this.description, node, param);
      if ('ok' in resolved) return resolved;
      return this.automate(resolved.target, resolved.param, call);
    });
  }

  /** Reference graph: EQ band `band` (0…7) gain in dB, −40…40 (node "eq"). */
  setBandGain(band: number, gainDb: number, opts?: ParamOptions): Status {
    return this.sendBand(band, ParamId.eqBandGainDb, gainDb, opts);
  }

  /** Reference graph: EQ band `band` (0…7) centre frequency in Hz, 10 up to (not including) Nyquist. */
  setBandFrequency(band: number, frequencyHz: number, opts?: ParamOptions): Status {
    return this.sendBand(band, ParamId.eqBandFrequencyHz, frequencyHz, opts);
  }

  /** Reference graph: EQ band `band` (0…7) q (linear for peaking, as BiquadFilterNode.Q). */
  setBandQ(band: number, q: number, opts?: ParamOptions): Status {
    return this.sendBand(band, ParamId.eqBandQ, q, opts);
  }

  /** Reference graph: master gain in dB, −120…24 (node "master"); ramped. */
  setGain(gainDb: number, opts?: ParamOptions): Status {
    const target = this.nodeId('master');
    if (target < 0) return { ok: false, message: 'the graph has no node "master"' };
    return this.send([[target, ParamId.masterGainDb, gainDb]], opts);
  }

  /**
   * Gives sample data by name to the graphs loaded from now on (their `buffers` entries and node
   * options such as a bufferSource's `"buffer": "kick"`, docs/graph-json.md): an AudioBuffer from
   * decodeAudioData or { channels: Float32Array[], sampleRate }. Checked here (the message names
   * the buffer, e.g. "buffers.kick: sampleRateHz: 100 is out of range (3000…768000 Hz)"), then
   * copied to the worklet as binary; the running graph keeps its own buffers until loadGraph.
   */
  setAudioBuffers(buffers: AudioBuffers): Status {
    if (this.closed) return { ok: false, message: 'the engine is closed' };
    const { data, transfer, error } = bufferMessage(buffers);
    const refused = error || setEngineBuffers(this.core, this.shadow, data);
    if (refused) return { ok: false, message: refused };
    this.link.post({ type: 'setBuffers', buffers: data }, transfer);
    return OK;
  }

  /**
   * Replaces the running graph: checked here first (nothing is sent on error), then built and
   * published in the worklet; the audio crossfades to it over 5 ms. Nodes with the same JSON id
   * and type keep their node id, parameters and state. Resolves when the worklet has taken it;
   * rejects with an Error of one line naming the JSON path (e.g.
   * "nodes[3].params.frequencyHz: 30000 is above Nyquist (24000 Hz)"), and the running graph
   * stays as it was.
   */
  loadGraph(graph: string | GraphDescription): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the engine is closed'));
    if (this.failure) return Promise.reject(new Error(this.failure));
    const json = graphText(graph);
    const error = this.shadow.checkGraph(json);
    if (error) return Promise.reject(new Error(error));
    const requestId = this.link.nextRequestId();
    return new Promise<void>((resolve, reject) => {
      this.pendingGraphs.set(requestId, { resolve, reject, json });
      this.link.post({ type: 'loadGraph', requestId, json });
    });
  }

  /**
   * Plays a track (docs/tracks.md: steps of binaural beats, isochronic tones, sines, noise with
   * envelopes and crossfades) into the graph's input from the next render quantum on, in place of
   * the node's input (so it runs through the graph: EQ, meter, analyser). Checked here first
   * (nothing is sent on error). Resolves with the duration in seconds at the context's rate;
   * rejects with an Error of one line naming the JSON path (e.g.
   * "steps[1].voices[0].params.base_freq: -3 is below 0"). Needs numChannels ≥ 2.
   */
  loadTrack(track: string | object): Promise<{
    /** The track's length in seconds. */
    durationSeconds: number;
  }> {
    if (this.closed) return Promise.reject(new Error('the engine is closed'));
    const json = typeof track === 'string' ? track : JSON.stringify(track);
    const error = this.shadow.checkTrack(json);
    if (error) return Promise.reject(new Error(error));
    const requestId = this.link.nextRequestId();
    return new Promise((resolve, reject) => {
      this.pendingTracks.set(requestId, { resolve, reject });
      this.link.post({ type: 'loadTrack', requestId, json });
    });
  }

  /** Moves the loaded track to `seconds` (clamped to 0…duration) at the next render quantum. */
  seekTrack(seconds: number): Status {
    if (!Number.isFinite(seconds) || seconds < 0) return { ok: false, message: `seconds ${seconds} must be a time ≥ 0` };
    if (this.trackDurationSeconds === 0) return { ok: false, message: 'no track is loaded (call loadTrack first)' };
    this.link.post({ type: 'seekTrack', seconds });
    return OK;
  }

  /** Stops and unloads the track; the node's input is heard again. */
  unloadTrack(): void {
    this.trackDurationSeconds = 0;
    this.link.post({ type: 'unloadTrack' });
  }

  /** The loaded track's position and duration in seconds, and whether it has played to its end
   * (updated with stats()). */
  trackPosition(): TrackPosition {
    const s = this.stats();
    return {
      positionSeconds: this.trackDurationSeconds > 0 ? s.trackPositionFrames / this.sampleRate : 0,
      durationSeconds: this.trackDurationSeconds,
      ended: this.trackDurationSeconds > 0 && s.trackFinished === 1,
    };
  }

  /**
   * Resolves once the worklet holds every command sent before the call: at once with
   * SharedArrayBuffer rings; after a message round trip on the postMessage path. Await it before
   * OfflineAudioContext.startRendering() so that postMessage commands cannot arrive after the
   * frames they were scheduled for have been rendered.
   */
  flush(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the engine is closed'));
    return this.link.flush();
  }

  /**
   * AnalyserNode.getFloatFrequencyData over the graph's first analyser node (the post-EQ mono
   * down-mix in the reference graph), with that node's parameters: fftSize frames, Blackman
   * window, smoothing τ (smoothingTimeConstant), dB values (−Infinity for silence) into the first
   * min(out.length, fftSize / 2) elements of out (bin k at k·sampleRate/fftSize Hz; excess bins
   * are dropped, excess elements left as they are). W3C Web Audio API § AnalyserNode, "FFT
   * windowing and smoothing". Called again before a new render quantum arrived, it returns the
   * same data. [main thread] Allocates only for a new fftSize.
   */
  getFloatFrequencyData(out: Float32Array): void {
    this.views.getFloatFrequencyData(out);
  }

  /**
   * AnalyserNode.getByteFrequencyData: the dB spectrum of getFloatFrequencyData scaled to
   * 0…255 over the analyser node's minDecibels…maxDecibels (defaults −100…−30 dB):
   * ⌊255 / (max − min) · (dB − min)⌋, clamped, into the first min(out.length, fftSize / 2)
   * elements. [main thread] Allocates only for a new length.
   */
  getByteFrequencyData(out: Uint8Array): void {
    this.views.getByteFrequencyData(out);
  }

  /**
   * The newest out.length frames (at most 65536) of the analyser's mono down-mix, oldest first,
   * as AnalyserNode.getFloatTimeDomainData; frames not yet rendered are 0. [main thread] Never allocates.
   */
  getFloatTimeDomainData(out: Float32Array): void {
    this.views.getFloatTimeDomainData(out);
  }

  /** Frames the analyser has seen so far (u32, wraps): grows while the context renders. */
  analyserFramesWritten(): number {
    return this.views.analyserFramesWritten();
  }

  /**
   * The latest peak/RMS reading of a meter node (numeric or JSON id; default: the graph's first
   * meter, "meter" in the reference graph), or undefined before its first window (about
   * 1024 frames, ≈ 43–47 readings per second).
   */
  meters(node?: number | string): MeterReading | undefined {
    this.link.pollEvents();
    const id = node === undefined ? this.description.find((n) => n.type === 'meter')?.nodeId ?? -1
      : typeof node === 'string' ? this.nodeId(node) : node;
    return this.views.meterReading(id);
  }

  /**
   * Listens to engine events: 'parameterClamped', 'commandRejected', 'planSwapped',
   * 'planRetired', 'badBlock', 'commandsDeferred' and meter readings from the audio thread, and
   * 'commandDropped' / 'error' from this side. Returns a function that removes the listener.
   * Listeners run on the main thread; an exception in one is reported with console.error.
   */
  on(type: 'event', listener: EngineEventListener): () => void {
    if (type !== 'event') return () => undefined;
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Counters: render quanta, audio-thread load per quantum (% of its duration), command ring
   * fill, commands applied/rejected/late/dropped, events dropped, graphs swapped, bad blocks.
   * Updated about every 16 render quanta with SharedArrayBuffer, about every 1024 frames otherwise.
   */
  stats(): EngineStats {
    this.link.pollEvents();
    const stats = this.analyser.loadStats();
    if (stats.trackEnds > this.trackEndsSeen) {
      this.trackEndsSeen = stats.trackEnds;
      this.emit({ type: 'trackEnded', nodeId: 0, param: 0, value: this.trackDurationSeconds, frameTime: -1,
        message: `the track reached its end (${this.trackDurationSeconds.toFixed(1)} s)` });
    }
    return stats;
  }

  /** The same as stats(). */
  getStats(): EngineStats {
    return this.stats();
  }

  /** Disconnects the node, stops the processor, frees the main-thread copy. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.node.disconnect();
    this.link.close();
    this.shadow.delete();
    for (const pending of this.pendingGraphs.values()) pending.reject(new Error('the engine was closed'));
    this.pendingGraphs.clear();
    for (const pending of this.pendingTracks.values()) pending.reject(new Error('the engine was closed'));
    this.pendingTracks.clear();
    this.fail('the engine was closed before the processor was ready');
  }

  private automate(target: number, param: number, call: TimelineCall): Status {
    if (this.closed) return { ok: false, message: 'the engine is closed' };
    if (this.failure) return { ok: false, message: this.failure };
    const { json, error } = timelineCallsJson([call]);
    if (error) return { ok: false, message: error };
    const refused = this.shadow.automate(target, param, json);
    this.shadow.processBlock(0, 0, -1);  // takes the lane so that the copy's queue never fills
    this.shadow.collectRetired();
    if (refused) return { ok: false, message: refused };
    this.link.post({ type: 'automate', target, param, calls: json });
    return OK;
  }

  private sendBand(band: number, paramOf: (band: number) => number, value: number, opts?: ParamOptions): Status {
    const resolved = resolveBand(this.description, band, paramOf);
    if ('ok' in resolved) return resolved;
    return this.send([[resolved.target, resolved.param, value]], opts);
  }

  /** Checks all, then sends all or none. */
  private send(commands: Command[], opts: ParamOptions | undefined): Status {
    if (this.closed) return { ok: false, message: 'the engine is closed' };
    if (this.failure) return { ok: false, message: this.failure };
    const frameTime = frameTimeOf(opts, this.sampleRate, AT_NEXT_BLOCK);
    if (typeof frameTime !== 'number') return frameTime;
    const smoothing = opts?.smoothing ?? true;
    if (typeof smoothing !== 'boolean') return { ok: false, message: `smoothing ${String(smoothing)} must be true or false` };
    for (const [target, param, value] of commands) {
      const error = typeof value === 'number' ? this.shadow.validate(target, param, value) : `value ${String(value)} is not a number`;
      if (error) return { ok: false, message: error };
    }
    if (!this.link.hasRoomFor(commands.length))
      return this.dropped({ ok: false, message: `command ring full (${this.commandRingCapacity} records)` });
    this.link.sendCommands(commands, frameTime, smoothing ? 0 : 1);
    this.mirrorOnShadow(commands);
    return OK;
  }

  /** Keeps the main-thread copy on the values sent (for parameters() and responses). */
  private mirrorOnShadow(commands: Command[]): void {
    for (const [target, param, value] of commands) this.shadow.applyNow(target, param, value);
  }

  private dropped(status: Status & { ok: false }): Status {
    this.emit({ type: 'commandDropped', nodeId: 0, param: 0, value: 0, frameTime: -1, message: status.message });
    return status;
  }

  /** One event from the worklet: meter readings are kept; listeners hear every event. [main thread]
   * Allocates only event objects for listeners. */
  private dispatch(target: number, param: number, value: number, frameTime: number, kind: number): void {
    this.views.recordMeter(target, param, value, frameTime, kind);
    if (this.listeners.size === 0) return;
    const type = eventName(kind);
    if (!type) return;
    this.emit({ type, nodeId: target, param, value, frameTime, message: describeEvent(this.description, type, target, param, value) });
  }

  private emit(event: EngineEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error('wavegraph: an event listener threw:', error);
      }
    }
  }

  private onMessage(message: FromProcessorMessage): void {
    switch (message.type) {
      case 'ready':
        this.description = parseDescription(message.description);
        this.readyResolve?.();
        this.readyResolve = this.readyReject = undefined;
        break;
      case 'error':
        this.emit({ type: 'error', nodeId: 0, param: 0, value: 0, frameTime: -1, message: message.message });
        this.fail(message.message);
        break;
      case 'graphLoaded': {
        const pending = this.pendingGraphs.get(message.requestId);
        this.pendingGraphs.delete(message.requestId);
        // Keep the main-thread copy on the same graph (same node ids) as the worklet.
        const json = message.error ? this.lastGoodGraph : pending?.json ?? this.lastGoodGraph;
        const shadowError = this.shadow.loadGraph(json);
        this.shadow.processBlock(0, 0, -1);  // takes the plan (crossfade 0) so its queue never fills
        this.shadow.collectRetired();
        if (!message.error && !shadowError) {
          this.lastGoodGraph = json;
          this.description = parseDescription(message.description);
          pending?.resolve();
        } else {
          pending?.reject(new Error(message.error || shadowError));
        }
        break;
      }
      case 'trackLoaded': {
        const pending = this.pendingTracks.get(message.requestId);
        this.pendingTracks.delete(message.requestId);
        if (message.error) {
          pending?.reject(new Error(message.error));
        } else {
          this.trackDurationSeconds = message.durationSeconds;
          // trackEnds counts over every track, so a stale reading here is the right baseline too.
          this.trackEndsSeen = this.analyser.loadStats().trackEnds;
          pending?.resolve({ durationSeconds: message.durationSeconds });
        }
        break;
      }
      default:
        break;
    }
  }

  private fail(message: string): void {
    if (!this.failure && !this.closed) this.failure = message;
    this.readyReject?.(new Error(message));
    this.readyResolve = this.readyReject = undefined;
  }
}

function parseDescription(text: string): NodeDescription[] {
  return (JSON.parse(text) as { nodes: NodeDescription[] }).nodes;
}

function optionError(options: CreateEngineOptions): string {
  const {
    numChannels = DEFAULT_NUM_CHANNELS, commandRingCapacity = DEFAULT_COMMAND_RING_CAPACITY,
    eventRingCapacity = DEFAULT_EVENT_RING_CAPACITY, transport = 'auto',
  } = options;
  if (!Number.isInteger(numChannels) || numChannels < 1 || numChannels > 32)
    return `numChannels ${numChannels} is out of range (1…32)`;
  const ringError = ringCapacityError(commandRingCapacity);
  if (ringError) return `commandRingCapacity: ${ringError}`;
  const eventError = ringCapacityError(eventRingCapacity);
  if (eventError) return `eventRingCapacity: ${eventError}`;
  if (transport !== 'auto' && transport !== 'postMessage') return `transport "${String(transport)}" is not one of auto, postMessage`;
  return '';
}

/**
 * Loads the worklet module into `context` and starts an engine in an AudioWorkletNode
 * (1 input, 1 output of numChannels channels; not connected). Works with AudioContext and
 * OfflineAudioContext. Uses SharedArrayBuffer rings and analyser buffer when the page is
 * cross-origin isolated; otherwise postMessage, with one console.warn saying so.
 * Rejects with an Error of one line: a bad option (e.g. "numChannels 40 is out of range (1…32)"),
 * a bad graph (JSON path first), a worklet that failed to load, or the processor's start-up error.
 * [main thread]
 */
export async function createEngine(context: BaseAudioContext, options: CreateEngineOptions = {}): Promise<Engine> {
  const error = optionError(options);
  if (error) throw new Error(error);
  const numChannels = options.numChannels ?? DEFAULT_NUM_CHANNELS;
  const commandRingCapacity = options.commandRingCapacity ?? DEFAULT_COMMAND_RING_CAPACITY;
  const eventRingCapacity = options.eventRingCapacity ?? DEFAULT_EVENT_RING_CAPACITY;
  const renderQuantumFrames = (context as BaseAudioContext & { renderQuantumSize?: number }).renderQuantumSize ?? 128;
  const processorUrl = options.processorUrl ?? new URL('./processor.js', import.meta.url);

  // The main-thread copy: the same core and graph, used to check commands and graphs here. Its
  // instance and the worklet's come from the one compiled module.
  const core = await loadCore(options.core);
  const wasmModule = await compileCore(options.core);
  const glueUrl = await coreGlueUrl(options.core);
  const shadow = new core.WasmEngine();
  const shadowError = shadow.prepare(context.sampleRate, renderQuantumFrames, numChannels, 2, 2, 0);
  const graph = options.graph === undefined ? undefined : graphText(options.graph);
  const buffers = options.audioBuffers === undefined ? undefined : bufferMessage(options.audioBuffers);
  const bufferError = shadowError || (buffers?.error ?? '') ||
    (buffers === undefined ? '' : setEngineBuffers(core, shadow, buffers.data));
  const graphError = bufferError || (graph === undefined ? '' : shadow.loadGraph(graph));
  if (graphError) {
    shadow.delete();
    throw new Error(graphError);
  }
  shadow.processBlock(0, 0, -1);

  try {
    await context.audioWorklet.addModule(processorUrl);
  } catch (cause) {
    shadow.delete();
    throw new Error(`could not load the wavegraph worklet from ${String(processorUrl)}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
  // A custom core's glue registers its factory in the worklet's global scope (worklets cannot import()).
  if (glueUrl !== undefined) {
    try {
      await context.audioWorklet.addModule(glueUrl);
    } catch (cause) {
      shadow.delete();
      throw new Error(`could not load the wasm core's glue into the worklet from ${glueUrl}: ${cause instanceof Error ? cause.message : String(cause)}`);
    }
  }

  const transport = chooseTransport(options.transport);
  const processorOptions: WavegraphProcessorOptions = {
    numChannels, maxBlockFrames: renderQuantumFrames, commandRingCapacity, eventRingCapacity, wasmModule,
  };
  if (graph !== undefined) processorOptions.graph = graph;
  if (buffers !== undefined) processorOptions.buffers = buffers.data;
  if (glueUrl !== undefined) processorOptions.coreName = core.coreName();
  if (transport === 'postMessage' && options.transport !== 'postMessage')
    console.warn('wavegraph: the page is not cross-origin isolated, so commands travel by postMessage; serve it with COOP/COEP headers (Cross-Origin-Opener-Policy: same-origin, Cross-Origin-Embedder-Policy: require-corp) for the SharedArrayBuffer rings.');
  const analyserMemory = makeTransportBuffers(transport, processorOptions);

  let node: AudioWorkletNode;
  try {
    node = new AudioWorkletNode(context, PROCESSOR_NAME, {
      numberOfInputs: 1,
      numberOfOutputs: 1,
      outputChannelCount: [numChannels],
      processorOptions,
    });
  } catch (cause) {
    shadow.delete();
    throw new Error(`could not create the wavegraph AudioWorkletNode: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
  const engine = new Engine(node, transport, shadow,
    graph ?? JSON.stringify(referenceGraph()), processorOptions, context.sampleRate, analyserMemory, core);
  await engine.ready;
  return engine;
}
