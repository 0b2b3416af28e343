/**
 * The reference graph (the built-in default, core/session/reference_graph.h) as a description
 * object, optionally with another source in front: the page can switch sources with
 * loadGraph(referenceGraph({ source: 'pinkNoise' })) and keep the EQ, analyser, master gain and
 * meter (same JSON ids, so the same node ids, parameters and state). Built from the tables
 * generated from C++ (web/src/generated/reference-graph.ts): the same description as the core's
 * referenceGraphJson for the same options.
 *
 * @module
 */

import { NODE_TYPES } from './generated/node-types.js';
import { REFERENCE_GRAPH, REFERENCE_GRAPH_OPTIONS, REFERENCE_SOURCES } from './generated/reference-graph.js';
import type { TimelineCall } from './param-timeline.js';

/** A graph description (docs/graph-json.md). */
export interface GraphDescription {
  /** The nodes, each with a unique JSON id. */
  nodes: GraphNodeDescription[];
  /** Connections between them (none: only the output node plays). */
  connections?: GraphConnectionDescription[];
  /** The JSON id of the node whose output is the graph's output. */
  output: string;
  /** Sample data by name that node options refer to (docs/graph-json.md, "Buffers"): inline
   * channels, or a file the host decodes (in the npm API: give it as `audioBuffers`). */
  buffers?: Record<string, GraphBufferDescription>;
}

/** One entry of a description's `buffers`: inline samples, or a file decoded by the host. */
export type GraphBufferDescription =
  | {
      /** Planar samples: 1…32 channels of equal length (Float32Arrays are written as arrays). */
      channels: (number[] | Float32Array)[];
      /** Their sample rate, 3000…768000 Hz (default: the engine's). */
      sampleRateHz?: number;
    }
  | {
      /** A sound file: the native host decodes it (relative to the graph file's folder); the npm
       * API takes the decoded buffer under the same name in `audioBuffers`. */
      file: string;
    };

/** One node of a graph description. */
export interface GraphNodeDescription {
  /** Its JSON id, unique in the graph. */
  id: string;
  /** Its node type ("parametricEq", a processor type's name, …). */
  type: string;
  /** Initial parameter values by name. */
  params?: Record<string, number>;
  /** W3C AudioParam timeline calls by parameter name, applied in order (docs/graph-json.md,
   * "Automation"); times in seconds on the engine's clock. */
  automation?: Record<string, TimelineCall[]>;
  /**
   * Construction options of types that take them (NODE_TYPES[type].options), e.g.
   * `{ numberOfOutputs: 4 }` for a channelSplitter. Float32Arrays are written as arrays.
   */
  options?: Record<string, unknown>;
}

/** JSON text of a graph description (a string is returned as it is); typed arrays become arrays. */
export function graphJson(graph: string | GraphDescription): string {
  if (typeof graph === 'string') return graph;
  return JSON.stringify(graph, (_key, value: unknown) =>
    ArrayBuffer.isView(value) && !(value instanceof DataView) ? Array.from(value as Float32Array) : value);
}

/** One connection of a graph description: output `output` of `from` to input `input` of `to`. */
export interface GraphConnectionDescription {
  /** The JSON id of the node it comes from. */
  from: string;
  /** The JSON id of the node it goes to. */
  to: string;
  /** The output of `from` (default 0). */
  output?: number;
  /** The input of `to` (default 0). */
  input?: number;
}

/** What feeds the EQ: 'input' (the AudioWorkletNode's input), a noise colour or an oscillator waveform. */
export type ReferenceSource = keyof typeof REFERENCE_SOURCES;

/** Options of referenceGraph (where each goes: REFERENCE_GRAPH_OPTIONS). */
export interface ReferenceGraphOptions {
  /** The source node "source" (default 'input': the AudioWorkletNode's input). */
  source?: ReferenceSource;
  /** Oscillator frequency in Hz (oscillator sources), (0, Nyquist). */
  frequencyHz?: number;
  /** Generator level in dBFS (noise and oscillator sources), −120…0 (default −12). */
  levelDb?: number;
  /** Initial EQ band gains in dB (band 0…7), −40…40; set with no ramp. */
  bandGainsDb?: number[];
  /** Initial master gain in dB, −120…24; set with no ramp. */
  gainDb?: number;
  /**
   * The eq's `webAudioRounding` switch (ParamId.eqWebAudioRounding): true = Chromium's
   * BiquadFilterNode arithmetic (A and the feedback rounded to float32, the same samples as Chromium's nodes),
   * false (default) = double-precision feedback.
   */
  webAudioRounding?: boolean;
}

type NodeDescription = GraphNodeDescription;

/** The values option `name` sets: the given ones (booleans as 1/0, arrays element by element) or its default. */
function optionValues(options: ReferenceGraphOptions, name: keyof typeof REFERENCE_GRAPH_OPTIONS): number[] {
  const given = options[name];
  if (given === undefined) {
    const fallback: number | null = REFERENCE_GRAPH_OPTIONS[name].default;
    return fallback === null ? [] : [fallback];
  }
  if (Array.isArray(given)) return given;
  return [typeof given === 'boolean' ? (given ? 1 : 0) : (given as number)];
}

function hasParameter(type: string, param: string): boolean {
  const schema = (NODE_TYPES as unknown as Readonly<Record<string, { params: Record<string, unknown> } | undefined>>)[type];
  return schema !== undefined && param in schema.params;
}

/**
 * The reference graph: source → eq (8 peaking bands at 60…7680 Hz, Q 1) → analyser → master
 * (gain) → meter; node ids source 0, eq 1, analyser 2, master 3, meter 4. With no options it is
 * the same graph as the C++ default. Values are not checked here: loadGraph / createEngine /
 * renderOffline check them and name the JSON path. [any] Allocates the description.
 */
export function referenceGraph(options: ReferenceGraphOptions = {}): GraphDescription {
  const graph = JSON.parse(JSON.stringify(REFERENCE_GRAPH)) as GraphDescription;
  const sourceName = options.source ?? 'input';
  const source = REFERENCE_SOURCES[sourceName];
  const nodes: NodeDescription[] = graph.nodes.map((node) => {
    if (node.id !== 'source' || source === undefined) return node;
    return source.selectorParam === ''
      ? { id: 'source', type: source.nodeType }
      : { id: 'source', type: source.nodeType, params: { [source.selectorParam]: source.selectorValue } };
  });
  for (const name of Object.keys(REFERENCE_GRAPH_OPTIONS) as (keyof typeof REFERENCE_GRAPH_OPTIONS)[]) {
    const target = REFERENCE_GRAPH_OPTIONS[name];
    const node = nodes.find((n) => n.id === target.node);
    if (node === undefined || !hasParameter(node.type, target.param.replace('{index}', '0'))) continue;
    optionValues(options, name).forEach((value, index) => {
      node.params = { ...node.params, [target.param.replace('{index}', String(index))]: value };
    });
  }
  graph.nodes = nodes;
  return graph;
}
