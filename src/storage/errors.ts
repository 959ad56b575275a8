/**
 * Expected storage failures as values (style.md "Errors and types"): bad input, a full disk, and
 * rows that no longer match their schema. Anything else a Dexie call throws is a broken invariant
 * and is rethrown.
 */
import type { z } from 'zod';
import { err, type Result } from '../domain/result.ts';
import { STORAGE_ERROR_TEXT, type StorageErrorCode } from '../text/staffText.ts';

export type { StorageErrorCode };

export interface StorageError {
  readonly code: StorageErrorCode;
  /** A sentence a member of school staff can read. */
  readonly message: string;
  /** For `corrupt-row`: the table and the primary keys of the rows that failed their schema. */
  readonly table?: string;
  readonly keys?: readonly unknown[];
}

/** A storage call's answer: the shared `Result`, failing with a `StorageError`. */
export type StorageResult<T> = Result<T, StorageError>;

/** A storage error, in the code's own words unless a more precise sentence is given. */
export function storageError(
  code: StorageErrorCode,
  message: string = STORAGE_ERROR_TEXT[code],
): StorageError {
  return { code, message };
}

/** `invalid-input`, naming the first field zod complained about. */
export function invalidInput(error: z.ZodError): StorageError {
  const issue = error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? '' : `${issue.path.join('.')}: `;
  return storageError(
    'invalid-input',
    `${STORAGE_ERROR_TEXT['invalid-input']} ${where}${issue?.message ?? ''}`.trim(),
  );
}

function propertyOf(value: unknown, key: 'name' | 'inner'): unknown {
  return typeof value === 'object' && value !== null && key in value
    ? (value as Record<typeof key, unknown>)[key]
    : undefined;
}

const QUOTA_EXCEEDED = 'QuotaExceededError';

/**
 * Is this the browser refusing a write for lack of space? IndexedDB raises a DOMException named
 * `QuotaExceededError`; Dexie passes it on or wraps it (an `AbortError` whose `inner` is the
 * quota error). Excalidraw's `LocalData.ts` checks the name the same way.
 */
export function isQuotaExceeded(error: unknown): boolean {
  return (
    propertyOf(error, 'name') === QUOTA_EXCEEDED ||
    propertyOf(propertyOf(error, 'inner'), 'name') === QUOTA_EXCEEDED
  );
}

/** Runs a write; a full disk becomes `storage-full`, anything else unexpected is rethrown. */
export async function guardQuota<T>(
  write: () => Promise<StorageResult<T>>,
): Promise<StorageResult<T>> {
  try {
    return await write();
  } catch (error) {
    if (isQuotaExceeded(error)) return err(storageError('storage-full'));
    throw error;
  }
}
