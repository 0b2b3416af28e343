/**
 * `window.wavegraphDemo`: what the end-to-end tests (tests/e2e) read from the running page.
 * Set once Start (or a connection to the native host) has succeeded; replaced on every engine
 * switch. Main thread only.
 */
import type { EngineApi } from 'wavegraph';
import type { EngineKind } from './engine-switch';
import type { EqSettings } from './eq-model';
import type { MeterState } from './meter-view';
import type { SourceChoice } from './sources';
import type { TrackPanelState } from './track-panel';

export interface DemoHooks {
  /** The engine the controls use: this browser's Engine or the native host's RemoteEngine. */
  engine: EngineApi;
  /** Which one that is. */
  engineKind(): EngineKind;
  /** This browser's AudioContext (null while only the native host has been used). */
  context: AudioContext | null;
  /** The EQ response the curve draws, in dB at frequencyHz (flat while bypassed). */
  responseCurveDb(frequencyHz: number): number;
  /** The EQ settings the controls show. */
  eqSettings(): EqSettings;
  /** The spectrum last drawn: dB per bin and the bin width in Hz. */
  spectrum(): { binHz: number; db: number[] };
  /** Where a frequency (Hz) and EQ gain (dB) are drawn on the spectrum canvas, CSS px from its top left. */
  curvePoint(frequencyHz: number, gainDb: number): { x: number; y: number };
  /** Spectrum frames drawn so far. */
  spectrumFrames(): number;
  /** What the meters show (peak, RMS, peak hold per channel, dBFS). */
  meters(): MeterState;
  /** Name of the decoded local file, or null. */
  fileName(): string | null;
  /** The source chosen (heard unless a track plays). */
  source(): SourceChoice | null;
  /** What the Tracks panel shows (state, position, duration, 'trackEnded' events seen). */
  track(): TrackPanelState;
}

declare global {
  interface Window {
    /** Set once Start or a connection has succeeded (used by the end-to-end tests). */
    wavegraphDemo?: DemoHooks;
  }
}

export function installHooks(hooks: DemoHooks): void {
  window.wavegraphDemo = hooks;
}
