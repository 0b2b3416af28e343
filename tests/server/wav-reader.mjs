// Reads the 32-bit float WAV that `wavegraph serve --record` writes: planar channels.
import { readFileSync } from 'node:fs';

/** { sampleRateHz, channels: Float32Array[] }; throws with one line on anything but float32. */
export function readFloatWav(path) {
  const bytes = readFileSync(path);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at) => bytes.toString('latin1', at, at + 4);
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error(`${path} is not a RIFF/WAVE file`);
  let format = 0;
  let numChannels = 0;
  let sampleRateHz = 0;
  let bits = 0;
  let data;
  for (let at = 12; at + 8 <= bytes.length;) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    if (id === 'fmt ') {
      format = view.getUint16(at + 8, true);
      numChannels = view.getUint16(at + 10, true);
      sampleRateHz = view.getUint32(at + 12, true);
      bits = view.getUint16(at + 22, true);
      if (format === 0xfffe) format = view.getUint16(at + 32, true);
    } else if (id === 'data') {
      data = { at: at + 8, size: Math.min(size, bytes.length - at - 8) };
    }
    at += 8 + size + (size & 1);
  }
  if (!data || format !== 3 || bits !== 32) throw new Error(`${path}: not a 32-bit float WAV (format ${format}, ${bits} bits)`);
  const frames = Math.floor(data.size / (4 * numChannels));
  const channels = Array.from({ length: numChannels }, () => new Float32Array(frames));
  for (let i = 0; i < frames; ++i)
    for (let c = 0; c < numChannels; ++c) channels[c][i] = view.getFloat32(data.at + (i * numChannels + c) * 4, true);
  return { sampleRateHz, channels };
}
