import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { cursorFor } from '../storage/applyPull.ts';
import { saveAuth } from '../storage/auth.ts';
import { setClockOffsetMs } from '../storage/meta.ts';
import type { RollcallDb } from '../storage/db.ts';
import { listRejected, pendingCount, pendingFor, recordMark } from '../storage/outbox.ts';
import type { SignedIn } from '../schema/auth.ts';
import { amendment, freshDb, markInput, NOW } from '../storage/testing.ts';
import { backoffDelayMs } from './backoff.ts';
import { createSyncEngine, type SyncEngineOptions } from './engine.ts';
import { SYNC_ERROR_TEXT } from '../text/staffText.ts';
import { FakeChannels, FakeLocks, FakeServer, ManualTimers, SERVER_TIME } from './testing.ts';
import type { SyncEngine } from './types.ts';

const opened: { db: RollcallDb; engines: SyncEngine[] }[] = [];
afterEach(async () => {
  for (const { db, engines } of opened.splice(0)) {
    await Promise.all(engines.map((e) => e.stop()));
    db.close();
    await db.delete();
  }
});

function auth(token = 'token-1', staffId = 's-teacher'): SignedIn {
  return {
    token,
    staff: {
      id: staffId,
      name: 'Tess Hughes',
      position: 'Class teacher',
      role: 'teacher',
      groups: ['g3b'],
    },
    school: { id: 'school-1', urn: '100001', name: 'Test Primary' },
    expiresAt: '2026-11-23T20:00:00.000Z',
  };
}

interface Setup {
  readonly db: RollcallDb;
  readonly server: FakeServer;
  readonly timers: ManualTimers;
  readonly engine: SyncEngine;
  readonly engineFor: (overrides?: Partial<SyncEngineOptions>) => SyncEngine;
  readonly record: (count: number, staffId?: string) => Promise<string[]>;
}

async function setup(
  overrides: Partial<SyncEngineOptions> = {},
  signedIn: SignedIn | null = auth(),
): Promise<Setup> {
  const db = freshDb();
  const entry = { db, engines: [] as SyncEngine[] };
  opened.push(entry);
  if (signedIn !== null) await saveAuth(db, signedIn);
  const server = new FakeServer();
  const timers = new ManualTimers();
  const engineFor = (more: Partial<SyncEngineOptions> = {}): SyncEngine => {
    const engine = createSyncEngine({
      db,
      fetch: server.fetch,
      baseUrl: 'https://school.test',
      now: () => NOW,
      random: () => 0.5,
      timers,
      window: null,
      document: null,
      locks: null,
      serverEvents: false,
      isBrowserOnline: () => true,
      // Each write sent at once, unless a test is about writes settling.
      writeSettle: { quietMs: 0, maxMs: 0 },
      ...overrides,
      ...more,
    });
    entry.engines.push(engine);
    return engine;
  };
  const record = async (count: number, staffId = 's-teacher'): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const made = await recordMark(
        db,
        markInput({ authorId: staffId, pupilId: `p-${String(i + 1)}` }),
      );
      if (!made.ok) throw new Error(made.error.message);
      ids.push(made.value.opId);
    }
    return ids;
  };
  return { db, server, timers, engine: engineFor(), engineFor, record };
}

/** Writes wait to settle: 1 s after the last, 5 s at most after the first. */
const SETTLE = { quietMs: 1000, maxMs: 5000 } as const;

/** An engine whose writes wait to settle, started and through its first sync. */
async function settling(overrides: Partial<SyncEngineOptions> = {}): Promise<Setup> {
  const ready = await setup({ writeSettle: SETTLE, ...overrides });
  ready.engine.start();
  await ready.engine.settled();
  return ready;
}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('a sync cycle', () => {
  it('pushes, pulls, then acknowledges; the status shows the outcome', async () => {
    const { db, server, engine, record } = await setup();
    const ids = await record(3);
    engine.start();
    await engine.settled();
    expect(server.applied).toEqual(ids);
    expect(server.pushes.map((p) => p.token)).toEqual(['token-1']);
    expect(server.pulls).toEqual(['https://school.test/api/sync/pull?cursor=0&limit=500']);
    expect(await pendingCount(db)).toBe(0);
    expect(await cursorFor(db, 's-teacher')).toEqual({ ok: true, value: 1 });
    expect(engine.getStatus()).toEqual({
      phase: 'idle',
      online: true,
      pending: 0,
      oldestPendingAt: null,
      pendingForOthers: 0,
      lastSyncAt: SERVER_TIME,
      lastError: null,
      rejected: 0,
      nextAttemptAt: null,
      clockOffsetMs: Date.parse(SERVER_TIME) - NOW,
    });
  });

  it('does nothing with nobody signed in, and keeps the queue', async () => {
    const { db, server, engine, record } = await setup({}, null);
    await record(2);
    engine.start();
    await engine.settled();
    expect(server.pushes).toEqual([]);
    expect(engine.getStatus()).toMatchObject({ phase: 'idle', pending: 0, pendingForOthers: 2 });
    expect(await pendingCount(db)).toBe(2);
  });

  it('sends only the signed-in person’s ops and counts the others separately', async () => {
    const { server, engine, record } = await setup();
    const mine = await record(1);
    await record(2, 's-office');
    engine.start();
    await engine.settled();
    expect(server.pushes.flatMap((p) => p.ops.map((op) => op.opId))).toEqual(mine);
    expect(engine.getStatus()).toMatchObject({ pending: 0, pendingForOthers: 2 });
  });

  it('keeps refused ops with the server’s code and reason', async () => {
    const { db, server, engine, record } = await setup();
    const [first, second] = await record(2);
    server.refuse.set(second ?? '', 'The register closed at 09:20.');
    engine.start();
    await engine.settled();
    const rejected = await listRejected(db);
    expect(rejected.ok && rejected.value.map((r) => [r.opId, r.code, r.reason])).toEqual([
      [second, 'register-closed', 'The register closed at 09:20.'],
    ]);
    expect(server.applied).toEqual([first]);
    expect(engine.getStatus()).toMatchObject({ pending: 0, rejected: 1 });
  });

  /** An engine whose push answers are lost on the way back (the server still applies them). */
  function losingAnswers({ server, engineFor }: Setup) {
    const net = { isLosing: true };
    const engine = engineFor({
      fetch: async (input, init) => {
        const response = await server.fetch(input, init);
        if (net.isLosing && input.includes('/api/sync/push')) throw new TypeError('answer lost');
        return response;
      },
    });
    return { engine, net };
  }

  it('a push whose answer was lost: the retry’s duplicates repeat the outcome, a refusal with the server’s code and reason', async () => {
    const set = await setup();
    const { db, server, record } = set;
    const { engine, net } = losingAnswers(set);
    const [first, second] = await record(2);
    server.refuse.set(second ?? '', 'The register closed at 09:20.');
    engine.start();
    await engine.settled();
    expect(server.applied).toEqual([first]);
    expect(await pendingCount(db)).toBe(2);

    net.isLosing = false;
    engine.request('online');
    await engine.settled();
    expect(server.pushes).toHaveLength(2);
    // The pull brought nothing back, yet the applied op is acknowledged: the server said so.
    expect(await db.amendments.count()).toBe(0);
    const rejected = await listRejected(db);
    expect(rejected.ok && rejected.value.map((r) => [r.opId, r.code, r.reason])).toEqual([
      [second, 'register-closed', 'The register closed at 09:20.'],
    ]);
    expect(engine.getStatus()).toMatchObject({ pending: 0, rejected: 1, lastError: null });
  });

  it('a duplicate from a server that does not say how the original fared is checked against the pull', async () => {
    const set = await setup();
    const { db, server, record } = set;
    const { engine, net } = losingAnswers(set);
    server.omitsOriginal = true;
    const [first, second] = await record(2);
    server.refuse.set(second ?? '', 'The register closed at 09:20.');
    engine.start();
    await engine.settled();

    net.isLosing = false;
    const change = { type: 'amendment', version: 1, data: amendment({ opId: first ?? '' }) };
    server.pullReply = { status: 200, body: { changes: [change], cursor: 1, hasMore: false } };
    engine.request('online');
    await engine.settled();
    expect(await db.amendments.get(first ?? '')).toBeDefined();
    const rejected = await listRejected(db);
    expect(rejected.ok && rejected.value.map((r) => [r.opId, r.code, r.reason])).toEqual([
      [second, 'unconfirmed', SYNC_ERROR_TEXT.unconfirmed],
    ]);
    expect(engine.getStatus()).toMatchObject({ pending: 0, rejected: 1 });
  });

  it('[clock-restore] is on the stored clock offset from its first reading, before any sync', async () => {
    const { db, engineFor } = await setup();
    await setClockOffsetMs(db, -3 * 86_400_000);
    const engine = engineFor({
      clockOffsetMs: -3 * 86_400_000,
      fetch: () => Promise.reject(new TypeError('offline')),
    });
    expect(engine.now()).toBe(NOW - 3 * 86_400_000);
    expect(engine.getStatus().clockOffsetMs).toBe(-3 * 86_400_000);
    // Started with the network off: its own read of the database keeps the same clock, and the
    // wait before the next try is counted on it.
    engine.start();
    await engine.settled();
    expect(engine.getStatus().phase).toBe('backing-off');
    expect(engine.now()).toBe(NOW - 3 * 86_400_000);
    const retryIn = Date.parse(engine.getStatus().nextAttemptAt ?? '') - engine.now();
    expect(retryIn).toBe(backoffDelayMs(1, () => 0.5));
  });

  it('corrects its clock by the offset the server’s time showed', async () => {
    const { server, engine } = await setup();
    server.serverTime = new Date(NOW + 90_000).toISOString();
    engine.start();
    await engine.settled();
    expect(engine.now()).toBe(NOW + 90_000);
  });

  it('a malformed pull answer changes nothing and is reported', async () => {
    const { db, server, engine, record } = await setup();
    await record(2);
    server.pullReply = {
      status: 200,
      body: { changes: [{ type: 'amendment', data: { opId: 1 } }], cursor: 9, hasMore: false },
    };
    engine.start();
    await engine.settled();
    expect(server.applied).toHaveLength(2);
    expect(await pendingCount(db)).toBe(2); // held until a pull brings them back
    expect(await cursorFor(db, 's-teacher')).toEqual({ ok: true, value: 0 });
    expect(await db.amendments.count()).toBe(0);
    expect(engine.getStatus()).toMatchObject({ phase: 'backing-off', lastSyncAt: null });
    expect(engine.getStatus().lastError?.code).toBe('bad-response');
    expect(engine.getStatus().lastError?.message).toMatch(/kept on this device/);

    server.pullReply = null;
    engine.request('manual');
    await engine.settled();
    expect(server.applied).toHaveLength(2);
    expect(await pendingCount(db)).toBe(0);
    expect(engine.getStatus().lastError).toBeNull();
  });
});

describe('failures', () => {
  it('backs off with jitter after a network error, cut short only by the network coming back', async () => {
    const { server, timers, engineFor, record } = await setup();
    let isDown = true;
    const engine = engineFor({
      fetch: (input, init) =>
        isDown ? Promise.reject(new TypeError('offline')) : server.fetch(input, init),
    });
    await record(1);
    engine.start();
    await engine.settled();
    const first = backoffDelayMs(1, () => 0.5);
    expect(engine.getStatus()).toMatchObject({ phase: 'backing-off', online: false, pending: 1 });
    expect(engine.getStatus().nextAttemptAt).toBe(new Date(NOW + first).toISOString());
    expect(timers.pending).toContain(first);

    engine.request('write');
    await engine.settled();
    timers.fire(first);
    await engine.settled();
    expect(timers.pending).toContain(backoffDelayMs(2, () => 0.5));

    isDown = false;
    engine.request('online');
    await engine.settled();
    expect(engine.getStatus()).toMatchObject({
      phase: 'idle',
      online: true,
      pending: 0,
      lastError: null,
    });
  });

  it('the network returning during a failing attempt tries again at once, not after a backoff', async () => {
    const { server, timers, engineFor, record } = await setup();
    let calls = 0;
    let engine: SyncEngine | null = null;
    engine = engineFor({
      fetch: (input, init) => {
        calls += 1;
        if (calls > 1) return server.fetch(input, init);
        // The attempt fails, but the browser says it is online again before it is over.
        engine?.request('online');
        return Promise.reject(new TypeError('offline'));
      },
    });
    await record(1);
    engine.start();
    await engine.settled();
    expect(server.pushes).toHaveLength(1);
    expect(engine.getStatus()).toMatchObject({ phase: 'idle', pending: 0, lastError: null });
    expect(timers.pending).not.toContain(backoffDelayMs(1, () => 0.5));
  });

  it('honours Retry-After on 429', async () => {
    const { server, timers, engine, record } = await setup();
    server.pushReply = {
      status: 429,
      body: { error: 'too-many-attempts', message: 'Slow down.' },
      headers: { 'retry-after': '30' },
    };
    await record(1);
    engine.start();
    await engine.settled();
    expect(timers.pending).toContain(30_000);
    engine.request('online');
    await engine.settled();
    expect(server.pushes).toHaveLength(1);
  });

  it('401 pauses sync and keeps everything; a new sign-in resumes it', async () => {
    const { db, server, engine, record } = await setup();
    server.pushReply = {
      status: 401,
      body: { error: 'session-expired', message: 'Your session has ended. Please sign in again.' },
    };
    await record(2);
    engine.start();
    await engine.settled();
    expect(engine.getStatus()).toMatchObject({ phase: 'needs-sign-in', pending: 2 });
    expect(engine.getStatus().lastError?.message).toBe(
      'Your session has ended. Please sign in again.',
    );
    engine.request('write');
    await engine.settled();
    expect(server.pushes).toHaveLength(1);

    server.pushReply = null;
    await saveAuth(db, auth('token-2'));
    await until(async () => (await pendingCount(db)) === 0, 'the queue to drain after signing in');
    await engine.settled();
    expect(server.pushes.map((p) => p.token)).toEqual(['token-1', 'token-2']);
    expect(engine.getStatus()).toMatchObject({ phase: 'idle', lastError: null });
  });

  it('426 stops trying until the app is reloaded', async () => {
    const { server, timers, engine, record } = await setup();
    server.pushReply = {
      status: 426,
      body: { error: 'protocol-too-old', message: 'This app is out of date. Reload it to update.' },
    };
    await record(1);
    engine.start();
    await engine.settled();
    engine.request('manual');
    engine.request('online');
    await engine.settled();
    expect(server.pushes).toHaveLength(1);
    expect(engine.getStatus().lastError).toMatchObject({
      code: 'protocol-too-old',
      message: 'This app is out of date. Reload it to update.',
    });
    expect(engine.getStatus().pending).toBe(1);
    expect(timers.pending.filter((ms) => ms !== 30_000)).toEqual([]);
  });

  it('400 sets aside only the op the server cannot read; the rest are renumbered and sent', async () => {
    const { db, server, engine, record } = await setup();
    const ids = await record(5);
    server.unreadable.add(ids[2] ?? '');
    engine.start();
    await until(async () => (await pendingCount(db)) === 0, 'the queue to drain');
    await engine.settled();
    expect(server.applied).toEqual([ids[0], ids[1], ids[3], ids[4]]);
    const rejected = await listRejected(db);
    expect(rejected.ok && rejected.value.map((r) => [r.opId, r.code, r.reason])).toEqual([
      [ids[2], 'invalid-body', 'ops.0.code: not a code.'],
    ]);
    expect(engine.getStatus()).toMatchObject({ phase: 'idle', rejected: 1, pending: 0 });
  });

  it('409 renumbers the queue from where the server wants it', async () => {
    const { db, server, engine, record } = await setup();
    const ids = await record(4);
    const queued = await pendingFor(db, 's-teacher');
    if (!queued.ok) throw new Error(queued.error.message);
    await db.outbox.delete(queued.value[0]?.id ?? 0);
    engine.start();
    await until(async () => (await pendingCount(db)) === 0, 'the queue to drain');
    expect(server.applied).toEqual(ids.slice(1));
    expect(server.pushes.at(-1)?.ops.map((op) => op.deviceSeq)).toEqual([1, 2, 3]);
  });

  it('a cycle that throws is reported, and the loop carries on', async () => {
    const errors: unknown[] = [];
    const { db, engineFor, record } = await setup();
    let calls = 0;
    const engine = engineFor({
      fetch: () => Promise.reject(new TypeError('offline')),
      now: () => {
        calls += 1;
        if (calls === 1) throw new Error('bug');
        return NOW;
      },
      reportError: (error) => errors.push(error),
    });
    await record(1);
    engine.start();
    await engine.settled();
    expect(errors).toHaveLength(1);
    expect(engine.getStatus()).toMatchObject({ phase: 'backing-off', pending: 1 });
    expect(engine.getStatus().lastError?.code).toBe('unexpected');
    expect(await pendingCount(db)).toBe(1);
  });
});

describe('triggers and tabs', () => {
  it('syncs when the network returns, the tab becomes visible, or the timer fires', async () => {
    const win = new EventTarget();
    const doc = Object.assign(new EventTarget(), { visibilityState: 'hidden' });
    const { server, timers, engine } = await setup({ window: win, document: doc });
    engine.start();
    await engine.settled();
    win.dispatchEvent(new Event('online'));
    await engine.settled();
    doc.visibilityState = 'visible';
    doc.dispatchEvent(new Event('visibilitychange'));
    await engine.settled();
    timers.fire(30_000);
    await engine.settled();
    expect(server.pulls).toHaveLength(4);
  });

  it('waits for the first screen before its first sync, and not at all once stopped', async () => {
    let shown: () => void = () => undefined;
    const firstCycleAfter = new Promise<void>((resolve) => {
      shown = resolve;
    });
    const { server, engine, record } = await setup({ firstCycleAfter });
    const ids = await record(2);
    engine.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.pushes).toEqual([]);
    expect(server.pulls).toEqual([]);
    shown();
    await until(() => server.applied.length === 2, 'the first sync');
    await engine.settled();
    expect(server.applied).toEqual(ids);

    let neverShown: () => void = () => undefined;
    const later = await setup({
      firstCycleAfter: new Promise<void>((resolve) => {
        neverShown = resolve;
      }),
    });
    later.engine.start();
    await later.engine.stop();
    neverShown();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(later.server.pulls).toEqual([]);
  });

  it('coalesces requests made during a cycle into one more cycle', async () => {
    const { server, engine } = await setup();
    engine.start();
    for (let i = 0; i < 5; i++) engine.request('write');
    await engine.settled();
    expect(server.pulls).toHaveLength(2);
  });

  it('sends a burst of writes in one cycle once the writing settles', async () => {
    const { db, server, timers, engine, record } = await settling();
    const pullsBefore = server.pulls.length;
    for (let i = 0; i < 3; i++) {
      await record(1);
      engine.request('write');
    }
    await engine.settled();
    expect(server.pushes).toHaveLength(0);
    expect(timers.pending.filter((ms) => ms === 1000)).toHaveLength(1);
    expect(timers.pending.filter((ms) => ms === 5000)).toHaveLength(1);

    timers.fire(1000);
    await until(async () => (await pendingCount(db)) === 0, 'the burst to be sent');
    await engine.settled();
    expect(server.pushes).toHaveLength(1);
    expect(server.pulls.length).toBe(pullsBefore + 1);
    expect(timers.pending).not.toContain(5000);
  });

  it('sends writes that never settle by the longest wait', async () => {
    const { db, server, timers, engine, record } = await settling();
    await record(1);
    engine.request('write');
    engine.request('write');
    expect(server.pushes).toHaveLength(0);
    timers.fire(5000);
    await until(async () => (await pendingCount(db)) === 0, 'the writes to be sent');
    expect(server.pushes).toHaveLength(1);
    expect(timers.pending).not.toContain(1000);
  });

  it('any other trigger sends waiting writes at once', async () => {
    const { db, server, timers, engine, record } = await settling();
    await record(2);
    engine.request('write');
    engine.request('online');
    await until(async () => (await pendingCount(db)) === 0, 'the writes to be sent');
    await engine.settled();
    expect(server.pushes).toHaveLength(1);
    expect(timers.pending).not.toContain(1000);
    expect(timers.pending).not.toContain(5000);
  });

  it('a write during a cycle waits to settle after it', async () => {
    const { db, server, timers, engine, record } = await setup({ writeSettle: SETTLE });
    engine.start();
    await record(1);
    engine.request('write');
    await engine.settled();
    expect(server.pushes).toHaveLength(1);
    expect(timers.pending).toContain(1000);
    timers.fire(1000);
    await engine.settled();
    expect(await pendingCount(db)).toBe(0);
  });

  it('stopping drops the settle timers, never the queued writes', async () => {
    const { db, server, timers, engine, record } = await settling();
    await record(1);
    engine.request('write');
    await engine.stop();
    expect(timers.pending).not.toContain(1000);
    expect(timers.pending).not.toContain(5000);
    expect(server.pushes).toHaveLength(0);
    expect(await pendingCount(db)).toBe(1);
  });

  it('sends waiting writes at once when the tablet is put away', async () => {
    const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    const { db, server, timers, engine, record } = await settling({ document: doc });
    const pullsBefore = server.pulls.length;
    doc.visibilityState = 'hidden';
    doc.dispatchEvent(new Event('visibilitychange'));
    await engine.settled();
    expect(server.pulls).toHaveLength(pullsBefore);

    await record(1);
    engine.request('write');
    doc.dispatchEvent(new Event('visibilitychange'));
    await until(async () => (await pendingCount(db)) === 0, 'the write to be sent');
    expect(server.pushes).toHaveLength(1);
    expect(timers.pending).not.toContain(1000);
    expect(timers.pending).not.toContain(5000);
  });

  it('one tab leads; another follows, forwards its requests, and takes over when the leader goes', async () => {
    const locks = new FakeLocks();
    const channels = new FakeChannels();
    const {
      db,
      server,
      engine: first,
      engineFor,
      record,
    } = await setup({ locks, openChannel: channels.open });
    first.start();
    await first.settled();
    const second = engineFor();
    second.start();
    await until(() => second.getStatus().phase === 'follower', 'the second tab to follow');
    const pullsBefore = server.pulls.length;

    await record(1);
    second.request('write');
    await until(async () => (await pendingCount(db)) === 0, 'the leader to send the follower’s op');
    expect(server.pulls.length).toBeGreaterThan(pullsBefore);
    await second.settled();
    expect(second.getStatus()).toMatchObject({
      phase: 'follower',
      pending: 0,
      lastSyncAt: SERVER_TIME,
    });

    await first.stop();
    await until(() => second.getStatus().phase !== 'follower', 'the second tab to lead');
    await record(1);
    second.request('write');
    await until(async () => (await pendingCount(db)) === 0, 'the new leader to send');
    expect(server.applied).toHaveLength(2);
  });

  it('starts again after a stop (React runs effects twice in development)', async () => {
    const { server, engine } = await setup();
    engine.start();
    void engine.stop();
    engine.start();
    await engine.settled();
    engine.request('manual');
    await engine.settled();
    expect(server.pulls.length).toBeGreaterThanOrEqual(2);
  });
});
