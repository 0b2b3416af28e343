/**
 * Live spectrum plot on a canvas: log-frequency x axis (20 Hz…20 kHz), dB y axis (-100…0 dB),
 * with grid labels and a marker at each EQ band. Redrawn every animation frame from a
 * `readSpectrum` callback with AnalyserNode semantics (dB per bin, bin k at k·sampleRate/fftSize).
 * Main thread only.
 */

export interface SpectrumViewOptions {
  /** Sample rate of the analysed signal, in Hz. */
  sampleRateHz: number;
  /** Number of bins read per frame (fftSize / 2), a power of two. */
  binCount: number;
  /** Frequencies to mark, in Hz (the EQ bands). */
  markerFrequenciesHz: readonly number[];
  /** Fills `out` (binCount values) with the current spectrum in dB. */
  readSpectrum: (out: Float32Array) => void;
}

const MIN_HZ = 20;
const MAX_HZ = 20000;
const MIN_DB = -100;
const MAX_DB = 0;
const GRID_HZ = [20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000];
const GRID_DB = [0, -20, -40, -60, -80, -100];
const MARGIN = { left: 48, right: 12, top: 22, bottom: 24 };
const COLORS = {
  background: '#11151c',
  grid: '#263040',
  label: '#8a97ab',
  marker: '#e0a43a',
  line: '#4fd1c5',
  fill: 'rgba(79, 209, 197, 0.18)',
};

export class SpectrumView {
  private readonly bins: Float32Array;
  private readonly context2d: CanvasRenderingContext2D;
  private frameRequest = 0;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly options: SpectrumViewOptions,
  ) {
    const context2d = canvas.getContext('2d');
    if (context2d === null) throw new Error('canvas 2D context is unavailable');
    this.context2d = context2d;
    this.bins = new Float32Array(options.binCount);
  }

  /** Starts redrawing every animation frame. */
  start(): void {
    const frame = (): void => {
      this.options.readSpectrum(this.bins);
      this.draw();
      this.frameRequest = requestAnimationFrame(frame);
    };
    this.frameRequest = requestAnimationFrame(frame);
  }

  stop(): void {
    cancelAnimationFrame(this.frameRequest);
  }

  /** Draws the empty grid (before the engine runs). */
  drawGrid(): void {
    this.resize();
    this.drawAxes();
  }

  private draw(): void {
    this.resize();
    this.drawAxes();
    this.drawSpectrum();
  }

  /** Matches the backing store to the CSS size × devicePixelRatio; works in CSS pixels after. */
  private resize(): void {
    const ratio = window.devicePixelRatio || 1;
    const width = Math.round(this.canvas.clientWidth * ratio);
    const height = Math.round(this.canvas.clientHeight * ratio);
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
    this.context2d.setTransform(ratio, 0, 0, ratio, 0, 0);
  }

  private plotWidth(): number {
    return this.canvas.clientWidth - MARGIN.left - MARGIN.right;
  }

  private plotHeight(): number {
    return this.canvas.clientHeight - MARGIN.top - MARGIN.bottom;
  }

  private xOf(frequencyHz: number): number {
    return MARGIN.left + (Math.log(frequencyHz / MIN_HZ) / Math.log(MAX_HZ / MIN_HZ)) * this.plotWidth();
  }

  private yOf(levelDb: number): number {
    const clamped = Math.min(MAX_DB, Math.max(MIN_DB, levelDb));
    return MARGIN.top + ((MAX_DB - clamped) / (MAX_DB - MIN_DB)) * this.plotHeight();
  }

  private drawAxes(): void {
    const g = this.context2d;
    const bottom = MARGIN.top + this.plotHeight();
    const right = MARGIN.left + this.plotWidth();
    g.fillStyle = COLORS.background;
    g.fillRect(0, 0, this.canvas.clientWidth, this.canvas.clientHeight);
    g.font = '11px system-ui, sans-serif';
    g.lineWidth = 1;

    g.strokeStyle = COLORS.grid;
    g.fillStyle = COLORS.label;
    g.textAlign = 'center';
    g.textBaseline = 'top';
    for (const hz of GRID_HZ) {
      const x = Math.round(this.xOf(hz)) + 0.5;
      line(g, x, MARGIN.top, x, bottom);
      g.fillText(formatHz(hz), x, bottom + 6);
    }
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    for (const db of GRID_DB) {
      const y = Math.round(this.yOf(db)) + 0.5;
      line(g, MARGIN.left, y, right, y);
      g.fillText(`${db} dB`, MARGIN.left - 6, y);
    }

    g.strokeStyle = COLORS.marker;
    g.fillStyle = COLORS.marker;
    g.textAlign = 'center';
    g.textBaseline = 'bottom';
    g.setLineDash([3, 4]);
    for (const hz of this.options.markerFrequenciesHz) {
      const x = Math.round(this.xOf(hz)) + 0.5;
      line(g, x, MARGIN.top, x, bottom);
      g.fillText(formatHz(hz), x, MARGIN.top - 4);
    }
    g.setLineDash([]);
  }

  /** One point per pixel column (the loudest bin in it), from 20 Hz to 20 kHz. */
  private drawSpectrum(): void {
    const g = this.context2d;
    const binHz = this.options.sampleRateHz / (2 * this.bins.length);
    const bottom = MARGIN.top + this.plotHeight();
    const points: Array<[number, number]> = [];
    for (let bin = 1; bin < this.bins.length; bin++) {
      const hz = bin * binHz;
      if (hz < MIN_HZ || hz > MAX_HZ) continue;
      const x = Math.round(this.xOf(hz));
      const level = Number.isFinite(this.bins[bin]) ? this.bins[bin] : MIN_DB;
      const last = points[points.length - 1];
      if (last !== undefined && last[0] === x) last[1] = Math.max(last[1], level);
      else points.push([x, level]);
    }
    if (points.length < 2) return;

    g.beginPath();
    g.moveTo(points[0][0], bottom);
    for (const [x, level] of points) g.lineTo(x, this.yOf(level));
    g.lineTo(points[points.length - 1][0], bottom);
    g.closePath();
    g.fillStyle = COLORS.fill;
    g.fill();

    g.beginPath();
    points.forEach(([x, level], i) => (i === 0 ? g.moveTo(x, this.yOf(level)) : g.lineTo(x, this.yOf(level))));
    g.strokeStyle = COLORS.line;
    g.lineWidth = 1.5;
    g.stroke();
  }
}

function line(g: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number): void {
  g.beginPath();
  g.moveTo(x0, y0);
  g.lineTo(x1, y1);
  g.stroke();
}

/** 60 → "60", 7680 → "7.68k", 20000 → "20k". */
function formatHz(hz: number): string {
  return hz >= 1000 ? `${Number((hz / 1000).toFixed(2))}k` : String(hz);
}
