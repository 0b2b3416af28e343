/**
 * Engine events (core/graph/engine_event.h): what the audio thread reports on the event ring.
 *
 * @module
 */

/** Event kinds, the `kind` of an event record. */
export const EngineEventKind = {
  /** A meter finished a window: param = channel, value = peak dBFS (20·log10 max|x|, ≥ −200). */
  meterPeakDb: 1,
  /** param = channel, value = RMS dBFS (10·log10 mean x², ≥ −200). */
  meterRmsDb: 2,
  /** A command's value was out of range or NaN and was clamped or ignored; value = as sent. */
  parameterClamped: 3,
  /** A command named a node or parameter the running graph does not have. */
  commandRejected: 4,
  /** A new graph took over; value = crossfade length in frames (0 = at once). */
  planSwapped: 5,
  /** A replaced graph was handed back for freeing. */
  planRetired: 6,
  /** A block was silenced for a bad shape; value = the frame count asked for. */
  badBlock: 7,
  /** Commands waited in the ring because the scheduling queue was full; value = how many. */
  commandsDeferred: 8,
  /** A new graph waits: the replaced graphs have not been collected yet; value = graphs waiting. */
  planSwapDeferred: 9,
} as const;

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
