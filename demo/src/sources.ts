/**
 * The demo's sound sources, of which one feeds the engine at a time:
 * - 'oscillator': a Web Audio OscillatorNode (sine, -12 dBFS) into engine.node;
 * - 'pinkNoise': the core's own pink-noise generator (the reference graph with a noise node as
 *   its source, loaded with engine.loadGraph; the EQ keeps its settings across the swap);
 * - 'file': a decoded local audio file, looped, into engine.node.
 * Main thread only.
 */
import { referenceGraph } from 'wavegraph';
import type { Engine, ReferenceSource } from 'wavegraph';
import type { Status } from './status-line';

/** The choices of the "Source" control. */
export type SourceChoice = 'oscillator' | 'pinkNoise' | 'file';

/** Oscillator frequency range accepted by the demo, in Hz. */
export const OSCILLATOR_MIN_HZ = 20;
export const OSCILLATOR_MAX_HZ = 20000;

/** Peak level of the oscillator and file player into the engine (-12 dBFS) as a linear gain. */
const INPUT_LEVEL = 0.25;

export class SourceSwitcher {
  private readonly oscillator: OscillatorNode;
  private readonly oscillatorLevel: GainNode;
  private readonly fileLevel: GainNode;
  private fileBuffer: AudioBuffer | null = null;
  private filePlayer: AudioBufferSourceNode | null = null;
  private choice: SourceChoice | null = null;
  private graphSource: ReferenceSource = 'input';

  /** Creates and starts the oscillator (not yet connected). frequencyHz: 20…20000 (clamped; 1000 if not a number). */
  constructor(
    private readonly context: AudioContext,
    private readonly engine: Engine,
    frequencyHz: number,
  ) {
    const frequency = Number.isFinite(frequencyHz)
      ? Math.min(OSCILLATOR_MAX_HZ, Math.max(OSCILLATOR_MIN_HZ, frequencyHz))
      : 1000;
    this.oscillator = new OscillatorNode(context, { type: 'sine', frequency });
    this.oscillatorLevel = new GainNode(context, { gain: INPUT_LEVEL });
    this.fileLevel = new GainNode(context, { gain: INPUT_LEVEL });
    this.oscillator.connect(this.oscillatorLevel);
    this.fileLevel.connect(engine.node);
    this.oscillator.start();
  }

  /** Makes `choice` the one source heard. 'file' fails until a file has been loaded. */
  select(choice: SourceChoice): Status {
    if (choice === 'file' && this.fileBuffer === null) {
      return { ok: false, message: 'no audio file loaded: choose one with "Audio file" first' };
    }
    this.disconnectAll();
    this.choice = choice;
    switch (choice) {
      case 'oscillator':
        this.oscillatorLevel.connect(this.engine.node);
        return this.useGraphSource('input');
      case 'pinkNoise':
        return this.useGraphSource('pinkNoise');
      case 'file':
        this.playFile();
        return this.useGraphSource('input');
    }
  }

  /** Switches the graph's own source node (input or a generator) when it changes. */
  private useGraphSource(source: ReferenceSource): Status {
    if (source === this.graphSource) return { ok: true };
    this.graphSource = source;
    this.engine.loadGraph(referenceGraph({ source, levelDb: -12 })).catch((error: unknown) => {
      console.error(`wavegraph demo: could not switch the source to ${source}: ${errorMessage(error)}`);
    });
    return { ok: true };
  }

  /** Sets the oscillator frequency in Hz (20…20000), with a short glide. */
  setOscillatorFrequency(frequencyHz: number): Status {
    if (!Number.isFinite(frequencyHz) || frequencyHz < OSCILLATOR_MIN_HZ || frequencyHz > OSCILLATOR_MAX_HZ) {
      return {
        ok: false,
        message: `oscillator frequencyHz ${frequencyHz} is out of range (${OSCILLATOR_MIN_HZ}…${OSCILLATOR_MAX_HZ} Hz)`,
      };
    }
    this.oscillator.frequency.setTargetAtTime(frequencyHz, this.context.currentTime, 0.01);
    return { ok: true };
  }

  /** Decodes a local audio file; the file then becomes the selected source. */
  async loadFile(file: File): Promise<Status> {
    try {
      this.fileBuffer = await this.context.decodeAudioData(await file.arrayBuffer());
    } catch (error) {
      return { ok: false, message: `could not decode "${file.name}": ${errorMessage(error)}` };
    }
    return this.select('file');
  }

  private playFile(): void {
    if (this.fileBuffer === null) return;
    this.filePlayer = new AudioBufferSourceNode(this.context, { buffer: this.fileBuffer, loop: true });
    this.filePlayer.connect(this.fileLevel);
    this.filePlayer.start();
  }

  private disconnectAll(): void {
    if (this.choice === 'oscillator') this.oscillatorLevel.disconnect();
    if (this.filePlayer !== null) {
      this.filePlayer.stop();
      this.filePlayer.disconnect();
      this.filePlayer = null;
    }
  }
}

/** The message of anything thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
