/**
 * What a service of the server (signing in, reading a push, a report) answers when it cannot do
 * what it was asked: a kebab-case code with the details its sentence needs. Services return these
 * as values (style.md "Errors and types"); `src/server/http` alone turns each into a status code
 * and the words the API sends (`httpErrorOf` in `src/server/http/errors.ts`).
 */
import type { Result } from '../domain/result.ts';

export type ServiceFailure =
  /** No such member of staff, wrong password, or a server with no school yet. */
  | { readonly code: 'wrong-credentials' }
  /** Sign-in without a URN on a server that holds several schools. */
  | { readonly code: 'school-required' }
  | { readonly code: 'unknown-school' }
  /** Too many failed sign-ins; none is allowed for `retryAfterMs`. */
  | { readonly code: 'too-many-attempts'; readonly retryAfterMs: number }
  /** No usable token: none, unknown, revoked, or its school or member of staff is gone. */
  | { readonly code: 'unauthorised' }
  | { readonly code: 'session-expired' }
  /** A body or parameter that fails its schema, each problem naming its field. */
  | { readonly code: 'invalid-body'; readonly problems: readonly string[] }
  /** An op of a push that names another device than the push. */
  | { readonly code: 'foreign-op'; readonly opId: string }
  /** Marks a report cannot count (the domain's sentence says why). */
  | { readonly code: 'uncountable'; readonly message: string };

/** A service's answer: its value, or why not. */
export type Served<T> = Result<T, ServiceFailure>;
