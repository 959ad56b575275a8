/**
 * The pull half of the sync contract over real HTTP (docs/sync-protocol.md §6): paging that never
 * splits a version, filtering by role, and a poller that never skips a change while pushes commit
 * late (on PostgreSQL with a real delayed commit holding the school's lock). Runs on PGlite and,
 * with DATABASE_URL, on PostgreSQL.
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MarkOp, MovementOp } from '../../src/schema/op.ts';
import type { Database } from '../../src/server/store/schema.ts';
import {
  changeKey,
  pullAll,
  pullPage,
  push,
  startTestServer,
  storeTargets,
  type PulledChange,
  type TestServer,
} from './harness.ts';

const DAY = '2026-11-23';
const at = (hhmmss: string) => `${DAY}T${hhmmss}Z`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * PostgreSQL: a writer that has taken the school's next version (and re-versioned one amendment)
 * but not committed, holding the school row lock until `release()`.
 */
async function delayedCommit(db: Kysely<Database>, schoolId: string, opId: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let holding!: (pid: number) => void;
  const held = new Promise<number>((resolve) => (holding = resolve));
  const done = db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
    const bumped = await trx
      .updateTable('schools')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('id', '=', schoolId)
      .returning('version')
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('amendments')
      .set({ version: bumped.version })
      .where('op_id', '=', opId)
      .execute();
    holding(rows[0]?.pid ?? 0);
    await released;
  });
  const pid = await held;
  /** A backend (not in `known`) waiting on the holder or on one of `known`. */
  const waiter = async (known: readonly number[]): Promise<number> => {
    const pids = [pid, ...known];
    for (let i = 0; i < 300; i++) {
      const r = await sql<{ pid: number }>`select pid from pg_stat_activity
        where pg_blocking_pids(pid) && ${pids}::int[] and not pid = any(${pids}::int[])`.execute(
        db,
      );
      if (r.rows[0] !== undefined) return r.rows[0].pid;
      await sleep(10);
    }
    release();
    throw new Error('a push never waited for the school lock');
  };
  return { release, done, waiter };
}

describe.each(storeTargets())('[pull] on $kind', (target) => {
  let server: TestServer;
  let hughes: string;
  let other: string;
  let office: string;

  const statuses = (body: { results: { status: string }[] }) => body.results.map((r) => r.status);
  const officeMark = (pupilId: string, date: string, session: 'AM' | 'PM', deviceId: string) =>
    server.mark({
      pupilId,
      date,
      session,
      code: 'M',
      source: 'office',
      recordedAt: at('08:54:00'),
      deviceId,
    });

  beforeAll(async () => {
    server = await startTestServer(target, { suite: 'pull', now: at('08:55:00') });
    [hughes, other, office] = await Promise.all([
      server.login('t.hughes'),
      server.login('t.other'),
      server.login('office'),
    ]);
  }, 30_000);

  afterAll(async () => {
    await server.close();
  });

  it('[pull] limit=3 pages return every change exactly once, never splitting a version', async () => {
    const start = (await pullAll(server, office)).cursor;
    const ops: (MarkOp | MovementOp)[] = [];
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8]) {
      for (const [date, session] of [
        ['2026-11-24', 'AM'],
        ['2026-11-25', 'PM'],
      ] as const)
        ops.push(officeMark(`p${String(n)}`, date, session, 'office-page'));
      if (n <= 4)
        ops.push(
          server.movement({
            pupilId: `p${String(n)}`,
            date: DAY,
            direction: 'in',
            at: '08:51',
            recordedAt: at('08:54:00'),
            deviceId: 'office-page',
          }),
        );
    }
    expect(ops).toHaveLength(20);
    let offset = 0;
    for (const size of [1, 4, 2, 5, 1, 3, 4]) {
      const pushed = await push(server, office, 'office-page', ops.slice(offset, offset + size));
      expect(statuses(pushed.body)).toEqual(Array(size).fill('applied'));
      offset += size;
    }

    const full = await pullAll(server, office, start);
    expect(full.changes.map(changeKey).sort()).toEqual(
      ops.map((op) => `${op.kind === 'mark' ? 'amendment' : 'movement'}:${op.opId}`).sort(),
    );
    for (const from of [start, 0]) {
      const whole = await pullAll(server, office, from);
      const paged = await pullAll(server, office, from, 3);
      expect(paged.pages.length).toBeGreaterThan(1);
      expect(paged.pages.map((p) => p.hasMore)).toEqual([
        ...Array<boolean>(paged.pages.length - 1).fill(true),
        false,
      ]);
      expect(paged.cursor).toBe(whole.cursor);
      const keys = paged.changes.map(changeKey);
      expect(new Set(keys).size).toBe(keys.length);
      expect([...keys].sort()).toEqual(whole.changes.map(changeKey).sort());
      let cursor = from;
      const pageOfVersion = new Map<number, number>();
      paged.pages.forEach((page, i) => {
        const versions = new Set(page.changes.map((c) => c.version));
        if (page.changes.length > 3) expect(versions.size).toBe(1); // one big version, sent whole
        for (const version of versions) {
          expect(version).toBeGreaterThan(cursor);
          expect(version).toBeLessThanOrEqual(page.cursor);
          expect(pageOfVersion.get(version) ?? i).toBe(i);
          pageOfVersion.set(version, i);
        }
        cursor = page.cursor;
      });
    }
  });

  it('[pull] teachers get only their own groups; office and reception the whole school', async () => {
    const seen = async (token: string) => {
      const { changes } = await pullAll(server, token);
      const of = (type: string) => changes.filter((c) => c.type === type);
      return {
        groups: new Set(of('group').map((c) => c.data.id)),
        pupils: new Set(of('pupil').map((c) => c.data.id)),
        markPupils: new Set(
          [...of('amendment'), ...of('movement')].map((c) => c.data['pupilId'] as string),
        ),
        staff: of('staff'),
      };
    };
    const all = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8'];
    const mine = await seen(hughes);
    expect(mine.groups).toEqual(new Set(['g3b']));
    expect(mine.pupils).toEqual(new Set(['p1', 'p2', 'p3', 'p4']));
    expect(mine.markPupils).toEqual(new Set(['p1', 'p2', 'p3', 'p4']));
    expect(mine.staff.map((s) => s.data['name'])).toContain('Olive Office');
    for (const s of mine.staff) {
      expect(s.data).not.toHaveProperty('username');
      expect(s.data).not.toHaveProperty('passwordHash');
    }
    const theirs = await seen(other);
    expect(theirs.pupils).toEqual(new Set(['p5', 'p6', 'p7', 'p8']));
    expect(theirs.markPupils).toEqual(new Set(['p5', 'p6', 'p7', 'p8']));
    for (const token of [office, await server.login('reception')]) {
      const everything = await seen(token);
      expect(everything.groups).toEqual(new Set(['g3b', 'g4h']));
      expect(everything.pupils).toEqual(new Set(all));
      expect(everything.markPupils).toEqual(new Set(all));
    }
  });

  it('[pull] a poller never skips a change while two pushes commit late', async () => {
    const { db } = server.store;
    const school = await db.selectFrom('schools').select('id').executeTakeFirstOrThrow();
    const versionNow = async () =>
      (
        await db
          .selectFrom('schools')
          .select('version')
          .where('id', '=', school.id)
          .executeTakeFirstOrThrow()
      ).version;

    const seen = new Map<string, PulledChange>();
    let cursor = 0;
    const merge = (changes: readonly PulledChange[]) => {
      for (const c of changes) seen.set(changeKey(c), c);
    };
    const initial = await pullAll(server, hughes);
    merge(initial.changes);
    cursor = initial.cursor;
    const poll = async () => {
      const page = await pullPage(server, hughes, cursor, 2);
      for (const c of page.changes) {
        expect(c.version).toBeGreaterThan(cursor);
        expect(c.version).toBeLessThanOrEqual(page.cursor);
      }
      expect(page.cursor).toBeGreaterThanOrEqual(cursor);
      merge(page.changes);
      cursor = page.cursor;
      return page;
    };
    const pollToEnd = async () => {
      let more = true;
      while (more) more = (await poll()).hasMore;
    };
    const batch = (deviceId: string, session: 'AM' | 'PM') =>
      ['p1', 'p2', 'p3', 'p4'].map((pupilId) =>
        officeMark(pupilId, '2026-11-26', session, deviceId),
      );
    const opsA = batch('office-c1', 'AM');
    const opsB = batch('office-c2', 'PM');

    if (target.kind === 'postgres') {
      // One commit delayed for real: a writer holds the next version; both pushes queue behind it.
      const committed = await versionNow();
      const reversioned = await db
        .selectFrom('amendments')
        .select('op_id')
        .where('pupil_id', '=', 'p3')
        .orderBy('seq')
        .executeTakeFirstOrThrow();
      const lock = await delayedCommit(db, school.id, reversioned.op_id);
      let settled = 0;
      const pushA = push(server, office, 'office-c1', opsA).finally(() => settled++);
      const pidA = await lock.waiter([]);
      await poll();
      const pushB = push(server, office, 'office-c2', opsB).finally(() => settled++);
      await lock.waiter([pidA]);
      try {
        for (let i = 0; i < 5; i++) {
          const page = await poll();
          expect(page.cursor).toBeLessThanOrEqual(committed);
        }
        expect(settled).toBe(0);
      } finally {
        lock.release();
        await lock.done;
      }
      const polling = (async () => {
        while (settled < 2) await poll();
      })();
      const [a, b] = await Promise.all([pushA, pushB, polling]);
      expect([...statuses(a.body), ...statuses(b.body)]).toEqual(Array(8).fill('applied'));
      await pollToEnd();
      expect(seen.get(`amendment:${reversioned.op_id}`)?.version).toBe(committed + 1);
    } else {
      // PGlite runs one transaction at a time: the same race, serialized by the store.
      const race = { done: false, polls: 0 };
      const polling = (async () => {
        while (!race.done) {
          await poll();
          race.polls++;
        }
      })();
      const results = await Promise.all([
        push(server, office, 'office-c1', opsA),
        push(server, office, 'office-c2', opsB),
      ]);
      race.done = true;
      await polling;
      expect(race.polls).toBeGreaterThan(0);
      expect(results.flatMap((r) => statuses(r.body))).toEqual(Array(8).fill('applied'));
      await pollToEnd();
    }

    const full = await pullAll(server, hughes);
    expect(cursor).toBe(full.cursor);
    expect(cursor).toBe(await versionNow());
    expect(new Map([...seen].sort())).toEqual(
      new Map(full.changes.map((c) => [changeKey(c), c] as const).sort()),
    );
    for (const op of [...opsA, ...opsB]) expect(seen.has(`amendment:${op.opId}`)).toBe(true);
  });
});
