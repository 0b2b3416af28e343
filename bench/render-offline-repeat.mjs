// How V8's tiers show in renderOffline: the same 60 s stereo render (seeded noise, the reference
// chain with the browser comparison's band gains) repeated in one Node process, wall ns/frame per
// call, and CPU ns/frame per call (process.cpuUsage: user + system of every thread, V8's background
// compilers included; steadier than wall time on a shared machine). The first calls run partly
// Liftoff (baseline) code; later ones the optimized code.
// Usage: node bench/render-offline-repeat.mjs [calls (default 12)]
//        node --no-liftoff bench/render-offline-repeat.mjs   # optimized code from the start
//   env WAVEGRAPH_DIST=<dir> picks another build's dist/ (default: this checkout's dist/);
//   env BLOCK=<frames> passes blockFrames (default: renderOffline's).
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = process.env.WAVEGRAPH_DIST ?? new URL('../dist/', import.meta.url).pathname;
const { renderOffline } = await import(pathToFileURL(path.join(dist, 'index.js')).href);

const SAMPLE_RATE_HZ = 48000;
const frames = SAMPLE_RATE_HZ * 60;
const calls = Number(process.argv[2] ?? 12);
const left = new Float32Array(frames), right = new Float32Array(frames);
let seed = 1;
for (let i = 0; i < frames; i++) {
  seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;  // xorshift32
  left[i] = (seed >>> 0) / 4294967296 - 0.5;
  right[i] = -left[i];
}
const perCall = [], cpuPerCall = [];
for (let k = 0; k < calls; k++) {
  const t0 = performance.now(), c0 = process.cpuUsage();
  await renderOffline({ input: [left, right], sampleRate: SAMPLE_RATE_HZ, bandGainsDb: [6, -3, 4, -6, 2, -4, 3, -2], gainDb: -3, ...(process.env.BLOCK ? { blockFrames: Number(process.env.BLOCK) } : {}) });
  const used = process.cpuUsage(c0);
  perCall.push(((performance.now() - t0) * 1e6) / frames);
  cpuPerCall.push(((used.user + used.system) * 1e3) / frames);
}
console.log(`renderOffline, 60 s stereo, ${calls} calls in one process, wall ns/frame: ${perCall.map((x) => x.toFixed(1)).join(' ')}`);
console.log(`                                                CPU ns/frame: ${cpuPerCall.map((x) => x.toFixed(1)).join(' ')}`);
