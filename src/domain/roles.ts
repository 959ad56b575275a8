/**
 * The words of the rights (`rights.ts`, docs/sync-protocol.md §5.3) that records and messages
 * carry: the roles of staff, the sources of a mark, and the codes with which the rights refuse an
 * op. Kept apart from the rules themselves so the schemas of every record can name them without
 * bringing the rules along.
 */

/** The roles of school staff (docs/architecture.md §2.2). */
export const ROLES = ['teacher', 'office', 'reception', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who wrote a mark: the register, the office, reception, or the server's close job (which no
 * device may claim).
 */
export const SOURCES = ['register', 'office', 'reception', 'system'] as const;
export type Source = (typeof SOURCES)[number];

/** Every way the rights refuse an op. */
export const RIGHTS_REFUSAL_CODES = [
  'not-your-group',
  'not-today',
  'outside-school-year',
  'register-not-open',
  'register-closed',
  'code-not-allowed',
  'arrival-required',
  'reason-required',
  'wrong-source',
  'not-allowed',
  'reported-by-not-allowed',
  'call-after-recording',
] as const;
export type RightsRefusalCode = (typeof RIGHTS_REFUSAL_CODES)[number];
