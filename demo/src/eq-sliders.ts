/**
 * dB sliders of the demo (the eight EQ bands and the master gain): an `<input type="range">`
 * named by a `<label>` (its accessible name, e.g. "960 Hz" or "Master gain"), with the value
 * shown in an `<output>` ("-24.0 dB") and given to assistive technology as aria-valuetext.
 * Arrow keys move it by one step (0.5 dB; Up and Right raise, Down and Left lower, as the WAI-ARIA
 * slider pattern says, in every browser), Home/End to the ends. Main thread only.
 */

/** What a slider shows and allows. */
export interface DbSliderSpec {
  /** Element id, unique in the page. */
  id: string;
  /** Visible label and accessible name. */
  label: string;
  /** Range and step in dB. */
  minDb: number;
  maxDb: number;
  stepDb: number;
  /** Initial value in dB. */
  valueDb: number;
}

/** Formats a gain with one decimal, e.g. -20 → "-20.0 dB", 6 → "+6.0 dB" when signed. */
export function formatDb(gainDb: number, signed = false): string {
  const text = gainDb.toFixed(1);
  return `${signed && gainDb > 0 ? '+' : ''}${text} dB`;
}

export class DbSlider {
  readonly input: HTMLInputElement;
  readonly wrapper: HTMLDivElement;
  private readonly output: HTMLOutputElement;

  /** Appends the slider to `parent`; `onInput(gainDb)` runs on every user change. */
  constructor(parent: HTMLElement, spec: DbSliderSpec, onInput: (gainDb: number) => void) {
    this.wrapper = document.createElement('div');
    this.wrapper.className = 'slider';

    this.output = document.createElement('output');
    this.output.htmlFor.add(spec.id);

    this.input = document.createElement('input');
    this.input.type = 'range';
    this.input.id = spec.id;
    this.input.min = String(spec.minDb);
    this.input.max = String(spec.maxDb);
    this.input.step = String(spec.stepDb);

    const label = document.createElement('label');
    label.htmlFor = spec.id;
    label.textContent = spec.label;

    this.input.addEventListener('input', () => {
      this.show(this.input.valueAsNumber);
      onInput(this.input.valueAsNumber);
    });
    // A vertical right-to-left range input: Firefox maps ArrowRight to a lower value, Chromium
    // to a higher one. The horizontal arrows are handled here so both raise on the right.
    this.input.addEventListener('keydown', (event) => {
      if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
      event.preventDefault();
      if (event.key === 'ArrowRight') this.input.stepUp();
      else this.input.stepDown();
      this.input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    this.setValue(spec.valueDb);
    this.wrapper.append(this.output, this.input, label);
    parent.append(this.wrapper);
  }

  /** Shows `gainDb` without calling onInput. */
  setValue(gainDb: number): void {
    if (this.input.valueAsNumber !== gainDb) this.input.value = String(gainDb);
    this.show(gainDb);
  }

  private show(gainDb: number): void {
    this.output.textContent = formatDb(gainDb);
    this.input.setAttribute('aria-valuetext', formatDb(gainDb));
  }
}
