/**
 * The reference graph (the built-in default, core/session/reference_graph.h) as a description
 * object, optionally with another source in front: the page can switch sources with
 * loadGraph(referenceGraph({ source: 'pinkNoise' })) and keep the EQ, analyser, master gain and
 * meter (same JSON ids, so the same node ids, parameters and state).
 *
 * @module
 */

/** A graph description (docs/graph-json.md). */
export interface GraphDescription {
  nodes: { id: string; type: string; params?: Record<string, number> }[];
  connections?: { from: string; to: string; output?: number; input?: number }[];
  output: string;
}

/** What feeds the EQ. */
export type ReferenceSource =
  | 'input'
  | 'pinkNoise'
  | 'whiteNoise'
  | 'brownNoise'
  | 'sine'
  | 'sawtooth'
  | 'square'
  | 'triangle';

/** Options of referenceGraph. */
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

const NOISE_COLOR: Partial<Record<ReferenceSource, number>> = { whiteNoise: 0, pinkNoise: 1, brownNoise: 2 };
const OSCILLATOR_TYPE: Partial<Record<ReferenceSource, number>> = { sine: 0, sawtooth: 1, square: 2, triangle: 3 };

/**
 * The reference chain: source → eq (8 peaking bands at 60…7680 Hz, Q 1) → analyser → master
 * (gain) → meter; node ids source 0, eq 1, analyser 2, master 3, meter 4. With no options it is
 * the same graph as the C++ default. Values are not checked here: loadGraph / createEngine /
 * renderOffline check them and name the JSON path. [any] Allocates the description.
 */
export function referenceGraph(options: ReferenceGraphOptions = {}): GraphDescription {
  const { source = 'input', frequencyHz, levelDb = -12, bandGainsDb = [], gainDb, webAudioRounding } = options;
  let sourceNode: GraphDescription['nodes'][number] = { id: 'source', type: 'input' };
  if (NOISE_COLOR[source] !== undefined) {
    sourceNode = { id: 'source', type: 'noise', params: { color: NOISE_COLOR[source]!, levelDb } };
  } else if (OSCILLATOR_TYPE[source] !== undefined) {
    const params: Record<string, number> = { type: OSCILLATOR_TYPE[source]!, levelDb };
    if (frequencyHz !== undefined) params.frequencyHz = frequencyHz;
    sourceNode = { id: 'source', type: 'oscillator', params };
  }
  const eq: GraphDescription['nodes'][number] = { id: 'eq', type: 'parametricEq' };
  const eqParams: Record<string, number> = Object.fromEntries(bandGainsDb.map((g, band) => [`band${band}.gainDb`, g]));
  if (webAudioRounding !== undefined) eqParams.webAudioRounding = webAudioRounding ? 1 : 0;
  if (Object.keys(eqParams).length > 0) eq.params = eqParams;
  const master: GraphDescription['nodes'][number] = { id: 'master', type: 'gain' };
  if (gainDb !== undefined) master.params = { gainDb };
  return {
    nodes: [sourceNode, eq, { id: 'analyser', type: 'analyser' }, master, { id: 'meter', type: 'meter' }],
    connections: [
      { from: 'source', to: 'eq' },
      { from: 'eq', to: 'analyser' },
      { from: 'analyser', to: 'master' },
      { from: 'master', to: 'meter' },
    ],
    output: 'meter',
  };
}
