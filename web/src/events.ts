/**
 * Engine events (core/graph/engine_event.h): what the audio thread reports on the event ring. The
 * kinds are generated from the C++ list (web/src/generated/events.ts).
 *
 * @module
 */

import type { NodeDescription } from './engine-api.js';
import { EngineEventKind } from './generated/events.js';

export { ENGINE_EVENT_DESCRIPTIONS, EngineEventKind } from './generated/events.js';

/** Name of an event kind. */
export type EngineEventName = keyof typeof EngineEventKind;

/** One event, as `engine.on('event', fn)` receives it. */
export interface EngineEvent {
  /** What happened: an engine event kind, or from the page's side 'commandDropped' (a command
   * refused on the way), 'trackEnded', 'error' (the engine stopped), and for a RemoteEngine
   * 'pushesDropped' (this client read the server's pushes too slowly) and 'disconnected' (the
   * connection to the server was lost). */
  type: EngineEventName | 'commandDropped' | 'trackEnded' | 'error' | 'pushesDropped' | 'disconnected';
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

/**
 * The one-line message of an engine event of `type` about node `target`, parameter or channel
 * `param`, number `value`, with names from the graph's description (e.g.
 * "eq.band4.gainDb: 90 was out of range and was clamped or ignored on the audio thread"). [any]
 */
export function describeEvent(nodes: readonly NodeDescription[], type: string, target: number, param: number,
                              value: number): string {
  const node = nodes.find((n) => n.nodeId === target);
  const where = node ? `${node.id}.${node.parameters[param]?.name ?? `param ${param}`}` : `node ${target} param ${param}`;
  switch (type) {
    case 'parameterClamped': return `${where}: ${value} was out of range and was clamped or ignored on the audio thread`;
    case 'commandRejected': return `${where}: the running graph has no such node or parameter (value ${value})`;
    case 'planSwapped': return `a new graph took over (crossfade ${value} frames)`;
    case 'planRetired': return 'the previous graph was handed back for freeing';
    case 'badBlock': return `a block of ${value} frames was silenced (${param === 1 ? 'a NaN or infinite sample' : 'bad shape'})`;
    case 'commandsDeferred': return `${value} commands wait in the ring (scheduling queue full)`;
    case 'planSwapDeferred': return `${value} new graph(s) wait until the replaced ones are collected`;
    case 'processorFailed':
      return `${node ? `${node.id} (${node.type})` : `node ${target}`}: process failed with status ${value}; its output was silenced (${param} failed blocks so far)`;
    case 'reductionDb': return `${node?.id ?? `node ${target}`}: gain reduction ${value.toFixed(1)} dB`;
    default: return `${node?.id ?? `node ${target}`} channel ${param}: ${value.toFixed(1)} dBFS (${type})`;
  }
}
