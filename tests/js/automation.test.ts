// AudioParam timelines in the npm API: renderOffline's `timelines` against the W3C formulas
// evaluated here, the same graph's `automation` lists rendered by the native `wavegraph render`
// (bit for bit), and the one-line errors.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { renderOffline } from '../../dist/index.js';
import type { GraphDescription } from '../../dist/index.js';
import { nativeCli } from './paths.js';
import { readWav, writeFloatWav } from './wav.js';

const RATE = 48000;
const work = mkdtempSync(join(tmpdir(), 'wavegraph-automation-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const constantGraph: GraphDescription = { nodes: [{ id: 'c', type: 'constant', params: { value: 0 } }], output: 'c' };

// The W3C value of the timeline used below at time t (seconds).
function expected(t: number): number {
  if (t < 0.1) return 0;
  if (t < 0.3) return 0.5 - (t - 0.1) / 0.2;
  if (t < 0.5) return -0.5 * Math.pow(0.1, (t - 0.3) / 0.2);
  if (t < 0.6) return -0.05;
  if (t < 0.8) return 0.8 + (-0.05 - 0.8) * Math.exp(-(t - 0.6) / 0.05);
  if (t < 0.9) { const pos = 2 * (t - 0.8) / 0.2; return pos < 1 ? pos : 1 + (0.25 - 1) * (pos - 1); }
  return 1;  // cancelAndHoldAtTime(0.9): the curve's value at 0.9 s (its middle point)
}

describe('renderOffline timelines', () => {
  test('every method gives the W3C value at every frame', async () => {
    const [out] = await renderOffline({
      sampleRate: RATE, durationSeconds: 1.2, numChannels: 1, graph: constantGraph,
      timelines: [{ node: 'c', param: 'value', calls: [
        { method: 'setValueAtTime', value: 0.5, timeSeconds: 0.1 },
        { method: 'linearRampToValueAtTime', value: -0.5, timeSeconds: 0.3 },
        { method: 'exponentialRampToValueAtTime', value: -0.05, timeSeconds: 0.5 },
        { method: 'setTargetAtTime', value: 0.8, timeSeconds: 0.6, timeConstantSeconds: 0.05 },
        { method: 'setValueCurveAtTime', values: [0, 1, 0.25], timeSeconds: 0.8, durationSeconds: 0.2 },
        { method: 'setValueAtTime', value: 3, timeSeconds: 1.1 },
        { method: 'cancelScheduledValues', timeSeconds: 1.05 },
        { method: 'cancelAndHoldAtTime', timeSeconds: 0.9 },
      ] }],
    });
    let worst = 0;
    for (let k = 0; k < out!.length; ++k) worst = Math.max(worst, Math.abs(out![k]! - Math.fround(expected(k / RATE))));
    console.log(`constant.value, 7 methods, ${out!.length} frames: max |wasm - W3C value as float| = ${worst}`);
    expect(worst).toBeLessThanOrEqual(1e-7);
  });

  test('errors are one line naming the parameter, the argument and the rule', async () => {
    const cases: [object, string][] = [
      [{ method: 'setValueCurveAtTime', values: [0, 1], timeSeconds: 0.5, durationSeconds: 0 },
        'timelines[0]: c.value: calls[0]: setValueCurveAtTime duration 0 is not a positive number of seconds'],
      [{ method: 'linearRampToValueAtTime', value: Number.NaN, timeSeconds: 1 },
        'timelines[0].calls[0].value: NaN is not a finite number'],
      [{ method: 'setValueAtTime', value: 2e6, timeSeconds: 1 },
        'timelines[0]: c.value: calls[0].value: value 2e+06 is out of range (-1e+06…1e+06)'],
    ];
    for (const [call, message] of cases) {
      const error = await renderOffline({ sampleRate: RATE, durationSeconds: 0.01, graph: constantGraph,
        timelines: [{ node: 'c', param: 'value', calls: [call as never] }] }).then(() => null, (e: Error) => e.message);
      console.log(error);
      expect(error).toBe(message);
    }
  });
});

describe('native render = wasm renderOffline with automation', () => {
  test('oscillator → biquad → gain, every parameter automated: 0 samples differ', async () => {
    expect(existsSync(nativeCli), `native CLI missing at ${nativeCli}: build it first`).toBe(true);
    const graph: GraphDescription = {
      nodes: [
        { id: 'in', type: 'input' },
        { id: 'osc', type: 'oscillator', params: { frequencyHz: 220 }, automation: { frequencyHz: [
          { method: 'setValueAtTime', value: 220, timeSeconds: 0.01 },
          { method: 'exponentialRampToValueAtTime', value: 1760, timeSeconds: 0.2 },
          { method: 'setValueCurveAtTime', values: [1760, 440, 880, 330], timeSeconds: 0.25, durationSeconds: 0.1 }] } },
        { id: 'lp', type: 'biquad', params: { type: 0, frequencyHz: 2000 }, automation: { frequencyHz: [
          { method: 'setTargetAtTime', value: 300, timeSeconds: 0.05, timeConstantSeconds: 0.03 },
          { method: 'linearRampToValueAtTime', value: 8000, timeSeconds: 0.3 },
          { method: 'cancelAndHoldAtTime', timeSeconds: 0.2 }] } },
        { id: 'amp', type: 'gain', params: { gainDb: -6 }, automation: { gainDb: [
          { method: 'linearRampToValueAtTime', value: -30, timeSeconds: 0.15 },
          { method: 'setTargetAtTime', value: 0, timeSeconds: 0.2, timeConstantSeconds: 0.02 }] } },
      ],
      connections: [{ from: 'osc', to: 'lp' }, { from: 'lp', to: 'amp' }],
      output: 'amp',
    };
    const frames = 24000;
    const silence = [new Float32Array(frames), new Float32Array(frames)];
    const inPath = join(work, 'silence.wav');
    const outPath = join(work, 'native.wav');
    const graphPath = join(work, 'graph.json');
    writeFloatWav(inPath, RATE, silence);
    writeFileSync(graphPath, JSON.stringify(graph));
    const run = spawnSync(nativeCli, ['render', inPath, outPath, '--graph', graphPath], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const native = readWav(outPath).channels;
    const wasm = await renderOffline({ sampleRate: RATE, input: silence, graph });
    let differing = 0;
    let energy = 0;
    for (let c = 0; c < 2; ++c)
      for (let k = 0; k < frames; ++k) {
        if (native[c]![k] !== wasm[c]![k]) ++differing;
        energy += wasm[c]![k]! ** 2;
      }
    console.log(`native vs wasm, ${frames} frames × 2 channels: ${differing} samples differ (rms ${Math.sqrt(energy / 2 / frames).toFixed(4)})`);
    expect(energy).toBeGreaterThan(1);
    expect(differing).toBe(0);
  });
});
