/**
 * Signing in and out, and turning a bearer token back into a member of staff.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { HttpError } from '../http/errors.ts';
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

async function findSchoolId(db: Kysely<Database>, urn: string | undefined): Promise<string> {
  if (urn === undefined) {
    const schools = await db.selectFrom('schools').select('id').limit(2).execute();
    if (schools.length === 1 && schools[0] !== undefined) return schools[0].id;
    if (schools.length === 0) throw new HttpError(401, 'wrong-credentials');
    throw new HttpError(400, 'school-required');
  }
  const row = await db.selectFrom('schools').select('id').where('urn', '=', urn).executeTakeFirst();
  if (row === undefined) throw new HttpError(400, 'unknown-school');
  return row.id;
}

export async function login(
  deps: AuthDeps,
  input: LoginInput,
  address: string,
): Promise<{ token: string; session: Session }> {
  const waitMs = deps.limiter.retryAfterMs(input.username, address);
  if (waitMs > 0) {
    const seconds = Math.ceil(waitMs / 1000);
    const minutes = Math.ceil(seconds / 60);
    throw new HttpError(
      429,
      'too-many-attempts',
      `Too many sign-in attempts. Please wait ${minutes === 1 ? 'a minute' : `${String(minutes)} minutes`} and try again.`,
      {},
      { 'retry-after': String(seconds) },
    );
  }
  const schoolId = await findSchoolId(deps.db, input.school);
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
  if (!matches || school === undefined || staff === undefined) {
    deps.limiter.recordFailure(input.username, address);
    throw new HttpError(401, 'wrong-credentials');
  }
  const token = newToken();
  const now = deps.clock.now();
  const expiresAt = new Date(now + deps.tokenTtlMs).toISOString();
  const tokenHash = hashToken(token);
  await deps.db
    .insertInto('tokens')
    .values({
      token_hash: tokenHash,
      school_id: schoolId,
      staff_id: staff.id,
      created_at: new Date(now).toISOString(),
      expires_at: expiresAt,
      revoked_at: null,
    })
    .execute();
  return { token, session: { school, staff, tokenHash, expiresAt } };
}

/** Resolves `Authorization: Bearer …` to a live session, or throws 401. */
export async function authenticate(deps: AuthDeps, header: string | undefined): Promise<Session> {
  const token = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(header ?? '')?.[1];
  if (token === undefined) throw new HttpError(401, 'unauthorised');
  const tokenHash = hashToken(token);
  const row = await deps.db
    .selectFrom('tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (row === undefined || row.revoked_at !== null) throw new HttpError(401, 'unauthorised');
  if (row.expires_at <= deps.clock.nowIso()) throw new HttpError(401, 'session-expired');
  const school = await deps.contexts.get(row.school_id);
  const staff = school?.staff.get(row.staff_id);
  if (school === undefined || staff === undefined) throw new HttpError(401, 'unauthorised');
  return { school, staff, tokenHash, expiresAt: row.expires_at };
}

export async function logout(deps: AuthDeps, session: Session): Promise<void> {
  await deps.db
    .updateTable('tokens')
    .set({ revoked_at: deps.clock.nowIso() })
    .where('token_hash', '=', session.tokenHash)
    .execute();
}
