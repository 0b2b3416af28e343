/**
 * The EQ controls: per band a gain slider (accessible name "60 Hz" … "7680 Hz"), a centre
 * frequency field ("60 Hz band frequency") and a Q field ("60 Hz band Q"); the "Master gain"
 * slider; the "Bypass EQ" switch; the preset buttons and Reset. The controls write to an
 * EqModel and redraw from it (so presets and Reset move them). Main thread only.
 */
import type { Status } from 'wavegraph';
import { DbSlider } from './eq-sliders';
import type { EqModel } from './eq-model';
import {
  BAND_FREQUENCY_RANGE_HZ, BAND_GAIN_RANGE_DB, BAND_Q_RANGE, DEFAULT_BAND_FREQUENCIES_HZ, MASTER_GAIN_RANGE_DB,
  PRESET_NAMES,
} from './presets';

export interface EqPanelElements {
  bands: HTMLElement;
  master: HTMLElement;
  bypass: HTMLInputElement;
  presets: HTMLElement;
}

interface BandControls {
  gain: DbSlider;
  frequency: HTMLInputElement;
  q: HTMLInputElement;
}

export class EqPanel {
  private readonly bandControls: BandControls[];
  private readonly master: DbSlider;

  constructor(
    private readonly model: EqModel,
    private readonly elements: EqPanelElements,
    private readonly report: (status: Status) => void,
  ) {
    const initial = model.settings();
    this.bandControls = DEFAULT_BAND_FREQUENCIES_HZ.map((nominalHz, band) => {
      const column = document.createElement('div');
      column.className = 'band';
      elements.bands.append(column);
      const gain = new DbSlider(
        column,
        {
          id: `band-${band}`, label: `${nominalHz} Hz`, minDb: BAND_GAIN_RANGE_DB.min, maxDb: BAND_GAIN_RANGE_DB.max,
          stepDb: BAND_GAIN_RANGE_DB.step, valueDb: initial.bands[band]!.gainDb,
        },
        (gainDb) => report(model.setBandGain(band, gainDb)),
      );
      const frequency = numberField(column, `band-${band}-frequency`, `${nominalHz} Hz band frequency`, 'Hz',
        BAND_FREQUENCY_RANGE_HZ, initial.bands[band]!.frequencyHz,
        (value) => model.setBandFrequency(band, value), () => model.settings().bands[band]!.frequencyHz, report);
      const q = numberField(column, `band-${band}-q`, `${nominalHz} Hz band Q`, 'Q', BAND_Q_RANGE,
        initial.bands[band]!.q, (value) => model.setBandQ(band, value), () => model.settings().bands[band]!.q, report);
      return { gain, frequency, q };
    });
    this.master = new DbSlider(
      elements.master,
      {
        id: 'master-gain', label: 'Master gain', minDb: MASTER_GAIN_RANGE_DB.min, maxDb: MASTER_GAIN_RANGE_DB.max,
        stepDb: MASTER_GAIN_RANGE_DB.step, valueDb: initial.masterGainDb,
      },
      (gainDb) => report(model.setMasterGain(gainDb)),
    );
    elements.bypass.addEventListener('change', () => report(model.setBypass(elements.bypass.checked)));
    for (const name of PRESET_NAMES) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'preset';
      button.textContent = name;
      button.addEventListener('click', () => report(model.applyPreset(name)));
      elements.presets.append(button);
    }
    const reset = document.createElement('button');
    reset.type = 'button';
    reset.className = 'preset reset';
    reset.textContent = 'Reset';
    reset.addEventListener('click', () => report(model.reset()));
    elements.presets.append(reset);
    model.onChange(() => this.sync());
  }

  /** Shows the model's values in every control. */
  private sync(): void {
    const settings = this.model.settings();
    settings.bands.forEach((band, i) => {
      const controls = this.bandControls[i]!;
      controls.gain.setValue(band.gainDb);
      setField(controls.frequency, band.frequencyHz);
      setField(controls.q, band.q);
    });
    this.master.setValue(settings.masterGainDb);
    this.elements.bypass.checked = settings.bypass;
    this.elements.bands.classList.toggle('bypassed', settings.bypass);
  }
}

/**
 * A labelled number field; valid values go to `apply` as typed; an invalid one is reported on
 * commit (Enter or leaving the field) and the field goes back to `current()`.
 */
/** Largest |bound| given to a number input as min/max (its steps start at min). */
const MAX_STEPPABLE_BOUND = 1e9;

function numberField(
  parent: HTMLElement, id: string, accessibleName: string, unit: string,
  range: { min: number; max: number; step: number }, value: number,
  apply: (value: number) => Status, current: () => number, report: (status: Status) => void,
): HTMLInputElement {
  const wrapper = document.createElement('label');
  wrapper.className = 'band-field';
  const input = document.createElement('input');
  input.type = 'number';
  input.id = id;
  // An <input type=number> steps from its min: a bound as wide as q's (±3.4e38, no real limit)
  // would make the arrow keys step in float32-sized jumps, so such a bound is left to the checks.
  if (Math.abs(range.min) <= MAX_STEPPABLE_BOUND) input.min = String(range.min);
  if (Math.abs(range.max) <= MAX_STEPPABLE_BOUND) input.max = String(range.max);
  input.step = String(range.step);
  input.value = String(value);
  input.setAttribute('aria-label', accessibleName);
  const unitText = document.createElement('span');
  unitText.textContent = unit;
  unitText.setAttribute('aria-hidden', 'true');
  wrapper.append(input, unitText);
  parent.append(wrapper);
  input.addEventListener('input', () => {
    const v = input.valueAsNumber;
    if (Number.isFinite(v) && v >= range.min && v <= range.max) report(apply(v));
  });
  input.addEventListener('change', () => {
    const result = apply(input.valueAsNumber);
    report(result);
    if (!result.ok) input.value = String(current());
  });
  return input;
}

function setField(input: HTMLInputElement, value: number): void {
  if (input.valueAsNumber !== value && document.activeElement !== input) input.value = String(value);
}
