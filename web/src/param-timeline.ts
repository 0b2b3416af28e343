/**
 * AudioParam automation in the npm API: the seven W3C Web Audio timeline methods on one
 * parameter of a running engine (Engine.param) or of an offline render (renderOffline's
 * `timelines`). The engine's core checks and keeps the events (core/automation/param_timeline.h,
 * docs/graph-json.md "Automation"); the calls are the entries of a node's `automation` lists.
 *
 * @module
 */

import type { TimelineMethodName } from './generated/timeline-methods.js';
import type { Status } from './status.js';

export type { TimelineMethodName };

/** One timeline call, as in a node's `automation` list of the graph JSON. Times are seconds on
 * the engine's clock (BaseAudioContext.currentTime for an Engine, seconds from the start for
 * renderOffline); values are in the parameter's unit. */
export interface TimelineCall {
  /** The method. */
  method: TimelineMethodName;
  /** setValueAtTime, the ramps: the value; setTargetAtTime: the target. */
  value?: number;
  /** Start time, a ramp's end time, or the cancel time, in seconds. */
  timeSeconds: number;
  /** setTargetAtTime: the time constant in seconds (≥ 0; 0 jumps to the target). */
  timeConstantSeconds?: number;
  /** setValueCurveAtTime: the curve's duration in seconds (> 0). */
  durationSeconds?: number;
  /** setValueCurveAtTime: at least 2 values, spread evenly over the duration. */
  values?: number[];
}

/**
 * One parameter's AudioParam timeline. Each method checks its arguments and the W3C ordering
 * rules at once and returns a Status naming the parameter, the bad argument and the rule (e.g.
 * "eq.band4.gainDb: setValueCurveAtTime 1…2 s covers an event at 1.5 s (no event may be
 * scheduled during a curve)"); nothing throws, and a refused call changes nothing.
 */
export interface ParamTimeline {
  /** AudioParam.setValueAtTime: `value` from `startTime` on. */
  setValueAtTime(value: number, startTime: number): Status;
  /** AudioParam.linearRampToValueAtTime: a straight line from the previous event to `value` at `endTime`. */
  linearRampToValueAtTime(value: number, endTime: number): Status;
  /** AudioParam.exponentialRampToValueAtTime: an exponential curve to `value` (≠ 0) at `endTime`. */
  exponentialRampToValueAtTime(value: number, endTime: number): Status;
  /** AudioParam.setTargetAtTime: from `startTime`, approaches `target` with `timeConstant` seconds. */
  setTargetAtTime(target: number, startTime: number, timeConstant: number): Status;
  /** AudioParam.setValueCurveAtTime: `values` (≥ 2) over `duration` seconds from `startTime`. */
  setValueCurveAtTime(values: ArrayLike<number>, startTime: number, duration: number): Status;
  /** AudioParam.cancelScheduledValues: removes the events at or after `cancelTime`. */
  cancelScheduledValues(cancelTime: number): Status;
  /** AudioParam.cancelAndHoldAtTime: removes the events after `cancelTime` and holds the value there. */
  cancelAndHoldAtTime(cancelTime: number): Status;
}

/** A ParamTimeline over `apply`. */
export function paramTimeline(apply: (call: TimelineCall) => Status): ParamTimeline {
  return {
    setValueAtTime: (value, startTime) => apply({ method: 'setValueAtTime', value, timeSeconds: startTime }),
    linearRampToValueAtTime: (value, endTime) => apply({ method: 'linearRampToValueAtTime', value, timeSeconds: endTime }),
    exponentialRampToValueAtTime: (value, endTime) =>
      apply({ method: 'exponentialRampToValueAtTime', value, timeSeconds: endTime }),
    setTargetAtTime: (target, startTime, timeConstant) =>
      apply({ method: 'setTargetAtTime', value: target, timeSeconds: startTime, timeConstantSeconds: timeConstant }),
    setValueCurveAtTime: (values, startTime, duration) =>
      apply({ method: 'setValueCurveAtTime', values: Array.from(values), timeSeconds: startTime, durationSeconds: duration }),
    cancelScheduledValues: (cancelTime) => apply({ method: 'cancelScheduledValues', timeSeconds: cancelTime }),
    cancelAndHoldAtTime: (cancelTime) => apply({ method: 'cancelAndHoldAtTime', timeSeconds: cancelTime }),
  };
}

/** The calls as JSON, or why not (JSON has no NaN). */
export function timelineCallsJson(calls: readonly TimelineCall[]): { json: string; error: string } {
  for (const [i, call] of calls.entries()) {
    for (const key of ['value', 'timeSeconds', 'timeConstantSeconds', 'durationSeconds'] as const) {
      const v = call[key];
      if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v)))
        return { json: '', error: `calls[${i}].${key}: ${String(v)} is not a finite number` };
    }
    const bad = call.values?.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v)) ?? -1;
    if (bad >= 0) return { json: '', error: `calls[${i}].values[${bad}]: ${String(call.values![bad])} is not a finite number` };
  }
  return { json: JSON.stringify(calls), error: '' };
}
