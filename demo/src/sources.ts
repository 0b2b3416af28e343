/**
 * The demo's sound sources, of which one feeds the EQ at a time.
 * - Oscillators (sine, sawtooth, square, triangle) and noises (white, pink, brown) are the
 *   graph's own source node: engine.loadGraph(referenceGraph({ source, frequencyHz, levelDb }))
 *   (the EQ, analyser, master gain and meter keep their ids, settings and state across the
 *   swap, which crossfades over 5 ms). Oscillator frequency changes go to the running node with
 *   engine.setParam('source', 'frequencyHz', …) (ramped by the core).
 * - A local file (decodeAudioData, AudioBufferSourceNode, loop on/off) and the microphone
 *   (getUserMedia → MediaStreamAudioSourceNode) go into engine.node, with the graph's source set
 *   to 'input'.
 * Generators and the file play at −12 dBFS peak; the microphone as it comes.
 * Graph loads run one after another (a queue), so quick changes land in order.
 * While a track plays (track-panel.ts) the graph's source is 'input' whatever is chosen, since
 * the engine plays the track in place of its node input; the chosen source is kept (and can be
 * changed) and comes back with setTrackActive(false).
 * Main thread only.
 */
import { referenceGraph } from 'wavegraph';
import { withSpectrumSettings } from './analyser-settings';
import type { Engine, ReferenceSource, Status } from 'wavegraph';

/** The choices of the "Source" control. */
export type SourceChoice =
  | 'sine' | 'sawtooth' | 'square' | 'triangle'
  | 'whiteNoise' | 'pinkNoise' | 'brownNoise'
  | 'file' | 'microphone';

export const OSCILLATOR_CHOICES: readonly SourceChoice[] = ['sine', 'sawtooth', 'square', 'triangle'];

/** Oscillator frequency range accepted by the demo, in Hz. */
export const OSCILLATOR_RANGE_HZ = { min: 20, max: 20000 } as const;
/** Level of the generators (graph source node), dBFS. */
export const GENERATOR_LEVEL_DB = -12;
/** Level of the file player into the engine: −12 dB as a linear gain. */
const FILE_LEVEL = 10 ** (GENERATOR_LEVEL_DB / 20);

const OK: Status = { ok: true };

export class SourceSwitcher {
  private readonly fileLevel: GainNode;
  private fileBuffer: AudioBuffer | null = null;
  private fileName = '';
  private filePlayer: AudioBufferSourceNode | null = null;
  private loop = true;
  private microphone: MediaStream | null = null;
  private microphoneNode: MediaStreamAudioSourceNode | null = null;
  private current: SourceChoice | null = null;
  private graphSource: ReferenceSource | null = null;
  /** The graph source the chosen source needs (null before the first select). */
  private wanted: ReferenceSource | null = null;
  private trackActive = false;
  private frequencyHz: number;
  private queue: Promise<unknown> = Promise.resolve();

  /** Called when the file player ends (loop off) with the file's name. */
  onFileEnded: (name: string) => void = () => undefined;

  constructor(
    private readonly context: AudioContext,
    private readonly engine: Engine,
    frequencyHz: number,
  ) {
    this.frequencyHz = clampFrequency(frequencyHz);
    this.fileLevel = new GainNode(context, { gain: FILE_LEVEL });
    this.fileLevel.connect(engine.node);
  }

  /** The source heard now (null before the first select). */
  choice(): SourceChoice | null {
    return this.current;
  }

  /** Whether a file has been decoded (and its name). */
  loadedFile(): string | null {
    return this.fileBuffer === null ? null : this.fileName;
  }

  /**
   * Makes `choice` the one source heard. Resolves to an error Status (and keeps the previous
   * source) when the file is not loaded or the microphone is refused or unavailable.
   */
  select(choice: SourceChoice): Promise<Status> {
    return this.enqueue(() => this.selectNow(choice));
  }

  /** The oscillator frequency in Hz (used by the next oscillator too). */
  oscillatorFrequency(): number {
    return this.frequencyHz;
  }

  /** Oscillator frequency in Hz (20…20000); applied at once when an oscillator plays. */
  setOscillatorFrequency(frequencyHz: number): Status {
    if (!Number.isFinite(frequencyHz) || frequencyHz < OSCILLATOR_RANGE_HZ.min || frequencyHz > OSCILLATOR_RANGE_HZ.max) {
      return {
        ok: false,
        message: `oscillator frequencyHz ${frequencyHz} is out of range (${OSCILLATOR_RANGE_HZ.min}…${OSCILLATOR_RANGE_HZ.max} Hz)`,
      };
    }
    this.frequencyHz = frequencyHz;
    if (this.current !== null && OSCILLATOR_CHOICES.includes(this.current) && !this.trackActive) {
      return this.engine.setParam('source', 'frequencyHz', frequencyHz);
    }
    return OK;
  }

  /** Loop the file on/off (applies to the playing file too). */
  setLoop(loop: boolean): void {
    this.loop = loop;
    if (this.filePlayer !== null) this.filePlayer.loop = loop;
  }

  /** Decodes a local audio file; it then becomes the source and plays from the start. */
  async loadFile(file: File): Promise<Status> {
    let buffer: AudioBuffer;
    try {
      buffer = await this.context.decodeAudioData(await file.arrayBuffer());
    } catch (error) {
      return { ok: false, message: `could not decode "${file.name}": ${errorMessage(error)}` };
    }
    this.fileBuffer = buffer;
    this.fileName = file.name;
    return this.enqueue(() => this.selectNow('file'));
  }

  /** Plays the loaded file again from its start (and makes it the source). */
  restartFile(): Promise<Status> {
    return this.enqueue(() => this.selectNow('file'));
  }

  /**
   * active: the graph's source becomes 'input' (the engine's track is heard); inactive: the
   * chosen source's graph comes back. Queued after pending source changes.
   */
  setTrackActive(active: boolean): Promise<Status> {
    return this.enqueue(async () => {
      this.trackActive = active;
      return this.applyGraphSource();
    });
  }

  /** Whether the graph's source is the node input now (a file, the microphone, or a track). */
  hearsInput(): boolean {
    return this.graphSource === 'input';
  }

  private enqueue(task: () => Promise<Status>): Promise<Status> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async selectNow(choice: SourceChoice): Promise<Status> {
    if (choice === 'file' && this.fileBuffer === null) {
      return { ok: false, message: 'no audio file loaded: choose one with "Audio file" or drop one on the Signal panel' };
    }
    let stream: MediaStream | null = null;
    if (choice === 'microphone') {
      const opened = await openMicrophone();
      if (!opened.ok) return opened;
      stream = opened.stream;
    }
    this.stopInputs();
    this.current = choice;
    if (choice === 'file') {
      this.playFile();
      this.wanted = 'input';
    } else if (choice === 'microphone' && stream !== null) {
      this.microphone = stream;
      this.microphoneNode = new MediaStreamAudioSourceNode(this.context, { mediaStream: stream });
      this.microphoneNode.connect(this.engine.node);
      this.wanted = 'input';
    } else {
      this.wanted = choice as ReferenceSource;
    }
    return this.applyGraphSource();
  }

  /** The graph for the chosen source, or 'input' while a track plays. */
  private applyGraphSource(): Promise<Status> {
    const source = this.trackActive ? 'input' : this.wanted;
    return source === null ? Promise.resolve(OK) : this.useGraphSource(source);
  }

  /** Loads the reference graph with `source` in front when it differs from the running one. */
  private async useGraphSource(source: ReferenceSource): Promise<Status> {
    if (source === this.graphSource) return OK;
    const graph = withSpectrumSettings(referenceGraph({
      source,
      levelDb: GENERATOR_LEVEL_DB,
      ...(OSCILLATOR_CHOICES.includes(source as SourceChoice) ? { frequencyHz: this.frequencyHz } : {}),
    }));
    try {
      await this.engine.loadGraph(graph);
      this.graphSource = source;
      return OK;
    } catch (error) {
      return { ok: false, message: `could not switch the source to ${source}: ${errorMessage(error)}` };
    }
  }

  private playFile(): void {
    if (this.fileBuffer === null) return;
    const player = new AudioBufferSourceNode(this.context, { buffer: this.fileBuffer, loop: this.loop });
    player.connect(this.fileLevel);
    player.addEventListener('ended', () => {
      if (this.filePlayer === player) {
        this.filePlayer = null;
        this.onFileEnded(this.fileName);
      }
    });
    player.start();
    this.filePlayer = player;
  }

  private stopInputs(): void {
    if (this.filePlayer !== null) {
      const player = this.filePlayer;
      this.filePlayer = null;
      player.stop();
      player.disconnect();
    }
    if (this.microphoneNode !== null) {
      this.microphoneNode.disconnect();
      this.microphoneNode = null;
    }
    if (this.microphone !== null) {
      for (const track of this.microphone.getTracks()) track.stop();
      this.microphone = null;
    }
  }
}

/** getUserMedia for audio, or a one-line message saying why not. */
async function openMicrophone(): Promise<{ ok: true; stream: MediaStream } | { ok: false; message: string }> {
  if (navigator.mediaDevices?.getUserMedia === undefined) {
    return {
      ok: false,
      message: 'microphone unavailable: this page has no access to audio input (it needs https or localhost and a browser with getUserMedia)',
    };
  }
  try {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
    });
    return { ok: true, stream };
  } catch (error) {
    const name = error instanceof DOMException ? error.name : '';
    if (name === 'NotAllowedError' || name === 'SecurityError') {
      return { ok: false, message: 'microphone access was refused: allow it in the browser\'s site settings, then choose Microphone again' };
    }
    if (name === 'NotFoundError' || name === 'OverconstrainedError') {
      return { ok: false, message: 'no microphone found: connect one, then choose Microphone again' };
    }
    if (name === 'NotReadableError') {
      return { ok: false, message: 'the microphone is in use by another program or could not be opened' };
    }
    return { ok: false, message: `microphone unavailable: ${errorMessage(error)}` };
  }
}

function clampFrequency(frequencyHz: number): number {
  if (!Number.isFinite(frequencyHz)) return 1000;
  return Math.min(OSCILLATOR_RANGE_HZ.max, Math.max(OSCILLATOR_RANGE_HZ.min, frequencyHz));
}

/** The message of anything thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
