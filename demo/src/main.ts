/**
 * wavegraph EQ demo: wires the page's controls to a wavegraph Engine running in an AudioWorklet.
 * The AudioContext and the engine are created on the Start click (browsers need a gesture).
 * After Start, `window.wavegraphDemo` holds `{ engine, context }` for the end-to-end tests.
 */
import { createEngine, type Engine } from 'wavegraph';
import { BAND_FREQUENCIES_HZ, createDbSlider } from './eq-sliders';
import { errorMessage, SourceSwitcher, type SourceChoice } from './sources';
import { SpectrumView } from './spectrum-view';
import { StatusLine, type Status } from './status-line';

declare global {
  interface Window {
    /** Set once Start has succeeded (used by the end-to-end tests). */
    wavegraphDemo?: { engine: Engine; context: AudioContext };
  }
}

/** Sample rate requested for the AudioContext, in Hz. */
const SAMPLE_RATE_HZ = 48000;
/** Spectrum bins per frame (fftSize 4096: 11.7 Hz per bin at 48 kHz). */
const SPECTRUM_BINS = 2048;

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`missing element #${id}`);
  return found as T;
}

const startButton = element<HTMLButtonElement>('start');
const sourceSelect = element<HTMLSelectElement>('source');
const frequencyInput = element<HTMLInputElement>('oscillator-frequency');
const fileInput = element<HTMLInputElement>('audio-file');
const canvas = element<HTMLCanvasElement>('spectrum');
const status = new StatusLine(element('status-line'), element('error-line'));

let engine: Engine | null = null;
let sources: SourceSwitcher | null = null;

/** Runs a control call once the engine exists and shows its error, if any. */
function control(call: (running: Engine) => Status): void {
  if (engine !== null) status.report(call(engine));
}

const bandSliders = BAND_FREQUENCIES_HZ.map((frequencyHz, band) =>
  createDbSlider(
    element('band-sliders'),
    { id: `band-${band}`, label: `${frequencyHz} Hz`, minDb: -24, maxDb: 24, stepDb: 0.5, valueDb: 0 },
    (gainDb) => control((running) => running.setBandGain(band, gainDb)),
  ),
);
const masterSlider = createDbSlider(
  element('master-slider'),
  { id: 'master-gain', label: 'Master gain', minDb: -60, maxDb: 12, stepDb: 0.5, valueDb: 0 },
  (gainDb) => control((running) => running.setGain(gainDb)),
);

sourceSelect.addEventListener('change', () => {
  if (sources !== null) status.report(sources.select(sourceSelect.value as SourceChoice));
});
frequencyInput.addEventListener('input', () => {
  if (sources !== null) status.report(sources.setOscillatorFrequency(frequencyInput.valueAsNumber));
});
fileInput.addEventListener('change', () => {
  const file = fileInput.files?.[0];
  if (file === undefined) return;
  sourceSelect.value = 'file';
  if (sources !== null) void sources.loadFile(file).then((result) => status.report(result));
});
startButton.addEventListener('click', () => void start());
window.addEventListener('unhandledrejection', (event) => status.showError(errorMessage(event.reason)));
window.addEventListener('error', (event) => status.showError(event.message));

status.showIdle(window.crossOriginIsolated);
new SpectrumView(canvas, {
  sampleRateHz: SAMPLE_RATE_HZ,
  binCount: SPECTRUM_BINS,
  markerFrequenciesHz: BAND_FREQUENCIES_HZ,
  readSpectrum: () => {},
}).drawGrid();

/** Creates the context and engine, applies the controls' current values and starts the plot. */
async function start(): Promise<void> {
  startButton.disabled = true;
  let context: AudioContext | null = null;
  try {
    context = new AudioContext({ sampleRate: SAMPLE_RATE_HZ, latencyHint: 'interactive' });
    const created = await createEngine(context, { numChannels: 2 });
    created.node.connect(context.destination);
    bandSliders.forEach((slider, band) => status.report(created.setBandGain(band, slider.valueAsNumber)));
    status.report(created.setGain(masterSlider.valueAsNumber));

    engine = created;
    sources = new SourceSwitcher(context, created, frequencyInput.valueAsNumber);
    const chosenFile = fileInput.files?.[0];
    if (sourceSelect.value === 'file' && chosenFile !== undefined) status.report(await sources.loadFile(chosenFile));
    else status.report(sources.select(sourceSelect.value as SourceChoice));
    await context.resume();

    new SpectrumView(canvas, {
      sampleRateHz: context.sampleRate,
      binCount: SPECTRUM_BINS,
      markerFrequenciesHz: BAND_FREQUENCIES_HZ,
      readSpectrum: (out) => created.getFloatFrequencyData(out),
    }).start();
    status.showRunning({
      crossOriginIsolated: window.crossOriginIsolated,
      sampleRateHz: context.sampleRate,
      renderQuantumFrames: created.renderQuantumFrames,
      transport: created.transport,
    });
    startButton.textContent = 'Running';
    window.wavegraphDemo = { engine: created, context };
  } catch (error) {
    status.showError(`Start failed: ${errorMessage(error)}`);
    engine = null;
    sources = null;
    void context?.close();
    startButton.disabled = false;
  }
}
