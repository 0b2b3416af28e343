/**
 * What an Engine shows of its audio: the spectrum and time-domain data of the graph's first
 * analyser node (AnalyserNode semantics, from the analyser buffer the worklet fills, with that
 * node's fftSize, smoothingTimeConstant, minDecibels and maxDecibels), the
 * latest meter readings (from meter events), and the magnitude response of an EQ or biquad
 * node (from the main-thread copy of the engine's graph). [main thread]
 *
 * @module
 */

import type { AnalyserBuffer } from '../../worklet/analyser-buffer.js';
import { EngineEventKind } from './events.js';
import { DEFAULT_SMOOTHING_TIME_CONSTANT, SpectrumAnalyser } from './spectrum.js';
import type { WasmEngine } from './wavegraph-core.mjs';

/** The latest reading of a meter node, per channel. */
export interface MeterReading {
  /** Peak level per channel, dBFS (20·log10 max|x| over the window; −200 for digital silence). */
  peakDb: number[];
  /** RMS level per channel, dBFS (10·log10 mean x²; a full-scale sine reads −3.01). */
  rmsDb: number[];
  /** Context frame at the end of the measured window. */
  frameTime: number;
}

/** The settings of an analyser node (its parameters; AnalyserNode's attributes). */
export interface AnalyserSettings {
  /** Frames per FFT, a power of two in 32…32768 (W3C default 2048). */
  fftSize: number;
  /** Smoothing over time τ in [0, 1] (default 0.8). */
  smoothingTimeConstant: number;
  /** dB mapped to byte 0 by getByteFrequencyData (default −100). */
  minDecibels: number;
  /** dB mapped to byte 255 by getByteFrequencyData (default −30). */
  maxDecibels: number;
}

/** AnalyserNode's defaults: what the reads use when the graph has no analyser node. */
export const DEFAULT_ANALYSER_SETTINGS: Readonly<AnalyserSettings> = {
  fftSize: 2048, smoothingTimeConstant: DEFAULT_SMOOTHING_TIME_CONSTANT, minDecibels: -100, maxDecibels: -30,
};

/**
 * The settings of an analyser node from its parameter values, read by id (fftSize 0,
 * smoothingTimeConstant 1, minDecibels 2, maxDecibels 3: core/nodes/analyser_node.h); a value
 * that is missing or not finite gives the default (no analyser node: all defaults).
 */
export function analyserSettingsFrom(read: (param: number) => number | null | undefined): AnalyserSettings {
  const value = (param: number, fallback: number): number => {
    const v = read(param);
    return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
  };
  const d = DEFAULT_ANALYSER_SETTINGS;
  return {
    fftSize: value(0, d.fftSize),
    smoothingTimeConstant: value(1, d.smoothingTimeConstant),
    minDecibels: value(2, d.minDecibels),
    maxDecibels: value(3, d.maxDecibels),
  };
}

/**
 * AnalyserNode's byte conversion (W3C Web Audio API, "getByteFrequencyData"): out[k] =
 * ⌊255 / (maxDecibels − minDecibels) · (db[k] − minDecibels)⌋, clamped to 0…255, for k below
 * min(db.length, out.length). [any] Never allocates.
 */
export function toByteFrequencyData(db: Float32Array, out: Uint8Array, minDecibels: number, maxDecibels: number): void {
  const n = Math.min(db.length, out.length);
  const scale = 255 / (maxDecibels - minDecibels);
  for (let k = 0; k < n; ++k) {
    const v = Math.floor(scale * (db[k]! - minDecibels));
    out[k] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
}

/** The analysis views of one engine. */
export class AnalysisViews {
  private readonly spectrum = new SpectrumAnalyser();
  private readonly timeFrames = new Map<number, Float32Array>();
  private readonly meterReadings = new Map<number, MeterReading>();
  private lastSpectrum = new Float32Array(0);
  private byteScratch = new Float32Array(0);  // getByteFrequencyData's dB values
  private lastSpectrumFrames = -1;

  /**
   * @param analyser the analyser buffer the worklet's frames arrive in
   * @param shadow the main-thread copy of the graph (never rendered) that answers responses
   *   (null: none yet, responses are unknown; setShadow gives one later)
   * @param sampleRateHz the engine's sample rate
   * @param settings the graph's analyser node's settings as last set from here (asked on every
   *   read: the graph and its values change)
   */
  constructor(private readonly analyser: AnalyserBuffer, private shadow: WasmEngine | null,
              private readonly sampleRateHz: number, private readonly settings: () => AnalyserSettings) {}

  /** The copy of the graph that answers frequencyResponseDb from now on (null: none). */
  setShadow(shadow: WasmEngine | null): void {
    this.shadow = shadow;
  }

  /** The analyser node's settings in the running graph (AnalyserNode defaults without one). */
  analyserSettings(): AnalyserSettings {
    return this.settings();
  }

  /** Engine.getFrequencyResponseDb for node id `id` (−1: none). */
  frequencyResponseDb(id: number, frequenciesHz: Float32Array, magnitudeDbOut: Float32Array): boolean {
    const shadow = this.shadow;
    if (shadow === null || id < 0 || Number.isNaN(shadow.magnitudeDbAt(id, 1000))) return false;
    const nyquist = this.sampleRateHz / 2;
    const n = Math.min(frequenciesHz.length, magnitudeDbOut.length);
    for (let i = 0; i < n; ++i) {
      const f = frequenciesHz[i]!;
      magnitudeDbOut[i] = f >= 0 && f <= nyquist ? shadow.magnitudeDbAt(id, f) : NaN;
    }
    return true;
  }

  /** Engine.getFrequencyResponse for node id `id` (−1: none): linear magnitude and phase. */
  frequencyResponse(id: number, frequenciesHz: Float32Array, magnitudeOut: Float32Array, phaseOut: Float32Array): boolean {
    const shadow = this.shadow;
    if (shadow === null || id < 0 || Number.isNaN(shadow.magnitudeDbAt(id, 1000))) return false;
    const nyquist = this.sampleRateHz / 2;
    const n = Math.min(frequenciesHz.length, magnitudeOut.length, phaseOut.length);
    for (let i = 0; i < n; ++i) {
      const f = frequenciesHz[i]!;
      const inside = f >= 0 && f <= nyquist;
      magnitudeOut[i] = inside ? Math.pow(10, shadow.magnitudeDbAt(id, f) / 20) : NaN;
      phaseOut[i] = inside ? shadow.phaseRadiansAt(id, f) : NaN;
    }
    return true;
  }

  /**
   * Engine.getFloatFrequencyData: the analyser node's fftSize (at most maxFftSize) and
   * smoothingTimeConstant; fills min(out.length, fftSize / 2) elements (AnalyserNode: excess bins
   * dropped, excess elements left as they are). [main thread] Allocates only for a new fftSize.
   */
  getFloatFrequencyData(out: Float32Array, maxFftSize = Infinity): void {
    const settings = this.analyserSettings();
    const fftSize = Math.min(settings.fftSize, maxFftSize);
    const smoothingTimeConstant = settings.smoothingTimeConstant;
    this.spectrum.smoothingTimeConstant = smoothingTimeConstant;
    let frames = this.timeFrames.get(fftSize);
    if (!frames) {
      frames = new Float32Array(fftSize);
      this.timeFrames.set(fftSize, frames);
    }
    const written = this.analyser.framesWritten();
    if (this.lastSpectrum.length !== fftSize / 2) {
      this.lastSpectrum = new Float32Array(fftSize / 2);
      this.lastSpectrumFrames = -1;
    }
    if (written !== this.lastSpectrumFrames) {
      this.analyser.copyLatest(frames);
      this.spectrum.getFloatFrequencyData(frames, this.lastSpectrum);
      this.lastSpectrumFrames = written;
    }
    out.set(out.length >= this.lastSpectrum.length ? this.lastSpectrum : this.lastSpectrum.subarray(0, out.length));
  }

  /**
   * Engine.getByteFrequencyData: the spectrum of getFloatFrequencyData over the analyser node's
   * minDecibels…maxDecibels; fills min(out.length, fftSize / 2) elements. [main thread]
   * Allocates only for a new length.
   */
  getByteFrequencyData(out: Uint8Array): void {
    const { fftSize, minDecibels, maxDecibels } = this.analyserSettings();
    const n = Math.min(out.length, fftSize / 2);
    if (this.byteScratch.length !== n) this.byteScratch = new Float32Array(n);
    const db = this.byteScratch;
    this.getFloatFrequencyData(db);
    toByteFrequencyData(db, out, minDecibels, maxDecibels);
  }

  /** Engine.getFloatTimeDomainData. [main thread] Never allocates. */
  getFloatTimeDomainData(out: Float32Array): void {
    this.analyser.copyLatest(out);
  }

  /** Frames the analyser has seen so far (u32, wraps). */
  analyserFramesWritten(): number {
    return this.analyser.framesWritten();
  }

  /** Takes a meter event (peak or RMS of one channel of node `target`); ignores other kinds. */
  recordMeter(target: number, param: number, value: number, frameTime: number, kind: number): void {
    if (kind !== EngineEventKind.meterPeakDb && kind !== EngineEventKind.meterRmsDb) return;
    let reading = this.meterReadings.get(target);
    if (!reading) {
      reading = { peakDb: [], rmsDb: [], frameTime };
      this.meterReadings.set(target, reading);
    }
    reading.frameTime = frameTime;
    (kind === EngineEventKind.meterPeakDb ? reading.peakDb : reading.rmsDb)[param] = value;
  }

  /** The latest reading of meter node `id`, or undefined before its first window. */
  meterReading(id: number): MeterReading | undefined {
    return this.meterReadings.get(id);
  }
}
