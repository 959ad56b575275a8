/**
 * The signed-in member of staff (one record). Signing out removes only this record: queued ops,
 * rejected ops and the data already pulled stay (design.md §5).
 */
import { SINGLE_KEY, type Tables } from './db.ts';
import { guardQuota, invalidInput, ok, type StorageResult } from './errors.ts';
import { authSchema, parseRow, type AuthRecord } from './records.ts';

/** Stores the login answer (checked first). */
export function saveAuth(db: Tables<'auth'>, auth: AuthRecord): Promise<StorageResult<AuthRecord>> {
  return guardQuota(async () => {
    const parsed = authSchema.safeParse(auth);
    if (!parsed.success) return invalidInput(parsed.error);
    await db.auth.put(parsed.data, SINGLE_KEY);
    return ok(parsed.data);
  });
}

/** The signed-in member of staff, or `undefined` when nobody is. */
export async function readAuth(db: Tables<'auth'>): Promise<StorageResult<AuthRecord | undefined>> {
  return parseRow('auth', authSchema, await db.auth.get(SINGLE_KEY), SINGLE_KEY);
}

/** Signs out on this device: forgets the token, nothing else. */
export async function clearAuth(db: Tables<'auth'>): Promise<void> {
  await db.auth.delete(SINGLE_KEY);
}
