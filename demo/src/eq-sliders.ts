/**
 * Vertical dB sliders of the demo: eight EQ bands and the master gain.
 * Each slider is an `<input type="range">` named by a `<label>` and showing its value in an
 * `<output>`. Main thread only.
 */

/** Centre frequencies of the core's eight EQ bands, in Hz (band index = array index). */
export const BAND_FREQUENCIES_HZ: readonly number[] = [60, 120, 240, 480, 960, 1920, 3840, 7680];

/** What a slider shows and allows. */
export interface DbSliderSpec {
  /** Element id, unique in the page. */
  id: string;
  /** Visible label and accessible name, e.g. "960 Hz" or "Master gain". */
  label: string;
  /** Range and step in dB. */
  minDb: number;
  maxDb: number;
  stepDb: number;
  /** Initial value in dB. */
  valueDb: number;
}

/** Formats a gain with one decimal, e.g. -20 → "-20.0 dB". */
export function formatDb(gainDb: number): string {
  return `${gainDb.toFixed(1)} dB`;
}

/**
 * Appends one vertical slider to `parent` and calls `onInput(gainDb)` on every `input` event
 * (after updating the shown value). Returns the range input; read its current value with
 * `valueAsNumber`.
 */
export function createDbSlider(
  parent: HTMLElement,
  spec: DbSliderSpec,
  onInput: (gainDb: number) => void,
): HTMLInputElement {
  const wrapper = document.createElement('div');
  wrapper.className = 'slider';

  const output = document.createElement('output');
  output.htmlFor.add(spec.id);
  output.textContent = formatDb(spec.valueDb);

  const input = document.createElement('input');
  input.type = 'range';
  input.id = spec.id;
  input.min = String(spec.minDb);
  input.max = String(spec.maxDb);
  input.step = String(spec.stepDb);
  input.value = String(spec.valueDb);

  const label = document.createElement('label');
  label.htmlFor = spec.id;
  label.textContent = spec.label;

  input.addEventListener('input', () => {
    output.textContent = formatDb(input.valueAsNumber);
    onInput(input.valueAsNumber);
  });

  wrapper.append(output, input, label);
  parent.append(wrapper);
  return input;
}
