/**
 * What a failed sync step means for the loop (its words are `SYNC_ERROR_TEXT` in
 * `src/text/staffText.ts`). Every failure is one of three kinds: try again later (network, 5xx, 429, anything unexpected), wait for the
 * person to sign in again (401), or stop until the app is reloaded (426).
 */
import type { StorageError } from '../storage/errors.ts';
import { SYNC_ERROR_TEXT } from '../text/staffText.ts';
import type { HttpFailure } from './http.ts';

export interface FailureDetail {
  readonly code: string;
  readonly message: string;
}

export type SyncFailure =
  | {
      readonly kind: 'retry';
      readonly detail: FailureDetail;
      /** Seconds from Retry-After, when the server sent it. */
      readonly retryAfter: number | null;
      /** False when the server was not reached at all. */
      readonly reachedServer: boolean;
    }
  | { readonly kind: 'sign-in'; readonly detail: FailureDetail }
  | { readonly kind: 'halt'; readonly detail: FailureDetail };

/** Classifies a failed request. */
export function failureOf(result: HttpFailure): SyncFailure {
  const detail = { code: result.code, message: result.message };
  if (result.status === 401) return { kind: 'sign-in', detail };
  if (result.status === 426) return { kind: 'halt', detail };
  return {
    kind: 'retry',
    detail,
    retryAfter: result.retryAfter,
    reachedServer: result.status !== 0,
  };
}

/** A failure of this device's own storage: tried again later (space may be freed). */
export function storageFailure(error: StorageError): SyncFailure {
  return {
    kind: 'retry',
    detail: { code: error.code, message: error.message },
    retryAfter: null,
    reachedServer: true,
  };
}

/** An answer that did not match the protocol: tried again later. */
export function badResponse(): SyncFailure {
  return {
    kind: 'retry',
    detail: { code: 'bad-response', message: SYNC_ERROR_TEXT['bad-response'] },
    retryAfter: null,
    reachedServer: true,
  };
}

/** A throw nobody expected (a broken invariant): logged by the caller, tried again later. */
export function unexpectedFailure(): SyncFailure {
  return {
    kind: 'retry',
    detail: { code: 'unexpected', message: SYNC_ERROR_TEXT.unexpected },
    retryAfter: null,
    reachedServer: true,
  };
}
