/**
 * Signing in and out (docs/sync-protocol.md §2): credentials, bearer tokens that expire on the
 * server's clock, the admin-only test clock, the per-username and per-address login limit (real
 * time), choosing a school on a server that hosts several, and what is stored (hashes only).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/server/app.ts';
import { LoginLimiter, MAX_FAILURES, WINDOW_MS } from '../../src/server/auth/loginLimiter.ts';
import { ServerClock } from '../../src/server/clock.ts';
import { PASSWORD, smallSchool } from '../fixtures/smallSchool.ts';
import type { LoginResponse } from '../../src/schema/auth.ts';
import type { ApiError } from '../../src/schema/errors.ts';
import { startTestServer, storeTargets, type TestServer } from './harness.ts';

/** Any answer of the sign-in routes: the login's (`loginResponseSchema`) or an error's. */
type LoginBody = Partial<LoginResponse & ApiError>;

/** A login from a given client address (the server trusts X-Forwarded-For, as behind a proxy). */
async function loginFrom(
  server: TestServer,
  address: string,
  body: Record<string, unknown>,
): Promise<{ status: number; body: LoginBody; retryAfter: string | null }> {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as LoginBody,
    retryAfter: response.headers.get('retry-after'),
  };
}

describe.each(storeTargets())('[auth] on $kind', (target) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(target, { suite: 'auth', now: '2026-11-23T08:00:00Z' });
  }, 60_000);

  afterAll(async () => {
    await server.close();
  });

  it('[login] the right password gives a token, the member of staff and the school', async () => {
    const response = await server.api<LoginBody>(null, 'POST', '/api/auth/login', {
      username: 't.hughes',
      password: PASSWORD,
    });
    expect(response.status).toBe(200);
    expect(response.body.token).toMatch(/^[A-Za-z0-9_-]{20,100}$/);
    expect(response.body.staff).toEqual({
      id: 't.hughes',
      name: 'Tess Hughes',
      position: 'Class teacher',
      role: 'teacher',
      groups: ['g3b'],
    });
    expect(response.body.school).toMatchObject({ urn: '100001', name: 'Test Primary' });
    // 12 hours on the server clock by default
    const ttl = Date.parse(response.body.expiresAt ?? '') - Date.parse('2026-11-23T20:00:00Z');
    expect(ttl).toBeGreaterThanOrEqual(0);
    expect(ttl).toBeLessThan(60_000);
  });

  it('[login] usernames are not case-sensitive', async () => {
    const response = await server.api<LoginBody>(null, 'POST', '/api/auth/login', {
      username: 'T.Hughes',
      password: PASSWORD,
    });
    expect(response.status).toBe(200);
    expect(response.body.staff?.id).toBe('t.hughes');
  });

  it('[login] a wrong password and an unknown username get the same 401 wrong-credentials', async () => {
    const wrong = await server.api<LoginBody>(null, 'POST', '/api/auth/login', {
      username: 't.hughes',
      password: 'not-the-password',
    });
    const unknown = await server.api<LoginBody>(null, 'POST', '/api/auth/login', {
      username: 'nobody.here',
      password: PASSWORD,
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('wrong-credentials');
    expect(wrong.body.token).toBeUndefined();
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
  });

  it('[login] a malformed body is a 400 JSON error, never a 5xx', async () => {
    const missing = await server.api<LoginBody>(null, 'POST', '/api/auth/login', {
      username: 't.hughes',
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe('invalid-body');
    const notJson = await server.api<LoginBody>(null, 'POST', '/api/auth/login', '{"username":');
    expect(notJson.status).toBe(400);
    expect(typeof notJson.body.error).toBe('string');
  });

  it('[me] answers with the session for a token, and 401 without one', async () => {
    const token = await server.login('office');
    const me = await server.api<LoginBody>(token, 'GET', '/api/me');
    expect(me.status).toBe(200);
    expect(me.body.staff).toMatchObject({ id: 'office', role: 'office', name: 'Olive Office' });
    expect(me.body.school?.urn).toBe('100001');
    const anonymous = await server.api<LoginBody>(null, 'GET', '/api/me');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toBe('unauthorised');
    const madeUp = await server.api<LoginBody>('x'.repeat(43), 'GET', '/api/me');
    expect(madeUp.status).toBe(401);
    expect(madeUp.body.error).toBe('unauthorised');
  });

  it('[logout] revokes the token: it then gets 401, other sessions carry on', async () => {
    const token = await server.login('reception');
    const other = await server.login('reception');
    const out = await server.api(token, 'POST', '/api/auth/logout');
    expect(out.status).toBe(200);
    expect(out.body).toEqual({ ok: true });
    const me = await server.api<LoginBody>(token, 'GET', '/api/me');
    expect(me.status).toBe(401);
    expect(me.body.error).toBe('unauthorised');
    const again = await server.api<LoginBody>(token, 'POST', '/api/auth/logout');
    expect(again.status).toBe(401);
    expect((await server.api(other, 'GET', '/api/me')).status).toBe(200);
    const revoked = await server.store.db
      .selectFrom('tokens')
      .select('revoked_at')
      .where('staff_id', '=', 'reception')
      .execute();
    expect(revoked.filter((r) => r.revoked_at !== null)).toHaveLength(1);
  });

  it('[stored] passwords are stored as scrypt hashes, never as the plain text', async () => {
    const staff = await server.store.db
      .selectFrom('staff')
      .select(['id', 'password_hash'])
      .execute();
    expect(staff).toHaveLength(5);
    const hashes = new Set<string>();
    for (const member of staff) {
      expect(member.password_hash).toMatch(
        /^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{20,}\$[A-Za-z0-9_-]{40,}$/,
      );
      expect(member.password_hash).not.toContain(PASSWORD);
      hashes.add(member.password_hash);
    }
    // a salt per user: the same password never gives the same hash
    expect(hashes.size).toBe(staff.length);
  });

  it('[stored] tokens are stored hashed: the tokens table never holds the token itself', async () => {
    const token = await server.login('admin');
    const rows = await server.store.db.selectFrom('tokens').selectAll().execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      for (const value of Object.values(row)) expect(String(value)).not.toContain(token);
    }
    const hash = createHash('sha256').update(token).digest('base64url');
    expect(rows.filter((r) => r.token_hash === hash)).toHaveLength(1);
  });

  it('[expiry] a token expires when the server clock passes expiresAt: 401 session-expired', async () => {
    const response = await server.api<LoginBody>(null, 'POST', '/api/auth/login', {
      username: 'office',
      password: PASSWORD,
    });
    const { token, expiresAt } = response.body;
    if (token === undefined || expiresAt === undefined) throw new Error('login failed');
    await server.setClock(new Date(Date.parse(expiresAt) - 5_000).toISOString());
    expect((await server.api(token, 'GET', '/api/me')).status).toBe(200);
    await server.setClock(new Date(Date.parse(expiresAt) + 1_000).toISOString());
    const expired = await server.api<LoginBody>(token, 'GET', '/api/me');
    expect(expired.status).toBe(401);
    expect(expired.body.error).toBe('session-expired');
    // a fresh login on the moved clock works, and lasts from the new "now"
    const fresh = await server.api<LoginBody>(null, 'POST', '/api/auth/login', {
      username: 'office',
      password: PASSWORD,
    });
    expect(fresh.status).toBe(200);
    expect(Date.parse(fresh.body.expiresAt ?? '')).toBeGreaterThan(Date.parse(expiresAt));
    await server.setClock('2026-11-23T08:00:00Z');
  });

  it('[test-clock] POST /api/test/clock is for admin only', async () => {
    const admin = await server.login('admin');
    const office = await server.login('office');
    const teacher = await server.login('t.hughes');
    const body = { now: '2026-11-23T08:30:00Z' };
    const anonymous = await server.api(null, 'POST', '/api/test/clock', body);
    expect(anonymous.status).toBe(401);
    for (const token of [office, teacher]) {
      const refused = await server.api(token, 'POST', '/api/test/clock', body);
      expect(refused.status).toBe(403);
      expect(refused.body['error']).toBe('forbidden');
    }
    const bad = await server.api(admin, 'POST', '/api/test/clock', { now: 'half past eight' });
    expect(bad.status).toBe(400);
    expect(bad.body['error']).toBe('invalid-body');
    const moved = await server.api<{ now: string }>(admin, 'POST', '/api/test/clock', body);
    expect(moved.status).toBe(200);
    expect(Date.parse(moved.body.now) - Date.parse(body.now)).toBeLessThan(5_000);
    const health = await server.api<{ serverTime: string }>(null, 'GET', '/api/health');
    expect(Date.parse(health.body.serverTime) - Date.parse(body.now)).toBeGreaterThanOrEqual(0);
    expect(Date.parse(health.body.serverTime) - Date.parse(body.now)).toBeLessThan(5_000);
  });

  it('[test-clock] without the test clock the route does not exist: 404', async () => {
    const admin = await server.login('admin');
    for (const testClock of [false, undefined]) {
      const plain = await buildServer({
        store: server.store,
        clock: new ServerClock(Date.parse('2026-11-23T08:00:00Z')),
        closeEveryMs: 0,
        ...(testClock === undefined ? {} : { testClock }),
      });
      try {
        const response = await plain.app.inject({
          method: 'POST',
          url: '/api/test/clock',
          headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
          payload: JSON.stringify({ now: '2026-11-23T09:00:00Z' }),
        });
        expect(response.statusCode).toBe(404);
        expect(response.json()).toMatchObject({ error: 'not-found' });
        // the same token works on that server: it is the route that is missing
        const me = await plain.app.inject({
          method: 'GET',
          url: '/api/me',
          headers: { authorization: `Bearer ${admin}` },
        });
        expect(me.statusCode).toBe(200);
      } finally {
        await plain.close();
      }
    }
  });

  it('[rate-limit] 10 failures for a username → 429 too-many-attempts, even with the right password', async () => {
    // Failures from ten different addresses: only the username's count can block.
    const started = Date.now();
    for (let i = 1; i <= MAX_FAILURES; i += 1) {
      const failed = await loginFrom(server, `203.0.113.${String(i)}`, {
        username: 't.other',
        password: `wrong-${String(i)}`,
      });
      expect(failed.status).toBe(401);
      expect(failed.retryAfter).toBeNull();
    }
    const blocked = await loginFrom(server, '203.0.113.99', {
      username: 't.other',
      password: PASSWORD,
    });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error).toBe('too-many-attempts');
    expect(blocked.body.token).toBeUndefined();
    // Retry-After: whole seconds until the first failure leaves the 15-minute window
    expect(blocked.retryAfter).toMatch(/^[1-9][0-9]*$/);
    const elapsedSeconds = Math.ceil((Date.now() - started) / 1000);
    expect(Number(blocked.retryAfter)).toBeLessThanOrEqual(WINDOW_MS / 1000);
    expect(Number(blocked.retryAfter)).toBeGreaterThanOrEqual(WINDOW_MS / 1000 - elapsedSeconds);
    expect(blocked.body.message).toBe(
      'Too many sign-in attempts. Please wait 15 minutes and try again.',
    );
    const otherCase = await loginFrom(server, '203.0.113.98', {
      username: 'T.OTHER',
      password: PASSWORD,
    });
    expect(otherCase.status).toBe(429);
    // another member of staff from the same addresses is not blocked
    const someoneElse = await loginFrom(server, '203.0.113.1', {
      username: 't.hughes',
      password: PASSWORD,
    });
    expect(someoneElse.status).toBe(200);
    // the limit runs on real time: moving the server clock does not open the account
    await server.setClock('2026-11-23T10:00:00Z');
    const stillBlocked = await loginFrom(server, '203.0.113.97', {
      username: 't.other',
      password: PASSWORD,
    });
    expect(stillBlocked.status).toBe(429);
    await server.setClock('2026-11-23T08:00:00Z');
  });

  it('[rate-limit] without TRUST_PROXY a forged X-Forwarded-For does not escape the address limit', async () => {
    const direct = await startTestServer(target, {
      suite: 'auth-direct',
      now: '2026-11-23T08:00:00Z',
      trustProxy: false,
    });
    try {
      for (let i = 1; i <= MAX_FAILURES; i += 1) {
        const failed = await loginFrom(direct, `203.0.113.${String(i)}`, {
          username: `ghost.${String(i)}`,
          password: PASSWORD,
        });
        expect(failed.status).toBe(401);
      }
      const blocked = await loginFrom(direct, '203.0.113.99', {
        username: 'admin',
        password: PASSWORD,
      });
      expect(blocked.status).toBe(429);
    } finally {
      await direct.close();
    }
  });

  it('[rate-limit] 10 failures from one address → 429 for any username from it', async () => {
    for (let i = 1; i <= MAX_FAILURES; i += 1) {
      const failed = await loginFrom(server, '198.51.100.7', {
        username: `ghost.${String(i)}`,
        password: PASSWORD,
      });
      expect(failed.status).toBe(401);
    }
    const blocked = await loginFrom(server, '198.51.100.7', {
      username: 'admin',
      password: PASSWORD,
    });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error).toBe('too-many-attempts');
    expect(Number(blocked.retryAfter)).toBeGreaterThan(0);
    const elsewhere = await loginFrom(server, '198.51.100.8', {
      username: 'admin',
      password: PASSWORD,
    });
    expect(elsewhere.status).toBe(200);
  });
});

describe('[rate-limit] LoginLimiter keeps a 15-minute window of real time', () => {
  it('blocks at the 10th failure and lets the right password in once the oldest leaves the window', () => {
    let now = 1_000_000;
    const limiter = new LoginLimiter(() => now);
    for (let i = 0; i < MAX_FAILURES - 1; i += 1) {
      limiter.recordFailure('t.hughes', '10.0.0.1');
      now += 60_000;
    }
    expect(limiter.isBlocked('t.hughes', '10.0.0.2')).toBe(false);
    limiter.recordFailure('T.Hughes', '10.0.0.1'); // the 10th, at 1_000_000 + 9 min
    expect(limiter.isBlocked('t.hughes', '10.0.0.2')).toBe(true);
    expect(limiter.isBlocked('someone.else', '10.0.0.1')).toBe(true); // the address too
    expect(limiter.isBlocked('someone.else', '10.0.0.2')).toBe(false);
    now = 1_000_000 + WINDOW_MS - 1; // the first failure is still inside the window
    expect(limiter.isBlocked('t.hughes', '10.0.0.2')).toBe(true);
    now = 1_000_000 + WINDOW_MS; // ...and has just left it: nine remain
    expect(limiter.isBlocked('t.hughes', '10.0.0.2')).toBe(false);
    limiter.recordFailure('t.hughes', '10.0.0.3'); // ten again within the window
    expect(limiter.isBlocked('t.hughes', '10.0.0.2')).toBe(true);
    now += WINDOW_MS; // everything has left the window
    expect(limiter.isBlocked('t.hughes', '10.0.0.1')).toBe(false);
  });

  it('says how long until an attempt is allowed again: until enough failures leave, on both counts', () => {
    let now = 1_000_000;
    const limiter = new LoginLimiter(() => now);
    expect(limiter.retryAfterMs('t.hughes', '10.0.0.1')).toBe(0);
    for (let i = 0; i < MAX_FAILURES; i += 1) {
      limiter.recordFailure('t.hughes', '10.0.0.1');
      now += 60_000;
    }
    // failures at 0..9 minutes, now at 10: the first leaves at 15 minutes
    expect(limiter.retryAfterMs('t.hughes', '10.0.0.9')).toBe(5 * 60_000);
    expect(limiter.retryAfterMs('someone.else', '10.0.0.1')).toBe(5 * 60_000);
    // two more failures: the third oldest must leave too, at 17 minutes
    limiter.recordFailure('t.hughes', '10.0.0.2');
    limiter.recordFailure('t.hughes', '10.0.0.2');
    expect(limiter.retryAfterMs('t.hughes', '10.0.0.9')).toBe(7 * 60_000);
    // the address 10.0.0.1 still has ten, the username twelve: the longer wait counts
    expect(limiter.retryAfterMs('t.hughes', '10.0.0.1')).toBe(7 * 60_000);
    now = 1_000_000 + 17 * 60_000;
    expect(limiter.retryAfterMs('t.hughes', '10.0.0.9')).toBe(0);
    expect(limiter.isBlocked('t.hughes', '10.0.0.9')).toBe(false);
  });

  it('the window and the limit are the ones docs/sync-protocol.md §2 sets', () => {
    expect(MAX_FAILURES).toBe(10);
    expect(WINDOW_MS).toBe(15 * 60 * 1000);
  });
});

describe.each(storeTargets())('[schools] two schools on one server, on $kind', (target) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(target, {
      suite: 'auth_two_schools',
      now: '2026-11-23T08:00:00Z',
      bundles: [smallSchool(), smallSchool({ urn: '100002', name: 'Second Primary' })],
    });
  }, 60_000);

  afterAll(async () => {
    await server.close();
  });

  it('a login without a school is 400 school-required', async () => {
    const response = await server.api<LoginBody>(null, 'POST', '/api/auth/login', {
      username: 't.hughes',
      password: PASSWORD,
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('school-required');
    expect(typeof response.body.message).toBe('string');
  });

  it('a login with an unknown URN is 400 unknown-school', async () => {
    const response = await server.api<LoginBody>(null, 'POST', '/api/auth/login', {
      school: '999999',
      username: 't.hughes',
      password: PASSWORD,
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('unknown-school');
  });

  it('the URN picks the school; the same username in each is a different account', async () => {
    const first = await server.api<LoginBody>(null, 'POST', '/api/auth/login', {
      school: '100001',
      username: 't.hughes',
      password: PASSWORD,
    });
    const second = await server.api<LoginBody>(null, 'POST', '/api/auth/login', {
      school: '100002',
      username: 't.hughes',
      password: PASSWORD,
    });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(first.body.school).toMatchObject({ urn: '100001', name: 'Test Primary' });
    expect(second.body.school).toMatchObject({ urn: '100002', name: 'Second Primary' });
    const me = await server.api<LoginBody>(second.body.token ?? '', 'GET', '/api/me');
    expect(me.body.school?.urn).toBe('100002');
  });
});
