/**
 * Signing in and out, and turning a bearer token back into a member of staff. Failures are
 * answered as `ServiceFailure` codes; `src/server/http` turns them into status codes and words.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { err, ok } from '../../domain/result.ts';
import type { Served } from '../failures.ts';
import type { SchoolContext, SchoolContexts, StaffInfo } from '../school/context.ts';
import type { ServerClock } from '../clock.ts';
import { UNUSABLE_PASSWORD, hashPassword, verifyPassword } from './passwords.ts';
import { hashToken, newToken } from './tokens.ts';
import type { LoginLimiter } from './loginLimiter.ts';

export interface Session {
  readonly school: SchoolContext;
  readonly staff: StaffInfo;
  readonly tokenHash: string;
  readonly expiresAt: string;
}

export interface LoginInput {
  readonly school?: string | undefined;
  readonly username: string;
  readonly password: string;
}

export interface AuthDeps {
  readonly db: Kysely<Database>;
  readonly contexts: SchoolContexts;
  readonly clock: ServerClock;
  readonly limiter: LoginLimiter;
  readonly tokenTtlMs: number;
}

// Compared against when the username is unknown, so a wrong username takes as long as a wrong password.
const decoyHash = hashPassword('not a real password');

async function findSchoolId(
  db: Kysely<Database>,
  urn: string | undefined,
): Promise<Served<string>> {
  if (urn === undefined) {
    const schools = await db.selectFrom('schools').select('id').limit(2).execute();
    if (schools.length === 1 && schools[0] !== undefined) return ok(schools[0].id);
    if (schools.length === 0) return err({ code: 'wrong-credentials' });
    return err({ code: 'school-required' });
  }
  const row = await db.selectFrom('schools').select('id').where('urn', '=', urn).executeTakeFirst();
  return row === undefined ? err({ code: 'unknown-school' }) : ok(row.id);
}

/**
 * The member of staff whose username and password these are, in the school `schoolId`, or
 * undefined. An unknown username is checked against a decoy hash, so it takes as long.
 */
async function checkCredentials(
  deps: AuthDeps,
  schoolId: string,
  input: LoginInput,
): Promise<{ school: SchoolContext; staff: StaffInfo } | undefined> {
  const row = await deps.db
    .selectFrom('staff')
    .select(['id', 'password_hash'])
    .where('school_id', '=', schoolId)
    .where((eb) => eb(eb.fn('lower', ['username']), '=', input.username.toLowerCase()))
    .where('active', '=', true)
    .executeTakeFirst();
  const stored =
    row === undefined || row.password_hash === UNUSABLE_PASSWORD
      ? await decoyHash
      : row.password_hash;
  const matches =
    (await verifyPassword(input.password, stored)) &&
    row !== undefined &&
    row.password_hash !== UNUSABLE_PASSWORD;
  const school = matches ? await deps.contexts.get(schoolId) : undefined;
  const staff = row === undefined ? undefined : school?.staff.get(row.id);
  return school === undefined || staff === undefined ? undefined : { school, staff };
}

/** A new token for `staff`, stored by its hash only. */
async function issueToken(
  deps: AuthDeps,
  school: SchoolContext,
  staff: StaffInfo,
): Promise<{ token: string; session: Session }> {
  const token = newToken();
  const now = deps.clock.now();
  const expiresAt = new Date(now + deps.tokenTtlMs).toISOString();
  const tokenHash = hashToken(token);
  await deps.db
    .insertInto('tokens')
    .values({
      token_hash: tokenHash,
      school_id: school.id,
      staff_id: staff.id,
      created_at: new Date(now).toISOString(),
      expires_at: expiresAt,
      revoked_at: null,
    })
    .execute();
  return { token, session: { school, staff, tokenHash, expiresAt } };
}

/** Signs in: a new token, or why not (a failure counts towards the limiter's block). */
export async function login(
  deps: AuthDeps,
  input: LoginInput,
  address: string,
): Promise<Served<{ token: string; session: Session }>> {
  const waitMs = deps.limiter.retryAfterMs(input.username, address);
  if (waitMs > 0) return err({ code: 'too-many-attempts', retryAfterMs: waitMs });
  const schoolId = await findSchoolId(deps.db, input.school);
  if (!schoolId.ok) return schoolId;
  const found = await checkCredentials(deps, schoolId.value, input);
  if (found === undefined) {
    deps.limiter.recordFailure(input.username, address);
    return err({ code: 'wrong-credentials' });
  }
  return ok(await issueToken(deps, found.school, found.staff));
}

/** Resolves `Authorization: Bearer …` to a live session, or says why there is none. */
export async function authenticate(
  deps: AuthDeps,
  header: string | undefined,
): Promise<Served<Session>> {
  const token = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(header ?? '')?.[1];
  if (token === undefined) return err({ code: 'unauthorised' });
  const tokenHash = hashToken(token);
  const row = await deps.db
    .selectFrom('tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (row === undefined || row.revoked_at !== null) return err({ code: 'unauthorised' });
  if (row.expires_at <= deps.clock.nowIso()) return err({ code: 'session-expired' });
  const school = await deps.contexts.get(row.school_id);
  const staff = school?.staff.get(row.staff_id);
  if (school === undefined || staff === undefined) return err({ code: 'unauthorised' });
  return ok({ school, staff, tokenHash, expiresAt: row.expires_at });
}

export async function logout(deps: AuthDeps, session: Session): Promise<void> {
  await deps.db
    .updateTable('tokens')
    .set({ revoked_at: deps.clock.nowIso() })
    .where('token_hash', '=', session.tokenHash)
    .execute();
}
