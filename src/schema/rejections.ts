/**
 * Every code with which the server rejects an op (docs/sync-protocol.md §5.6): the rights' own
 * (`RIGHTS_REFUSAL_CODES` in `src/domain/rights.ts`) and those of the law's checks and the push.
 * A rejected op is answered `rejected` with one of these and a sentence for its author.
 */
import { z } from 'zod';
import { RIGHTS_REFUSAL_CODES } from '../domain/roles.ts';
import { ROLL_CALL_REFUSAL_CODES } from '../domain/rollCall.ts';

export const REJECTION_CODES = [
  'unknown-pupil',
  'not-on-roll',
  'not-a-school-session',
  'unknown-code',
  'code-not-valid-on-date',
  'recorded-in-future',
  ...RIGHTS_REFUSAL_CODES,
  'arrival-code-mismatch',
  'arrival-after-session-end',
  'arrival-after-recording',
  ...ROLL_CALL_REFUSAL_CODES,
  'op-id-reused',
  'sequence-reused',
  'invalid-times',
  'invalid-text',
  'server-error',
] as const;

export const rejectionCodeSchema = z.enum(REJECTION_CODES);
export type RejectionCode = z.infer<typeof rejectionCodeSchema>;

const KNOWN = new Set<string>(REJECTION_CODES);

/** Is `value` one of the rejection codes (e.g. read back from the audit)? */
export function isRejectionCode(value: string): value is RejectionCode {
  return KNOWN.has(value);
}
