// Check g: what POST /api/play plays through the graph's input, measured in the recording:
// a 1 kHz sine WAV from --media, then a track (examples/tracks/focus-binaural.json, a binaural
// beat on 200 Hz), and a malformed track (400 naming its JSON path, the track keeps playing).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { curl } from './curl.mjs';
import { startServe } from './serve-process.mjs';
import { sleep } from './signal.mjs';
import { readFloatWav } from './wav-reader.mjs';

const TRACK = 'examples/tracks/focus-binaural.json';

/** Amplitude of the frequencyHz component of x[from, to) (Goertzel; a sine of amplitude a gives ≈ a). */
function amplitudeAt(x, from, to, sampleRateHz, frequencyHz) {
  const w = (2 * Math.PI * frequencyHz) / sampleRateHz;
  const k = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  for (let i = from; i < to; i++) {
    const s0 = x[i] + k * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - k * s1 * s2;
  return (2 * Math.sqrt(Math.max(power, 0))) / (to - from);
}

/** Largest amplitude over [lowHz, highHz] in 1 Hz steps. */
function peakAmplitude(x, from, to, sampleRateHz, lowHz, highHz) {
  let peak = 0;
  for (let f = lowHz; f <= highHz; f++) peak = Math.max(peak, amplitudeAt(x, from, to, sampleRateHz, f));
  return peak;
}

async function positionFrames(url) {
  return (await curl(`${url}/api/status`)).json.positionFrames;
}

export async function checkPlay(dir, cleanups) {
  const media = join(dir, 'play-media');
  mkdirSync(media, { recursive: true });
  execFileSync('sox', ['-n', '-r', '48000', '-c', '1', join(media, 'sine-1k.wav'), 'synth', '3', 'sine', '1000', 'vol', '0.5']);
  const recordPath = join(dir, 'play.wav');
  const server = await startServe({ args: ['--media', media], recordPath });
  cleanups.push(['serve (play)', () => server.stop()]);
  const { url } = server;
  const problems = [];
  const expect = (ok, text) => ok || problems.push(text);

  const mediaFrame = await positionFrames(url);
  const playMedia = await curl(`${url}/api/play`, { method: 'POST', body: JSON.stringify({ media: ['sine-1k.wav'] }) });
  expect(playMedia.status === 200, `POST /api/play media: ${playMedia.status} ${playMedia.body.slice(0, 120)}`);
  await sleep(1500);

  const trackFrame = await positionFrames(url);
  const track = JSON.parse(readFileSync(TRACK, 'utf8'));
  const playTrack = await curl(`${url}/api/play`, { method: 'POST', body: JSON.stringify({ track }) });
  expect(playTrack.status === 200, `POST /api/play track: ${playTrack.status} ${playTrack.body.slice(0, 120)}`);
  await sleep(300);
  const s1 = (await curl(`${url}/api/status`)).json;
  const t1 = Date.now();
  await sleep(1000);
  const s2 = (await curl(`${url}/api/status`)).json;
  const elapsedS = (Date.now() - t1) / 1000;
  const advanceS = (s2.track?.positionSeconds ?? 0) - (s1.track?.positionSeconds ?? 0);
  expect(s2.track?.durationSeconds === 498, `status track duration ${s2.track?.durationSeconds} s (498 expected)`);
  expect(Math.abs(advanceS - elapsedS) <= 0.3, `track position advanced ${advanceS.toFixed(3)} s in ${elapsedS.toFixed(3)} s`);

  const bad = structuredClone(track);
  bad.steps[1].duration = -5;
  const badTrack = await curl(`${url}/api/play`, { method: 'POST', body: JSON.stringify({ track: bad }) });
  expect(badTrack.status === 400 && /^track\.steps\[1\]\.duration\b/.test(badTrack.json?.error ?? ''),
    `bad track: ${badTrack.status} ${badTrack.body.slice(0, 120)} (expected 400, error starting with track.steps[1].duration)`);
  await sleep(300);
  const s3 = (await curl(`${url}/api/status`)).json;
  expect((s3.track?.positionSeconds ?? 0) > (s2.track?.positionSeconds ?? 0), 'the track stopped after the refused one');
  const endFrame = await positionFrames(url);
  const exit = await server.stop();
  expect(exit.code === 0, `serve stopped by SIGINT: exit ${exit.code ?? exit.signal}`);

  // The recording: the sine from shortly after the media request, the 200 ± 5 Hz beat after the track's.
  const { sampleRateHz, channels } = readFloatWav(recordPath);
  const left = channels[0];
  const sineFrom = mediaFrame + 0.5 * sampleRateHz;
  const sineTo = Math.min(trackFrame, sineFrom + 0.5 * sampleRateHz);
  const trackFrom = trackFrame + 0.6 * sampleRateHz;
  const trackTo = Math.min(endFrame, trackFrom + 1.0 * sampleRateHz, left.length);
  const sine1k = amplitudeAt(left, sineFrom, sineTo, sampleRateHz, 1000);
  const sineLow = peakAmplitude(left, sineFrom, sineTo, sampleRateHz, 190, 210);
  const track1k = amplitudeAt(left, trackFrom, trackTo, sampleRateHz, 1000);
  const trackLow = peakAmplitude(left, trackFrom, trackTo, sampleRateHz, 190, 210);
  const db = (a, b) => 20 * Math.log10(a / b);
  expect(Math.abs(sine1k - 0.5) <= 0.05, `media: 1 kHz amplitude ${sine1k.toFixed(3)} (0.5 ± 0.05 expected, the WAV's level)`);
  expect(db(sine1k, sineLow) >= 30, `media: 1 kHz only ${db(sine1k, sineLow).toFixed(1)} dB over 190-210 Hz (≥ 30 expected)`);
  expect(db(trackLow, track1k) >= 30, `track: 190-210 Hz only ${db(trackLow, track1k).toFixed(1)} dB over 1 kHz (≥ 30 expected)`);
  const detail = `media sine-1k.wav: 1 kHz amplitude ${sine1k.toFixed(3)}, ${db(sine1k, sineLow).toFixed(1)} dB over 190-210 Hz; ` +
    `track focus-binaural.json: duration ${s2.track?.durationSeconds} s, position +${advanceS.toFixed(3)} s in ${elapsedS.toFixed(3)} s, ` +
    `190-210 Hz peak ${trackLow.toFixed(4)}, ${db(trackLow, track1k).toFixed(1)} dB over 1 kHz; ` +
    `bad track → ${badTrack.status} "${(badTrack.json?.error ?? '').slice(0, 70)}", the track kept playing`;
  return { pass: problems.length === 0, detail: problems.length ? `${problems.join('; ')} | ${detail}` : detail };
}
