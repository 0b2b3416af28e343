// Audio buffers in the npm API: renderOffline's audioBuffers answer the `file` entries of a graph's
// `buffers` (and unlisted names), as an AudioBuffer-like object or { channels, sampleRate }; bad
// buffers fail with one line naming the buffer and what exists.
import { describe, expect, test } from 'vitest';
import { renderOffline, validateGraph, type GraphDescription } from '../../dist/index.js';

const graph: GraphDescription = {
  buffers: { kick: { file: 'kick.wav' }, ramp: { channels: [Float32Array.of(0, 0.5, 1)], sampleRateHz: 22050 } },
  nodes: [{ id: 'osc', type: 'oscillator' }],
  output: 'osc',
};
const kick = { channels: [new Float32Array(4800).fill(0.25), new Float32Array(4800)], sampleRate: 48000 };
const audioBufferLike = {
  numberOfChannels: 1, length: 3, sampleRate: 44100, getChannelData: () => Float32Array.of(1, 2, 3),
};

describe('renderOffline audioBuffers', () => {
  test('a file entry is answered by audioBuffers (plain channels or an AudioBuffer)', async () => {
    for (const value of [kick, audioBufferLike]) {
      const out = await renderOffline({ sampleRate: 48000, durationSeconds: 0.01, graph, audioBuffers: { kick: value } });
      expect(out[0]!.length).toBe(480);
    }
    expect(await validateGraph(graph, { audioBuffers: { kick } })).toEqual({ ok: true });
  });

  test('errors name the buffer', async () => {
    const cases: [Promise<unknown>, string][] = [
      [renderOffline({ sampleRate: 48000, durationSeconds: 0.01, graph }),
        "buffers.kick: the file 'kick.wav' was not loaded by the host (the host decodes files and gives the buffer by name)"],
      [renderOffline({ sampleRate: 48000, durationSeconds: 0.01, graph, audioBuffers: { kick: { channels: [Float32Array.of(1)], sampleRate: 100 } } }),
        'buffers.kick: sampleRateHz: 100 is out of range (3000…768000 Hz)'],
      [renderOffline({ sampleRate: 48000, durationSeconds: 0.01, graph, audioBuffers: { kick: { channels: [Float32Array.of(1), Float32Array.of(1, 2)], sampleRate: 48000 } } }),
        'buffers.kick: channels[1]: 2 frames, not 1 as channel 0'],
      [renderOffline({ sampleRate: 48000, durationSeconds: 0.01, graph, audioBuffers: { kick: { channels: [Float32Array.of(NaN)], sampleRate: 48000 } } }),
        'buffers.kick: channels[0][0]: nan is not a finite number'],
      [renderOffline({ sampleRate: 48000, durationSeconds: 0.01, graph, audioBuffers: { kick, ramp: kick } }),
        'buffers.ramp: is also given by the host; use one of the two'],
    ];
    for (const [render, message] of cases) {
      const error = await render.then(() => '', (e: Error) => e.message);
      console.log(error);
      expect(error).toBe(message);
    }
  });
});
