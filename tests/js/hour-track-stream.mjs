// Renders a one-hour track (6 steps of 10 minutes, binaural beats and pink noise) through the
// reference graph with renderOfflineStream in this process and prints one JSON line: frames,
// chunks, resident memory every 250 chunks (after a full collection when run with --expose-gc) and at its peak (process.resourceUsage().maxRSS, KiB → MB), seconds, and a checksum
// of the output. Run by render-offline-stream.test.ts in a child process, so the peak is this
// render's alone.
import { renderOfflineStream } from '../../dist/index.js';

// Steps overlap by the 4 s crossfades: the last one is 20 s longer so that the track lasts 3600 s.
const steps = Array.from({ length: 6 }, (_, k) => ({
  duration: k === 5 ? 620 : 600,
  voices: [{ synth_function_name: 'binaural_beat', params: { amp: 0.3, base_freq: 180 + 20 * k, beat_freq: 4 + k } }],
}));
const track = {
  global_settings: { sample_rate: 48000, crossfade_duration: 4, crossfade_curve: 'equal_power' },
  background_noise: { type: 'pink', amp: 0.05, pan: 0, seed: 3 },
  steps,
};
const started = performance.now();
// argv: [--byob] (render into two reused buffers of 16384 frames) [--seconds N] (only the first N
// seconds of the track; default all 3600).
const byob = process.argv.includes('--byob');
const secondsAt = process.argv.indexOf('--seconds');
const durationSeconds = secondsAt > 0 ? Number(process.argv[secondsAt + 1]) : undefined;
const chunkFrames = byob ? 16384 : undefined;
const buffers = byob ? [0, 1].map(() => new Float32Array(16384)) : undefined;
let frames = 0, chunks = 0, sum = 0;
const rssMb = [];
for await (const chunk of renderOfflineStream({ track, sampleRate: 48000, chunkFrames, buffers, durationSeconds })) {
  if (chunks % 250 === 0) {
    // After a full collection (node --expose-gc), so a sample counts what the render still holds
    // rather than how much garbage waits for the collector at that moment.
    globalThis.gc?.();
    rssMb.push(Math.round(process.memoryUsage().rss / 1048576));
  }
  frames += chunk.frames;
  chunks += 1;
  sum += chunk.channels[0][0] + chunk.channels[1][chunk.frames - 1];
}
console.log(JSON.stringify({
  frames, chunks, rssMb, peakRssMb: process.resourceUsage().maxRSS / 1024, seconds: (performance.now() - started) / 1000, sum,
}));
