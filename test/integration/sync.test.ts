/**
 * The sync contract over real HTTP (design.md §4): exactly-once push, sequence gaps, rejected and
 * reused ops, pull paging, read filtering, and a poller that must never skip a change while
 * pushes commit late. Runs on PGlite and, with DATABASE_URL, on PostgreSQL.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MarkOp, MovementOp } from '../../src/schema/op.ts';
import {
  changeKey,
  pullAll,
  pullPage,
  push,
  rowCounts,
  startTestServer,
  storeTargets,
  type PulledChange,
  type TestServer,
} from './harness.ts';

const DAY = '2026-11-23';
const at = (hhmmss: string, date = DAY) => `${date}T${hhmmss}Z`;

describe.each(storeTargets())('[sync] on $kind', (target) => {
  let server: TestServer;
  let hughes: string;
  let other: string;
  let office: string;

  /** Everything a replay could disturb: the full pull, the audit, device sequences, cells. */
  async function snapshot() {
    const { db } = server.store;
    return {
      changes: (await pullAll(server, office)).changes,
      counts: await rowCounts(server),
      audit: await db.selectFrom('audit').selectAll().orderBy('id').execute(),
      deviceSeqs: await db
        .selectFrom('device_seqs')
        .selectAll()
        .orderBy('device_id')
        .orderBy('author_id')
        .execute(),
      cells: await db
        .selectFrom('cells')
        .selectAll()
        .orderBy('pupil_id')
        .orderBy('date')
        .orderBy('session')
        .execute(),
    };
  }

  const statuses = (body: { results: { status: string }[] }) => body.results.map((r) => r.status);

  beforeAll(async () => {
    server = await startTestServer(target, { suite: 'sync', now: at('08:55:00') });
    [hughes, other, office] = await Promise.all([
      server.login('t.hughes'),
      server.login('t.other'),
      server.login('office'),
    ]);
  });

  afterAll(async () => {
    await server.close();
  });

  it('[exactly-once] a batch replayed 5 times is applied once; replays report duplicate', async () => {
    const teacherOps = (['p1', 'p2', 'p3'] as const).map((pupilId, i) =>
      server.mark({
        pupilId,
        date: DAY,
        session: 'AM',
        code: i === 2 ? 'N' : '/',
        recordedAt: at('08:53:00'),
        deviceId: 'tab-replay',
      }),
    );
    const officeOps: (MarkOp | MovementOp)[] = [
      server.mark({
        pupilId: 'p5',
        date: '2026-11-25',
        session: 'AM',
        code: 'M',
        source: 'office',
        recordedAt: at('08:54:00'),
        deviceId: 'office-replay',
      }),
      server.movement({
        pupilId: 'p6',
        date: DAY,
        direction: 'out',
        at: '08:50',
        reason: 'Dentist',
        recordedAt: at('08:54:00'),
        deviceId: 'office-replay',
      }),
    ];
    const before = await rowCounts(server);
    const first = [
      await push(server, hughes, 'tab-replay', teacherOps),
      await push(server, office, 'office-replay', officeOps),
    ];
    expect(first.map((r) => r.status)).toEqual([200, 200]);
    expect(first.flatMap((r) => statuses(r.body))).toEqual(Array(5).fill('applied'));
    const once = await snapshot();
    expect(once.counts).toEqual({
      amendments: before.amendments + 4,
      cells: before.cells + 4,
      movements: before.movements + 1,
      audit: before.audit + 5,
      device_seqs: before.device_seqs + 2,
    });

    for (let replay = 0; replay < 5; replay++) {
      const again = [
        await push(server, hughes, 'tab-replay', teacherOps),
        await push(server, office, 'office-replay', officeOps),
      ];
      expect(again.map((r) => r.status)).toEqual([200, 200]);
      expect(again.flatMap((r) => r.body.results)).toEqual(
        [...teacherOps, ...officeOps].map((op) => ({ opId: op.opId, status: 'duplicate' })),
      );
    }
    expect(await snapshot()).toEqual(once);
  });

  it('[exactly-once] a push whose response was lost, sent again, counts once', async () => {
    const ops = (['p5', 'p6'] as const).map((pupilId) =>
      server.mark({
        pupilId,
        date: DAY,
        session: 'AM',
        code: '/',
        recordedAt: at('08:54:00'),
        deviceId: 'tab-lost',
      }),
    );
    const before = await rowCounts(server);
    // The response of the first attempt never reaches the tablet: it only knows it sent the body.
    await push(server, other, 'tab-lost', ops);
    const retry = await push(server, other, 'tab-lost', ops);
    expect(retry.status).toBe(200);
    expect(statuses(retry.body)).toEqual(['duplicate', 'duplicate']);
    const afterRetry = await snapshot();
    expect(afterRetry.counts).toEqual({
      ...before,
      amendments: before.amendments + 2,
      cells: before.cells + 2,
      audit: before.audit + 2,
      device_seqs: before.device_seqs + 1,
    });
    expect(afterRetry.deviceSeqs.find((d) => d.device_id === 'tab-lost')?.last_seq).toBe(2);

    // The retry can also overtake the first attempt, still in flight: one applies, one is a duplicate.
    const raced = (['p7', 'p8'] as const).map((pupilId) =>
      server.mark({
        pupilId,
        date: DAY,
        session: 'AM',
        code: '/',
        recordedAt: at('08:54:00'),
        deviceId: 'tab-race',
      }),
    );
    const both = await Promise.all([
      push(server, other, 'tab-race', raced),
      push(server, other, 'tab-race', raced),
    ]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect(both.map((r) => statuses(r.body).join()).sort()).toEqual([
      'applied,applied',
      'duplicate,duplicate',
    ]);
    expect(await rowCounts(server)).toEqual({
      ...afterRetry.counts,
      amendments: afterRetry.counts.amendments + 2,
      cells: afterRetry.counts.cells + 2,
      audit: afterRetry.counts.audit + 2,
      device_seqs: afterRetry.counts.device_seqs + 1,
    });
  });

  it('[sequence-gap] a gap answers 409 with expectedSeq and is recovered by resending from it', async () => {
    const op = (deviceSeq: number, pupilId: string) =>
      server.mark({
        pupilId,
        date: '2026-11-24',
        session: 'PM',
        code: 'M',
        source: 'office',
        recordedAt: at('08:54:00'),
        deviceId: 'office-gap',
        deviceSeq,
      });
    const ops = [op(1, 'p1'), op(2, 'p2'), op(3, 'p3'), op(4, 'p4'), op(5, 'p5')] as const;
    expect(statuses((await push(server, office, 'office-gap', [ops[0]])).body)).toEqual([
      'applied',
    ]);
    const gap = await push(server, office, 'office-gap', [ops[2]]);
    expect(gap.status).toBe(409);
    expect(gap.body).toMatchObject({ error: 'sequence-gap', expectedSeq: 2 });
    expect(typeof (gap.body as unknown as { message: unknown }).message).toBe('string');
    const audited = async (opId: string) =>
      (
        await server.store.db
          .selectFrom('audit')
          .select('op_id')
          .where('op_id', '=', opId)
          .execute()
      ).length;
    expect(await audited(ops[2].opId)).toBe(0);

    // Ops before a gap are kept; the answer names the next number wanted.
    const partial = await push(server, office, 'office-gap', [ops[1], ops[2], ops[4]]);
    expect(partial.status).toBe(409);
    expect(partial.body).toMatchObject({
      error: 'sequence-gap',
      expectedSeq: 4,
      results: [
        { opId: ops[1].opId, status: 'applied' },
        { opId: ops[2].opId, status: 'applied' },
      ],
    });
    expect(await audited(ops[4].opId)).toBe(0);
    const resend = await push(server, office, 'office-gap', [ops[3], ops[4]]);
    expect(resend.status).toBe(200);
    expect(statuses(resend.body)).toEqual(['applied', 'applied']);
    for (const o of ops) expect(await audited(o.opId)).toBe(1);
  });

  it('[rejected] a rejected op uses up its number and never blocks the ops after it', async () => {
    const replayP1 = await server.store.db
      .selectFrom('cells')
      .select('head_op_id')
      .where('pupil_id', '=', 'p1')
      .where('date', '=', DAY)
      .where('session', '=', 'AM')
      .executeTakeFirstOrThrow();
    const outsider = server.mark({
      pupilId: 'p5', // 4H: not Ms Hughes's group
      date: DAY,
      session: 'AM',
      code: '/',
      recordedAt: at('08:54:00'),
      deviceId: 'tab-rej',
    });
    const absent = server.mark({
      pupilId: 'p1',
      date: DAY,
      session: 'AM',
      code: 'N',
      basedOn: replayP1.head_op_id,
      recordedAt: at('08:54:10'),
      deviceId: 'tab-rej',
    });
    const first = await push(server, hughes, 'tab-rej', [outsider, absent]);
    expect(first.status).toBe(200);
    expect(first.body.results).toMatchObject([
      { opId: outsider.opId, status: 'rejected', code: 'not-your-group' },
      { opId: absent.opId, status: 'applied' },
    ]);
    expect(first.body.results[0]?.reason).toEqual(expect.any(String));
    const present = server.mark({
      pupilId: 'p1',
      date: DAY,
      session: 'AM',
      code: '/',
      basedOn: absent.opId,
      recordedAt: at('08:54:20'),
      deviceId: 'tab-rej',
    });
    expect(present.deviceSeq).toBe(3);
    const next = await push(server, hughes, 'tab-rej', [present]);
    expect(next.status).toBe(200);
    expect(statuses(next.body)).toEqual(['applied']);
    // The rejection is evidence: audited once, and a resend of it is only a duplicate.
    const again = await push(server, hughes, 'tab-rej', [outsider]);
    expect(statuses(again.body)).toEqual(['duplicate']);
    const audit = await server.store.db
      .selectFrom('audit')
      .select(['status', 'reason'])
      .where('op_id', '=', outsider.opId)
      .execute();
    expect(audit).toEqual([{ status: 'rejected', reason: expect.any(String) }]);
    const amendments = await server.store.db
      .selectFrom('amendments')
      .select('op_id')
      .where('op_id', '=', outsider.opId)
      .execute();
    expect(amendments).toEqual([]);
  });

  it('[op-id-reused] an opId sent again with different content is rejected; the original stays a duplicate', async () => {
    const original = server.mark({
      pupilId: 'p2',
      date: '2026-11-25',
      session: 'AM',
      code: 'M',
      source: 'office',
      recordedAt: at('08:54:00'),
      deviceId: 'office-reuse',
      deviceSeq: 1,
    });
    expect(statuses((await push(server, office, 'office-reuse', [original])).body)).toEqual([
      'applied',
    ]);
    const changed = { ...original, code: 'I', reason: 'Ill after all', deviceSeq: 2 };
    const sameSeqChanged = { ...original, code: 'I', reason: 'Ill after all' };
    const reused = await push(server, office, 'office-reuse', [changed]);
    expect(reused.body.results).toMatchObject([
      { opId: original.opId, status: 'rejected', code: 'op-id-reused' },
    ]);
    const sameSeq = await push(server, office, 'office-reuse', [sameSeqChanged]);
    expect(sameSeq.body.results).toMatchObject([
      { opId: original.opId, status: 'rejected', code: 'op-id-reused' },
    ]);
    // Resending either op exactly as first sent is a duplicate, in separate pushes or one batch.
    const replays = await push(server, office, 'office-reuse', [original, changed, original]);
    expect(replays.status).toBe(200);
    expect(statuses(replays.body)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    const cell = await server.store.db
      .selectFrom('cells')
      .select(['code', 'head_op_id'])
      .where('pupil_id', '=', 'p2')
      .where('date', '=', '2026-11-25')
      .where('session', '=', 'AM')
      .executeTakeFirstOrThrow();
    expect(cell).toEqual({ code: 'M', head_op_id: original.opId });
  });

  it('[pull] limit=3 pages return every change exactly once, never splitting a version', async () => {
    const start = (await pullAll(server, office)).cursor;
    const ops: (MarkOp | MovementOp)[] = [];
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8]) {
      for (const [date, session] of [
        ['2026-11-24', 'AM'],
        ['2026-11-25', 'PM'],
      ] as const)
        ops.push(
          server.mark({
            pupilId: `p${String(n)}`,
            date,
            session,
            code: 'M',
            source: 'office',
            recordedAt: at('08:54:00'),
            deviceId: 'office-page',
          }),
        );
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
    merge((await pullAll(server, hughes)).changes);
    cursor = (await pullAll(server, hughes)).cursor;
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
        server.mark({
          pupilId,
          date: '2026-11-26',
          session,
          code: 'M',
          source: 'office',
          recordedAt: at('08:54:00'),
          deviceId,
        }),
      );
    const opsA = batch('office-c1', 'AM');
    const opsB = batch('office-c2', 'PM');

    if (target.kind === 'postgres') {
      // A writer that has taken the next version holds the school's lock and has not committed.
      const committed = await versionNow();
      const reversioned = await db
        .selectFrom('amendments')
        .select('op_id')
        .where('pupil_id', '=', 'p3')
        .orderBy('seq')
        .executeTakeFirstOrThrow();
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let holding!: (pid: number) => void;
      const held = new Promise<number>((resolve) => (holding = resolve));
      const holder = db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        const bumped = await sql<{
          version: number;
        }>`update schools set version = version + 1 where id = ${school.id} returning version`.execute(
          trx,
        );
        await trx
          .updateTable('amendments')
          .set({ version: bumped.rows[0]?.version ?? -1 })
          .where('op_id', '=', reversioned.op_id)
          .execute();
        holding(rows[0]?.pid ?? 0);
        await released;
      });
      const pid = await held;
      /** The backends (other than `known`) waiting on the holder or on a backend in `known`. */
      const waiter = async (known: readonly number[]): Promise<number> => {
        for (let i = 0; i < 300; i++) {
          const r = await sql<{ pid: number }>`select pid from pg_stat_activity
            where pg_blocking_pids(pid) && ${[pid, ...known]}::int[]
            and not pid = any(${[pid, ...known]}::int[])`.execute(db);
          const found = r.rows[0]?.pid;
          if (found !== undefined) return found;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        release();
        throw new Error('a push never waited for the school lock');
      };
      let settled = 0;
      const pushA = push(server, office, 'office-c1', opsA).finally(() => settled++);
      const pidA = await waiter([]);
      await poll();
      const pushB = push(server, office, 'office-c2', opsB).finally(() => settled++);
      await waiter([pidA]);
      try {
        for (let i = 0; i < 5; i++) {
          const page = await poll();
          expect(page.cursor).toBeLessThanOrEqual(committed);
        }
        expect(settled).toBe(0);
      } finally {
        release();
        await holder;
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
      let done = false;
      const polling = (async () => {
        while (!done) await poll();
      })();
      const results = await Promise.all([
        push(server, office, 'office-c1', opsA),
        push(server, office, 'office-c2', opsB),
      ]);
      done = true;
      await polling;
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
