// Node comparison (docs/performance.md; a measurement, not a timed test): the
// same 60 s of seeded stereo 48 kHz noise as bench/browser (bench/browser/seeded-noise.js),
// rendered through the reference graph with the same settings (bench/browser/settings.js) by
//   - the wasm core in Node: renderOffline from the built package (dist/index.js), in memory;
//   - the native program: `wavegraph render IN.wav OUT.wav --eq B=DB … --gain-db DB` on a
//     32-bit float WAV written here (its wall time includes process start and the WAV I/O;
//     a pass-through `--graph` render of the same file is timed too, as that overhead).
// Wall time and CPU time (user + system: process.cpuUsage for wasm, bash's `times` for the
// native child) are both reported; on a shared, loaded machine CPU time is the steadier one.
// Each is run once untimed (warm-up: module compile, file cache), then `runs` times; medians.
// Prints ns/frame, the wasm/native speed ratio (target ≥ 0.7) and max |wasm − native|.
//
// Usage: node bench/node-vs-native.mjs [--runs N (3…20, default 3)] [--seconds S (1…600, default 60)]
//          [--wavegraph PATH (default build/native/wavegraph)] [--dist DIR (default dist/)]
// Exit codes: 0 done (the target is reported, not enforced); 1 a render failed or the outputs
// differ in shape; 2 bad arguments or a missing build.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { seededNoise } from './browser/seeded-noise.js';
import {
  BAND_GAINS_DB, DEFAULT_SECONDS, MASTER_GAIN_DB, NOISE_SEED, NUM_CHANNELS, SAMPLE_RATE_HZ,
} from './browser/settings.js';

const TARGET_WASM_OVER_NATIVE_SPEED = 0.7;
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

function fail(code, message) {
  console.error(`bench/node-vs-native.mjs: ${message}`);
  process.exit(code);
}

function parseArgs(argv) {
  const options = {
    runs: 3, seconds: DEFAULT_SECONDS,
    wavegraph: path.join(repoRoot, 'build/native/wavegraph'), dist: path.join(repoRoot, 'dist'),
  };
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i], value = argv[i + 1];
    if (!['--runs', '--seconds', '--wavegraph', '--dist'].includes(flag))
      fail(2, `unknown argument "${flag}" (allowed: --runs N, --seconds S, --wavegraph PATH, --dist DIR)`);
    if (value === undefined) fail(2, `${flag} needs a value`);
    const number = Number(value);
    if (flag === '--runs') {
      if (!(Number.isInteger(number) && number >= 3 && number <= 20)) fail(2, `--runs ${value} is out of range (an integer 3…20)`);
      options.runs = number;
    } else if (flag === '--seconds') {
      if (!(number >= 1 && number <= 600)) fail(2, `--seconds ${value} is out of range (1…600)`);
      options.seconds = number;
    } else {
      options[flag.slice(2)] = path.resolve(value);
    }
  }
  if (!existsSync(options.wavegraph)) fail(2, `${options.wavegraph} is missing: build it (cmake --preset native && ninja -C build/native wavegraph)`);
  if (!existsSync(path.join(options.dist, 'index.js'))) fail(2, `${options.dist}/index.js is missing: build it (bash scripts/build.sh wasm && bash scripts/build.sh ts)`);
  return options;
}

/** A 32-bit IEEE-float WAV (format tag 3) of planar channels (RIFF/WAVE, 'fmt ' + 'data' chunks). */
function floatWavBytes(channels, sampleRateHz) {
  const numChannels = channels.length, frames = channels[0].length;
  const dataBytes = frames * numChannels * 4;
  const bytes = Buffer.alloc(44 + dataBytes);
  bytes.write('RIFF', 0, 'ascii'); bytes.writeUInt32LE(36 + dataBytes, 4); bytes.write('WAVE', 8, 'ascii');
  bytes.write('fmt ', 12, 'ascii'); bytes.writeUInt32LE(16, 16);
  bytes.writeUInt16LE(3, 20); bytes.writeUInt16LE(numChannels, 22); bytes.writeUInt32LE(sampleRateHz, 24);
  bytes.writeUInt32LE(sampleRateHz * numChannels * 4, 28); bytes.writeUInt16LE(numChannels * 4, 32); bytes.writeUInt16LE(32, 34);
  bytes.write('data', 36, 'ascii'); bytes.writeUInt32LE(dataBytes, 40);
  const interleaved = new Float32Array(bytes.buffer, bytes.byteOffset + 44, frames * numChannels);
  for (let i = 0; i < frames; i++) for (let c = 0; c < numChannels; c++) interleaved[i * numChannels + c] = channels[c][i];
  return bytes;
}

/** Planar channels of a 32-bit float WAV (walks the chunks; throws on any other format). */
function readFloatWav(file) {
  const bytes = readFileSync(file);
  if (bytes.toString('ascii', 0, 4) !== 'RIFF' || bytes.toString('ascii', 8, 12) !== 'WAVE') throw new Error(`${file} is not a RIFF/WAVE file`);
  let offset = 12, format, numChannels, sampleRateHz, bits, data;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('ascii', offset, offset + 4), size = bytes.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      format = bytes.readUInt16LE(body); numChannels = bytes.readUInt16LE(body + 2);
      sampleRateHz = bytes.readUInt32LE(body + 4); bits = bytes.readUInt16LE(body + 14);
      if (format === 0xfffe) format = bytes.readUInt16LE(body + 24);  // WAVE_FORMAT_EXTENSIBLE sub-format
    } else if (id === 'data') {
      data = { start: body, size: Math.min(size, bytes.length - body) };
    }
    offset = body + size + (size & 1);
  }
  if (format !== 3 || bits !== 32 || !data) throw new Error(`${file}: expected 32-bit float PCM, got format ${format}, ${bits} bits`);
  const frames = Math.floor(data.size / (4 * numChannels));
  const aligned = new Float32Array(bytes.buffer.slice(bytes.byteOffset + data.start, bytes.byteOffset + data.start + frames * numChannels * 4));
  const channels = Array.from({ length: numChannels }, () => new Float32Array(frames));
  for (let i = 0; i < frames; i++) for (let c = 0; c < numChannels; c++) channels[c][i] = aligned[i * numChannels + c];
  return { channels, sampleRateHz };
}

function median(values) {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** "0m1.234s" → ms. */
function bashTimeMs(text) {
  const match = /^(\d+)m([\d.]+)s$/.exec(text);
  if (!match) throw new Error(`unexpected bash times output "${text}"`);
  return (Number(match[1]) * 60 + Number(match[2])) * 1000;
}

/**
 * Runs `wavegraph render ARGS` under bash, whose `times` builtin reports the child's user and
 * system CPU time (1 ms resolution). Returns { wallMs, cpuMs }; throws on a non-zero exit.
 */
function timeNative(wavegraph, args) {
  const t0 = process.hrtime.bigint();
  const result = spawnSync('bash', ['-c', '"$@" >/dev/null || exit $?; times', '_', wavegraph, 'render', ...args],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (result.status !== 0)
    throw new Error(`${wavegraph} render exited with ${result.status ?? result.signal}: ${(result.stderr || '').trim().split('\n')[0]}`);
  const childTimes = result.stdout.trim().split('\n')[1]?.trim().split(/\s+/) ?? [];
  if (childTimes.length !== 2) throw new Error(`unexpected bash times output "${result.stdout.trim()}"`);
  return { wallMs, cpuMs: bashTimeMs(childTimes[0]) + bashTimeMs(childTimes[1]) };
}

const options = parseArgs(process.argv.slice(2));
const tempDir = mkdtempSync(path.join(os.tmpdir(), 'wavegraph-node-vs-native-'));
let exitCode = 0;
try {
  const frames = Math.round(options.seconds * SAMPLE_RATE_HZ);
  const input = seededNoise(NUM_CHANNELS, frames, NOISE_SEED);
  const inWav = path.join(tempDir, 'noise.wav'), outWav = path.join(tempDir, 'native.wav');
  const passWav = path.join(tempDir, 'pass.wav'), passGraph = path.join(tempDir, 'pass-through.json');
  writeFileSync(inWav, floatWavBytes(input, SAMPLE_RATE_HZ));
  writeFileSync(passGraph, JSON.stringify({ nodes: [{ id: 'source', type: 'input' }], connections: [], output: 'source' }));

  // wasm in Node.
  const { renderOffline } = await import(pathToFileURL(path.join(options.dist, 'index.js')).href);
  const settings = { input, sampleRate: SAMPLE_RATE_HZ, bandGainsDb: BAND_GAINS_DB, gainDb: MASTER_GAIN_DB };
  let wasmOutput = await renderOffline(settings);  // warm-up
  const wasmMs = [], wasmCpuMs = [];
  for (let run = 0; run < options.runs; run++) {
    const t0 = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    wasmOutput = await renderOffline(settings);
    const cpu = process.cpuUsage(cpu0);
    wasmMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
    wasmCpuMs.push((cpu.user + cpu.system) / 1000);
  }

  // Native.
  const eqArgs = BAND_GAINS_DB.flatMap((gainDb, band) => ['--eq', `${band}=${gainDb}`]);
  const renderArgs = [inWav, outWav, ...eqArgs, '--gain-db', String(MASTER_GAIN_DB)];
  const passArgs = [inWav, passWav, '--graph', passGraph];
  timeNative(options.wavegraph, renderArgs);  // warm-up
  timeNative(options.wavegraph, passArgs);
  const nativeMs = [], nativeCpuMs = [], passMs = [], passCpuMs = [];
  for (let run = 0; run < options.runs; run++) {
    const render = timeNative(options.wavegraph, renderArgs);
    nativeMs.push(render.wallMs);
    nativeCpuMs.push(render.cpuMs);
    const pass = timeNative(options.wavegraph, passArgs);
    passMs.push(pass.wallMs);
    passCpuMs.push(pass.cpuMs);
  }
  const native = readFloatWav(outWav);
  const passed = readFloatWav(passWav);
  if (native.channels.length !== NUM_CHANNELS || native.channels[0].length !== frames || native.sampleRateHz !== SAMPLE_RATE_HZ)
    throw new Error(`native output is ${native.channels.length} × ${native.channels[0].length} at ${native.sampleRateHz} Hz, expected ${NUM_CHANNELS} × ${frames} at ${SAMPLE_RATE_HZ} Hz`);

  let maxAbs = 0, at = [0, 0], passMax = 0;
  for (let c = 0; c < NUM_CHANNELS; c++) {
    for (let i = 0; i < frames; i++) {
      const d = Math.abs(wasmOutput[c][i] - native.channels[c][i]);
      if (!(d <= maxAbs)) { maxAbs = d; at = [i, c]; }
      passMax = Math.max(passMax, Math.abs(passed.channels[c][i] - input[c][i]));
    }
  }
  let changed = 0;
  for (let c = 0; c < NUM_CHANNELS; c++) for (let i = 0; i < frames; i++) changed = Math.max(changed, Math.abs(wasmOutput[c][i] - input[c][i]));

  const wasm = median(wasmMs), nat = median(nativeMs), pass = median(passMs);
  const wasmCpu = median(wasmCpuMs), natCpu = median(nativeCpuMs), passCpu = median(passCpuMs);
  const ns = (ms) => ((ms * 1e6) / frames).toFixed(1).padStart(6);
  const speed = nat / wasm, speedCpu = natCpu / wasmCpu, speedDsp = (natCpu - passCpu) / wasmCpu;
  const verdict = (x) => `${x >= TARGET_WASM_OVER_NATIVE_SPEED ? 'met' : 'NOT met'}`;
  const dbfs = (x) => (x > 0 ? `${(20 * Math.log10(x)).toFixed(1)} dBFS` : 'identical');
  const runs = (v) => v.map((t) => t.toFixed(0)).join(' ');
  const row = (label, wallMs, cpuMs, wallRuns, note) =>
    `  ${label.padEnd(44)} wall ${wallMs.toFixed(1).padStart(7)} ms ${ns(wallMs)} ns/frame, CPU ${cpuMs.toFixed(1).padStart(7)} ms ` +
    `${ns(cpuMs)} ns/frame   [wall runs ms: ${runs(wallRuns)}]${note}`;
  console.log([
    `wavegraph Node vs native — reference graph, stereo ${SAMPLE_RATE_HZ} Hz, ${options.seconds} s (${frames} frames) of seeded noise, ` +
      `bands ${BAND_GAINS_DB.join(',')} dB, master ${MASTER_GAIN_DB} dB; median of ${options.runs} runs after one warm-up; Node ${process.version}`,
    `  wasm: ${options.dist}/index.js; native: ${options.wavegraph}`,
    row('wasm renderOffline (in memory)', wasm, wasmCpu, wasmMs, ''),
    row('native wavegraph render (whole process)', nat, natCpu, nativeMs, ' (start, WAV read + write included)'),
    row('native pass-through --graph (same file)', pass, passCpu, passMs, ' (process + I/O overhead)'),
    `  wasm/native speed (native time / wasm time): wall ${speed.toFixed(2)}, CPU ${speedCpu.toFixed(2)} (target ≥ ${TARGET_WASM_OVER_NATIVE_SPEED}: ` +
      `${verdict(speed)} by wall, ${verdict(speedCpu)} by CPU); CPU with the native pass-through overhead subtracted: ${speedDsp.toFixed(2)}`,
    `  max |wasm − native| = ${maxAbs.toExponential(2)} (${dbfs(maxAbs)}) at frame ${at[0]} ch ${at[1]}; ` +
      `max |output − input| = ${changed.toExponential(2)} (the chain changed the signal); pass-through max |out − in| = ${passMax.toExponential(2)}`,
  ].join('\n'));
} catch (error) {
  console.error(`bench/node-vs-native.mjs: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  exitCode = 1;
} finally {
  rmSync(tempDir, { recursive: true, force: true });
}
process.exit(exitCode);
