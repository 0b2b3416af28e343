/**
 * EngineApi: what every wavegraph engine offers, whether it runs in this page's AudioWorklet
 * (createEngine → Engine) or in a native `wavegraph serve` reached over a WebSocket
 * (connectEngine → RemoteEngine). Code written against EngineApi drives either. Also the types
 * both share: parameter options, node and parameter descriptions, event listeners.
 *
 * @module
 */

import type { EngineStats } from '../../worklet/analyser-buffer.js';
import type { AnalyserSettings, MeterReading } from './analysis.js';
import type { EngineEvent } from './events.js';
import type { GraphDescription } from './reference-graph.js';
import type { ParamTimeline } from './param-timeline.js';
import type { Status } from './status.js';

/** Options of one parameter change. */
export interface ParamOptions {
  /** When, in the engine's seconds (BaseAudioContext.currentTime in a page; the server's frame
   * count / sampleRate for a remote engine): the change lands exactly on frame
   * round(atTime × sampleRate). Omitted: at the start of the next render quantum. A time already
   * past applies at once (counted in stats().commandsLate). */
  atTime?: number;
  /** false: the value applies at once, with no ramp, as setting a Web Audio AudioParam's `value`
   * does (so a Web Audio graph can be reproduced sample for sample). Default true: parameters
   * marked smoothed glide to the value over the node's ramp time (5 ms for the biquad and EQ). */
  smoothing?: boolean;
}

/** One parameter of a node, as parameters() lists it. */
export interface ParameterDescription {
  /** Parameter id (the `param` of a command). */
  id: number;
  /** e.g. "band4.gainDb". */
  name: string;
  /** "Hz", "dB", "ms", "" … */
  unit: string;
  /** Smallest allowed value, inclusive. */
  minValue: number;
  /** Largest allowed value, inclusive. */
  maxValue: number;
  /** Value before anything sets it. */
  defaultValue: number;
  /** true: changes are ramped (a few ms); false: stepped. */
  smoothed: boolean;
  /** The value when the graph was loaded (null for none). */
  value: number | null;
}

/** One node of the running graph. */
export interface NodeDescription {
  /** The JSON id ("eq"). */
  id: string;
  /** The numeric id (the `target` of a command). */
  nodeId: number;
  /** The node type ("parametricEq"). */
  type: string;
  /** Number of inputs. */
  numInputs: number;
  /** Number of outputs. */
  numOutputs: number;
  /** Its parameters, in id order. */
  parameters: ParameterDescription[];
}

/** Event listener of Engine.on('event', …) and RemoteEngine.on('event', …). */
export type EngineEventListener = (event: EngineEvent) => void;

/** A track's position, as trackPosition() gives it. */
export interface TrackPosition {
  /** Seconds from the track's start (0 with no track). */
  positionSeconds: number;
  /** The track's length in seconds (0 with no track). */
  durationSeconds: number;
  /** Whether it has played to its end. */
  ended: boolean;
}

/**
 * The methods every engine has: Engine (this page's AudioWorklet) and RemoteEngine (a native
 * `wavegraph serve`). Setters check their arguments at once against the running graph's
 * parameter tables and return a Status naming the bad value and the allowed range (the same text
 * for both engines); nothing throws. [main thread]
 */
export interface EngineApi {
  /** The engine's sample rate in Hz. */
  readonly sampleRate: number;
  /** Output channels. */
  readonly numChannels: number;
  /** Frames per render quantum (the engine's block size). */
  readonly renderQuantumFrames: number;
  /** The analyser node's smoothingTimeConstant τ in [0, 1] (default 0.8); setting it sets the node's parameter. */
  smoothingTimeConstant: number;
  /** The graph's first analyser node's fftSize, smoothingTimeConstant, minDecibels and maxDecibels (the reads use them). */
  analyserSettings(): AnalyserSettings;
  /** The nodes of the running graph with their parameters (names, units, ranges, defaults, and
   * the values last set from here). */
  parameters(): NodeDescription[];
  /** The numeric id of a node's JSON id ("eq" → 1), or −1. */
  nodeId(jsonId: string): number;
  /** Sets parameter `param` (id or name) of node `node` (numeric or JSON id) to `value`. */
  setParam(node: number | string, param: number | string, value: number, opts?: ParamOptions): Status;
  /** The W3C AudioParam timeline of parameter `param` (id or name) of node `node` (numeric or
   * JSON id), e.g. `engine.param('eq', 'band4.gainDb').linearRampToValueAtTime(-20, t)`; times
   * in the engine's seconds. An unknown node or parameter makes every method return that error. */
  param(node: number | string, param: number | string): ParamTimeline;
  /** Reference graph: EQ band `band` (0…7) gain in dB, −40…40 (node "eq"). */
  setBandGain(band: number, gainDb: number, opts?: ParamOptions): Status;
  /** Reference graph: EQ band `band` (0…7) centre frequency in Hz, below Nyquist. */
  setBandFrequency(band: number, frequencyHz: number, opts?: ParamOptions): Status;
  /** Reference graph: EQ band `band` (0…7) q. */
  setBandQ(band: number, q: number, opts?: ParamOptions): Status;
  /** Reference graph: master gain in dB, −120…24 (node "master"). */
  setGain(gainDb: number, opts?: ParamOptions): Status;
  /** Replaces the running graph (crossfaded); rejects with one line naming the JSON path. */
  loadGraph(graph: string | GraphDescription): Promise<void>;
  /** The magnitude response in dB of an EQ or biquad node at each frequency; false when unknown. */
  getFrequencyResponseDb(frequenciesHz: Float32Array, magnitudeDbOut: Float32Array, node?: number | string): boolean;
  /** AnalyserNode.getFloatFrequencyData over the graph's analyser (dB per bin). */
  getFloatFrequencyData(out: Float32Array): void;
  /** AnalyserNode.getByteFrequencyData over the graph's analyser (0…255 per bin, over its minDecibels…maxDecibels). */
  getByteFrequencyData(out: Uint8Array): void;
  /** AnalyserNode.getFloatTimeDomainData over the graph's analyser. */
  getFloatTimeDomainData(out: Float32Array): void;
  /** The latest peak/RMS reading of a meter node (default: the graph's first meter). */
  meters(node?: number | string): MeterReading | undefined;
  /** Listens to engine events; returns a function that removes the listener. */
  on(type: 'event', listener: EngineEventListener): () => void;
  /** The engine's counters. */
  stats(): EngineStats;
  /** The loaded track's position and duration. */
  trackPosition(): TrackPosition;
  /** Stops using the engine and frees what this side holds. Idempotent. */
  close(): void;
}
