// The real recordings the tests run through the engine: the voice recordings of Debian's
// alsa-utils (/usr/share/sounds/alsa, 48 kHz mono PCM16).
import { join } from 'node:path';
import { readWav, writeFloatWav } from './wav.js';

/** Where alsa-utils puts its recordings. */
export const ALSA_SOUNDS = '/usr/share/sounds/alsa';

/** Planar audio: channels × frames at sampleRate Hz. */
export interface Recording { sampleRate: number; channels: Float32Array[] }

/** Front_Left.wav and Front_Right.wav side by side as one stereo recording, the shorter padded with silence. */
export function stereoVoiceRecording(): Recording {
  const left = readWav(join(ALSA_SOUNDS, 'Front_Left.wav'));
  const right = readWav(join(ALSA_SOUNDS, 'Front_Right.wav'));
  const frames = Math.max(left.channels[0]!.length, right.channels[0]!.length);
  const pad = (x: Float32Array): Float32Array => { const y = new Float32Array(frames); y.set(x); return y; };
  return { sampleRate: left.sampleRate, channels: [pad(left.channels[0]!), pad(right.channels[0]!)] };
}

/** stereoVoiceRecording() written to dir as a 32-bit float WAV; returns its path. */
export function writeStereoVoiceRecording(dir: string): string {
  const { sampleRate, channels } = stereoVoiceRecording();
  const path = join(dir, 'front-left-right.wav');
  writeFloatWav(path, sampleRate, channels);
  return path;
}
