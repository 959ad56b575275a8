/**
 * Expected failures are values, not throws (style.md "Errors and types"). Every domain function
 * that can be given bad input returns a `Result`; callers switch on `ok`.
 */

/** Every way domain input can be wrong, as kebab-case codes (mapped to user text at the edges). */
export type DomainErrorCode =
  | 'malformed-date'
  | 'malformed-time'
  | 'times-out-of-order'
  | 'unknown-code'
  | 'code-not-valid-on-date'
  | 'unknown-session'
  | 'date-outside-calendar'
  | 'not-a-school-day'
  | 'invalid-calendar'
  | 'invalid-settings'
  | 'arrival-after-session-end'
  | 'range-backwards'
  | 'range-crosses-school-year'
  | 'range-too-long'
  | 'no-school-sessions';

export interface DomainError {
  readonly code: DomainErrorCode;
  /** A sentence a member of school staff can read. */
  readonly message: string;
}

/**
 * The one result type of the code base: a value, or the error that stands in its place. The
 * domain's own functions fail with a `DomainError`; other layers name their error type (a
 * storage error, a rejection, a refusal), but the shape and the `ok`/`err` helpers are these.
 */
export type Result<T, E = DomainError> = Ok<T> | Err<E>;
export interface Ok<T> {
  readonly ok: true;
  readonly value: T;
}
export interface Err<E> {
  readonly ok: false;
  readonly error: E;
}

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

export function err<E>(error: E): Err<E> {
  return { ok: false, error };
}

/** Ends an exhaustive switch: the compiler proves it unreachable. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
