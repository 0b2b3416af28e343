/**
 * The Source control while the native host is in use: an oscillator or noise becomes the source
 * of the server's graph, `engine.loadGraph(referenceGraph({ source, frequencyHz, levelDb }))` on
 * the RemoteEngine (the EQ, analyser, master gain and meter keep their ids and settings there),
 * and the oscillator frequency goes to `engine.setParam('source', 'frequencyHz', f)`. A local
 * file and the microphone play in this browser only. Main thread only.
 */
import { referenceGraph, REFERENCE_SOURCES } from 'wavegraph';
import type { EngineApi, NodeDescription, ReferenceSource, Status } from 'wavegraph';
import { GENERATOR_LEVEL_DB, OSCILLATOR_CHOICES, OSCILLATOR_RANGE_HZ, errorMessage, type SourceChoice } from './sources';

/** Which choice of the Source control the graph's "source" node is (null: none of them, e.g. 'input'). */
export function sourceChoiceOf(nodes: readonly NodeDescription[]): SourceChoice | null {
  const node = nodes.find((n) => n.id === 'source');
  if (node === undefined) return null;
  for (const [name, schema] of Object.entries(REFERENCE_SOURCES) as [ReferenceSource, (typeof REFERENCE_SOURCES)[ReferenceSource]][]) {
    if (name === 'input' || schema.nodeType !== node.type) continue;
    const selector = node.parameters.find((p) => p.name === schema.selectorParam);
    if (schema.selectorParam === '' || (selector !== undefined && (selector.value ?? selector.defaultValue) === schema.selectorValue))
      return name;
  }
  return null;
}

export class NativeSource {
  private current: SourceChoice | null;

  constructor(private readonly engine: EngineApi) {
    this.current = sourceChoiceOf(engine.parameters());
  }

  /** The source the server's graph plays (null when it is none of the Source control's choices). */
  choice(): SourceChoice | null {
    return this.current;
  }

  /** Makes `choice` the server's source (an oscillator at frequencyHz); a file or the microphone is refused. */
  async select(choice: SourceChoice, frequencyHz: number): Promise<Status> {
    if (choice === 'file' || choice === 'microphone')
      return { ok: false, message: 'a local file or the microphone plays in this browser only (choose "Engine: this browser"); the native host plays generators' };
    const oscillator = OSCILLATOR_CHOICES.includes(choice);
    try {
      await this.engine.loadGraph(referenceGraph({
        source: choice, levelDb: GENERATOR_LEVEL_DB, ...(oscillator ? { frequencyHz: clamp(frequencyHz) } : {}),
      }));
    } catch (error) {
      return { ok: false, message: errorMessage(error) };
    }
    this.current = choice;
    return { ok: true };
  }

  /** Oscillator frequency in Hz (20…20000), sent when the server plays an oscillator. */
  setOscillatorFrequency(frequencyHz: number): Status {
    if (!Number.isFinite(frequencyHz) || frequencyHz < OSCILLATOR_RANGE_HZ.min || frequencyHz > OSCILLATOR_RANGE_HZ.max)
      return { ok: false, message: `oscillator frequencyHz ${frequencyHz} is out of range (${OSCILLATOR_RANGE_HZ.min}…${OSCILLATOR_RANGE_HZ.max} Hz)` };
    if (this.current === null || !OSCILLATOR_CHOICES.includes(this.current)) return { ok: true };
    return this.engine.setParam('source', 'frequencyHz', frequencyHz);
  }
}

function clamp(frequencyHz: number): number {
  return Number.isFinite(frequencyHz) ? Math.min(OSCILLATOR_RANGE_HZ.max, Math.max(OSCILLATOR_RANGE_HZ.min, frequencyHz)) : 1000;
}
