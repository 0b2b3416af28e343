/**
 * The EQ's magnitude response for the picture, computed from the engine's own coefficients;
 * there is no response formula in the page.
 *
 * - After Start: `engine.getFrequencyResponseDb(frequenciesHz, out, 'eq')`, i.e. the C++ peaking
 *   biquads (core/dsp/biquad/web_audio_biquad.cpp, RBJ Audio EQ Cookbook with the Web Audio API's
 *   linear Q and A = 10^(gainDb/40)) for the values last sent from this page (while bypassed the
 *   engine's gains are 0 dB, so the curve is flat).
 * - With "native host" chosen: the RemoteEngine's getFrequencyResponseDb, the same C++ design
 *   in this page's core for the values sent to the server.
 * - Before Start there is no Engine (it needs an AudioContext, which needs a click). The same
 *   core is then used directly through the package's lower-level export `loadCore()`: a
 *   WasmEngine holding the reference graph at 48 kHz that never renders, with the page's band
 *   values set by `applyNow`, read with `magnitudeDbAt` (what Engine.getFrequencyResponseDb
 *   calls on its own main-thread copy). Until that core has loaded (a few ms after page load)
 *   the curve is drawn flat at 0 dB, which is also what the page's defaults give.
 *
 * tests/e2e (check h) compares these values with sine probes rendered through the C++ core
 * (renderOffline) and with Chromium's BiquadFilterNode.getFrequencyResponse.
 * Main thread only.
 */
import { loadCore, NodeId, ParamId, referenceGraph, type EngineApi, type WasmEngine } from 'wavegraph';

/** One peaking band: centre frequency in Hz (0 < f < sampleRateHz/2), linear q (> 0), gain in dB. */
export interface PeakingBand {
  frequencyHz: number;
  q: number;
  gainDb: number;
}

/** Which code gives the values: none yet (flat), the pre-Start core, the running engine. */
export type ResponseOrigin = 'none' | 'core' | 'engine';

export class EqResponse {
  private engine: EngineApi | null = null;
  private core: WasmEngine | null = null;
  private coreRevision = -1;
  private readonly one = new Float32Array(1);
  private readonly oneOut = new Float32Array(1);

  /**
   * bands(): the bands as the engine should run them (gains 0 dB while bypassed);
   * revision(): changes whenever they change; sampleRateHz: the rate the page will run at.
   */
  constructor(
    private readonly bands: () => PeakingBand[],
    private readonly revision: () => number,
    private readonly sampleRateHz: number,
  ) {}

  /**
   * Loads the core for the curve before Start; calls `ready` once it can answer (not called
   * when Start came first or the core could not load: the curve then waits for the engine).
   */
  preload(ready: () => void): void {
    loadCore().then((module) => {
      const core = new module.WasmEngine();
      const error = core.prepare(this.sampleRateHz, 128, 2, 2, 2, 0) || core.loadGraph(JSON.stringify(referenceGraph()));
      if (error) {
        core.delete();
        return;
      }
      core.processBlock(0, 0, -1);  // takes the graph's plan (nothing is rendered)
      this.core = core;
      ready();
    }, () => undefined);
  }

  /** From now on `engine` answers (null: the pre-Start core again, when it has loaded). */
  attach(engine: EngineApi | null): void {
    this.engine = engine;
    this.coreRevision = -1;
  }

  origin(): ResponseOrigin {
    return this.engine !== null ? 'engine' : this.core !== null ? 'core' : 'none';
  }

  /**
   * Fills out[i] with the response in dB at frequenciesHz[i] (0 < f < Nyquist; NaN at or
   * above Nyquist); 0 dB everywhere while nothing can answer yet.
   */
  responseDb(frequenciesHz: Float32Array, out: Float32Array): void {
    if (this.engine !== null && this.engine.getFrequencyResponseDb(frequenciesHz, out, 'eq')) return;
    if (this.core === null) {
      out.fill(0);
      return;
    }
    this.syncCore(this.core);
    const nyquist = this.sampleRateHz / 2;
    const eq = NodeId.eq;
    for (let i = 0; i < Math.min(frequenciesHz.length, out.length); i++) {
      const f = frequenciesHz[i]!;
      out[i] = f > 0 && f < nyquist ? this.core.magnitudeDbAt(eq, f) : NaN;
    }
  }

  /** The response in dB at one frequency in Hz. */
  responseAtDb(frequencyHz: number): number {
    this.one[0] = frequencyHz;
    this.responseDb(this.one, this.oneOut);
    return this.oneOut[0]!;
  }

  /** Sets the pre-Start core's bands to the page's values when they changed. */
  private syncCore(core: WasmEngine): void {
    const revision = this.revision();
    if (revision === this.coreRevision) return;
    this.coreRevision = revision;
    this.bands().forEach((band, b) => {
      core.applyNow(NodeId.eq, ParamId.eqBandFrequencyHz(b), band.frequencyHz);
      core.applyNow(NodeId.eq, ParamId.eqBandQ(b), band.q);
      core.applyNow(NodeId.eq, ParamId.eqBandGainDb(b), band.gainDb);
    });
  }
}
