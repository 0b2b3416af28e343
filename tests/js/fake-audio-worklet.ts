// Runs the shipped dist/processor.js in Node: stub AudioWorkletGlobalScope globals
// (registerProcessor, sampleRate, AudioWorkletProcessor) and a fake BaseAudioContext /
// AudioWorkletNode pair joined by a real MessageChannel, so createEngine from dist/index.js runs
// unchanged and the test calls process() quantum by quantum.
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { setImmediate as tick } from 'node:timers/promises';

interface Processor {
  port: MessagePort;
  process(inputs: Float32Array[][], outputs: Float32Array[][], parameters: Record<string, Float32Array>): boolean;
}
type ProcessorClass = new (options: unknown) => Processor;

const registry = new Map<string, ProcessorClass>();
let pendingPort: MessagePort | undefined;
const g = globalThis as Record<string, unknown>;
g.registerProcessor = (name: string, ctor: ProcessorClass) => registry.set(name, ctor);
g.AudioWorkletProcessor = class {
  port: MessagePort;
  constructor() {
    if (!pendingPort) throw new Error('AudioWorkletProcessor constructed outside a FakeAudioWorkletNode');
    this.port = pendingPort;
    pendingPort = undefined;
  }
};

/** The node half, as createEngine sees it. */
export class FakeAudioWorkletNode {
  readonly port: MessagePort;
  readonly processor: Processor;
  onprocessorerror: (() => void) | null = null;
  connected = true;
  readonly numChannels: number;

  constructor(context: FakeAudioContext, name: string, options: { outputChannelCount: number[]; processorOptions: unknown }) {
    const ctor = registry.get(name);
    if (!ctor) throw new Error(`no processor registered as ${name}`);
    const channel = new MessageChannel();
    this.port = channel.port1;
    pendingPort = channel.port2;
    g.sampleRate = context.sampleRate;
    this.numChannels = options.outputChannelCount[0]!;
    this.processor = new ctor({ processorOptions: options.processorOptions });
    context.nodes.push(this);
  }

  connect(): void {}
  disconnect(): void {
    this.connected = false;
  }

  /** Frames rendered so far: the AudioWorkletGlobalScope's currentFrame during the next process(). */
  framesRendered = 0;

  /** One process() call: planar input (or none) → new planar output of numChannels channels. */
  render(input: Float32Array[] | null, frames: number): { output: Float32Array[]; keepAlive: boolean } {
    const output = Array.from({ length: this.numChannels }, () => new Float32Array(frames));
    g.currentFrame = this.framesRendered;
    g.currentTime = this.framesRendered / (g.sampleRate as number);
    const keepAlive = this.processor.process([input ?? []], [output], {});
    this.framesRendered += frames;
    return { output, keepAlive };
  }
}
g.AudioWorkletNode = FakeAudioWorkletNode;

/** A BaseAudioContext with just what createEngine uses. */
export class FakeAudioContext {
  readonly nodes: FakeAudioWorkletNode[] = [];
  readonly audioWorklet = {
    addModule: async (url: string | URL): Promise<void> => {
      await import(/* @vite-ignore */ String(url));
    },
  };
  constructor(readonly sampleRate: number, readonly renderQuantumSize?: number) {}
}

/** Lets queued port messages arrive (both directions). */
export async function deliverMessages(): Promise<void> {
  for (let i = 0; i < 4; ++i) await tick();
}

/** Renders planar `input` through node in quanta of `quantum` frames (input may be null); returns planar output. */
export function renderThrough(node: FakeAudioWorkletNode, input: Float32Array[] | null, frames: number, quantum: number): Float32Array[] {
  const out = Array.from({ length: node.numChannels }, () => new Float32Array(frames));
  for (let start = 0; start < frames; start += quantum) {
    const n = Math.min(quantum, frames - start);
    const { output } = node.render(input ? input.map((ch) => ch.slice(start, start + n)) : null, n);
    output.forEach((ch, c) => out[c]!.set(ch, start));
  }
  return out;
}
