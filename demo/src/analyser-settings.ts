/**
 * The spectrum's analyser settings, carried by the graph itself (the engine's spectrum reads use
 * the analyser node's parameters, as an AnalyserNode's reads use its attributes).
 */
import type { EngineApi, GraphDescription } from 'wavegraph';

/** Spectrum bins per frame: fftSize 4096, 11.7 Hz per bin at 48 kHz. */
export const SPECTRUM_BINS = 2048;
/** AnalyserNode.smoothingTimeConstant of the live spectrum (the AnalyserNode default). */
export const SMOOTHING_TIME_CONSTANT = 0.8;

/** `graph` with its "analyser" node set to fftSize 2 × SPECTRUM_BINS and SMOOTHING_TIME_CONSTANT. */
export function withSpectrumSettings(graph: GraphDescription): GraphDescription {
  for (const node of graph.nodes)
    if (node.type === 'analyser')
      node.params = { ...node.params, fftSize: 2 * SPECTRUM_BINS, smoothingTimeConstant: SMOOTHING_TIME_CONSTANT };
  return graph;
}

/** Sets the running graph's "analyser" node of `engine` (e.g. a server's graph) to the spectrum settings. */
export function applySpectrumSettings(engine: EngineApi): void {
  engine.setParam('analyser', 'fftSize', 2 * SPECTRUM_BINS);
  engine.setParam('analyser', 'smoothingTimeConstant', SMOOTHING_TIME_CONSTANT);
}
