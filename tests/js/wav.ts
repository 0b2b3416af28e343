// Test-only RIFF/WAVE reading and writing: PCM 16-bit and IEEE float 32-bit, planar in memory.
import { readFileSync, writeFileSync } from 'node:fs';

/** Decoded audio: planar channels × frames, floats (PCM16 scaled by 1/32768, as libsndfile). */
export interface Wav {
  sampleRate: number;
  channels: Float32Array[];
  format: 'pcm16' | 'float32';
}

/** Reads a PCM16 or float32 WAV; throws with one line on anything else. */
export function readWav(path: string): Wav {
  const bytes = readFileSync(path);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number): string => bytes.toString('latin1', at, at + 4);
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error(`${path} is not a RIFF/WAVE file`);
  let format = 0, numChannels = 0, sampleRate = 0, bits = 0;
  let data: { at: number; size: number } | undefined;
  for (let at = 12; at + 8 <= bytes.length;) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    if (id === 'fmt ') {
      format = view.getUint16(at + 8, true);
      numChannels = view.getUint16(at + 10, true);
      sampleRate = view.getUint32(at + 12, true);
      bits = view.getUint16(at + 22, true);
      if (format === 0xfffe) format = view.getUint16(at + 32, true);  // WAVE_FORMAT_EXTENSIBLE sub-format
    } else if (id === 'data') {
      data = { at: at + 8, size: Math.min(size, bytes.length - at - 8) };
    }
    at += 8 + size + (size & 1);
  }
  if (!data || numChannels === 0) throw new Error(`${path} has no fmt or data chunk`);
  const pcm16 = format === 1 && bits === 16;
  const float32 = format === 3 && bits === 32;
  if (!pcm16 && !float32) throw new Error(`${path}: format ${format} with ${bits} bits is not PCM16 or float32`);
  const bytesPerSample = bits / 8;
  const frames = Math.floor(data.size / (bytesPerSample * numChannels));
  const channels = Array.from({ length: numChannels }, () => new Float32Array(frames));
  for (let i = 0; i < frames; ++i) {
    for (let c = 0; c < numChannels; ++c) {
      const at = data.at + (i * numChannels + c) * bytesPerSample;
      channels[c]![i] = pcm16 ? view.getInt16(at, true) / 32768 : view.getFloat32(at, true);
    }
  }
  return { sampleRate, channels, format: pcm16 ? 'pcm16' : 'float32' };
}

/** Writes planar channels as an interleaved IEEE float 32-bit WAV. */
export function writeFloatWav(path: string, sampleRate: number, channels: Float32Array[]): void {
  const numChannels = channels.length;
  const frames = channels[0]!.length;
  const dataBytes = frames * numChannels * 4;
  const out = Buffer.alloc(44 + dataBytes);
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(36 + dataBytes, 4);
  out.write('WAVE', 8, 'latin1');
  out.write('fmt ', 12, 'latin1');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(3, 20);  // IEEE float
  out.writeUInt16LE(numChannels, 22);
  out.writeUInt32LE(sampleRate, 24);
  out.writeUInt32LE(sampleRate * numChannels * 4, 28);
  out.writeUInt16LE(numChannels * 4, 32);
  out.writeUInt16LE(32, 34);
  out.write('data', 36, 'latin1');
  out.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < frames; ++i)
    for (let c = 0; c < numChannels; ++c) out.writeFloatLE(channels[c]![i]!, 44 + (i * numChannels + c) * 4);
  writeFileSync(path, out);
}
