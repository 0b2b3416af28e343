// renderOfflineStream (dist/index.js): the same samples as renderOffline for every chunk and
// block size and for an input streamed in uneven chunks, a one-hour track in constant memory
// (peak resident memory of a child process), cancellation within one chunk, one-line errors.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { renderOffline, renderOfflineStream } from '../../dist/index.js';
import type { RenderChunk } from '../../dist/index.js';
import { repoRoot } from './paths.js';
import { seededRandom } from './random.js';

const FS = 48000;

function noise(channels: number, frames: number, seed: number): Float32Array[] {
  const random = seededRandom(seed);
  return Array.from({ length: channels }, () => Float32Array.from({ length: frames }, () => random() - 0.5));
}

/** Samples of `chunks` (in order, contiguous) that differ from `whole`, and the frames seen. */
async function compare(chunks: AsyncIterable<RenderChunk>, whole: Float32Array[]): Promise<{ differing: number; frames: number }> {
  let differing = 0, frames = 0;
  for await (const chunk of chunks) {
    expect(chunk.startFrame).toBe(frames);
    chunk.channels.forEach((channel, c) => {
      for (let i = 0; i < chunk.frames; ++i) if (channel[i] !== whole[c]![chunk.startFrame + i]) ++differing;
    });
    frames += chunk.frames;
  }
  return { differing, frames };
}

describe('renderOfflineStream', () => {
  const input = noise(2, 60 * FS, 11);
  const options = {
    input, sampleRate: FS, bandGainsDb: [4, -6, 0, 3, -20, 0, 2, -3],
    automation: [
      { node: 'eq', param: 'band2.gainDb', value: 9, timeSeconds: 12.3456 },
      { node: 'master', param: 'gainDb', value: -9, timeSeconds: 41.5 },
    ],
  };

  test('60 s of stereo noise with automation: every chunk and block size gives renderOffline\'s samples', async () => {
    const whole = await renderOffline(options);
    for (const [chunkFrames, blockFrames] of [[48000, 128], [10007, 97], [1 << 20, 4096]] as const) {
      const result = await compare(renderOfflineStream({ ...options, chunkFrames, blockFrames }), whole);
      console.log(`renderOfflineStream chunks of ${chunkFrames}, blocks of ${blockFrames}: ${result.frames} frames, ${result.differing} samples differ from renderOffline`);
      expect(result.frames).toBe(60 * FS);
      expect(result.differing).toBe(0);
    }
  });

  test('an input streamed in uneven chunks (an async iterable) gives the same samples', async () => {
    const whole = await renderOffline(options);
    const random = seededRandom(5);
    async function* chunks(): AsyncGenerator<Float32Array[]> {
      for (let start = 0; start < 60 * FS;) {
        const n = Math.min(1 + Math.floor(random() * 30000), 60 * FS - start);
        yield input.map((ch) => ch.slice(start, start + n));
        start += n;
      }
    }
    const { input: _whole, ...rest } = options;
    const result = await compare(renderOfflineStream({ ...rest, input: chunks(), numChannels: 2 }), whole);
    console.log(`streamed input: ${result.frames} frames, ${result.differing} samples differ from renderOffline`);
    expect(result.frames).toBe(60 * FS);
    expect(result.differing).toBe(0);
  });

  type HourResult = { frames: number; chunks: number; peakRssMb: number; rssMb: number[]; seconds: number };
  const hourTrack = async (...args: string[]): Promise<HourResult> => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', join(repoRoot, 'tests', 'js', 'hour-track-stream.mjs'), ...args], {
      // A plain Node: without the test runner's NODE_OPTIONS (its loaders would count too).
      encoding: 'utf8', timeout: 600_000, env: { ...process.env, NODE_OPTIONS: '' },
    });
    return JSON.parse(stdout.trim().split('\n').pop()!) as HourResult;
  };

  test('a one-hour track renders in constant memory: under 100 MB resident into reused buffers; flat with new arrays per chunk', async () => {
    const byob = await hourTrack('--byob');
    console.log(`one-hour track into reused buffers: ${byob.frames} frames in ${byob.chunks} chunks, ${byob.seconds.toFixed(1)} s, peak resident memory ${byob.peakRssMb.toFixed(1)} MB (every 250 chunks: ${byob.rssMb.join(' ')} MB)`);
    const fresh = await hourTrack('--seconds', '600');
    expect(byob.frames).toBe(3600 * FS);
    // Resident memory while rendering, sampled every 250 chunks: under 100 MB and flat. The
    // process's peak (printed) also holds the transient of V8 compiling the wasm core's hot
    // functions at the start, which depends on the machine's load, not on the render's length.
    expect(Math.max(...byob.rssMb)).toBeLessThan(100);
    expect(Math.max(...byob.rssMb.slice(1)) - Math.min(...byob.rssMb.slice(1))).toBeLessThanOrEqual(10);
    console.log(`its first 10 minutes, new arrays per chunk: ${fresh.seconds.toFixed(1)} s, peak resident memory ${fresh.peakRssMb.toFixed(1)} MB (every 250 chunks: ${fresh.rssMb.join(' ')} MB)`);
    expect(fresh.frames).toBe(600 * FS);
    // Constant: after the first 250 chunks, resident memory after a full collection stays within
    // 10 MB.
    const settled = fresh.rssMb.slice(1);
    expect(Math.max(...settled) - Math.min(...settled)).toBeLessThanOrEqual(10);
    expect(Math.max(...settled)).toBeLessThan(120);
  }, 900_000);

  test('cancelling stops within one chunk with the signal\'s reason', async () => {
    const controller = new AbortController();
    let chunks = 0;
    const run = async (): Promise<void> => {
      for await (const chunk of renderOfflineStream({ ...options, chunkFrames: 4800, signal: controller.signal })) {
        ++chunks;
        if (chunk.startFrame === 3 * 4800) controller.abort(new DOMException('stopped by the test', 'AbortError'));
      }
    };
    await expect(run()).rejects.toThrow('stopped by the test');
    console.log(`cancelled after chunk 4: ${chunks} chunks delivered`);
    expect(chunks).toBe(4);
  });

  test('progress goes to 1 and errors are one line', async () => {
    let last: RenderChunk | undefined;
    for await (const chunk of renderOfflineStream({ durationSeconds: 1, sampleRate: FS, chunkFrames: 12000 })) last = chunk;
    expect(last?.progress).toBe(1);
    expect(last?.totalFrames).toBe(FS);
    const consume = async (chunks: AsyncIterable<RenderChunk>): Promise<void> => { for await (const _ of chunks) { /* drain */ } };
    await expect(consume(renderOfflineStream({ ...options, chunkFrames: 0 }))).rejects.toThrow('chunkFrames 0 is out of range (1…16777216)');
    await expect(consume(renderOfflineStream({ ...options, bandGainsDb: [50] }))).rejects.toThrow(/50 is out of range \(-40…40 dB\)/);
  });
});
