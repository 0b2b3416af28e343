/**
 * The status area: one line describing the audio setup and one line for the latest error.
 * Errors are shown here, never in an alert. Main thread only.
 */

/** Result of a control call, as returned by the wavegraph Engine setters. */
export type Status = { ok: true } | { ok: false; message: string };

/** What the status line reports once the engine runs. */
export interface RunningInfo {
  crossOriginIsolated: boolean;
  /** Sample rate of the AudioContext, in Hz. */
  sampleRateHz: number;
  /** Frames per render quantum (128 in today's browsers). */
  renderQuantumFrames: number;
  /** How control data reaches the worklet: 'sharedArrayBuffer' or 'postMessage'. */
  transport: string;
}

export class StatusLine {
  constructor(
    private readonly statusElement: HTMLElement,
    private readonly errorElement: HTMLElement,
  ) {}

  /** Before Start: isolation state and a hint. */
  showIdle(crossOriginIsolated: boolean): void {
    this.statusElement.textContent = `${isolationText(crossOriginIsolated)} · press Start to run the engine`;
  }

  /** After Start, e.g. "cross-origin isolated: yes · sample rate 48000 Hz · render quantum 128 frames · transport sharedArrayBuffer". */
  showRunning(info: RunningInfo): void {
    this.statusElement.textContent = [
      isolationText(info.crossOriginIsolated),
      `sample rate ${info.sampleRateHz} Hz`,
      `render quantum ${info.renderQuantumFrames} frames`,
      `transport ${info.transport}`,
    ].join(' · ');
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
