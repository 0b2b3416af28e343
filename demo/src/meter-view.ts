/**
 * Peak/RMS meters per channel, from the graph's "meter" node (Engine.meters(): peak =
 * 20·log10 max|x|, RMS = 10·log10 mean x², dBFS, one reading per ≈ 1024 frames).
 * Each channel is a horizontal bar on a −60…0 dBFS scale: RMS solid, peak lighter, and a peak-hold
 * tick that stays PEAK_HOLD_MS at the highest peak, then falls at PEAK_FALL_DB_PER_S.
 * Drawn every animation frame (HiDPI through hidpi-canvas.ts); the numbers are also written as text
 * (for people and screen readers) a few times a second. Main thread only.
 */
import { context2d, fitCanvas } from './hidpi-canvas';

/** Meter scale, dBFS. */
const MIN_DB = -60;
const MAX_DB = 0;
/** Peak hold: how long the tick stays, then how fast it falls. */
export const PEAK_HOLD_MS = 1500;
export const PEAK_FALL_DB_PER_S = 20;
const TEXT_INTERVAL_MS = 150;
const SCALE_DB = [-60, -48, -36, -24, -12, -6, -3, 0];
const CHANNEL_NAMES = ['L', 'R'];

/** What the meters show, per channel (dBFS; −200 for digital silence). */
export interface MeterState {
  peakDb: number[];
  rmsDb: number[];
  peakHoldDb: number[];
  /** Context frame at the end of the latest window (−1 before the first). */
  frameTime: number;
}

export interface MeterReadingSource {
  /** Engine.meters(): the latest reading, or undefined before the first. */
  read(): { peakDb: number[]; rmsDb: number[]; frameTime: number } | undefined;
}

export class MeterView {
  private readonly g: CanvasRenderingContext2D;
  private readonly state: MeterState = { peakDb: [], rmsDb: [], peakHoldDb: [], frameTime: -1 };
  private readonly holdSinceMs: number[] = [];
  private source: MeterReadingSource | null = null;
  private lastDrawMs = 0;
  private lastTextMs = 0;
  private frameRequest = 0;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly text: HTMLElement,
    private readonly numChannels: number,
  ) {
    this.g = context2d(canvas);
    for (let c = 0; c < numChannels; c++) {
      this.state.peakDb.push(-200);
      this.state.rmsDb.push(-200);
      this.state.peakHoldDb.push(-200);
      this.holdSinceMs.push(0);
    }
  }

  start(source: MeterReadingSource): void {
    this.source = source;
    cancelAnimationFrame(this.frameRequest);
    const frame = (nowMs: number): void => {
      this.update(nowMs);
      this.draw();
      this.frameRequest = requestAnimationFrame(frame);
    };
    this.frameRequest = requestAnimationFrame(frame);
  }

  /** A copy of what is shown. */
  readings(): MeterState {
    return {
      peakDb: [...this.state.peakDb],
      rmsDb: [...this.state.rmsDb],
      peakHoldDb: [...this.state.peakHoldDb],
      frameTime: this.state.frameTime,
    };
  }

  private update(nowMs: number): void {
    const reading = this.source?.read();
    const elapsedS = this.lastDrawMs === 0 ? 0 : Math.min(0.25, (nowMs - this.lastDrawMs) / 1000);
    this.lastDrawMs = nowMs;
    for (let c = 0; c < this.numChannels; c++) {
      if (reading && reading.frameTime !== this.state.frameTime) {
        this.state.peakDb[c] = reading.peakDb[c] ?? -200;
        this.state.rmsDb[c] = reading.rmsDb[c] ?? -200;
      }
      const peak = this.state.peakDb[c]!;
      if (peak >= this.state.peakHoldDb[c]!) {
        this.state.peakHoldDb[c] = peak;
        this.holdSinceMs[c] = nowMs;
      } else if (nowMs - this.holdSinceMs[c]! > PEAK_HOLD_MS) {
        this.state.peakHoldDb[c] = Math.max(peak, this.state.peakHoldDb[c]! - PEAK_FALL_DB_PER_S * elapsedS);
      }
    }
    if (reading) this.state.frameTime = reading.frameTime;
    if (nowMs - this.lastTextMs >= TEXT_INTERVAL_MS) {
      this.lastTextMs = nowMs;
      this.text.textContent = this.state.peakDb
        .map((_, c) => `${CHANNEL_NAMES[c] ?? `ch ${c + 1}`}: peak ${formatDbfs(this.state.peakDb[c]!)}, ` +
          `RMS ${formatDbfs(this.state.rmsDb[c]!)}, hold ${formatDbfs(this.state.peakHoldDb[c]!)}`)
        .join(' · ');
    }
  }

  private draw(): void {
    const g = this.g;
    const { width, height } = fitCanvas(this.canvas, g);
    const left = 22;
    const right = width - 8;
    const scaleHeight = 14;
    const barGap = 4;
    const barHeight = Math.max(6, (height - scaleHeight - barGap * (this.numChannels + 1)) / this.numChannels);
    const xOf = (levelDb: number): number =>
      left + ((Math.min(MAX_DB, Math.max(MIN_DB, levelDb)) - MIN_DB) / (MAX_DB - MIN_DB)) * (right - left);

    g.fillStyle = '#11151c';
    g.fillRect(0, 0, width, height);
    g.font = '10px system-ui, sans-serif';
    for (let c = 0; c < this.numChannels; c++) {
      const y = barGap + c * (barHeight + barGap);
      g.fillStyle = '#1c2430';
      g.fillRect(left, y, right - left, barHeight);
      const peakX = xOf(this.state.peakDb[c]!);
      const rmsX = xOf(this.state.rmsDb[c]!);
      g.fillStyle = 'rgba(79, 209, 197, 0.35)';
      g.fillRect(left, y, peakX - left, barHeight);
      g.fillStyle = this.state.peakDb[c]! >= -0.1 ? '#ff7b72' : '#4fd1c5';
      g.fillRect(left, y, rmsX - left, barHeight);
      const holdX = Math.round(xOf(this.state.peakHoldDb[c]!));
      g.fillStyle = this.state.peakHoldDb[c]! >= -0.1 ? '#ff7b72' : '#f5c451';
      g.fillRect(holdX - 1, y, 2, barHeight);
      g.fillStyle = '#8a97ab';
      g.textAlign = 'left';
      g.textBaseline = 'middle';
      g.fillText(CHANNEL_NAMES[c] ?? String(c + 1), 6, y + barHeight / 2);
    }
    const scaleY = height - scaleHeight + 2;
    g.textBaseline = 'top';
    g.textAlign = 'center';
    g.fillStyle = '#8a97ab';
    const narrow = width < 400;
    for (const levelDb of SCALE_DB) {
      if (narrow && (levelDb === -3 || levelDb === -6 || levelDb === -48)) continue;
      const x = xOf(levelDb);
      g.fillRect(Math.round(x), scaleY - 3, 1, 3);
      g.fillText(String(levelDb), Math.min(right - 6, Math.max(left + 6, x)), scaleY);
    }
  }
}

/** −12.34 → "-12.3 dBFS"; digital silence (≤ −120) → "-inf dBFS". */
export function formatDbfs(levelDb: number): string {
  return levelDb <= -120 ? '-inf dBFS' : `${levelDb.toFixed(1)} dBFS`;
}
