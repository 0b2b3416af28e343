// The native `wavegraph render` (build/native/wavegraph) and the wasm renderOffline
// (dist/index.js) give bit-identical samples, with every biquad-cascade kernel this CPU offers
// forced in turn (WAVEGRAPH_KERNEL), on real recordings, with non-default EQ and gain settings.
// The count of differing samples must be 0 (not a tolerance: a one-step difference in the
// float output is what this test exists to find).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { renderOffline } from '../../dist/index.js';
import { nativeCli, repoRoot } from './paths.js';
import { ALSA_SOUNDS, writeStereoVoiceRecording } from './recordings.js';
import { readWav } from './wav.js';

const work = mkdtempSync(join(tmpdir(), 'wavegraph-native-wasm-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The kernels this CPU runs, from /proc/cpuinfo (the CLI must accept exactly these). */
function kernelsOffered(): string[] {
  const flags = new Set((readFileSync('/proc/cpuinfo', 'utf8').match(/^flags\s*:(.*)$/m)?.[1] ?? '').trim().split(/\s+/));
  const kernels = ['portable'];
  if (process.arch === 'x64' && flags.has('avx')) kernels.push('avx');
  if (process.arch === 'x64' && flags.has('avx2')) kernels.push('avx2');
  if (process.arch === 'x64' && flags.has('avx512f')) kernels.push('avx512');
  return kernels;
}

interface Setting { label: string; args: string[]; bandGainsDb: number[]; gainDb: number }
const SETTINGS: Setting[] = [
  { label: 'flat', args: [], bandGainsDb: [], gainDb: 0 },
  { label: '--gain-db -3', args: ['--gain-db', '-3'], bandGainsDb: [], gainDb: -3 },
  { label: '--eq 4=-20', args: ['--eq', '4=-20'], bandGainsDb: [0, 0, 0, 0, -20], gainDb: 0 },
  { label: '--eq 0=6 --eq 4=-20 --eq 6=3 --gain-db -3', args: ['--eq', '0=6', '--eq', '4=-20', '--eq', '6=3', '--gain-db', '-3'],
    bandGainsDb: [6, 0, 0, 0, -20, 0, 3], gainDb: -3 },
  { label: '--eq 1=-7.5 --eq 3=11 --eq 7=-24 --gain-db 4.5', args: ['--eq', '1=-7.5', '--eq', '3=11', '--eq', '7=-24', '--gain-db', '4.5'],
    bandGainsDb: [0, -7.5, 0, 11, 0, 0, 0, -24], gainDb: 4.5 },
];

describe('native render = wasm renderOffline, bit for bit, per kernel', () => {
  const kernels = kernelsOffered();
  const recordings = [join(ALSA_SOUNDS, 'Front_Center.wav'), writeStereoVoiceRecording(work)];

  test('the CLI accepts exactly the kernels this CPU offers', () => {
    expect(existsSync(nativeCli), `native CLI missing at ${nativeCli}: build it first (bash scripts/build.sh native)`).toBe(true);
    for (const kernel of ['portable', 'avx', 'avx512']) {
      const run = spawnSync(nativeCli, ['render', recordings[0]!, join(work, 'probe.wav')], {
        encoding: 'utf8', env: { ...process.env, WAVEGRAPH_KERNEL: kernel } });
      console.log(`WAVEGRAPH_KERNEL=${kernel}: exit ${run.status}, ${run.stderr.trim().split('\n')[0]}`);
      expect(run.status, run.stderr).toBe(kernels.includes(kernel) ? 0 : 2);
      if (kernels.includes(kernel)) expect(run.stderr).toContain(`biquad kernel: ${kernel}`);
    }
  });

  // A track: every voice kind with envelopes, glides, transitions and step crossfades (ramps in
  // the source), at 44.1 kHz, through the reference graph with non-default EQ and gain:
  // `track render` against renderOffline({ track }).
  test('a 5 s track with every voice kind, --eq 0=6 --eq 4=-20 --eq 6=3 --gain-db -3', async () => {
    const track = {
      global_settings: { sample_rate: 44100, crossfade_duration: 0.5, crossfade_curve: 'equal_power' },
      background_noise: { type: 'brown', amp: 0.2, pan: 0.1, seed: 42 },
      steps: [
        { duration: 1.5, voices: [
          { synth_function_name: 'binaural_beat', params: { amp: 0.4, base_freq: 200, beat_freq: 10 },
            volume_envelope: { type: 'linen', params: { fade_in: 0.3, fade_out: 0 } } },
          { synth_function_name: 'isochronic_tone', params: { amp: 0.3, base_freq: 180, beat_freq: 10, ramp_percent: 0.2, gap_percent: 0.15 },
            volume_envelope: { type: 'adsr', params: { attack: 0.4, decay: 0.2, sustain_level: 0.8, release: 0.1 } } }] },
        { duration: 1.5, voices: [
          { synth_function_name: 'binaural_beat', is_transition: true, params: { amp: 0.4, base_freq: 220, beat_freq: 14 } },
          { synth_function_name: 'sine_varying', params: { start_freq: 80, end_freq: 70, start_amp: 0.0, end_amp: 0.1, pan: 0.4 } }] },
        { duration: 2.0, voices: [
          { synth_function_name: 'sine', params: { amp: 0.05, freq: 440, pan: -0.3 },
            volume_envelope: { type: 'trapezoid', params: { cycle_len: 0.8, ramp_percent: 0.5, gap_percent: 0.25 } } },
          { synth_function_name: 'noise', params: { amp: 0.15, noise_type: 'pink', seed: 3, pan: -0.4 },
            volume_envelope: { type: 'linen', params: { fade_in: 0.5, fade_out: 0.5 } } }] },
      ],
    };
    const trackPath = join(work, 'every-voice.json');
    writeFileSync(trackPath, JSON.stringify(track));
    const web = await renderOffline({ track, sampleRate: 44100, bandGainsDb: [6, 0, 0, 0, -20, 0, 3], gainDb: -3 });
    for (const kernel of kernels) {
      const outPath = join(work, `track-${kernel}.wav`);
      const run = spawnSync(nativeCli, ['track', 'render', trackPath, outPath, '--eq', '0=6', '--eq', '4=-20', '--eq', '6=3', '--gain-db', '-3'], {
        encoding: 'utf8', env: { ...process.env, WAVEGRAPH_KERNEL: kernel } });
      expect(run.status, `wavegraph track render failed: ${run.stderr}`).toBe(0);
      const native = readWav(outPath);
      expect(native.sampleRate).toBe(44100);
      expect(native.channels).toHaveLength(web.length);
      let differing = 0, total = 0, energy = 0;
      web.forEach((channel, c) => {
        const other = native.channels[c]!;
        expect(other.length).toBe(channel.length);
        for (let i = 0; i < channel.length; i++) { total++; differing += channel[i] !== other[i] ? 1 : 0; energy += channel[i]! * channel[i]!; }
      });
      console.log(`track (every voice kind) [${kernel}]: ${differing} of ${total} samples differ (energy ${energy.toFixed(1)})`);
      expect(energy).toBeGreaterThan(1);
      expect(differing).toBe(0);
    }
  });

  // Ramps in the EQ and the gain: parameter changes at exact frames (each ramps over 5 ms, the EQ
  // then runs its per-frame path until the band is steady again), through the native core
  // (build/native/tests/core/session_render: GraphSession, the same settings as commands) and
  // renderOffline({ automation }).
  test('automation: ramped EQ and gain changes at exact frames', async () => {
    const tool = join(repoRoot, 'build', 'native', 'tests', 'core', 'session_render');
    expect(existsSync(tool), `${tool} missing: build the native preset`).toBe(true);
    const automation = [
      { node: 'eq', param: 'band4.gainDb', value: -20, timeSeconds: 0.25 },
      { node: 'master', param: 'gainDb', value: -9, timeSeconds: 0.5 },
      { node: 'eq', param: 'band0.gainDb', value: 6, timeSeconds: 0.7 },
      { node: 'eq', param: 'band6.q', value: 3, timeSeconds: 0.9 },
      { node: 'eq', param: 'band2.frequencyHz', value: 300, timeSeconds: 1.1 },
      { node: 'master', param: 'gainDb', value: 2, timeSeconds: 1.2 },
    ];
    for (const path of recordings) {
      const input = readWav(path);
      const frames = input.channels[0]!.length;
      const planar = new Float32Array(frames * input.channels.length);
      input.channels.forEach((channel, c) => planar.set(channel, c * frames));
      const inPath = join(work, 'automation-in.f32');
      writeFileSync(inPath, Buffer.from(planar.buffer));
      const web = await renderOffline({ input: input.channels, sampleRate: input.sampleRate, bandGainsDb: [0, 0, 0, 0, 0, 0, 3], gainDb: -3, automation });
      const atArgs = automation.flatMap((a) => ['--at', String(Math.round(a.timeSeconds * input.sampleRate)), a.node, a.param, String(a.value)]);
      for (const kernel of kernels) {
        const outPath = join(work, `automation-${kernel}.f32`);
        const run = spawnSync(tool, [String(input.sampleRate), String(input.channels.length), inPath, outPath,
          '--band-gains', '0,0,0,0,0,0,3', '--gain-db', '-3', ...atArgs], { encoding: 'utf8', env: { ...process.env, WAVEGRAPH_KERNEL: kernel } });
        expect(run.status, `session_render failed: ${run.stderr}`).toBe(0);
        expect(run.stderr).toContain(`${automation.length} commands applied`);
        const bytes = readFileSync(outPath);
        const native = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
        let differing = 0;
        web.forEach((channel, c) => { for (let i = 0; i < frames; i++) differing += channel[i] !== native[c * frames + i] ? 1 : 0; });
        console.log(`${path.split('/').pop()} automation [${kernel}]: ${differing} of ${native.length} samples differ`);
        expect(native.length).toBe(frames * web.length);
        expect(differing).toBe(0);
      }
    }
  });

  test('dynamicsCompressor (threshold -40 dB, knee 6 dB, ratio 8, attack 10 ms, release 100 ms)', async () => {
    const graph = { nodes: [{ id: 'in', type: 'input' },
      { id: 'comp', type: 'dynamicsCompressor', params: { thresholdDb: -40, kneeDb: 6, ratio: 8, attackMs: 10, releaseMs: 100 } }],
    connections: [{ from: 'in', to: 'comp' }], output: 'comp' };
    const graphPath = join(work, 'compressor.json');
    writeFileSync(graphPath, JSON.stringify(graph));
    for (const path of recordings) {
      const input = readWav(path);
      const web = await renderOffline({ input: input.channels, sampleRate: input.sampleRate, graph });
      const outPath = join(work, 'out-compressor.wav');
      const run = spawnSync(nativeCli, ['render', path, outPath, '--graph', graphPath], { encoding: 'utf8' });
      expect(run.status, `wavegraph render failed: ${run.stderr}`).toBe(0);
      const native = readWav(outPath);
      expect(native.channels).toHaveLength(web.length);
      let differing = 0, total = 0, peakIn = 0, peakOut = 0;
      web.forEach((channel, c) => {
        const other = native.channels[c]!;
        expect(other.length).toBe(channel.length);
        for (let i = 0; i < channel.length; i++) {
          total++;
          if (channel[i] !== other[i]) differing++;
          peakIn = Math.max(peakIn, Math.abs(input.channels[c]![i] ?? 0));
          peakOut = Math.max(peakOut, Math.abs(channel[i]!));
        }
      });
      console.log(`${path.split('/').pop()} dynamicsCompressor: ${differing} of ${total} samples differ (peak in ${peakIn.toFixed(3)}, out ${peakOut.toFixed(3)})`);
      expect(differing).toBe(0);
      expect(peakOut).not.toBe(peakIn);
    }
  });

  for (const setting of SETTINGS) {
    test(setting.label, async () => {
      for (const path of recordings) {
        const input = readWav(path);
        const web = await renderOffline({ input: input.channels, sampleRate: input.sampleRate, bandGainsDb: setting.bandGainsDb, gainDb: setting.gainDb });
        for (const kernel of kernels) {
          const outPath = join(work, `out-${kernel}.wav`);
          const run = spawnSync(nativeCli, ['render', path, outPath, ...setting.args], {
            encoding: 'utf8', env: { ...process.env, WAVEGRAPH_KERNEL: kernel } });
          expect(run.status, `wavegraph render failed: ${run.stderr}`).toBe(0);
          const native = readWav(outPath);
          expect(native.format).toBe('float32');
          expect(native.channels).toHaveLength(web.length);
          let differing = 0, total = 0, maxDiff = 0;
          web.forEach((channel, c) => {
            const other = native.channels[c]!;
            expect(other.length).toBe(channel.length);
            for (let i = 0; i < channel.length; i++) {
              total++;
              if (channel[i] !== other[i]) { differing++; maxDiff = Math.max(maxDiff, Math.abs(channel[i]! - other[i]!)); }
            }
          });
          console.log(`${path.split('/').pop()} ${setting.label} [${kernel}]: ${differing} of ${total} samples differ (max ${maxDiff})`);
          expect(differing).toBe(0);
        }
      }
    });
  }
});
