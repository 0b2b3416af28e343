/**
 * The JSON messages of `wavegraph serve`'s WebSocket /api/live (docs/server.md), as the remote
 * engine reads and writes them: one object per text frame.
 *
 * @module
 */

import type { NodeDescription } from './engine-api.js';

/** First message from the server: the engine's format and the running graph. */
export interface HelloMessage {
  type: 'hello';
  sampleRateHz: number;
  channels: number;
  renderQuantumFrames: number;
  analyserFrames?: number;
  positionFrames?: number;
  nodes: NodeDescription[];
  graph?: unknown;
}

/** A meter reading: peak and RMS per channel in dBFS, window ending at `frame`. */
export interface MetersMessage {
  type: 'meters';
  frame: number;
  node?: string | number;
  peakDb: (number | null)[];
  rmsDb: (number | null)[];
}

/** The newest time-domain window of the analyser tap (mono mix), ending at `frame`. */
export interface AnalyserMessage {
  type: 'analyser';
  frame: number;
  samples: number[];
}

/** The play position (frames since the engine started) and the track's state. */
export interface PositionMessage {
  type: 'position';
  frame: number;
  seconds?: number;
  track?: { state?: string; positionSeconds?: number; durationSeconds?: number } | null;
}

/** One engine event (kind: an EngineEventKind name). */
export interface EventMessage {
  type: 'event';
  kind: string;
  node?: string | number;
  param?: string | number;
  value?: number | null;
  frame?: number;
  message?: string;
}

/** Pushes this client missed because it read too slowly. */
export interface DroppedMessage {
  type: 'dropped';
  frames: number;
  total: number;
}

/** The answer to a request that carried an id. */
export interface ReplyMessage {
  id: number;
  ok: boolean;
  error?: string;
  nodes?: NodeDescription[];
  stats?: Record<string, number>;
  [field: string]: unknown;
}

/** Any message from the server. */
export type ServerMessage = HelloMessage | MetersMessage | AnalyserMessage | PositionMessage | EventMessage |
  DroppedMessage | ReplyMessage;
