/**
 * renderOffline: a graph (the reference graph by default) over a whole signal, in the calling
 * thread (Node or a browser), with the same wasm core as the worklet and the same results as
 * the native `wavegraph render`.
 *
 * @module
 */

import { CommandRingWriter } from '../../worklet/command-ring.js';
import { NUM_EQ_BANDS } from './ids.js';
import { graphJson, referenceGraph, type GraphDescription } from './reference-graph.js';
import { timelineCallsJson } from './param-timeline.js';
import type { TimelineCall } from './param-timeline.js';
import { loadCore } from './wasm-core.js';
import { setEngineBuffers } from '../../worklet/audio-buffers.js';
import type { AudioBuffers } from '../../worklet/audio-buffers.js';
import type { WasmCoreSource } from './wasm-core.js';

/** Default frames per processBlock call (any split gives identical output). 2048: the engine's
 * per-block work and the cascade's wavefront fill and drain (once per block of up to 2048 frames)
 * spread over 16× more frames than at 128 (bench/render-offline-phases.mjs), and the blocks
 * (8 KiB per channel) stay in the L2 cache. */
export const RENDER_BLOCK_FRAMES = 2048;

/** One scheduled parameter change of renderOffline. */
export interface AutomationPoint {
  /** Node: numeric id or JSON id ("eq"). */
  node: number | string;
  /** Parameter: id or name ("band4.gainDb"). */
  param: number | string;
  /** New value, in the parameter's unit. */
  value: number;
  /** When, in seconds from the start: lands exactly on frame round(timeSeconds × sampleRate). */
  timeSeconds: number;
  /** false: the value applies at once, no ramp (as a Web Audio AudioParam's `value`); default
   * true: smoothed parameters glide to it over the node's ramp time. */
  smoothing?: boolean;
}

/** The AudioParam timeline calls of one parameter for renderOffline (as a node's `automation`
 * list in the graph JSON). */
export interface ParamTimelineCalls {
  /** Node: numeric id or JSON id ("eq"). */
  node: number | string;
  /** Parameter: id or name ("band4.gainDb"). */
  param: number | string;
  /** The calls in order; times in seconds from the start of the render. */
  calls: TimelineCall[];
}

/** What to render. */
export interface RenderOfflineOptions {
  /** Planar input: channels × frames (1…32 channels, all the same length); the graph's "input"
   * nodes read it. Not modified. Optional for graphs that make their own sound (then give
   * durationSeconds). */
  input?: Float32Array[];
  /** Sample rate in Hz, 1…768000. */
  sampleRate: number;
  /** The graph (JSON text or description; docs/graph-json.md). Default: the reference graph. */
  graph?: string | GraphDescription;
  /** Reference graph (no `graph`): gain of EQ bands 0…(length − 1) in dB, −40…40, set before the
   * first frame (no ramp); at most 8 entries. With a `graph`: sent to its node "eq" at frame 0. */
  bandGainsDb?: number[];
  /** Master gain in dB, −120…24 (node "master"), set like bandGainsDb. */
  gainDb?: number;
  /** Parameter changes at exact times (any order; ties keep their order). */
  automation?: AutomationPoint[];
  /** W3C AudioParam timelines per parameter (setValueAtTime, linearRampToValueAtTime, …). */
  timelines?: ParamTimelineCalls[];
  /** Sample data by name for the graph's buffer options (e.g. a bufferSource's `"buffer": "kick"`,
   * docs/graph-json.md): an AudioBuffer (decodeAudioData) or { channels: Float32Array[],
   * sampleRate }; answers the `file` entries of the graph's `buffers` too. Copied, not modified. */
  audioBuffers?: AudioBuffers;
  /** A track (docs/tracks.md, JSON text or object) played into the graph's input (in place of
   * `input`); without durationSeconds the render lasts the whole track. Stereo. */
  track?: string | object;
  /** Without input: output length in seconds (> 0). */
  durationSeconds?: number;
  /** Without input: output channels, 1…32 (default 2). */
  numChannels?: number;
  /** Frames per block, 1…16384 (default 2048, RENDER_BLOCK_FRAMES); the output does not depend on it. */
  blockFrames?: number;
  /** A custom wasm core (wavegraph_add_wasm_core) with its own processor types, in place of
   * dist/wavegraph-core.wasm (docs/processors.md, "A custom WebAssembly core"). */
  core?: WasmCoreSource;
}

function fail(message: string): never {
  throw new Error(message);
}

interface DescribedNode {
  id: string;
  nodeId: number;
  parameters: { id: number; name: string }[];
}

/**
 * One offline render set up: the engine prepared, the graph (and track) loaded, the settings and
 * automation checked and scheduled, views of the engine's blocks made. Shared by renderOffline
 * and renderOfflineStream, so both give the same samples.
 */
export interface OfflineSession {
  /** Output channels (the input's, or numChannels). */
  readonly channels: number;
  /** Frames to render; -1 when the input is a stream of unknown length. */
  readonly frames: number;
  /** Renders `count` frames starting at engine frame `startFrame`: reads input frames
   * [inputOffset, inputOffset + count) of `input` (null: no input), writes output frames
   * [outputOffset, outputOffset + count). [calling thread] Allocates only a view (subarray) per
   * input channel and block: the copies are TypedArray.set (memcpy), not element loops. */
  render(input: Float32Array[] | null, inputOffset: number, output: Float32Array[], outputOffset: number, count: number,
    startFrame: number): void;
  /** Frees the engine. */
  close(): void;
}

/** The input's shape, or -1 frames for a stream. */
interface InputShape { channels: number; frames: number; hasInput: boolean }

function checkOptions(options: RenderOfflineOptions, streamedInput: boolean): InputShape {
  const { input, sampleRate, track, bandGainsDb = [], blockFrames = RENDER_BLOCK_FRAMES } = options;  // sampleRate: the engine checks it
  let channels: number;
  let frames: number;
  if (track !== undefined && input !== undefined) fail('give either input or track, not both');
  if (track !== undefined) {
    channels = options.numChannels ?? 2;
    frames = options.durationSeconds === undefined ? -1 : Math.round(options.durationSeconds * sampleRate);
  } else if (streamedInput) {
    channels = options.numChannels ?? 0;
    if (!Number.isInteger(channels) || channels < 1 || channels > 32)
      fail(`numChannels ${channels} is out of range (1…32): give the channel count of a streamed input`);
    frames = options.durationSeconds === undefined ? -1 : Math.round(options.durationSeconds * sampleRate);
  } else if (input !== undefined) {
    if (!Array.isArray(input) || input.length === 0 || !input.every((ch) => ch instanceof Float32Array))
      fail('input must be a non-empty array of Float32Array channels (channels × frames)');
    frames = input[0]!.length;
    input.forEach((ch, c) => {
      if (ch.length !== frames) fail(`input channel ${c} has ${ch.length} frames but channel 0 has ${frames}`);
    });
    channels = input.length;
  } else {
    const seconds = options.durationSeconds;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0)
      fail(`durationSeconds ${String(seconds)} must be a number of seconds > 0 when there is no input`);
    channels = options.numChannels ?? 2;
    if (!Number.isInteger(channels) || channels < 1 || channels > 32) fail(`numChannels ${channels} is out of range (1…32)`);
    frames = Math.round(seconds * sampleRate);
  }
  if (!Array.isArray(bandGainsDb) || bandGainsDb.length > NUM_EQ_BANDS)
    fail(`bandGainsDb has ${bandGainsDb.length} entries (at most ${NUM_EQ_BANDS} bands)`);
  if (!Number.isInteger(blockFrames) || blockFrames < 1 || blockFrames > 16384)
    fail(`blockFrames ${blockFrames} is out of range (1…16384)`);
  return { channels, frames, hasInput: input !== undefined };
}

/**
 * Sets up an offline render (see OfflineSession). `streamedInput`: the input arrives in chunks
 * (numChannels gives its channel count). Rejects with the one-line messages of renderOffline.
 * [main thread or worker] Allocates.
 */
export async function openOfflineSession(options: RenderOfflineOptions, streamedInput = false): Promise<OfflineSession> {
  const { sampleRate, graph, track, bandGainsDb = [], gainDb, automation = [], timelines = [], blockFrames = RENDER_BLOCK_FRAMES } = options;
  const shape = checkOptions(options, streamedInput);
  const { channels } = shape;
  let frames = shape.frames;

  const core = await loadCore(options.core);
  const engine = new core.WasmEngine();
  try {
    const prepared = engine.prepare(sampleRate, blockFrames, channels, 4096, 1024, 5);
    if (prepared) fail(prepared);
    // Only samples come back: nobody reads the meters' readings or the analysers' taps, so
    // those nodes only pass their input through (the same samples, bit for bit).
    engine.setObserved(false);
    if (options.audioBuffers !== undefined) {
      const bufferError = setEngineBuffers(core, engine, options.audioBuffers);
      if (bufferError) fail(bufferError);
    }
    const json = graph === undefined
      ? JSON.stringify(referenceGraph({ bandGainsDb, ...(gainDb === undefined ? {} : { gainDb }) }))
      : graphJson(graph);
    const graphError = engine.loadGraph(json);
    if (graphError) fail(graphError);
    if (track !== undefined) {
      const trackError = engine.loadTrack(typeof track === 'string' ? track : JSON.stringify(track));
      if (trackError) fail(trackError);
      if (frames < 0) frames = Math.round(engine.trackDurationSeconds() * sampleRate);
    }
    // The graph's nodes and parameters, read only when a setting or automation names one: the
    // reference graph with bandGainsDb and gainDb needs none, and describe() serializes the
    // whole graph to JSON (its serializer is one of the largest functions V8 compiles).
    let described: DescribedNode[] | undefined;
    const nodesOf = (): DescribedNode[] =>
      (described ??= (JSON.parse(engine.describe()) as { nodes: DescribedNode[] }).nodes);

    // Commands: the settings of a custom graph at frame 0, then the automation in time order.
    type Scheduled = { target: number; param: number; value: number; frame: number; kind: number };
    const scheduled: Scheduled[] = [];
    const resolve = (node: number | string, param: number | string, what: string): [number, number] => {
      const nodes = nodesOf();
      const found = typeof node === 'string' ? nodes.find((n) => n.id === node) : nodes.find((n) => n.nodeId === node);
      if (!found) fail(`${what}: node "${String(node)}" is not in the graph`);
      const p = typeof param === 'string' ? found.parameters.find((x) => x.name === param)?.id : param;
      if (p === undefined) fail(`${what}: node "${found.id}" has no parameter "${String(param)}"`);
      return [found.nodeId, p];
    };
    const add = (target: number, param: number, value: number, frame: number, what: string, kind = 0): void => {
      const error = engine.validate(target, param, value);
      if (error) fail(`${what}: ${error}`);
      scheduled.push({ target, param, value, frame, kind });
    };
    if (graph !== undefined) {
      bandGainsDb.forEach((g, band) => {
        const [t, p] = resolve('eq', `band${band}.gainDb`, `bandGainsDb[${band}]`);
        add(t, p, g, 0, `bandGainsDb[${band}]`);
      });
      if (gainDb !== undefined) {
        const [t, p] = resolve('master', 'gainDb', 'gainDb');
        add(t, p, gainDb, 0, 'gainDb');
      }
    }
    automation.forEach((point, i) => {
      const what = `automation[${i}]`;
      if (!Number.isFinite(point.timeSeconds) || point.timeSeconds < 0)
        fail(`${what}.timeSeconds ${point.timeSeconds} must be a time in seconds ≥ 0`);
      if (point.smoothing !== undefined && typeof point.smoothing !== 'boolean')
        fail(`${what}.smoothing ${String(point.smoothing)} must be true or false`);
      const [t, p] = resolve(point.node, point.param, what);
      add(t, p, point.value, Math.round(point.timeSeconds * sampleRate), what, point.smoothing === false ? 1 : 0);
    });
    scheduled.sort((a, b) => a.frame - b.frame);  // stable: ties keep their order
    if (!Array.isArray(timelines)) fail('timelines must be an array of { node, param, calls }');
    timelines.forEach((entry, i) => {
      const what = `timelines[${i}]`;
      if (!Array.isArray(entry.calls)) fail(`${what}.calls must be an array of timeline calls`);
      const [t, p] = resolve(entry.node, entry.param, what);
      const { json, error } = timelineCallsJson(entry.calls);
      if (error) fail(`${what}.${error}`);
      const refused = engine.automate(t, p, json);
      if (refused) fail(`${what}: ${refused}`);
    });

    const writer = new CommandRingWriter(core.HEAPU8.buffer, engine.commandRingPtr());
    // Views of the engine's planar input/output blocks in wasm memory, made once after the last
    // call that allocates (rendering never allocates, so the memory cannot grow under them), and
    // the raw export instead of the Embind call: the per-block JavaScript then costs little next
    // to the DSP (bench/render-offline-phases.mjs: 60 s stereo, renderOffline within 1–3 ns/frame
    // of the raw export on the same engine).
    const heap = core.HEAPF32;
    const inputViews = Array.from({ length: channels },
      (_, c) => heap.subarray(engine.inputPtr(c) / 4, engine.inputPtr(c) / 4 + blockFrames));
    const outputViews = Array.from({ length: channels },
      (_, c) => heap.subarray(engine.outputPtr(c) / 4, engine.outputPtr(c) / 4 + blockFrames));
    const self = engine.selfPtr();
    let next = 0;
    let closed = false;
    // The block loop, a function of its own: V8 optimizes it while it runs (on-stack replacement),
    // and the code after a loop, never run before, would deoptimize that code at its exit.
    const renderBlocks = (input: Float32Array[] | null, inputOffset: number, output: Float32Array[], outputOffset: number,
      count: number, startFrame: number): void => {
      const numInputChannels = input === null ? 0 : channels;
      // The block shorter than blockFrames (count % blockFrames frames) goes first: the loop then
      // runs both of its paths before V8 optimizes it (a path first met in optimized code
      // deoptimizes it, and V8 compiles the loop again). The samples do not depend on the split.
      for (let done = 0, n = count % blockFrames || blockFrames; done < count; done += n, n = blockFrames) {
        const start = startFrame + done;
        // Commands due before the end of this block go in now (the ring holds 4096; the rest wait).
        while (next < scheduled.length && scheduled[next]!.frame < start + n) {
          const c = scheduled[next]!;
          if (!writer.tryPush(c.target, c.param, c.value, c.frame, c.kind, next)) break;
          ++next;
        }
        const from = inputOffset + done;
        for (let c = 0; c < numInputChannels; ++c) inputViews[c]!.set(input![c]!.subarray(from, from + n));
        core._wavegraph_process_block(self, n, numInputChannels, start);
        for (let c = 0; c < channels; ++c)
          output[c]!.set(n === blockFrames ? outputViews[c]! : outputViews[c]!.subarray(0, n), outputOffset + done);
      }
    };
    return {
      channels,
      frames,
      render(input, inputOffset, output, outputOffset, count, startFrame) {
        renderBlocks(input, inputOffset, output, outputOffset, count, startFrame);
        if (engine.badBlocks() !== 0) fail(`renderOffline: ${engine.badBlocks()} blocks were refused by the engine`);
      },
      close() {
        if (!closed) engine.delete();
        closed = true;
      },
    };
  } catch (error) {
    engine.delete();
    throw error;
  }
}

/**
 * Renders `input` (or `durationSeconds` of silence in) through the graph.
 * @returns new planar arrays, channels × frames (the input's shape).
 * Rejects with an Error whose message is one line naming the bad value and its allowed range
 * (graph errors start with the JSON path, e.g. "nodes[1].params.band4.gainDb: 50 is out of
 * range (-40…40 dB)"), or the loader's error.
 * [main thread or worker] Allocates the outputs; blocks the thread while rendering. For long
 * renders in constant memory, or without blocking a page, use renderOfflineStream.
 */
export async function renderOffline(options: RenderOfflineOptions): Promise<Float32Array[]> {
  const session = await openOfflineSession(options);
  try {
    const output = Array.from({ length: session.channels }, () => new Float32Array(session.frames));
    session.render(options.input ?? null, 0, output, 0, session.frames, 0);
    return output;
  } finally {
    session.close();
  }
}
