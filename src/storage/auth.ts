/**
 * The signed-in member of staff (one record). Signing out removes only this record: queued ops,
 * rejected ops and the data already pulled stay (docs/architecture.md §5).
 */
import { SINGLE_KEY, type RollcallDb, type Tables } from './db.ts';
import { err, ok } from '../domain/result.ts';
import { guardQuota, invalidInput, storageError, type StorageResult } from './errors.ts';
import { CLOCK_OFFSET_KEY, clockOffsetMs } from './meta.ts';
import { signedInSchema, type SignedIn } from '../schema/auth.ts';
import { parseRow } from './records.ts';

/** Who is signed in on this device and how far its clock is from the school's, read at start. */
export interface DeviceSession {
  /** `null` when nobody is signed in. */
  readonly auth: SignedIn | null;
  /** Server time minus device time (ms) last measured; 0 when it never was. */
  readonly clockOffsetMs: number;
}

/** A device session with someone signed in. */
export interface SignedInSession extends DeviceSession {
  readonly auth: SignedIn;
}

/**
 * Stores the login answer (checked first) and, when the sign-in measured one, the clock offset,
 * in one transaction: the screens that follow the sign-in never see the device's raw clock.
 */
export function saveAuth(
  db: RollcallDb,
  auth: SignedIn,
  clockOffset?: number,
): Promise<StorageResult<SignedIn>> {
  return guardQuota(async () => {
    const parsed = signedInSchema.safeParse(auth);
    if (!parsed.success) return err(invalidInput(parsed.error));
    if (clockOffset !== undefined && !Number.isFinite(clockOffset))
      return err(storageError('invalid-input'));
    await db.transaction('rw', [db.auth, db.meta], async (tx) => {
      await tx.auth.put(parsed.data, SINGLE_KEY);
      if (clockOffset !== undefined)
        await tx.meta.put({ key: CLOCK_OFFSET_KEY, value: clockOffset });
    });
    return ok(parsed.data);
  });
}

/** The signed-in member of staff, or `undefined` when nobody is. */
export async function readAuth(db: Tables<'auth'>): Promise<StorageResult<SignedIn | undefined>> {
  return parseRow('auth', signedInSchema, await db.auth.get(SINGLE_KEY), SINGLE_KEY);
}

/**
 * Who is signed in and the corrected clock, in one read, before anything that shows a time is
 * drawn (docs/architecture.md §3.4): after a reload, online or not, the app starts on the school's
 * time as last measured, never on the device's own clock.
 */
export function readDeviceSession(db: RollcallDb): Promise<StorageResult<DeviceSession>> {
  return db.transaction('r', [db.auth, db.meta], async (tx) => {
    const [auth, offset] = await Promise.all([readAuth(tx), clockOffsetMs(tx)]);
    if (!auth.ok) return auth;
    if (!offset.ok) return offset;
    return ok({ auth: auth.value ?? null, clockOffsetMs: offset.value });
  });
}

/** Signs out on this device: forgets the token, nothing else. */
export async function clearAuth(db: Tables<'auth'>): Promise<void> {
  await db.auth.delete(SINGLE_KEY);
}
