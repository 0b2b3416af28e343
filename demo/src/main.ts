/**
 * wavegraph EQ demo (and track player): wires the page's controls to a wavegraph Engine running in an AudioWorklet,
 * or to a native `wavegraph serve` (connectEngine → RemoteEngine), through the package's public API only.
 * The AudioContext and the engine are created on the first Start click (browsers need a
 * gesture); later clicks suspend and resume the context (Stop / Start).
 * "Engine: native host" connects to the server at the URL field: the EQ controls, the curve, the
 * spectrum and the meters then use the remote engine (both engines have the EngineApi methods)
 * and this page's audio is suspended; "this browser" closes the connection and resumes it.
 * After the first Start or connection, `window.wavegraphDemo` holds the test hooks (test-hooks.ts).
 */
import { connectEngine, createEngine, referenceGraph, type Engine, type EngineApi, type RemoteEngine } from 'wavegraph';
import { CurveHandles } from './curve-handles';
import { EngineSwitch, type EngineKind } from './engine-switch';
import { EqModel } from './eq-model';
import { EqPanel } from './eq-panel';
import { applySpectrumSettings, SPECTRUM_BINS, withSpectrumSettings } from './analyser-settings';
import { acceptFileDrops } from './file-drop';
import { MeterView } from './meter-view';
import { NativeSource } from './native-source';
import { EqResponse } from './response-curve';
import { errorMessage, OSCILLATOR_CHOICES, SourceSwitcher, type SourceChoice } from './sources';
import { SpectrumView } from './spectrum-view';
import { StatusLine } from './status-line';
import { TrackPanel } from './track-panel';
import { installHooks } from './test-hooks';

/** Sample rate requested for the AudioContext, in Hz. */
const SAMPLE_RATE_HZ = 48000;
/** Output channels of the engine (and meters). */
const NUM_CHANNELS = 2;
/** How often the status line is refreshed, ms. */
const STATUS_INTERVAL_MS = 250;

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`missing element #${id}`);
  return found as T;
}

const startButton = element<HTMLButtonElement>('start');
const sourceSelect = element<HTMLSelectElement>('source');
const frequencyInput = element<HTMLInputElement>('oscillator-frequency');
const fileInput = element<HTMLInputElement>('audio-file');
const loopCheckbox = element<HTMLInputElement>('file-loop');
const restartButton = element<HTMLButtonElement>('file-restart');
const status = new StatusLine(element('status-line'), element('transport-note'), element('error-line'));

const eq = new EqModel();
new EqPanel(
  eq,
  {
    bands: element('band-sliders'),
    master: element('master-slider'),
    bypass: element<HTMLInputElement>('bypass'),
    presets: element('presets'),
  },
  (result) => status.report(result),
);

let context: AudioContext | null = null;
let engine: Engine | null = null;
/** The native host's engine while "native host" is chosen and connected. */
let remote: RemoteEngine | null = null;
/** The engine the controls and pictures use. */
let using: EngineKind = 'browser';
/** The Source control's link to the native host's graph (while it is in use). */
let nativeSource: NativeSource | null = null;
let switching = false;
let sources: SourceSwitcher | null = null;
let pendingFile: File | null = null;
let starting = false;
let commandsDroppedHere = 0;

/** The curve's values come from the core (before Start) or the running engine (response-curve.ts). */
const response = new EqResponse(() => eq.effectiveBands(), () => eq.revision, SAMPLE_RATE_HZ);
const responseCurveDb = (frequencyHz: number): number => response.responseAtDb(frequencyHz);
/** Cache key of the drawn curve: the EQ settings and which code answers. */
const RESPONSE_ORIGINS = ['none', 'core', 'engine'];
const curveRevision = (): number => eq.revision * 3 + RESPONSE_ORIGINS.indexOf(response.origin());

const tracks = new TrackPanel(
  {
    choice: element<HTMLSelectElement>('track-choice'),
    file: element<HTMLInputElement>('track-file'),
    play: element<HTMLButtonElement>('track-play'),
    seek: element<HTMLInputElement>('track-seek'),
    time: element<HTMLOutputElement>('track-time'),
    state: element('track-state'),
  },
  status,
);

const spectrum: SpectrumView = new SpectrumView(
  element('spectrum'),
  {
    responseDb: (frequenciesHz, out) => response.responseDb(frequenciesHz, out),
    revision: curveRevision,
    markersHz: () => eq.settings().bands.map((band) => band.frequencyHz),
    bypassed: () => eq.settings().bypass,
    handles: () => eq.settings().bands,
    activeHandle: (): number => handles.active,
  },
  SPECTRUM_BINS,
);
const handles: CurveHandles = new CurveHandles(element('spectrum'), spectrum, eq, (result) => status.report(result));
const meters = new MeterView(element('meters'), element('meter-text'), NUM_CHANNELS);

/** The engine the controls, curve, spectrum and meters use (null before Start / connection). */
const active = (): EngineApi | null => (using === 'native' ? remote : engine);

/** Before Start, the curve is redrawn on changes and resizes (afterwards every frame). */
const drawIdle = (): void => {
  if (active() === null) spectrum.draw();
};
eq.onChange(drawIdle);
window.addEventListener('resize', drawIdle);

function updateSourceControls(): void {
  const choice = sourceSelect.value as SourceChoice;
  frequencyInput.disabled = !OSCILLATOR_CHOICES.includes(choice);
  restartButton.disabled = sources?.loadedFile() == null;
}

/** Selects `choice`; on failure the select goes back to the source still heard. */
async function selectSource(choice: SourceChoice): Promise<void> {
  if (sources === null) return;
  const result = await sources.select(choice);
  status.report(result);
  if (!result.ok) sourceSelect.value = sources.choice() ?? 'pinkNoise';
  updateSourceControls();
}

async function useFile(file: File): Promise<void> {
  sourceSelect.value = 'file';
  if (sources === null) {
    pendingFile = file;
    status.showError(`"${file.name}" will play after Start`);
    updateSourceControls();
    return;
  }
  status.report(await sources.loadFile(file));
  if (sources.choice() !== null) sourceSelect.value = sources.choice()!;
  updateSourceControls();
}

sourceSelect.addEventListener('change', () => {
  updateSourceControls();
  if (using === 'native' && nativeSource !== null) {
    void selectNativeSource(nativeSource, sourceSelect.value as SourceChoice);
    return;
  }
  if (sourceSelect.value === 'file' && sources?.loadedFile() == null) {
    if (pendingFile === null) {
      status.showError('choose a file with "Audio file" or drop one on the Signal panel');
      if (sources?.choice() != null) sourceSelect.value = sources.choice()!;
      updateSourceControls();
      return;
    }
  }
  void selectSource(sourceSelect.value as SourceChoice);
});
frequencyInput.addEventListener('input', () => {
  const frequencyHz = frequencyInput.valueAsNumber;
  if (using === 'native' && nativeSource !== null) {
    if (Number.isFinite(frequencyHz)) status.report(nativeSource.setOscillatorFrequency(frequencyHz));
    return;
  }
  if (Number.isFinite(frequencyHz) && sources !== null) status.report(sources.setOscillatorFrequency(frequencyHz));
});
frequencyInput.addEventListener('change', () => {
  if (using === 'native' && nativeSource !== null) {
    status.report(nativeSource.setOscillatorFrequency(frequencyInput.valueAsNumber));
    return;
  }
  if (sources === null) return;
  const result = sources.setOscillatorFrequency(frequencyInput.valueAsNumber);
  status.report(result);
  if (!result.ok) frequencyInput.value = String(sources.oscillatorFrequency());
});
fileInput.addEventListener('change', () => {
  const file = fileInput.files?.[0];
  if (file !== undefined) void useFile(file);
});
loopCheckbox.addEventListener('change', () => sources?.setLoop(loopCheckbox.checked));
restartButton.addEventListener('click', () => {
  if (sources === null) return;
  sourceSelect.value = 'file';
  void sources.restartFile().then((result) => status.report(result));
});
acceptFileDrops(element('source-panel'), (file) => void useFile(file));
startButton.addEventListener('click', () => void toggleTransport());
const engineSwitch = new EngineSwitch({
  browser: element<HTMLInputElement>('engine-browser'),
  native: element<HTMLInputElement>('engine-native'),
  url: element<HTMLInputElement>('native-url'),
  token: element<HTMLInputElement>('native-token'),
});
engineSwitch.onChange((kind) => void switchEngine(kind));
window.addEventListener('unhandledrejection', (event) => status.showError(errorMessage(event.reason)));
window.addEventListener('error', (event) => status.showError(event.message));

status.showIdle(window.crossOriginIsolated);
updateSourceControls();
spectrum.draw();
response.preload(drawIdle);

/** First click: create and start; then Stop (suspend) / Start (resume). */
async function toggleTransport(): Promise<void> {
  if (starting) return;
  if (context === null) {
    await start();
    return;
  }
  if (context.state === 'running') await context.suspend();
  else await context.resume();
  showTransport();
}

function showTransport(): void {
  const running = context?.state === 'running';
  startButton.textContent = running ? 'Stop' : 'Start';
  startButton.classList.toggle('running', running);
  refreshStatus();
}

function refreshStatus(): void {
  if (using === 'native' && remote !== null) {
    const stats = remote.stats();
    status.showNative({
      url: remote.url,
      connected: remote.connected,
      sampleRateHz: remote.sampleRate,
      renderQuantumFrames: remote.renderQuantumFrames,
      numChannels: remote.numChannels,
      commandsDropped: stats.commandsDropped + commandsDroppedHere,
      underruns: remote.serverCounters().underruns,
    });
    return;
  }
  if (context === null || engine === null) return;
  const stats = engine.stats();
  status.showRunning({
    crossOriginIsolated: window.crossOriginIsolated,
    transport: engine.transport,
    state: context.state,
    sampleRateHz: context.sampleRate,
    renderQuantumFrames: engine.renderQuantumFrames,
    baseLatencySeconds: context.baseLatency ?? 0,
    outputLatencySeconds: context.outputLatency ?? 0,
    audioLoadPercent: stats.audioLoadPercent,
    commandsDropped: stats.commandsDropped + commandsDroppedHere,
  });
}

/** Creates the context and engine, applies the controls' values, starts the source and the pictures. */
async function start(): Promise<void> {
  starting = true;
  startButton.disabled = true;
  let created: AudioContext | null = null;
  let running: Engine | null = null;
  try {
    created = new AudioContext({ sampleRate: SAMPLE_RATE_HZ, latencyHint: 'interactive' });
    running = await createEngine(created, { numChannels: NUM_CHANNELS, graph: withSpectrumSettings(referenceGraph()) });
    running.node.connect(created.destination);
    running.on('event', (event) => {
      if (event.type === 'commandDropped') commandsDroppedHere++;
      if (event.type === 'error') status.showError(event.message);
    });
    status.report(eq.attach(running));
    response.attach(running);

    context = created;
    engine = running;
    sources = new SourceSwitcher(created, running, frequencyInput.valueAsNumber);
    sources.setLoop(loopCheckbox.checked);
    sources.onFileEnded = (name) => status.showError(`"${name}" ended (loop is off): press "Replay file" to hear it again`);
    await created.resume();
    tracks.attach(running, created, sources);

    const file = pendingFile;
    pendingFile = null;
    if (sourceSelect.value === 'file' && file !== null) await useFile(file);
    else await selectSource(sourceSelect.value as SourceChoice);

    startPictures(running);
    startStatusRefresh();
    showHooks(running);
    showTransport();
  } catch (error) {
    status.showError(`Start failed: ${errorMessage(error)}`);
    running?.close();
    engine = null;
    sources = null;
    context = null;
    void created?.close();
  } finally {
    starting = false;
    startButton.disabled = false;
  }
}

let statusTimer: ReturnType<typeof setInterval> | undefined;
function startStatusRefresh(): void {
  statusTimer ??= setInterval(refreshStatus, STATUS_INTERVAL_MS);
}

/** The spectrum and meters follow the engine in use (at `live`'s sample rate) from now on. */
function startPictures(live: EngineApi): void {
  spectrum.start({
    sampleRateHz: live.sampleRate,
    readSpectrum: (out) => {
      const current = active();
      if (current === null) out.fill(-Infinity);
      else current.getFloatFrequencyData(out);
    },
  });
  meters.start({ read: () => active()?.meters() });
}

/** window.wavegraphDemo for the engine now in use. */
function showHooks(live: EngineApi): void {
  installHooks({
    engine: live,
    engineKind: () => using,
    context,
    responseCurveDb,
    eqSettings: () => eq.settings(),
    spectrum: () => spectrum.snapshot(),
    spectrumFrames: () => spectrum.frames(),
    curvePoint: (frequencyHz, gainDb) => spectrum.pointOf(frequencyHz, gainDb),
    meters: () => meters.readings(),
    source: () => sources?.choice() ?? null,
    fileName: () => sources?.loadedFile() ?? null,
    track: () => tracks.snapshot(),
  });
}

/** The switch moved: connect to the native host, or come back to this browser's engine. */
async function switchEngine(kind: EngineKind): Promise<void> {
  if (switching || starting) {
    engineSwitch.show(using);
    status.showError('wait until the engine has started or connected, then switch');
    return;
  }
  switching = true;
  startButton.disabled = true;
  try {
    if (kind === 'native') await useNative();
    else await useBrowser();
  } finally {
    switching = false;
    startButton.disabled = using === 'native';
  }
}

/** Connects to the URL field's server; on success the controls and pictures move to it and this page's audio stops. */
async function useNative(): Promise<void> {
  const url = engineSwitch.url();
  status.showError(`connecting to ${url} …`);
  let next: RemoteEngine;
  try {
    next = await connectEngine(url, { token: engineSwitch.token() });
  } catch (error) {
    status.showError(errorMessage(error));
    engineSwitch.show(using);
    return;
  }
  remote?.close();
  remote = next;
  using = 'native';
  applySpectrumSettings(next);
  next.on('event', (event) => {
    if (event.type === 'commandDropped') commandsDroppedHere++;
    if (event.type === 'disconnected' || event.type === 'commandDropped') status.showError(event.message);
  });
  if (context !== null && context.state === 'running') await context.suspend();
  status.report(eq.attach(next));
  response.attach(next);
  nativeSource = new NativeSource(next);
  const playing = nativeSource.choice();
  if (playing !== null) sourceSelect.value = playing;
  updateSourceControls();
  startPictures(next);
  startStatusRefresh();
  showHooks(next);
  refreshStatus();
}

/** Closes the connection; this browser's engine (if started) gets the controls back and plays again. */
async function useBrowser(): Promise<void> {
  remote?.close();
  remote = null;
  nativeSource = null;
  using = 'browser';
  status.clearError();
  if (sources?.choice() != null) sourceSelect.value = sources.choice()!;
  updateSourceControls();
  if (engine === null || context === null) {
    eq.attach(null);
    response.attach(null);
    status.showIdle(window.crossOriginIsolated);
    spectrum.draw();
    return;
  }
  status.report(eq.attach(engine));
  response.attach(engine);
  startPictures(engine);
  showHooks(engine);
  await context.resume();
  showTransport();
}

/** The Source control while the native host is in use: the server's graph source changes; a refusal puts the control back. */
async function selectNativeSource(native: NativeSource, choice: SourceChoice): Promise<void> {
  const result = await native.select(choice, frequencyInput.valueAsNumber);
  status.report(result);
  if (!result.ok && native.choice() !== null) sourceSelect.value = native.choice()!;
  updateSourceControls();
}
