/**
 * Pointer editing on the response curve: drag a band's handle to move its centre frequency
 * (x, rounded to 1 Hz) and gain (y, snapped to the sliders' 0.5 dB step); the mouse wheel over a
 * handle changes its Q (×1.1 per notch). The sliders and fields stay the keyboard way to do the
 * same (the canvas is a picture for assistive technology). Main thread only.
 */
import type { Status } from 'wavegraph';
import type { EqModel } from './eq-model';
import { BAND_FREQUENCY_RANGE_HZ, BAND_GAIN_RANGE_DB, BAND_Q_RANGE } from './presets';
import type { SpectrumView } from './spectrum-view';

/** Which handle is active (hovered or dragged), for the view to highlight; −1 for none. */
export class CurveHandles {
  active = -1;
  private dragging = false;

  constructor(
    canvas: HTMLCanvasElement,
    private readonly view: SpectrumView,
    private readonly model: EqModel,
    private readonly report: (status: Status) => void,
  ) {
    const local = (event: PointerEvent | WheelEvent): { x: number; y: number } => {
      const rect = canvas.getBoundingClientRect();
      return { x: event.clientX - rect.left, y: event.clientY - rect.top };
    };
    canvas.addEventListener('pointerdown', (event) => {
      const { x, y } = local(event);
      this.active = view.handleAt(x, y);
      if (this.active < 0) return;
      this.dragging = true;
      canvas.setPointerCapture(event.pointerId);
      event.preventDefault();
    });
    canvas.addEventListener('pointermove', (event) => {
      const { x, y } = local(event);
      if (!this.dragging) {
        this.active = view.handleAt(x, y);
        canvas.style.cursor = this.active >= 0 ? 'grab' : '';
        return;
      }
      this.move(this.active, view.valueAt(x, y));
    });
    const end = (event: PointerEvent): void => {
      if (!this.dragging) return;
      this.dragging = false;
      if (canvas.hasPointerCapture(event.pointerId)) canvas.releasePointerCapture(event.pointerId);
    };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
    canvas.addEventListener('pointerleave', () => {
      if (!this.dragging) this.active = -1;
    });
    canvas.addEventListener('wheel', (event) => {
      const { x, y } = local(event);
      const band = view.handleAt(x, y);
      if (band < 0) return;
      event.preventDefault();
      const q = model.settings().bands[band]!.q * 1.1 ** (-Math.sign(event.deltaY));
      const clamped = Math.min(BAND_Q_RANGE.max, Math.max(BAND_Q_RANGE.min, Math.round(q * 100) / 100));
      report(model.setBandQ(band, clamped));
    }, { passive: false });
  }

  private move(band: number, value: { frequencyHz: number; gainDb: number }): void {
    const frequencyHz = Math.min(BAND_FREQUENCY_RANGE_HZ.max, Math.max(BAND_FREQUENCY_RANGE_HZ.min, Math.round(value.frequencyHz)));
    const step = BAND_GAIN_RANGE_DB.step;
    const gainDb = Math.min(BAND_GAIN_RANGE_DB.max, Math.max(BAND_GAIN_RANGE_DB.min, Math.round(value.gainDb / step) * step));
    const current = this.model.settings().bands[band]!;
    if (frequencyHz !== current.frequencyHz) this.report(this.model.setBandFrequency(band, frequencyHz));
    if (gainDb !== current.gainDb) this.report(this.model.setBandGain(band, gainDb));
  }
}
