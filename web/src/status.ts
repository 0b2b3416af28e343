/**
 * The result of a control call: ok, or one line naming the bad value and the allowed range.
 *
 * @module
 */

/** `{ ok: true }` or `{ ok: false, message }` where message is one human-readable line. */
export type Status = StatusOk | StatusError;

/** A control call that succeeded. */
export interface StatusOk {
  /** Always true. */
  ok: true;
}

/** A control call that was refused. */
export interface StatusError {
  /** Always false. */
  ok: false;
  /** One line naming the bad value and the allowed range. */
  message: string;
}

/** The ok status (shared, frozen). */
export const OK: Status = Object.freeze({ ok: true }) as Status;

/** Status from a C++-style result string ("" = ok). [any] Allocates on error only. */
export function statusFrom(message: string): Status {
  return message === '' ? OK : { ok: false, message };
}
