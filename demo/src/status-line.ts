/**
 * The status area: one line describing the audio setup, a note on how commands travel, and one
 * line for the latest error. Errors are shown here, never in an alert. Main thread only.
 */
import type { Status, Transport } from 'wavegraph';

/** What the status line reports once the engine runs (refreshed a few times a second). */
export interface RunningInfo {
  crossOriginIsolated: boolean;
  /** How commands reach the worklet. */
  transport: Transport;
  /** AudioContext.state: 'running', 'suspended' … */
  state: string;
  /** Sample rate of the AudioContext, in Hz. */
  sampleRateHz: number;
  /** Frames per render quantum (the engine's block size). */
  renderQuantumFrames: number;
  /** AudioContext.baseLatency and outputLatency, in seconds (0 when the browser reports none). */
  baseLatencySeconds: number;
  outputLatencySeconds: number;
  /** Audio-thread time per render quantum, % of the quantum's duration (stats().audioLoadPercent). */
  audioLoadPercent: number;
  /** Commands lost on the way (stats().commandsDropped + setters refused for a full ring). */
  commandsDropped: number;
}

/** What the status line reports while the native host's engine is in use. */
export interface NativeInfo {
  /** The server's WebSocket URL. */
  url: string;
  connected: boolean;
  sampleRateHz: number;
  renderQuantumFrames: number;
  numChannels: number;
  /** Commands the server refused (stats().commandsDropped) plus those refused here. */
  commandsDropped: number;
  /** The server's output underruns so far (serverCounters().underruns; undefined before its first answer). */
  underruns: number | undefined;
}

export class StatusLine {
  constructor(
    private readonly statusElement: HTMLElement,
    private readonly noteElement: HTMLElement,
    private readonly errorElement: HTMLElement,
  ) {}

  /** Before Start: isolation state and a hint. */
  showIdle(crossOriginIsolated: boolean): void {
    this.statusElement.textContent = `${isolationText(crossOriginIsolated)} · press Start to run the engine`;
    this.noteElement.textContent = transportNote(crossOriginIsolated ? 'sharedArrayBuffer' : 'postMessage');
  }

  /**
   * After Start, e.g. "cross-origin isolated: yes · transport sharedArrayBuffer · running ·
   * sample rate 48000 Hz · render quantum 128 frames · base latency 2.7 ms · output latency 0.0 ms ·
   * audio load 3.1 % · dropped commands 0".
   */
  showRunning(info: RunningInfo): void {
    const text = [
      isolationText(info.crossOriginIsolated),
      `transport ${info.transport}`,
      info.state,
      `sample rate ${info.sampleRateHz} Hz`,
      `render quantum ${info.renderQuantumFrames} frames`,
      `base latency ${(info.baseLatencySeconds * 1000).toFixed(1)} ms`,
      `output latency ${(info.outputLatencySeconds * 1000).toFixed(1)} ms`,
      `audio load ${info.audioLoadPercent.toFixed(1)} %`,
      `dropped commands ${info.commandsDropped}`,
    ].join(' · ');
    if (this.statusElement.textContent !== text) this.statusElement.textContent = text;
    const note = transportNote(info.transport);
    if (this.noteElement.textContent !== note) this.noteElement.textContent = note;
  }

  /**
   * With the native host, e.g. "engine: native host ws://127.0.0.1:8420/api/live · connected ·
   * sample rate 48000 Hz · render quantum 128 frames · 2 channels · dropped commands 0 · underruns 0".
   */
  showNative(info: NativeInfo): void {
    const text = [
      `engine: native host ${info.url}`,
      info.connected ? 'connected' : 'not connected',
      `sample rate ${info.sampleRateHz} Hz`,
      `render quantum ${info.renderQuantumFrames} frames`,
      `${info.numChannels} channels`,
      `dropped commands ${info.commandsDropped}`,
      ...(info.underruns === undefined ? [] : [`underruns ${info.underruns}`]),
    ].join(' · ');
    if (this.statusElement.textContent !== text) this.statusElement.textContent = text;
    const note = 'Commands go over a WebSocket to wavegraph serve; its meters and analyser windows come back as pushes ' +
      '(the spectrum is computed in this page). This page\'s audio is stopped.';
    if (this.noteElement.textContent !== note) this.noteElement.textContent = note;
  }

  /** Shows one line of error text (newlines are folded into spaces). */
  showError(message: string): void {
    this.errorElement.textContent = message.replace(/\s+/g, ' ').trim();
  }

  clearError(): void {
    this.errorElement.textContent = '';
  }

  /** Shows a failed status's message; a successful one clears the error line. */
  report(status: Status): void {
    if (status.ok) this.clearError();
    else this.showError(status.message);
  }
}

function isolationText(crossOriginIsolated: boolean): string {
  return `cross-origin isolated: ${crossOriginIsolated ? 'yes' : 'no'}`;
}

function transportNote(transport: Transport): string {
  return transport === 'sharedArrayBuffer'
    ? 'Commands, meters and spectrum frames travel through SharedArrayBuffer rings (the page is cross-origin isolated).'
    : 'This page is not cross-origin isolated (no COOP/COEP headers), so commands, meters and spectrum frames travel by postMessage; everything works, with a little more delay.';
}
