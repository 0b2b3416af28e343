/**
 * The Tracks panel: plays a track (docs/tracks.md) through the EQ in place of the
 * chosen source, shows where it is and lets the listener seek.
 *
 * - Track: one of the repository's examples (track-examples.ts) or a JSON file from the picker
 *   (read as text and handed to the engine as it is; a picked file plays at once after Start).
 * - "Play track": Engine.loadTrack (checked by the C++ core on the main thread first: a
 *   malformed track is refused with one line naming the JSON path, nothing is sent and nothing
 *   plays; the message goes to the status area), then the graph's source becomes 'input'
 *   (the engine plays the track in place of its node input, so the EQ, analyser, master gain and
 *   meters see it) and the track is sought to 0 s so it is heard from its first frame.
 *   "Stop track": the chosen source's graph comes back, then Engine.unloadTrack.
 * - Position: Engine.trackPosition() every POSITION_INTERVAL_MS as "mm:ss / mm:ss" and on the
 *   "Track position" slider (whole seconds; arrows ±1 s, PageUp/PageDown ±10 %, Home/End; a
 *   change seeks with Engine.seekTrack). "ended" when the track reached its end (Engine.trackPosition().ended,
 *   which clears after a seek back); the track stays loaded (silent) so a seek back
 *   plays it again. The engine's 'trackEnded' events are counted for the tests.
 * Main thread only.
 */
import type { Engine } from 'wavegraph';
import { errorMessage, type SourceSwitcher } from './sources';
import type { StatusLine } from './status-line';
import { EXAMPLE_TRACKS, type TrackChoice } from './track-examples';
import { formatTrackPosition, formatTrackTime } from './track-time';

/** How often the position is read and shown, ms (≈ 10 times a second). */
const POSITION_INTERVAL_MS = 100;
/** Longest wait for the engine's counters to drop a previous track's end count, ms. */
/** After a seek, readings still far from its target are ignored this long (the engine's counters lag), ms. */
const SEEK_SETTLE_MS = 500;
/** Value of the select's option for a picked file. */
const FILE_CHOICE = 'file';

/** What the panel shows (also read by the end-to-end tests through window.wavegraphDemo.track()). */
export interface TrackPanelState {
  /** 'idle' before Start, then 'stopped' | 'loading' | 'playing' | 'ended'. */
  state: 'idle' | 'stopped' | 'loading' | 'playing' | 'ended';
  /** The loaded track's file name, or null. */
  name: string | null;
  /** Latest Engine.trackPosition() reading, seconds. */
  positionSeconds: number;
  durationSeconds: number;
  /** The "mm:ss / mm:ss" text shown. */
  shown: string;
  /** 'trackEnded' events received from the engine since Start. */
  endedEvents: number;
}

export interface TrackPanelElements {
  choice: HTMLSelectElement;
  file: HTMLInputElement;
  play: HTMLButtonElement;
  seek: HTMLInputElement;
  time: HTMLOutputElement;
  state: HTMLElement;
}

export class TrackPanel {
  private engine: Engine | null = null;
  private context: BaseAudioContext | null = null;
  private sources: SourceSwitcher | null = null;
  private fileChoice: TrackChoice | null = null;
  private loaded: { name: string; durationSeconds: number } | null = null;
  private busy = false;
  private seeking = false;
  private ended = false;
  private positionSeconds = 0;
  private endedEvents = 0;
  /** The latest seek target (s) and until when stale readings are ignored (performance.now() ms). */
  private pendingSeek: { seconds: number; untilMs: number } | null = null;

  constructor(
    private readonly ui: TrackPanelElements,
    private readonly status: StatusLine,
  ) {
    for (const example of EXAMPLE_TRACKS) ui.choice.add(new Option(example.label, example.value));
    ui.play.addEventListener('click', () => void (this.loaded === null ? this.play() : this.stop()));
    ui.choice.addEventListener('change', () => {
      if (this.loaded !== null) void this.play();
    });
    ui.file.addEventListener('change', () => {
      const file = ui.file.files?.[0];
      if (file !== undefined) void this.pickFile(file);
    });
    ui.seek.addEventListener('input', () => {
      this.seeking = true;
      this.showTime(ui.seek.valueAsNumber);
    });
    ui.seek.addEventListener('change', () => this.seekTo(ui.seek.valueAsNumber));
    this.render();
  }

  /** After Start: the engine plays the tracks; the position is followed from now on. */
  attach(engine: Engine, context: BaseAudioContext, sources: SourceSwitcher): void {
    this.engine = engine;
    this.context = context;
    this.sources = sources;
    engine.on('event', (event) => {
      if (event.type === 'trackEnded') this.endedEvents++;
    });
    setInterval(() => this.update(), POSITION_INTERVAL_MS);
    this.render();
    if (this.fileChoice !== null && this.ui.choice.value === FILE_CHOICE) void this.play();
  }

  snapshot(): TrackPanelState {
    return {
      state: this.stateName(),
      name: this.loaded?.name ?? null,
      positionSeconds: this.positionSeconds,
      durationSeconds: this.loaded?.durationSeconds ?? 0,
      shown: this.ui.time.textContent ?? '',
      endedEvents: this.endedEvents,
    };
  }

  /** A picked file becomes the chosen track and plays (after Start). */
  private async pickFile(file: File): Promise<void> {
    let text: string;
    try {
      text = await file.text();
    } catch (error) {
      this.status.showError(`could not read the track file "${file.name}": ${errorMessage(error)}`);
      return;
    }
    // Cleared so that picking the same (edited) file again is a change too; the select names it.
    this.ui.file.value = '';
    this.fileChoice = { value: FILE_CHOICE, label: `File: ${file.name}`, fileName: file.name, track: text };
    let option = [...this.ui.choice.options].find((o) => o.value === FILE_CHOICE);
    if (option === undefined) {
      option = new Option('', FILE_CHOICE);
      this.ui.choice.add(option);
    }
    option.text = this.fileChoice.label;
    this.ui.choice.value = FILE_CHOICE;
    if (this.engine === null) this.status.showError(`track "${file.name}" will play after Start`);
    else await this.play();
  }

  private chosen(): TrackChoice | null {
    const value = this.ui.choice.value;
    if (value === FILE_CHOICE) return this.fileChoice;
    return EXAMPLE_TRACKS.find((t) => t.value === value) ?? null;
  }

  /** Loads the chosen track (replacing a playing one) and makes it the sound heard. */
  private async play(): Promise<void> {
    const engine = this.engine;
    const sources = this.sources;
    const choice = this.chosen();
    if (engine === null || sources === null || choice === null || this.busy) return;
    this.busy = true;
    this.render('loading');
    try {
      if (this.loaded !== null) await this.stopNow();
      const wasInput = sources.hearsInput();
      let durationSeconds: number;
      try {
        ({ durationSeconds } = await engine.loadTrack(choice.track));
      } catch (error) {
        // Checked before anything was sent: nothing plays, the chosen source goes on.
        this.status.showError(`${errorMessage(error)} (track "${choice.fileName}")`);
        return;
      }
      const switched = await sources.setTrackActive(true);
      if (!switched.ok) {
        engine.unloadTrack();
        await sources.setTrackActive(false);
        this.status.showError(switched.message);
        return;
      }
      // Heard from its first frame (it started when loaded, before the graph took its input).
      if (!wasInput) engine.seekTrack(0);
      this.loaded = { name: choice.fileName, durationSeconds };
      this.ended = false;
      this.positionSeconds = 0;
      this.status.clearError();
    } finally {
      this.busy = false;
      this.render();
    }
  }

  private async stop(): Promise<void> {
    if (this.busy || this.loaded === null) return;
    this.busy = true;
    try {
      await this.stopNow();
    } finally {
      this.busy = false;
      this.render();
    }
  }

  /** The chosen source's graph first (so no gap is heard), then the track goes. */
  private async stopNow(): Promise<void> {
    if (this.engine === null || this.sources === null) return;
    const back = await this.sources.setTrackActive(false);
    this.engine.unloadTrack();
    this.loaded = null;
    this.ended = false;
    this.positionSeconds = 0;
    this.status.report(back);
  }

  private seekTo(seconds: number): void {
    this.seeking = false;
    if (this.engine === null || this.loaded === null) return;
    const result = this.engine.seekTrack(seconds);
    this.status.report(result);
    if (!result.ok) return;
    this.ended = false;
    this.positionSeconds = Math.min(seconds, this.loaded.durationSeconds);
    this.pendingSeek = { seconds: this.positionSeconds, untilMs: performance.now() + SEEK_SETTLE_MS };
    this.render();
  }

  /** Reads the position (which also lets the engine emit 'trackEnded') and shows it. */
  private update(): void {
    if (this.engine === null) return;
    const position = this.engine.trackPosition();
    if (this.loaded === null) return;
    const seek = this.pendingSeek;
    if (seek !== null) {
      // Until the engine reports the sought position, keep showing the target (so quick key
      // presses step from it, not from a stale reading). Playback only moves forward from the
      // target, so a reading just below it is one from before the seek.
      const offset = position.positionSeconds - seek.seconds;
      if ((offset < -0.01 || offset > 0.5) && performance.now() < seek.untilMs) return;
      this.pendingSeek = null;
    }
    this.positionSeconds = position.positionSeconds;
    this.ended = position.ended;
    this.render();
  }

  private stateName(): TrackPanelState['state'] {
    if (this.engine === null) return 'idle';
    if (this.busy) return 'loading';
    if (this.loaded === null) return 'stopped';
    return this.ended ? 'ended' : 'playing';
  }

  private render(override?: TrackPanelState['state']): void {
    const ui = this.ui;
    const state = override ?? this.stateName();
    const loaded = this.loaded;
    ui.play.disabled = this.engine === null || state === 'loading';
    const label = loaded === null ? 'Play track' : 'Stop track';
    if (ui.play.textContent !== label) ui.play.textContent = label;
    ui.seek.disabled = loaded === null;
    const duration = loaded?.durationSeconds ?? 0;
    const max = String(Math.floor(duration));
    if (ui.seek.max !== max) ui.seek.max = max;
    if (!this.seeking) {
      const value = String(Math.min(Math.floor(this.positionSeconds), Math.floor(duration)));
      if (ui.seek.value !== value) ui.seek.value = value;
      this.showTime(loaded === null ? NaN : this.positionSeconds);
    }
    let text: string = state;
    if (state === 'idle') text = 'press Start, then Play track';
    else if (state === 'playing' && this.context?.state !== 'running') text = 'paused (the engine is stopped)';
    else if (state === 'playing' || state === 'ended') text = `${state}: ${loaded?.name ?? ''}`;
    if (ui.state.textContent !== text) ui.state.textContent = text;
  }

  /** The time text and the slider's spoken value for `positionSeconds` (NaN: no track). */
  private showTime(positionSeconds: number): void {
    const duration = this.loaded?.durationSeconds ?? 0;
    const shown = Number.isNaN(positionSeconds) ? '--:-- / --:--' : formatTrackPosition(positionSeconds, duration);
    if (this.ui.time.textContent !== shown) this.ui.time.textContent = shown;
    const spoken = Number.isNaN(positionSeconds)
      ? 'no track loaded'
      : `${formatTrackTime(positionSeconds)} of ${formatTrackTime(duration)}`;
    if (this.ui.seek.getAttribute('aria-valuetext') !== spoken) this.ui.seek.setAttribute('aria-valuetext', spoken);
  }
}
