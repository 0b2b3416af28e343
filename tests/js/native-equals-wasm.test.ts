// The native `wavegraph render` (build/native/wavegraph) and the wasm renderOffline
// (dist/index.js) give bit-identical samples, with every biquad-cascade kernel this CPU offers
// forced in turn (WAVEGRAPH_KERNEL), on real recordings, with non-default EQ and gain settings.
// The count of differing samples must be 0 (not a tolerance: a one-step difference in the
// float output is what this test exists to find).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { renderOffline } from '../../dist/index.js';
import { nativeCli } from './paths.js';
import { readWav, writeFloatWav } from './wav.js';

const ALSA = '/usr/share/sounds/alsa';
const work = mkdtempSync(join(tmpdir(), 'wavegraph-native-wasm-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The kernels this CPU runs, from /proc/cpuinfo (the CLI must accept exactly these). */
function kernelsOffered(): string[] {
  const flags = new Set((readFileSync('/proc/cpuinfo', 'utf8').match(/^flags\s*:(.*)$/m)?.[1] ?? '').trim().split(/\s+/));
  const kernels = ['portable'];
  if (process.arch === 'x64' && flags.has('avx')) kernels.push('avx');
  if (process.arch === 'x64' && flags.has('avx512f')) kernels.push('avx512');
  return kernels;
}

/** A stereo recording: Front_Left.wav and Front_Right.wav side by side (zero-padded). */
function stereoRecording(): string {
  const left = readWav(join(ALSA, 'Front_Left.wav'));
  const right = readWav(join(ALSA, 'Front_Right.wav'));
  const frames = Math.max(left.channels[0]!.length, right.channels[0]!.length);
  const pad = (x: Float32Array): Float32Array => { const y = new Float32Array(frames); y.set(x); return y; };
  const path = join(work, 'front-left-right.wav');
  writeFloatWav(path, left.sampleRate, [pad(left.channels[0]!), pad(right.channels[0]!)]);
  return path;
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
  const recordings = [join(ALSA, 'Front_Center.wav'), stereoRecording()];

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
