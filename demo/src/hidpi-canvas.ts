/**
 * Keeps a canvas sharp on HiDPI screens: its backing store is its CSS size × devicePixelRatio,
 * and drawing happens in CSS pixels through a scale transform. Main thread only.
 */

/** CSS size of a canvas after fitCanvas, in CSS pixels. */
export interface CanvasSize {
  width: number;
  height: number;
}

/**
 * Resizes the backing store when the CSS size or devicePixelRatio changed (which clears it),
 * then sets the transform so that one drawing unit is one CSS pixel.
 */
export function fitCanvas(canvas: HTMLCanvasElement, g: CanvasRenderingContext2D): CanvasSize {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  const backingWidth = Math.max(1, Math.round(width * ratio));
  const backingHeight = Math.max(1, Math.round(height * ratio));
  if (canvas.width !== backingWidth || canvas.height !== backingHeight) {
    canvas.width = backingWidth;
    canvas.height = backingHeight;
  }
  g.setTransform(canvas.width / Math.max(1, width), 0, 0, canvas.height / Math.max(1, height), 0, 0);
  return { width, height };
}

/** The 2D context of a canvas (throws at start-up if the browser has none). */
export function context2d(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const g = canvas.getContext('2d');
  if (g === null) throw new Error('canvas 2D context is unavailable');
  return g;
}
