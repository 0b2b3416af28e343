// A fresh app that only knows the published package: `npm install wavegraph`, then this.
// Renders 1 s in an OfflineAudioContext through createEngine's worklet and measures two things:
// a band gain set with setBandGain takes effect (1 kHz drops by about 20 dB), and a gain change
// scheduled with atTime lands on its exact frame.
import { createEngine } from 'wavegraph';

const SAMPLE_RATE = 48000;
const CHANGE_FRAME = 30001;

function rmsDb(x, from, to) {
  let sum = 0;
  for (let i = from; i < to; ++i) sum += x[i] * x[i];
  return 10 * Math.log10(sum / (to - from));
}

async function run() {
  const context = new OfflineAudioContext(1, SAMPLE_RATE, SAMPLE_RATE);
  const engine = await createEngine(context, { numChannels: 1 });
  const tone = new OscillatorNode(context, { frequency: 1000 });
  const level = new GainNode(context, { gain: 0.5 });
  tone.connect(level).connect(engine.node).connect(context.destination);
  tone.start();
  // 0…0.25 s flat; band 4 (960 Hz) at -20 dB from 0.25 s; master gain -6 dB from frame 30001.
  const band = engine.setBandGain(4, -20, { atTime: 0.25 });
  const gain = engine.setGain(-6, { atTime: CHANGE_FRAME / SAMPLE_RATE });
  await engine.flush();  // postMessage path: the commands are in the worklet before rendering starts
  const rendered = await context.startRendering();
  const y = rendered.getChannelData(0);
  const beforeDb = rmsDb(y, 4800, 12000);
  const afterDb = rmsDb(y, 19200, 28800);
  // The master gain ramps from frame CHANGE_FRAME on; before it the signal is the steady EQ'd tone.
  // Compare with the same tone one period (48 frames) earlier: identical until the change.
  let firstChanged = -1;
  for (let n = 24000; n < y.length && firstChanged < 0; ++n) if (Math.abs(y[n] - y[n - 48]) > 1e-6) firstChanged = n;
  // Counters travel by message on the postMessage path: let the last ones arrive.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const stats = engine.stats();
  engine.close();
  return {
    transport: engine.transport,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    band: band.ok, gain: gain.ok,
    changeDb: afterDb - beforeDb,
    firstChangedFrame: firstChanged,
    expectedFrame: CHANGE_FRAME,
    commandsApplied: stats.commandsApplied,
  };
}

run().then(
  (result) => { window.wavegraphResult = result; document.getElementById('result').textContent = JSON.stringify(result); },
  (error) => { window.wavegraphResult = { error: String((error && error.stack) || error) }; },
);
