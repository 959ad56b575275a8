/**
 * Expected storage failures as values (style.md "Errors and types"): bad input, a full disk, and
 * rows that no longer match their schema. Anything else a Dexie call throws is a broken invariant
 * and is rethrown.
 */
import type { z } from 'zod';

/** Every way a storage call can fail without it being a bug. */
export type StorageErrorCode = 'invalid-input' | 'storage-full' | 'corrupt-row';

export interface StorageError {
  readonly code: StorageErrorCode;
  /** A sentence a member of school staff can read. */
  readonly message: string;
  /** For `corrupt-row`: the table and the primary keys of the rows that failed their schema. */
  readonly table?: string;
  readonly keys?: readonly unknown[];
}

export type StorageResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: StorageError };

/** The one place storage error codes get their default user text. */
export const STORAGE_ERROR_TEXT: Readonly<Record<StorageErrorCode, string>> = {
  'invalid-input': 'That could not be saved: some details were not valid.',
  'storage-full':
    'This device has run out of storage space. Nothing was saved: free some space, then try again.',
  'corrupt-row': 'Some data saved on this device could not be read.',
};

export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

export function fail(
  code: StorageErrorCode,
  message: string = STORAGE_ERROR_TEXT[code],
): { readonly ok: false; readonly error: StorageError } {
  return { ok: false, error: { code, message } };
}

/** `invalid-input`, naming the first field zod complained about. */
export function invalidInput(error: z.ZodError): {
  readonly ok: false;
  readonly error: StorageError;
} {
  const issue = error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? '' : `${issue.path.join('.')}: `;
  return fail(
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
    if (isQuotaExceeded(error)) return fail('storage-full');
    throw error;
  }
}
