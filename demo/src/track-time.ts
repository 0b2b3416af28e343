/**
 * Times of the Tracks panel as text. Pure functions, any thread.
 */

/** Seconds (≥ 0) as "mm:ss" (whole seconds, rounded down; minutes not capped at 59, e.g. "83:20"). */
export function formatTrackTime(seconds: number): string {
  const whole = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0;
  const minutes = Math.floor(whole / 60);
  return `${String(minutes).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}`;
}

/** "mm:ss / mm:ss": position of duration. */
export function formatTrackPosition(positionSeconds: number, durationSeconds: number): string {
  return `${formatTrackTime(positionSeconds)} / ${formatTrackTime(durationSeconds)}`;
}
