/**
 * Signing in and out against the server (docs/sync-protocol.md §2). Failures come back as values
 * with a sentence for the sign-in screen; signing out never waits for, or depends on, the network.
 */
import { err, ok, type Result } from '../../domain/result.ts';
import { clockSample } from '../../sync/clockOffset.ts';
import { callApi, type FetchLike } from '../../sync/http.ts';
import { clearAuth, saveAuth, type SignedInSession } from '../../storage/auth.ts';
import { clockOffsetMs } from '../../storage/meta.ts';
import type { RollcallDb } from '../../storage/db.ts';
import { SIGN_IN_TEXT, type SignInFailure } from '../../text/staffText.ts';
import { signedInSchema, type SignedIn } from '../../schema/auth.ts';

export interface Credentials {
  /** The school's URN; left out when the server has only one school. */
  readonly school?: string;
  readonly username: string;
  readonly password: string;
}

/** A failed sign-in: why, and the words the sign-in screen shows. */
export interface SignInError {
  readonly failure: SignInFailure;
  readonly message: string;
}

/** A sign-in: the login and the clock offset now in force (measured by it, or kept), or why not. */
export type SignInResult = Result<
  { readonly auth: SignedIn; readonly session: SignedInSession },
  SignInError
>;

function failure(kind: Exclude<SignInFailure, 'storage'>): SignInResult {
  return err({ failure: kind, message: SIGN_IN_TEXT[kind] });
}

function failureOf(code: string, isOnline: boolean): SignInResult {
  switch (code) {
    case 'wrong-credentials':
    case 'too-many-attempts':
    case 'school-required':
    case 'unknown-school':
      return failure(code);
    case 'network':
      return failure(isOnline ? 'unreachable' : 'offline');
    default:
      return failure('server-problem');
  }
}

export interface SessionDeps {
  readonly db: RollcallDb;
  readonly fetch: FetchLike;
  readonly baseUrl: string;
  /** `navigator.onLine`, to tell "offline" from "server down". */
  readonly isOnline: () => boolean;
  /** The device's own clock, epoch ms (default `Date.now`). */
  readonly deviceNow?: () => number;
}

/** The login answer's `serverTime`, when it sent a valid one. */
function serverTimeOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || !('serverTime' in body)) return null;
  return typeof body.serverTime === 'string' ? body.serverTime : null;
}

/** Signs in and stores the login on this device; only then is the person signed in. */
export async function signIn(
  deps: SessionDeps,
  credentials: Credentials,
  /** When signing in again after a 401: the login must be this member of staff's. */
  expectStaffId?: string,
): Promise<SignInResult> {
  const body = {
    username: credentials.username.trim(),
    password: credentials.password,
    ...(credentials.school === undefined || credentials.school.trim() === ''
      ? {}
      : { school: credentials.school.trim() }),
  };
  const deviceNow = deps.deviceNow ?? Date.now;
  const sentAt = deviceNow();
  const answer = await callApi(deps.fetch, deps.baseUrl, '/api/auth/login', {
    method: 'POST',
    body,
  });
  const receivedAt = deviceNow();
  if (!answer.ok) return failureOf(answer.error.code, deps.isOnline());
  const parsed = signedInSchema.safeParse(answer.value.body);
  if (!parsed.success) return failure('server-problem');
  if (expectStaffId !== undefined && parsed.data.staff.id !== expectStaffId)
    return failure('different-person');
  // The first clock sample comes with the sign-in, so the first screen is on the school's time.
  const serverTime = serverTimeOf(answer.value.body);
  const sample = serverTime === null ? null : clockSample(serverTime, sentAt, receivedAt);
  const saved = await saveAuth(deps.db, parsed.data, sample?.offsetMs);
  if (!saved.ok) return err({ failure: 'storage', message: saved.error.message });
  const offset = sample === null ? await clockOffsetMs(deps.db) : ok(sample.offsetMs);
  const session = { auth: saved.value, clockOffsetMs: offset.ok ? offset.value : 0 };
  return ok({ auth: saved.value, session });
}

/**
 * Signs out on this device: forgets the login at once, then tells the server if it can. Queued
 * ops stay in the outbox for this person's next sign-in.
 */
export async function signOut(deps: SessionDeps, auth: SignedIn): Promise<void> {
  await clearAuth(deps.db);
  void callApi(deps.fetch, deps.baseUrl, '/api/auth/logout', {
    method: 'POST',
    token: auth.token,
  }).catch(() => undefined);
}
