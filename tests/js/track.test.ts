// Tracks in the npm package (the core's TrackPlayer in wasm): renderOffline({ track }) against
// the native `wavegraph track render`, measured binaural ear frequencies, and Engine.loadTrack in
// the worklet (the same samples as renderOffline, position, end-of-track event, errors).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createEngine, renderOffline } from '../../dist/index.js';
import { FakeAudioContext, deliverMessages, renderThrough } from './fake-audio-worklet.js';
import { nativeCli } from './paths.js';
import { maxAbsDiff } from './signals.js';
import { readWav } from './wav.js';

const FS = 48000;
const work = mkdtempSync(join(tmpdir(), 'wavegraph-track-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// 2 s: a 200 Hz / 10 Hz binaural beat (left 195 Hz, right 205 Hz) with 0.1 s fades.
const TRACK = {
  global_settings: { sample_rate: FS, crossfade_duration: 0, crossfade_curve: 'linear' },
  steps: [{
    duration: 2.0,
    voices: [{
      synth_function_name: 'binaural_beat',
      params: { amp: 0.5, base_freq: 200, beat_freq: 10 },
      volume_envelope: { type: 'linen', params: { fade_in: 0.1, fade_out: 0.1 } },
    }],
  }],
};

/** Frequency from the zero crossings (upward) of x[from, to), linear interpolation between samples. */
function zeroCrossingHz(x: Float32Array, from: number, to: number): number {
  const crossings: number[] = [];
  for (let n = from + 1; n < to; ++n)
    if (x[n - 1]! < 0 && x[n]! >= 0) crossings.push(n - 1 + x[n - 1]! / (x[n - 1]! - x[n]!));
  return ((crossings.length - 1) * FS) / (crossings[crossings.length - 1]! - crossings[0]!);
}

describe('tracks in the npm package', () => {
  test('renderOffline({ track }) plays the binaural beat at base ∓ beat/2 and equals the native track render', async () => {
    const [left, right] = await renderOffline({ track: TRACK, sampleRate: FS });
    expect(left!.length).toBe(2 * FS);
    const leftHz = zeroCrossingHz(left!, 0.2 * FS, 1.8 * FS);
    const rightHz = zeroCrossingHz(right!, 0.2 * FS, 1.8 * FS);
    console.log(`renderOffline track: left ${leftHz.toFixed(4)} Hz, right ${rightHz.toFixed(4)} Hz (expected 195, 205)`);
    expect(Math.abs(leftHz - 195)).toBeLessThan(0.1);
    expect(Math.abs(rightHz - 205)).toBeLessThan(0.1);

    const trackPath = join(work, 'binaural.json');
    const outPath = join(work, 'binaural.wav');
    writeFileSync(trackPath, JSON.stringify(TRACK));
    const run = spawnSync(nativeCli, ['track', 'render', trackPath, outPath], { encoding: 'utf8' });
    expect(run.status, `wavegraph track render failed: ${run.stderr}`).toBe(0);
    const native = readWav(outPath);
    // The wasm render runs the track through the default graph (flat EQ, 0 dB): float rounding only.
    const diff = Math.max(maxAbsDiff(left!, native.channels[0]!), maxAbsDiff(right!, native.channels[1]!));
    console.log(`renderOffline track vs native track render: max |difference| ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(1e-6);
  });

  test('a malformed track is rejected with its JSON path', async () => {
    const bad = structuredClone(TRACK);
    bad.steps[0]!.voices[0]!.params.base_freq = -3;
    await expect(renderOffline({ track: bad, sampleRate: FS })).rejects.toThrow(/^steps\[0\]\.voices\[0\]\.params\.base_freq: /);
  });

  test('Engine.loadTrack plays the track through the worklet: same samples as renderOffline, position, end event', async () => {
    (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated = true;
    const context = new FakeAudioContext(FS);
    const engine = await createEngine(context as unknown as BaseAudioContext);
    const ended: string[] = [];
    engine.on('event', (e) => { if (e.type === 'trackEnded') ended.push(e.message); });
    await expect(engine.loadTrack({ ...TRACK, steps: [] })).rejects.toThrow(/^steps: /);
    const loading = engine.loadTrack(TRACK);
    await deliverMessages();
    expect(await loading).toEqual({ durationSeconds: 2 });
    const output = renderThrough(context.nodes[0]!, null, 2.5 * FS, 128);
    await deliverMessages();
    const reference = await renderOffline({ track: TRACK, sampleRate: FS, durationSeconds: 2.5 });
    expect(maxAbsDiff(output[0]!, reference[0]!)).toBe(0);
    expect(maxAbsDiff(output[1]!, reference[1]!)).toBe(0);
    const position = engine.trackPosition();
    console.log(`worklet track: position ${position.positionSeconds.toFixed(3)} s of ${position.durationSeconds} s, ended ${position.ended}`);
    expect(position).toMatchObject({ durationSeconds: 2, ended: true });
    expect(position.positionSeconds).toBeCloseTo(2, 3);
    expect(ended).toEqual(['the track reached its end (2.0 s)']);
    // A seek back clears "ended"; a second track's end is reported too.
    expect(engine.seekTrack(1)).toEqual({ ok: true });
    await deliverMessages();
    renderThrough(context.nodes[0]!, null, 0.5 * FS, 128);
    expect(engine.trackPosition()).toMatchObject({ ended: false });
    const second = engine.loadTrack({ ...TRACK, steps: [{ ...TRACK.steps[0]!, duration: 1.0 }] });
    await deliverMessages();
    expect(await second).toEqual({ durationSeconds: 1 });
    renderThrough(context.nodes[0]!, null, 1.5 * FS, 128);
    await deliverMessages();
    expect(engine.trackPosition()).toMatchObject({ durationSeconds: 1, ended: true });
    expect(ended).toEqual(['the track reached its end (2.0 s)', 'the track reached its end (1.0 s)']);
    engine.close();
  });
});
