/**
 * Why the server refused an op: a kebab-case code and a sentence for the person whose mark it was.
 * Rejected ops are recorded and reported back to the device; they never block the queue.
 */
export type RejectionCode =
  | 'unknown-pupil'
  | 'not-on-roll'
  | 'not-a-school-session'
  | 'unknown-code'
  | 'code-not-valid-on-date'
  | 'recorded-in-future'
  | 'not-your-group'
  | 'not-today'
  | 'outside-school-year'
  | 'register-not-open'
  | 'register-closed'
  | 'code-not-allowed'
  | 'arrival-required'
  | 'arrival-code-mismatch'
  | 'arrival-after-session-end'
  | 'arrival-after-recording'
  | 'reason-required'
  | 'wrong-source'
  | 'not-allowed'
  | 'op-id-reused'
  | 'sequence-reused'
  | 'invalid-times'
  | 'invalid-text'
  | 'server-error';

export interface Rejection {
  readonly code: RejectionCode;
  readonly reason: string;
}

export function reject(code: RejectionCode, reason: string): Rejection {
  return { code, reason };
}
