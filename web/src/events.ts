/**
 * Engine events (core/graph/engine_event.h): what the audio thread reports on the event ring. The
 * kinds are generated from the C++ list (web/src/generated/events.ts).
 *
 * @module
 */

import { EngineEventKind } from './generated/events.js';

export { ENGINE_EVENT_DESCRIPTIONS, EngineEventKind } from './generated/events.js';

/** Name of an event kind. */
export type EngineEventName = keyof typeof EngineEventKind;

/** One event, as `engine.on('event', fn)` receives it. */
export interface EngineEvent {
  /** What happened. */
  type: EngineEventName | 'commandDropped' | 'trackEnded' | 'error';
  /** Node id (EngineEventKind events), else 0. */
  nodeId: number;
  /** Parameter id or channel, else 0. */
  param: number;
  /** The number (dB, frames, the value sent …; see EngineEventKind). */
  value: number;
  /** Context frame at which it happened (−1 when not known). */
  frameTime: number;
  /** One line for people (always set). */
  message: string;
}

const NAMES = new Map<number, EngineEventName>(
  (Object.entries(EngineEventKind) as [EngineEventName, number][]).map(([name, kind]) => [kind, name]),
);

/** The name of an event kind number, or undefined. [any] */
export function eventName(kind: number): EngineEventName | undefined {
  return NAMES.get(kind);
}
