/**
 * Commands checked against a graph's parameter tables (the NodeDescription[] that parameters()
 * lists): node and parameter lookup by id or name, the reference graph's EQ bands, atTime, and
 * the value check with the C++ core's own text (core/session/graph_session.cpp validateCommand,
 * numbers printed by formatNumber as the core prints them). Engine and RemoteEngine share these,
 * so both refuse the same values with the same one-line messages. [any]
 *
 * @module
 */

import type { NodeDescription, ParamOptions } from './engine-api.js';
import { formatNumber } from './format-number.js';
import { NUM_EQ_BANDS } from './ids.js';
import type { StatusError } from './status.js';

/** A command resolved to numeric ids: node id, parameter id, value. */
export type ResolvedCommand = [number, number, number];

/** The numeric id of the node with JSON id `jsonId`, or −1. */
export function nodeIdIn(nodes: readonly NodeDescription[], jsonId: string): number {
  return nodes.find((n) => n.id === jsonId)?.nodeId ?? -1;
}

/** Node (numeric or JSON id) and parameter (id or name) as numeric ids, or the refusal. */
export function resolveTarget(nodes: readonly NodeDescription[], node: number | string,
                              param: number | string): { target: number; param: number } | StatusError {
  if (typeof node === 'number' && !Number.isInteger(node))
    return { ok: false, message: `node ${node} is not a node id (an integer ≥ 0)` };
  const target = typeof node === 'string' ? nodeIdIn(nodes, node) : node;
  if (target < 0) return { ok: false, message: `node "${String(node)}" is not in the graph` };
  if (typeof param === 'number' && (!Number.isInteger(param) || param < 0))
    return { ok: false, message: `parameter ${param} is not a parameter id (an integer ≥ 0)` };
  if (typeof param !== 'string') return { target, param };
  const found = nodes.find((n) => n.nodeId === target)?.parameters.find((p) => p.name === param);
  if (!found) return { ok: false, message: `node "${String(node)}" has no parameter "${param}"` };
  return { target, param: found.id };
}

/** The reference graph's EQ band `band` (0…7), parameter paramOf(band) of node "eq", or the refusal. */
export function resolveBand(nodes: readonly NodeDescription[], band: number,
                            paramOf: (band: number) => number): { target: number; param: number } | StatusError {
  if (!Number.isInteger(band) || band < 0 || band >= NUM_EQ_BANDS)
    return { ok: false, message: `band ${band} is out of range (0…${NUM_EQ_BANDS - 1})` };
  const target = nodeIdIn(nodes, 'eq');
  if (target < 0) return { ok: false, message: 'the graph has no node "eq"' };
  return { target, param: paramOf(band) };
}

/** The frame of opts.atTime (round(atTime × sampleRateHz)), `atNextBlock` when absent, or the refusal. */
export function frameTimeOf(opts: ParamOptions | undefined, sampleRateHz: number, atNextBlock: number): number | StatusError {
  if (opts?.atTime === undefined) return atNextBlock;
  const t = opts.atTime;
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0)
    return { ok: false, message: `atTime ${String(t)} must be a finite time in seconds ≥ 0` };
  return Math.round(t * sampleRateHz);
}

/**
 * "" when `value` is a valid value of parameter `param` of node `target`, else the core's
 * message: "node 9 is not in the graph", "eq (parametricEq) has no parameter 40 (it has 33)",
 * "eq.band4.frequencyHz 30000 is above Nyquist (24000 Hz)", "eq.band4.gainDb 90 is out of range
 * (-40…40 dB)", "master.gainDb nan is not a finite number".
 */
export function checkValue(nodes: readonly NodeDescription[], sampleRateHz: number, target: number, param: number,
                           value: unknown): string {
  if (typeof value !== 'number') return `value ${String(value)} is not a number`;
  const node = nodes.find((n) => n.nodeId === target);
  if (!node) return `node ${target} is not in the graph`;
  const info = Number.isInteger(param) && param >= 0 ? node.parameters[param] : undefined;
  if (!info) return `${node.id} (${node.type}) has no parameter ${param} (it has ${node.parameters.length})`;
  const where = `${node.id}.${info.name} ${formatNumber(value)}`;
  const nyquistHz = 0.5 * sampleRateHz;
  if (info.unit === 'Hz' && Number.isFinite(value) && value >= nyquistHz)
    return `${where} is above Nyquist (${formatNumber(nyquistHz)} Hz)`;
  if (!Number.isFinite(value)) return `${where} is not a finite number`;
  if (value < info.minValue || value > info.maxValue)
    return `${where} is out of range (${formatNumber(info.minValue)}…${formatNumber(info.maxValue)}${info.unit ? ` ${info.unit}` : ''})`;
  return '';
}
