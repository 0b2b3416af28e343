/**
 * The EQ settings the page shows (8 peaking bands, master gain, bypass) and their link to the
 * engine. Every change is checked here against the demo's control ranges (presets.ts), stored,
 * sent to the engine when one is attached, and announced to listeners (the controls and the
 * response curve redraw from it).
 *
 * Bypass: the engine's band gains are set to 0 dB (a peaking biquad at 0 dB is a wire:
 * b = a, so H = 1) while the page keeps the gains it shows; turning bypass off sends them back.
 * Frequency and Q changes are sent even while bypassed (they do nothing at 0 dB).
 * Main thread only.
 */
import type { EngineApi, Status } from 'wavegraph';
import {
  BAND_FREQUENCY_RANGE_HZ, BAND_GAIN_RANGE_DB, BAND_Q_RANGE, DEFAULT_BAND_FREQUENCIES_HZ, DEFAULT_MASTER_GAIN_DB,
  DEFAULT_Q, MASTER_GAIN_RANGE_DB, PRESET_GAINS_DB, type ControlRange, type PresetName,
} from './presets';
import type { PeakingBand } from './response-curve';

const OK: Status = { ok: true };

/** A snapshot of the settings. */
export interface EqSettings {
  /** Band 0…7 as shown (gains kept while bypassed). */
  bands: PeakingBand[];
  masterGainDb: number;
  bypass: boolean;
}

function rangeError(what: string, value: number, range: ControlRange, unit: string): Status {
  const belowMax = range.belowNyquist ? value < range.max : value <= range.max;
  if (Number.isFinite(value) && value >= range.min && belowMax) return OK;
  const max = range.belowNyquist ? `below ${range.max}` : `${range.max}`;
  return { ok: false, message: `${what} ${value} is out of range (${range.min}…${max}${unit})` };
}

export class EqModel {
  private readonly bands: PeakingBand[] = DEFAULT_BAND_FREQUENCIES_HZ.map((frequencyHz) => ({
    frequencyHz, q: DEFAULT_Q, gainDb: 0,
  }));
  private masterGainDb = DEFAULT_MASTER_GAIN_DB;
  private bypass = false;
  private engine: EngineApi | null = null;
  private readonly listeners = new Set<() => void>();
  /** Bumped on every change (the response curve caches on it). */
  revision = 0;

  /** Calls `listener` after every change. */
  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  settings(): EqSettings {
    return { bands: this.bands.map((b) => ({ ...b })), masterGainDb: this.masterGainDb, bypass: this.bypass };
  }

  /** The bands as the engine runs them (gains 0 dB while bypassed). */
  effectiveBands(): PeakingBand[] {
    return this.bands.map((b) => ({ ...b, gainDb: this.bypass ? 0 : b.gainDb }));
  }

  /**
   * Sends every setting to `engine` (after Start, a switch to the native host and back, or after
   * a graph swap that lost them); null: no engine from now on.
   */
  attach(engine: EngineApi | null): Status {
    this.engine = engine;
    if (engine === null) return OK;
    let status = this.sendMaster();
    this.bands.forEach((_, band) => {
      const sent = this.sendBand(band);
      if (!sent.ok) status = sent;
    });
    return status;
  }

  /** Band `band` (0…7) gain in dB, in BAND_GAIN_RANGE_DB (the engine's range). */
  setBandGain(band: number, gainDb: number): Status {
    const error = rangeError(`band ${band} gainDb`, gainDb, BAND_GAIN_RANGE_DB, ' dB');
    if (!error.ok) return error;
    this.bands[band]!.gainDb = gainDb;
    this.changed();
    return this.bypass || !this.engine ? OK : this.engine.setBandGain(band, gainDb);
  }

  /** Band `band` centre frequency in Hz, in BAND_FREQUENCY_RANGE_HZ (the engine's range, below Nyquist). */
  setBandFrequency(band: number, frequencyHz: number): Status {
    const error = rangeError(`band ${band} frequencyHz`, frequencyHz, BAND_FREQUENCY_RANGE_HZ, ' Hz');
    if (!error.ok) return error;
    this.bands[band]!.frequencyHz = frequencyHz;
    this.changed();
    return this.engine ? this.engine.setBandFrequency(band, frequencyHz) : OK;
  }

  /** Band `band` q (linear), in BAND_Q_RANGE (the engine's range). */
  setBandQ(band: number, q: number): Status {
    const error = rangeError(`band ${band} q`, q, BAND_Q_RANGE, '');
    if (!error.ok) return error;
    this.bands[band]!.q = q;
    this.changed();
    return this.engine ? this.engine.setBandQ(band, q) : OK;
  }

  /** Master gain in dB, in MASTER_GAIN_RANGE_DB (the engine's range; ramped by the engine over 10 ms). */
  setMasterGain(gainDb: number): Status {
    const error = rangeError('master gainDb', gainDb, MASTER_GAIN_RANGE_DB, ' dB');
    if (!error.ok) return error;
    this.masterGainDb = gainDb;
    this.changed();
    return this.sendMaster();
  }

  /** Bypass on: the engine's band gains go to 0 dB; off: the shown gains are sent back. */
  setBypass(bypass: boolean): Status {
    this.bypass = bypass;
    this.changed();
    return this.sendAllGains();
  }

  /** A preset's band gains, with default frequencies and q; master gain and bypass stay. */
  applyPreset(name: PresetName): Status {
    PRESET_GAINS_DB[name].forEach((gainDb, band) => {
      this.bands[band] = { frequencyHz: DEFAULT_BAND_FREQUENCIES_HZ[band]!, q: DEFAULT_Q, gainDb };
    });
    this.changed();
    return this.sendAllBands();
  }

  /** Everything back to the defaults: gains 0 dB, default frequencies, q 1, master 0 dB, bypass off. */
  reset(): Status {
    this.bypass = false;
    this.masterGainDb = DEFAULT_MASTER_GAIN_DB;
    const master = this.sendMaster();
    const bands = this.applyPreset('Flat');
    return master.ok ? bands : master;
  }

  private changed(): void {
    this.revision++;
    for (const listener of this.listeners) listener();
  }

  private sendMaster(): Status {
    return this.engine ? this.engine.setGain(this.masterGainDb) : OK;
  }

  private sendAllGains(): Status {
    if (!this.engine) return OK;
    let status = OK;
    this.bands.forEach((b, band) => {
      const sent = this.engine!.setBandGain(band, this.bypass ? 0 : b.gainDb);
      if (!sent.ok) status = sent;
    });
    return status;
  }

  private sendAllBands(): Status {
    let status = OK;
    this.bands.forEach((_, band) => {
      const sent = this.sendBand(band);
      if (!sent.ok) status = sent;
    });
    return status;
  }

  private sendBand(band: number): Status {
    if (!this.engine) return OK;
    const b = this.bands[band]!;
    const results = [
      this.engine.setBandFrequency(band, b.frequencyHz),
      this.engine.setBandQ(band, b.q),
      this.engine.setBandGain(band, this.bypass ? 0 : b.gainDb),
    ];
    return results.find((r) => !r.ok) ?? OK;
  }
}
