/**
 * The picture: the live post-EQ spectrum with the EQ's magnitude response curve on top.
 * x: log frequency 20 Hz…20 kHz. Left axis: spectrum level, −96…0 dBFS (AnalyserNode dB per
 * bin, bin k at k·sampleRate/fftSize Hz). Right axis: EQ response, −24…+24 dB; both share the
 * grid (8 divisions: 12 dB of spectrum, 6 dB of EQ). A marker at each band's centre frequency.
 * Redrawn every animation frame while running (requestAnimationFrame, ≈ 60 fps); the backing
 * store follows devicePixelRatio (hidpi-canvas.ts). Main thread only.
 */
import { context2d, fitCanvas, type CanvasSize } from './hidpi-canvas';

export interface SpectrumViewSource {
  /** Fills `out` with the spectrum in dB (AnalyserNode.getFloatFrequencyData semantics). */
  readSpectrum(out: Float32Array): void;
  /** Sample rate of the analysed signal, in Hz. */
  sampleRateHz: number;
}

export interface CurveSource {
  /** EQ response: out[i] in dB at frequenciesHz[i] Hz (the engine's getFrequencyResponseDb). */
  responseDb(frequenciesHz: Float32Array, out: Float32Array): void;
  /** Changes whenever the curve changes (cache key). */
  revision(): number;
  /** Centre frequencies of the bands, in Hz. */
  markersHz(): readonly number[];
  /** true draws the curve dashed (bypassed EQ: the engine runs it flat). */
  bypassed(): boolean;
  /** The band handles: centre frequency (Hz) and gain as shown (dB), per band. */
  handles(): readonly { frequencyHz: number; gainDb: number }[];
  /** The handle being dragged or hovered (highlighted), or −1. */
  activeHandle(): number;
}

/** Radius of a band handle, CSS px; a pointer within HANDLE_HIT_PX grabs it. */
const HANDLE_RADIUS_PX = 6;
const HANDLE_HIT_PX = 16;

const MIN_HZ = 20;
const MAX_HZ = 20000;
const SPECTRUM_MIN_DB = -96;
const SPECTRUM_MAX_DB = 0;
const CURVE_MIN_DB = -24;
const CURVE_MAX_DB = 24;
const DIVISIONS = 8;
const GRID_HZ = [20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000];
const MARGIN = { left: 52, right: 44, top: 20, bottom: 22 };
const COLORS = {
  background: '#11151c',
  grid: '#263040',
  zero: '#3a475c',
  label: '#8a97ab',
  marker: 'rgba(224, 164, 58, 0.55)',
  spectrum: '#4fd1c5',
  fill: 'rgba(79, 209, 197, 0.16)',
  curve: '#f5c451',
  curveBypassed: '#8a97ab',
};

export class SpectrumView {
  private readonly g: CanvasRenderingContext2D;
  private bins: Float32Array;
  private source: SpectrumViewSource | null = null;
  private frameRequest = 0;
  private framesDrawn = 0;
  private curveKey = '';
  private curveDb = new Float32Array(0);
  private lastSize: CanvasSize = { width: 1, height: 1 };

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly curve: CurveSource,
    binCount: number,
  ) {
    this.g = context2d(canvas);
    this.bins = new Float32Array(binCount);
    this.bins.fill(-Infinity);
  }

  /** Starts drawing `source` every animation frame (replaces the previous source). */
  start(source: SpectrumViewSource): void {
    this.source = source;
    cancelAnimationFrame(this.frameRequest);
    const frame = (): void => {
      this.source?.readSpectrum(this.bins);
      this.draw();
      this.frameRequest = requestAnimationFrame(frame);
    };
    this.frameRequest = requestAnimationFrame(frame);
  }

  /** Draws once (grid and curve; the spectrum too once a source exists). */
  draw(): void {
    const size = fitCanvas(this.canvas, this.g);
    this.lastSize = size;
    this.drawAxes(size);
    if (this.source) this.drawSpectrum(size);
    this.drawCurve(size);
    this.drawHandles(size);
    this.framesDrawn++;
  }

  /** The band handle under a point (CSS px relative to the canvas), or −1. */
  handleAt(x: number, y: number): number {
    let best = -1;
    let bestDistance = HANDLE_HIT_PX;
    this.curve.handles().forEach((h, i) => {
      const distance = Math.hypot(x - this.xOf(h.frequencyHz, this.lastSize), y - this.yOf(h.gainDb, CURVE_MIN_DB, CURVE_MAX_DB, this.lastSize));
      if (distance <= bestDistance) {
        best = i;
        bestDistance = distance;
      }
    });
    return best;
  }

  /** Frequency (Hz, 20…20000) and EQ gain (dB, −24…24) at a point (CSS px relative to the canvas). */
  valueAt(x: number, y: number): { frequencyHz: number; gainDb: number } {
    const p = this.plot(this.lastSize);
    const cx = Math.min(p.right, Math.max(p.left, x));
    const cy = Math.min(p.bottom, Math.max(p.top, y));
    return {
      frequencyHz: this.frequencyAt(cx, this.lastSize),
      gainDb: CURVE_MAX_DB - ((cy - p.top) / (p.bottom - p.top)) * (CURVE_MAX_DB - CURVE_MIN_DB),
    };
  }

  /** Canvas point (CSS px) of a frequency and EQ gain (the inverse of valueAt inside the plot). */
  pointOf(frequencyHz: number, gainDb: number): { x: number; y: number } {
    return { x: this.xOf(frequencyHz, this.lastSize), y: this.yOf(gainDb, CURVE_MIN_DB, CURVE_MAX_DB, this.lastSize) };
  }

  /** Frames drawn so far (tests: the animation runs). */
  frames(): number {
    return this.framesDrawn;
  }

  /** A copy of the spectrum last drawn, with the width of a bin in Hz. */
  snapshot(): { binHz: number; db: number[] } {
    const sampleRateHz = this.source?.sampleRateHz ?? 48000;
    return { binHz: sampleRateHz / (2 * this.bins.length), db: Array.from(this.bins) };
  }

  private plot(size: CanvasSize): { left: number; right: number; top: number; bottom: number } {
    return {
      left: MARGIN.left,
      right: Math.max(MARGIN.left + 1, size.width - MARGIN.right),
      top: MARGIN.top,
      bottom: Math.max(MARGIN.top + 1, size.height - MARGIN.bottom),
    };
  }

  private xOf(frequencyHz: number, size: CanvasSize): number {
    const p = this.plot(size);
    return p.left + (Math.log(frequencyHz / MIN_HZ) / Math.log(MAX_HZ / MIN_HZ)) * (p.right - p.left);
  }

  private frequencyAt(x: number, size: CanvasSize): number {
    const p = this.plot(size);
    return MIN_HZ * (MAX_HZ / MIN_HZ) ** ((x - p.left) / (p.right - p.left));
  }

  /** y of a value on a vertical scale minDb…maxDb (clamped to the plot). */
  private yOf(levelDb: number, minDb: number, maxDb: number, size: CanvasSize): number {
    const p = this.plot(size);
    const clamped = Math.min(maxDb, Math.max(minDb, levelDb));
    return p.top + ((maxDb - clamped) / (maxDb - minDb)) * (p.bottom - p.top);
  }

  private drawAxes(size: CanvasSize): void {
    const g = this.g;
    const p = this.plot(size);
    g.fillStyle = COLORS.background;
    g.fillRect(0, 0, size.width, size.height);
    g.font = '11px system-ui, sans-serif';
    g.lineWidth = 1;
    g.fillStyle = COLORS.label;

    g.textAlign = 'center';
    g.textBaseline = 'top';
    const narrow = size.width < 480;
    for (const hz of GRID_HZ) {
      const x = Math.round(this.xOf(hz, size)) + 0.5;
      g.strokeStyle = COLORS.grid;
      line(g, x, p.top, x, p.bottom);
      if (!narrow || [100, 1000, 10000].includes(hz)) g.fillText(formatHz(hz), x, p.bottom + 5);
    }
    g.textBaseline = 'middle';
    for (let i = 0; i <= DIVISIONS; i++) {
      const y = Math.round(p.top + (i / DIVISIONS) * (p.bottom - p.top)) + 0.5;
      const curveDb = CURVE_MAX_DB - (i / DIVISIONS) * (CURVE_MAX_DB - CURVE_MIN_DB);
      const spectrumDb = SPECTRUM_MAX_DB - (i / DIVISIONS) * (SPECTRUM_MAX_DB - SPECTRUM_MIN_DB);
      g.strokeStyle = curveDb === 0 ? COLORS.zero : COLORS.grid;
      line(g, p.left, y, p.right, y);
      if (narrow && i % 2 === 1) continue;
      g.fillStyle = COLORS.label;
      g.textAlign = 'right';
      g.fillText(`${spectrumDb} dB`, p.left - 5, y);
      g.fillStyle = COLORS.curve;
      g.textAlign = 'left';
      g.fillText(`${curveDb > 0 ? '+' : ''}${curveDb}`, p.right + 5, y);
    }
    g.fillStyle = COLORS.label;
    g.textAlign = 'left';
    g.textBaseline = 'bottom';
    g.fillText('dBFS', 4, p.top - 5);
    g.fillStyle = COLORS.curve;
    g.textAlign = 'right';
    g.fillText('EQ dB', size.width - 4, p.top - 5);

    g.strokeStyle = COLORS.marker;
    g.setLineDash([3, 4]);
    for (const hz of this.curve.markersHz()) {
      if (hz < MIN_HZ || hz > MAX_HZ) continue;
      const x = Math.round(this.xOf(hz, size)) + 0.5;
      line(g, x, p.top, x, p.bottom);
    }
    g.setLineDash([]);
  }

  /** One point per pixel column (the loudest bin in it). */
  private drawSpectrum(size: CanvasSize): void {
    const g = this.g;
    const p = this.plot(size);
    const binHz = this.source!.sampleRateHz / (2 * this.bins.length);
    const xs: number[] = [];
    const levels: number[] = [];
    for (let bin = 1; bin < this.bins.length; bin++) {
      const hz = bin * binHz;
      if (hz < MIN_HZ || hz > MAX_HZ) continue;
      const x = Math.round(this.xOf(hz, size));
      const level = Number.isFinite(this.bins[bin]) ? this.bins[bin]! : SPECTRUM_MIN_DB;
      if (xs.length > 0 && xs[xs.length - 1] === x) levels[levels.length - 1] = Math.max(levels[levels.length - 1]!, level);
      else {
        xs.push(x);
        levels.push(level);
      }
    }
    if (xs.length < 2) return;
    const y = (level: number): number => this.yOf(level, SPECTRUM_MIN_DB, SPECTRUM_MAX_DB, size);
    g.beginPath();
    g.moveTo(xs[0]!, p.bottom);
    xs.forEach((x, i) => g.lineTo(x, y(levels[i]!)));
    g.lineTo(xs[xs.length - 1]!, p.bottom);
    g.closePath();
    g.fillStyle = COLORS.fill;
    g.fill();
    g.beginPath();
    xs.forEach((x, i) => (i === 0 ? g.moveTo(x, y(levels[i]!)) : g.lineTo(x, y(levels[i]!))));
    g.strokeStyle = COLORS.spectrum;
    g.lineWidth = 1.25;
    g.stroke();
  }

  /** The response at every half pixel column, recomputed only when the EQ or the size changed. */
  private drawCurve(size: CanvasSize): void {
    const g = this.g;
    const p = this.plot(size);
    const columns = Math.max(2, Math.round((p.right - p.left) * 2));
    const key = `${this.curve.revision()}:${columns}:${size.width}`;
    if (key !== this.curveKey) {
      this.curveKey = key;
      const frequenciesHz = new Float32Array(columns + 1);
      for (let i = 0; i <= columns; i++) frequenciesHz[i] = this.frequencyAt(p.left + (i / columns) * (p.right - p.left), size);
      this.curveDb = new Float32Array(columns + 1);
      this.curve.responseDb(frequenciesHz, this.curveDb);
    }
    g.beginPath();
    for (let i = 0; i <= columns; i++) {
      const x = p.left + (i / columns) * (p.right - p.left);
      const y = this.yOf(this.curveDb[i]!, CURVE_MIN_DB, CURVE_MAX_DB, size);
      if (i === 0) g.moveTo(x, y);
      else g.lineTo(x, y);
    }
    const bypassed = this.curve.bypassed();
    g.strokeStyle = bypassed ? COLORS.curveBypassed : COLORS.curve;
    g.setLineDash(bypassed ? [6, 5] : []);
    g.lineWidth = 2;
    g.stroke();
    g.setLineDash([]);
  }

  /** A numbered dot per band at its centre frequency and shown gain. */
  private drawHandles(size: CanvasSize): void {
    const g = this.g;
    const active = this.curve.activeHandle();
    const bypassed = this.curve.bypassed();
    g.font = '9px system-ui, sans-serif';
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    this.curve.handles().forEach((h, i) => {
      const x = this.xOf(h.frequencyHz, size);
      const y = this.yOf(h.gainDb, CURVE_MIN_DB, CURVE_MAX_DB, size);
      g.beginPath();
      g.arc(x, y, i === active ? HANDLE_RADIUS_PX + 2 : HANDLE_RADIUS_PX, 0, 2 * Math.PI);
      g.fillStyle = bypassed ? COLORS.curveBypassed : COLORS.curve;
      g.fill();
      g.lineWidth = 1.5;
      g.strokeStyle = COLORS.background;
      g.stroke();
      g.fillStyle = COLORS.background;
      g.fillText(String(i + 1), x, y + 0.5);
    });
  }
}

function line(g: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number): void {
  g.beginPath();
  g.moveTo(x0, y0);
  g.lineTo(x1, y1);
  g.stroke();
}

/** 60 → "60", 2000 → "2k", 20000 → "20k". */
function formatHz(hz: number): string {
  return hz >= 1000 ? `${hz / 1000}k` : String(hz);
}
