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
  | 'arrival-after-session-end';

export interface DomainError {
  readonly code: DomainErrorCode;
  /** A sentence a member of school staff can read. */
  readonly message: string;
}

export type Result<T, E extends DomainError = DomainError> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

export function err(
  code: DomainErrorCode,
  message: string,
): { readonly ok: false; readonly error: DomainError } {
  return { ok: false, error: { code, message } };
}

/** Ends an exhaustive switch: the compiler proves it unreachable. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
