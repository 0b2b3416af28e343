// Node types with construction options (channelSplitter, channelMerger, waveShaper, convolver, bufferSource) give the same samples
// natively and in wasm: `wavegraph render IN OUT --graph FILE.json` (build/native/wavegraph)
// against renderOffline({ input, graph }) (dist/index.js), on a real stereo recording. The count
// of differing samples must be 0.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { graphJson, renderOffline, type GraphDescription } from '../../dist/index.js';
import { nativeCli } from './paths.js';
import { writeStereoVoiceRecording } from './recordings.js';
import { readWav } from './wav.js';

const work = mkdtempSync(join(tmpdir(), 'wavegraph-graph-nodes-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// The cabinet impulse response shipped in examples/impulse-responses (mono), and a stereo one:
// seeded noise under a 60 dB decay over 0.5 s (its own generator, so native and wasm get the
// same floats through the JSON).
const cabinet = readWav(join(dirname(fileURLToPath(import.meta.url)), '../../examples/impulse-responses/marshall-jcm200-cabinet.wav'));
function decayingNoise(frames: number, seed: number): Float32Array {
  let state = seed >>> 0;
  return Float32Array.from({ length: frames }, (_, n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state / 2 ** 31 - 1) * 10 ** (-3 * n / frames);
  });
}

const GRAPHS: Record<string, GraphDescription> = {
  // Channels swapped through a splitter and a merger; the merger's input 1 also takes the stereo
  // input itself (down-mixed to mono, 0.5·(L + R), and summed).
  'channelSplitter + channelMerger': {
    nodes: [
      { id: 'in', type: 'input' },
      { id: 'split', type: 'channelSplitter', options: { numberOfOutputs: 2 } },
      { id: 'merge', type: 'channelMerger', options: { numberOfInputs: 2 } },
      { id: 'amp', type: 'gain', params: { gainDb: -3 } },
    ],
    connections: [
      { from: 'in', to: 'split' },
      { from: 'split', output: 0, to: 'merge', input: 1 },
      { from: 'split', output: 1, to: 'merge', input: 0 },
      { from: 'in', to: 'merge', input: 1 },
      { from: 'merge', to: 'amp' },
    ],
    output: 'amp',
  },
  // A tanh curve (a Float32Array, written as a JSON array) at 4x oversampling after 12 dB of gain.
  'waveShaper 4x': {
    nodes: [
      { id: 'in', type: 'input' },
      { id: 'drive', type: 'gain', params: { gainDb: 12 } },
      { id: 'shape', type: 'waveShaper', options: {
        curve: Float32Array.from({ length: 1025 }, (_, k) => Math.tanh(3 * (k / 512 - 1))), oversample: '4x' } },
    ],
    connections: [{ from: 'in', to: 'drive' }, { from: 'drive', to: 'shape' }],
    output: 'shape',
  },
  // The shipped cabinet response (mono, normalized; its samples taken at the engine's rate) on
  // the stereo input.
  'convolver, mono cabinet response, normalize': {
    buffers: { cabinet: { channels: cabinet.channels } },
    nodes: [
      { id: 'in', type: 'input' },
      { id: 'cab', type: 'convolver', options: { buffer: 'cabinet' } },
    ],
    connections: [{ from: 'in', to: 'cab' }],
    output: 'cab',
  },
  // A stereo 0.5 s response as given (partition 512: head and frequency-domain part).
  'convolver, stereo response, normalize false': {
    buffers: { room: { channels: [decayingNoise(24000, 1), decayingNoise(24000, 2)] } },
    nodes: [
      { id: 'in', type: 'input' },
      { id: 'room', type: 'convolver', options: { buffer: 'room', normalize: false } },
      { id: 'trim', type: 'gain', params: { gainDb: -30 } },
    ],
    connections: [{ from: 'in', to: 'room' }, { from: 'room', to: 'trim' }],
    output: 'trim',
  },
  // A seeded-noise buffer at 44.1 kHz looped between two points, started between two frames,
  // with playbackRate and detune (interpolated reads), mixed with the input.
  'bufferSource loop': {
    buffers: { noise: { channels: [Float32Array.from({ length: 3000 }, (_, k) => Math.sin(k * k * 0.37) * 0.5)], sampleRateHz: 44100 } },
    nodes: [
      { id: 'in', type: 'input' },
      { id: 'play', type: 'bufferSource', params: { playbackRate: 0.8, detuneCents: 30 },
        options: { buffer: 'noise', startTimeSec: 0.01234, offsetSec: 0.005, loop: true, loopStartSec: 0.01, loopEndSec: 0.05 } },
      { id: 'mix', type: 'gain', params: { gainDb: -6 } },
    ],
    connections: [{ from: 'in', to: 'mix' }, { from: 'play', to: 'mix' }],
    output: 'mix',
  },
};

describe('native render --graph = wasm renderOffline({ graph }), bit for bit', () => {
  const recording = writeStereoVoiceRecording(work);
  for (const [label, graph] of Object.entries(GRAPHS)) {
    test(label, async () => {
      const input = readWav(recording);
      const web = await renderOffline({ input: input.channels, sampleRate: input.sampleRate, graph });
      const graphPath = join(work, 'graph.json');
      writeFileSync(graphPath, graphJson(graph));
      const outPath = join(work, 'out.wav');
      const run = spawnSync(nativeCli, ['render', recording, outPath, '--graph', graphPath], { encoding: 'utf8' });
      expect(run.status, `wavegraph render failed: ${run.stderr}`).toBe(0);
      const native = readWav(outPath);
      expect(native.channels).toHaveLength(web.length);
      let differing = 0, total = 0, energy = 0;
      web.forEach((channel, c) => {
        const other = native.channels[c]!;
        expect(other.length).toBe(channel.length);
        for (let i = 0; i < channel.length; i++) {
          total++;
          differing += channel[i] !== other[i] ? 1 : 0;
          energy += channel[i]! * channel[i]!;
        }
      });
      console.log(`${label}: ${differing} of ${total} samples differ (output energy ${energy.toFixed(2)})`);
      expect(energy).toBeGreaterThan(1);
      expect(differing).toBe(0);
    });
  }
});
