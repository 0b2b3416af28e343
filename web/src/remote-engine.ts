/**
 * connectEngine and RemoteEngine: the Engine API (EngineApi) against a native `wavegraph serve`
 * over its WebSocket /api/live (docs/server.md). Parameter values are checked here against the
 * tables the server sent in its hello (parameter-tables.ts: the same messages as the in-page
 * Engine); the spectrum is computed here from the analyser windows the server pushes, with the
 * package's own spectrum code (analysis.ts, spectrum.ts); meters, position and events come as
 * pushes. Frequency responses come from a silent copy of the graph in this page's wasm core
 * (when the core knows the graph's node types). [main thread]
 *
 * @module
 */

import { ANALYSER_CAPACITY_FRAMES, AnalyserBuffer, analyserBytesFor } from '../../worklet/analyser-buffer.js';
import type { EngineStats } from '../../worklet/analyser-buffer.js';
import { AnalysisViews, analyserSettingsFrom, toByteFrequencyData } from './analysis.js';
import type { AnalyserSettings } from './analysis.js';
import { MAX_FFT_SIZE, MIN_FFT_SIZE } from './spectrum.js';
import type { MeterReading } from './analysis.js';
import type { EngineApi, EngineEventListener, NodeDescription, ParamOptions, TrackPosition } from './engine-api.js';
import { describeEvent, EngineEventKind } from './events.js';
import type { EngineEvent, EngineEventName } from './events.js';
import { ParamId } from './ids.js';
import { checkValue, frameTimeOf, nodeIdIn, resolveBand, resolveTarget } from './parameter-tables.js';
import { paramTimeline } from './param-timeline.js';
import type { ParamTimeline } from './param-timeline.js';
import type { GraphDescription } from './reference-graph.js';
import type {
  AnalyserMessage, EventMessage, HelloMessage, MetersMessage, PositionMessage, ReplyMessage,
} from './remote-messages.js';
import { displayUrl, openSocket, SOCKET_OPEN, socketUrlError } from './remote-socket.js';
import type { RemoteSocket, WebSocketClass } from './remote-socket.js';
import { OK } from './status.js';
import type { Status } from './status.js';
import { loadCore } from './wasm-core.js';
import type { WasmCoreSource } from './wasm-core.js';
import type { WasmEngine } from './wavegraph-core.mjs';

export type { WebSocketClass } from './remote-socket.js';

/** Options of connectEngine. */
export interface ConnectEngineOptions {
  /** The server's token (`wavegraph serve --token T`), sent as `?token=` on the upgrade. */
  token?: string;
  /** The WebSocket class: in Node, `WebSocket` from the `ws` package; default: the global one (browsers). */
  WebSocket?: WebSocketClass;
  /** How long to wait for the server's hello, ms (default 5000). */
  timeoutMs?: number;
  /** The wasm core that answers getFrequencyResponseDb (default: the package's core); false: none. */
  core?: WasmCoreSource | false;
}

/** How often stats() asks the server for fresh counters at most, ms. */
const STATS_REQUEST_INTERVAL_MS = 250;
const DEFAULT_TIMEOUT_MS = 5000;
/** The meter level of digital silence, dBFS (as the core's meter node reports it). */
const SILENCE_DB = -200;

/** A request waiting for its reply. */
type PendingReply = (reply: ReplyMessage) => void;

/**
 * A native `wavegraph serve` engine, driven over its WebSocket with the same methods as Engine
 * (both implement EngineApi). Create with connectEngine. Setters check their arguments here and
 * return a Status at once; the server's own refusals (rare: a graph changed meanwhile) arrive as
 * 'commandDropped' events. When the connection is lost, listeners get one 'disconnected' event
 * and every setter returns `{ ok: false, message: "not connected to ws://…" }`. [main thread]
 */
export class RemoteEngine implements EngineApi {
  /** The server's sample rate in Hz. */
  readonly sampleRate: number;
  /** Output channels of the server's engine. */
  readonly numChannels: number;
  /** Frames per render quantum of the server's engine. */
  readonly renderQuantumFrames: number;
  /** The WebSocket URL (without the token). */
  readonly url: string;

  private readonly socket: RemoteSocket;
  private readonly analyser: AnalyserBuffer;
  private readonly views: AnalysisViews;
  private readonly listeners = new Set<EngineEventListener>();
  private readonly pending = new Map<number, PendingReply>();
  /** Frames of each pushed analyser window (a power of two): the largest fftSize with no gap. */
  private readonly windowFrames: number;
  private windowBins = new Float32Array(0);  // getFloatFrequencyData at windowFrames
  private byteScratch = new Float32Array(0);  // getByteFrequencyData's dB values
  private lastWindowEnd = -1;
  private description: NodeDescription[];
  private shadow: WasmEngine | null = null;
  private nextId = 1;
  private latestFrame = 0;
  private track: TrackPosition = { positionSeconds: 0, durationSeconds: 0, ended: false };
  private serverStats: Record<string, number> = {};
  private statsRequestedMs = -Infinity;
  private commandsRefused = 0;
  private pushesDropped = 0;
  private lost = '';
  private closed = false;

  /** Use connectEngine. [main thread] @internal */
  constructor(socket: RemoteSocket, hello: HelloMessage, url: string) {
    this.socket = socket;
    this.url = displayUrl(url);
    this.sampleRate = hello.sampleRateHz;
    this.numChannels = hello.channels;
    this.renderQuantumFrames = hello.renderQuantumFrames;
    this.description = hello.nodes;
    this.latestFrame = typeof hello.positionFrames === 'number' ? hello.positionFrames : 0;
    const memory = new ArrayBuffer(analyserBytesFor(ANALYSER_CAPACITY_FRAMES));
    AnalyserBuffer.initialize(memory, 0, ANALYSER_CAPACITY_FRAMES);
    this.analyser = new AnalyserBuffer(memory, 0);
    this.views = new AnalysisViews(this.analyser, null, this.sampleRate, () => {
      const node = this.description.find((n) => n.type === 'analyser');
      return analyserSettingsFrom((param) => node?.parameters[param]?.value);
    });
    const frames = hello.analyserFrames ?? 2048;
    this.windowFrames = Number.isInteger(frames) && frames >= MIN_FFT_SIZE && frames <= MAX_FFT_SIZE && (frames & (frames - 1)) === 0
      ? frames : 2048;
    socket.onmessage = (event) => this.onMessage(event.data);
    socket.onclose = (event) => this.onClose(event.code, event.reason);
    socket.onerror = () => undefined;  // the close event that follows says it
  }

  /** Whether the connection is open. */
  get connected(): boolean {
    return !this.closed && !this.lost && this.socket.readyState === SOCKET_OPEN;
  }

  /** The server engine's time in seconds (its latest pushed frame / sampleRate): the clock of ParamOptions.atTime. */
  get currentTime(): number {
    return this.latestFrame / this.sampleRate;
  }

  /**
   * The settings of the server graph's first analyser node that getFloatFrequencyData and
   * getByteFrequencyData use (as its hello or the latest loadGraph listed them, with the values
   * last set from here; AnalyserNode's defaults without an analyser).
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

  /** The nodes of the server's running graph with their parameters (as its hello or the latest
   * loadGraph listed them, with the values last set from here). */
  parameters(): NodeDescription[] {
    return this.description;
  }

  /** The numeric id of a node's JSON id ("eq" → 1), or −1. */
  nodeId(jsonId: string): number {
    return nodeIdIn(this.description, jsonId);
  }

  /**
   * Sets parameter `param` (id or name, e.g. "band4.gainDb") of node `node` (numeric id or JSON
   * id) to `value` on the server, at its next render quantum or exactly at `opts.atTime` (the
   * server's seconds, see currentTime). Checked here first against the server's tables, with
   * the in-page Engine's messages (e.g. "eq.band4.gainDb 90 is out of range (-40…40 dB)").
   */
  setParam(node: number | string, param: number | string, value: number, opts?: ParamOptions): Status {
    const resolved = resolveTarget(this.description, node, param);
    if ('ok' in resolved) return resolved;
    return this.send(resolved.target, resolved.param, value, opts);
  }

  /** Refused: `wavegraph serve` has no command for AudioParam timelines (use `automation` lists). */
  param(node: number | string, param: number | string): ParamTimeline {
    return paramTimeline((call) => ({
      ok: false,
      message: `${String(node)}.${String(param)}: ${call.method} is not available on a remote engine (the server has ` +
        'no command for AudioParam timelines; put them in the graph description\'s "automation" lists)',
    }));
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
    return this.send(target, ParamId.masterGainDb, gainDb, opts);
  }

  /**
   * Replaces the server's running graph (crossfaded there). Resolves when the server has taken
   * it (parameters() then lists the new graph); rejects with the server's one line naming the
   * JSON path, and the running graph stays as it was.
   */
  async loadGraph(graph: string | GraphDescription): Promise<void> {
    let parsed: unknown;
    try {
      parsed = typeof graph === 'string' ? JSON.parse(graph) : graph;
    } catch (cause) {
      throw new Error(`the graph is not JSON: ${cause instanceof Error ? cause.message : String(cause)}`);
    }
    const reply = await this.request({ op: 'loadGraph', graph: parsed });
    // The server names the path inside its message ("graph.nodes[2]…"); the graph's own path is Engine's text.
    if (!reply.ok) throw new Error((reply.error ?? 'the server refused the graph').replace(/^graph\./, ''));
    const listed = Array.isArray(reply.nodes) ? reply : await this.request({ op: 'parameters' });
    if (listed.ok && Array.isArray(listed.nodes)) this.description = listed.nodes;
    this.loadShadowGraph(parsed);
  }

  /**
   * The magnitude response in dB of an EQ or biquad node (numeric or JSON id; default "eq") at
   * each frequency in Hz, from the C++ design in this page's wasm core for the values last set
   * from here (as Engine.getFrequencyResponseDb). Returns false (out untouched) when the node has
   * no response or the core does not know the server's graph.
   */
  getFrequencyResponseDb(frequenciesHz: Float32Array, magnitudeDbOut: Float32Array, node: number | string = 'eq'): boolean {
    const id = typeof node === 'string' ? this.nodeId(node) : node;
    return this.views.frequencyResponseDb(id, frequenciesHz, magnitudeDbOut);
  }

  /**
   * AnalyserNode.getFloatFrequencyData over the server's analyser windows (pushed about 20 times
   * a second), with the analyser node's fftSize and smoothingTimeConstant (analyserSettings()),
   * Blackman window, dB values, as Engine.getFloatFrequencyData. The windows are analyserFrames
   * long (2048) with gaps between them, so a larger fftSize is computed at analyserFrames and each
   * of its bins fills the bins of out it covers (bin k of out at k·sampleRate/fftSize Hz as usual,
   * the resolution that of the window: 23.4 Hz at 48 kHz). Fills min(out.length, fftSize / 2).
   */
  getFloatFrequencyData(out: Float32Array): void {
    const { fftSize } = this.views.analyserSettings();
    if (fftSize <= this.windowFrames) {
      this.views.getFloatFrequencyData(out);
      return;
    }
    const bins = this.windowFrames / 2;
    if (this.windowBins.length !== bins) this.windowBins = new Float32Array(bins);
    this.views.getFloatFrequencyData(this.windowBins, this.windowFrames);
    const ratio = this.windowFrames / fftSize;
    const n = Math.min(out.length, fftSize / 2);
    for (let k = 0; k < n; ++k) out[k] = this.windowBins[Math.floor(k * ratio)]!;
  }

  /** AnalyserNode.getByteFrequencyData: the dB spectrum of getFloatFrequencyData scaled to 0…255
   * over the analyser node's minDecibels…maxDecibels; fills min(out.length, fftSize / 2). */
  getByteFrequencyData(out: Uint8Array): void {
    const { fftSize, minDecibels, maxDecibels } = this.views.analyserSettings();
    const n = Math.min(out.length, fftSize / 2);
    if (this.byteScratch.length !== n) this.byteScratch = new Float32Array(n);
    const db = this.byteScratch;
    this.getFloatFrequencyData(db);
    toByteFrequencyData(db, out, minDecibels, maxDecibels);
  }

  /** The newest out.length frames of the server's analyser (mono mix), oldest first; 0 where no
   * window arrived (between the pushed windows too). */
  getFloatTimeDomainData(out: Float32Array): void {
    this.views.getFloatTimeDomainData(out);
  }

  /** Frames of the server's analyser seen here so far (the frame of the latest pushed window, u32). */
  analyserFramesWritten(): number {
    return this.views.analyserFramesWritten();
  }

  /** The latest peak/RMS reading pushed for a meter node (numeric or JSON id; default: the graph's first meter). */
  meters(node?: number | string): MeterReading | undefined {
    const id = node === undefined ? this.firstMeterId() : typeof node === 'string' ? this.nodeId(node) : node;
    return this.views.meterReading(id);
  }

  /**
   * Listens to engine events: the server's engine events ('parameterClamped', 'planSwapped' …),
   * its meter readings ('meterPeakDb' and 'meterRmsDb', one event per channel, as Engine),
   * 'commandDropped' (a command the server refused), 'pushesDropped' (this client read too slowly
   * and missed pushes) and 'disconnected' (the connection was lost). Returns a function that
   * removes the listener. An exception in a listener is reported with console.error.
   */
  on(type: 'event', listener: EngineEventListener): () => void {
    if (type !== 'event') return () => undefined;
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The server engine's counters, as last received (asks for fresh ones at most every 250 ms; the
   * first call gives zeros). quanta is frames rendered / renderQuantumFrames; commandsDropped
   * counts the commands the server refused.
   */
  stats(): EngineStats {
    this.requestStats();
    const s = this.serverStats;
    const n = (name: string): number => (typeof s[name] === 'number' ? s[name] : 0);
    return {
      commandsApplied: n('commandsApplied'),
      commandsRejected: n('commandsRejected'),
      commandsLate: n('commandsLate'),
      badBlocks: n('badBlocks'),
      quanta: Math.floor(n('framesRendered') / this.renderQuantumFrames),
      commandsDropped: n('commandsDropped') + this.commandsRefused,
      eventsDropped: n('eventsDropped') + this.pushesDropped,
      plansSwapped: n('plansSwapped'),
      audioLoadPercent: n('audioLoadPercent'),
      commandRingFill: n('commandRingFill'),
      trackPositionFrames: n('trackPositionFrames'),
      trackEnds: n('trackEnds'),
      trackFinished: n('trackFinished'),
      processorFailures: n('processorFailures'),
    };
  }

  /**
   * The server's counters as last received (stats() asks for them): the engine's (framesRendered,
   * commandsApplied …) and the host's (underruns, overruns, internalErrors, restarts).
   */
  serverCounters(): Record<string, number> {
    this.requestStats();
    return { ...this.serverStats };
  }

  /** The server's track position and duration (from its position pushes, about 10 a second). */
  trackPosition(): TrackPosition {
    return { ...this.track };
  }

  /** Closes the connection (the server's engine keeps running) and frees the local copy. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.socket.close(1000, 'client closed');
    } catch {
      // already closed
    }
    this.shadow?.delete();
    this.shadow = null;
    this.views.setShadow(null);
    this.failPending('the engine was closed');
  }

  /** Takes `shadow` (prepared at the server's format) and loads `graph` into it to answer responses. @internal */
  adoptShadow(shadow: WasmEngine, graph: unknown): void {
    if (this.closed) {
      shadow.delete();
      return;
    }
    this.shadow = shadow;
    this.loadShadowGraph(graph);
  }

  private loadShadowGraph(graph: unknown): void {
    const shadow = this.shadow;
    if (shadow === null) return;
    if (graph === undefined || shadow.loadGraph(JSON.stringify(graph)) !== '') {
      this.views.setShadow(null);
      return;
    }
    shadow.processBlock(0, 0, -1);  // takes the plan (nothing is rendered)
    shadow.collectRetired();
    // The same graph gives the same ids; values as the server lists them.
    const local = (JSON.parse(shadow.describe()) as { nodes: NodeDescription[] }).nodes;
    const same = local.length === this.description.length &&
      local.every((n, i) => n.id === this.description[i]!.id && n.nodeId === this.description[i]!.nodeId);
    if (!same) {
      this.views.setShadow(null);
      return;
    }
    for (const node of this.description)
      for (const p of node.parameters) if (typeof p.value === 'number') shadow.applyNow(node.nodeId, p.id, p.value);
    this.views.setShadow(shadow);
  }

  private sendBand(band: number, paramOf: (band: number) => number, value: number, opts?: ParamOptions): Status {
    const resolved = resolveBand(this.description, band, paramOf);
    if ('ok' in resolved) return resolved;
    return this.send(resolved.target, resolved.param, value, opts);
  }

  /** Checks, sends, and keeps the local tables on the value sent. */
  private send(target: number, param: number, value: number, opts: ParamOptions | undefined): Status {
    if (this.closed) return { ok: false, message: 'the engine is closed' };
    if (!this.connected) return { ok: false, message: `not connected to ${this.url}` };
    const atFrame = frameTimeOf(opts, this.sampleRate, -1);
    if (typeof atFrame !== 'number') return atFrame;
    if (opts?.smoothing === false)
      return { ok: false, message: 'smoothing: false is not available on a remote engine (wavegraph serve ramps every change)' };
    const error = checkValue(this.description, this.sampleRate, target, param, value);
    if (error) return { ok: false, message: error };
    const node = this.description.find((n) => n.nodeId === target)!;
    const info = node.parameters[param]!;
    const message: Record<string, unknown> = { op: 'setParam', node: node.id, param: info.name, value };
    if (atFrame >= 0) message.atFrame = atFrame;
    this.request(message).then((reply) => {
      if (!reply.ok) this.refused(node, info.name, param, value, reply.error ?? 'refused by the server');
    }, () => undefined);
    info.value = value;
    this.shadow?.applyNow(target, param, value);
    return OK;
  }

  private refused(node: NodeDescription, name: string, param: number, value: number, error: string): void {
    this.commandsRefused++;
    this.emit({ type: 'commandDropped', nodeId: node.nodeId, param, value, frameTime: -1, message: `${node.id}.${name}: ${error}` });
  }

  /** Sends `message` with a new id; resolves with the reply (rejects when not connected or closed). */
  private request(message: Record<string, unknown>): Promise<ReplyMessage> {
    if (this.closed) return Promise.reject(new Error('the engine is closed'));
    if (!this.connected) return Promise.reject(new Error(`not connected to ${this.url}`));
    const id = this.nextId++;
    return new Promise<ReplyMessage>((resolve, reject) => {
      this.pending.set(id, resolve);
      try {
        this.socket.send(JSON.stringify({ id, ...message }));
      } catch (cause) {
        this.pending.delete(id);
        reject(new Error(`could not send to ${this.url}: ${cause instanceof Error ? cause.message : String(cause)}`));
      }
    });
  }

  private requestStats(): void {
    const now = Date.now();
    if (!this.connected || now - this.statsRequestedMs < STATS_REQUEST_INTERVAL_MS) return;
    this.statsRequestedMs = now;
    this.request({ op: 'stats' }).then((reply) => {
      if (reply.ok && reply.stats) this.serverStats = reply.stats;
    }, () => undefined);
  }

  private firstMeterId(): number {
    return this.description.find((n) => n.type === 'meter')?.nodeId ?? -1;
  }

  /** One message from the server. Never throws. */
  private onMessage(data: unknown): void {
    let message: { type?: string; id?: number };
    try {
      message = JSON.parse(typeof data === 'string' ? data : String(data)) as { type?: string; id?: number };
    } catch {
      return;
    }
    try {
      if (message.type === undefined && typeof message.id === 'number') {
        const resolve = this.pending.get(message.id);
        this.pending.delete(message.id);
        resolve?.(message as ReplyMessage);
        return;
      }
      switch (message.type) {
        case 'meters': this.onMeters(message as MetersMessage); break;
        case 'analyser': this.onAnalyser(message as AnalyserMessage); break;
        case 'position': this.onPosition(message as PositionMessage); break;
        case 'event': this.onEvent(message as EventMessage); break;
        case 'dropped': this.onDropped(message as { frames: number; total: number }); break;
        default: break;
      }
    } catch (error) {
      console.error('wavegraph: a message from the server could not be read:', error);
    }
  }

  private onMeters(m: MetersMessage): void {
    const id = m.node === undefined ? this.firstMeterId() : typeof m.node === 'number' ? m.node : this.nodeId(m.node);
    if (id < 0) return;
    this.latestFrame = Math.max(this.latestFrame, m.frame);
    // Digital silence may come as null (no finite dB): −200 dBFS, as the in-page meters say.
    const level = (db: number | null): number => (typeof db === 'number' ? db : SILENCE_DB);
    const record = (type: 'meterPeakDb' | 'meterRmsDb', values: (number | null)[]): void =>
      values.forEach((db, channel) => {
        const value = level(db);
        this.views.recordMeter(id, channel, value, m.frame, EngineEventKind[type]);
        // As the in-page engine: listeners hear every reading, one event per channel.
        if (this.listeners.size > 0)
          this.emit({ type, nodeId: id, param: channel, value, frameTime: m.frame,
            message: describeEvent(this.description, type, id, channel, value) });
      });
    record('meterPeakDb', m.peakDb);
    record('meterRmsDb', m.rmsDb);
  }

  private onAnalyser(m: AnalyserMessage): void {
    if (!Array.isArray(m.samples) || typeof m.frame !== 'number') return;
    // Frames between the previous window and this one never arrive: 0, not what the buffer held before.
    const start = m.frame - m.samples.length;
    if (this.lastWindowEnd >= 0 && start > this.lastWindowEnd) {
      const { frames, mask } = this.analyser;
      for (let f = Math.max(this.lastWindowEnd, start - frames.length); f < start; ++f) frames[f & mask] = 0;
    }
    this.lastWindowEnd = m.frame;
    this.analyser.appendLatest(Float32Array.from(m.samples, (x) => (typeof x === 'number' ? x : 0)), m.frame >>> 0);
  }

  private onPosition(m: PositionMessage): void {
    this.latestFrame = Math.max(this.latestFrame, m.frame);
    const t = m.track;
    this.track = t
      ? { positionSeconds: t.positionSeconds ?? 0, durationSeconds: t.durationSeconds ?? 0, ended: t.state === 'ended' }
      : { positionSeconds: 0, durationSeconds: 0, ended: false };
  }

  private onEvent(m: EventMessage): void {
    const type = m.kind in EngineEventKind ? (m.kind as EngineEventName) : undefined;
    if (type === undefined) return;
    const nodeId = typeof m.node === 'number' ? m.node : typeof m.node === 'string' ? this.nodeId(m.node) : 0;
    const node = this.description.find((n) => n.nodeId === nodeId);
    const param = typeof m.param === 'number' ? m.param
      : typeof m.param === 'string' ? node?.parameters.find((p) => p.name === m.param)?.id ?? 0 : 0;
    const value = typeof m.value === 'number' ? m.value : 0;
    this.emit({
      type, nodeId, param, value, frameTime: typeof m.frame === 'number' ? m.frame : -1,
      message: m.message ?? describeEvent(this.description, type, nodeId, param, value),
    });
  }

  private onDropped(m: { frames: number; total: number }): void {
    this.pushesDropped = typeof m.total === 'number' ? m.total : this.pushesDropped + (m.frames || 0);
    this.emit({ type: 'pushesDropped', nodeId: 0, param: 0, value: m.frames, frameTime: -1,
      message: `this client read too slowly: ${m.frames} pushes from the server were skipped (${m.total} in all)` });
  }

  private onClose(code: number, reason: string): void {
    if (this.closed) return;
    this.lost = `lost the connection to ${this.url} (code ${code}${reason ? `: ${reason}` : ''})`;
    this.failPending(this.lost);
    this.emit({ type: 'disconnected', nodeId: 0, param: 0, value: code, frameTime: -1, message: this.lost });
  }

  private failPending(message: string): void {
    const replies = [...this.pending.values()];
    this.pending.clear();
    for (const resolve of replies) resolve({ id: 0, ok: false, error: message });
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
}

/**
 * Connects to a running `wavegraph serve` (its WebSocket, e.g. "ws://127.0.0.1:8420/api/live")
 * and resolves with a RemoteEngine once the server's hello arrived. In Node pass the `ws`
 * package's class: `connectEngine(url, { WebSocket })`. Rejects with an Error of one line: a bad
 * URL, no server there, the token refused (401), this page's origin refused (403), too many
 * clients (429), no hello within timeoutMs. [main thread]
 */
export async function connectEngine(url: string, options: ConnectEngineOptions = {}): Promise<RemoteEngine> {
  const urlError = socketUrlError(url);
  if (urlError) throw new Error(urlError);
  const socketClass = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketClass }).WebSocket;
  if (socketClass === undefined)
    throw new Error('no WebSocket class here: pass { WebSocket } from the ws package (Node), e.g. connectEngine(url, { WebSocket })');
  const { socket, hello } = await openSocket(url, options.token, socketClass, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const engine = new RemoteEngine(socket, hello, url);
  if (options.core !== false) {
    try {
      const core = await loadCore(options.core);
      const shadow = new core.WasmEngine();
      if (shadow.prepare(hello.sampleRateHz, hello.renderQuantumFrames, hello.channels, 2, 2, 0) === '')
        engine.adoptShadow(shadow, hello.graph);
      else
        shadow.delete();
    } catch {
      // no core: getFrequencyResponseDb answers false
    }
  }
  return engine;
}
