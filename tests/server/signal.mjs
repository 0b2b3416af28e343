// Measurements on recorded output and the test graphs whose output is known exactly: a constant
// (DC) source through gain nodes, so every frame of the recording has an analytic value.

/** source (constant `value`) → trim (gain) → master (gain, masterDb) → meter. */
export function dcGraph(value = 0.5, masterDb = 0) {
  return {
    nodes: [
      { id: 'source', type: 'constant', params: { value } },
      { id: 'trim', type: 'gain', params: { gainDb: 0 } },
      { id: 'master', type: 'gain', params: { gainDb: masterDb } },
      { id: 'meter', type: 'meter' },
    ],
    connections: [
      { from: 'source', to: 'trim' },
      { from: 'trim', to: 'master' },
      { from: 'master', to: 'meter' },
    ],
    output: 'meter',
  };
}

/** The first frame in [from, to) of every channel where pred(sample) holds, or -1. */
export function firstFrame(channels, from, to, pred) {
  const end = Math.min(to, channels[0].length);
  for (let i = Math.max(0, from); i < end; ++i) for (const ch of channels) if (pred(ch[i])) return i;
  return -1;
}

/** Frames in [from, to) where some channel differs from expected by more than tolerance. */
export function framesOff(channels, from, to, expected, tolerance = 1e-6) {
  let count = 0;
  const end = Math.min(to, channels[0].length);
  for (let i = Math.max(0, from); i < end; ++i) if (channels.some((ch) => Math.abs(ch[i] - expected) > tolerance)) count++;
  return count;
}

/** Length of the longest run of frames in [from, to) that are exactly 0 in every channel. */
export function longestSilence(channels, from = 0, to = Infinity) {
  let longest = 0;
  let run = 0;
  const end = Math.min(to, channels[0].length);
  for (let i = Math.max(0, from); i < end; ++i) {
    run = channels.every((ch) => ch[i] === 0) ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

export const dbOf = (gain) => 20 * Math.log10(gain);

/** The backend's underrun count from GET /api/status (top level or in stats); undefined if absent. */
export function underrunsOf(status) {
  return status?.underruns ?? status?.stats?.underruns ?? status?.device?.underruns;
}

/** The p-quantile (0…1) of numbers (nearest rank). */
export function quantile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
