/**
 * The push half of the sync contract over real HTTP (docs/sync-protocol.md §4): exactly-once
 * delivery (marks, movements and calls alike), sequence gaps, rejected ops and reused opIds. The
 * pull half is in pull.test.ts. Runs on PGlite and, with DATABASE_URL, on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MarkOp, Op } from '../../src/schema/op.ts';
import {
  pullAll,
  push,
  rowCounts,
  startTestServer,
  storeTargets,
  type TestServer,
} from './harness.ts';

const DAY = '2026-11-23';
const at = (hhmmss: string) => `${DAY}T${hhmmss}Z`;

type Counts = Awaited<ReturnType<typeof rowCounts>>;
const grew = (counts: Counts, delta: Partial<Counts>): Counts => {
  const out = { ...counts };
  for (const key of Object.keys(delta) as (keyof Counts)[]) out[key] += delta[key] ?? 0;
  return out;
};

describe.each(storeTargets())('[sync] on $kind', (target) => {
  let server: TestServer;
  let hughes: string;
  let other: string;
  let office: string;

  /** Everything a replay could disturb: full pull and cursor, audit, device sequences, cells. */
  async function snapshot() {
    const { db } = server.store;
    const pulled = await pullAll(server, office);
    return {
      changes: pulled.changes,
      cursor: pulled.cursor,
      school: await db.selectFrom('schools').select(['version', 'op_seq']).execute(),
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
  const teacherMark = (pupilId: string, deviceId: string, fields: Partial<MarkOp> = {}) =>
    server.mark({
      pupilId,
      date: DAY,
      session: 'AM',
      code: '/',
      recordedAt: at('08:54:00'),
      deviceId,
      ...fields,
    });
  const officeMark = (
    pupilId: string,
    date: string,
    session: 'AM' | 'PM',
    deviceId: string,
    fields: Partial<MarkOp> = {},
  ) =>
    server.mark({
      pupilId,
      date,
      session,
      code: 'M',
      source: 'office',
      recordedAt: at('08:54:00'),
      deviceId,
      ...fields,
    });
  const audited = async (opId: string) =>
    await server.store.db
      .selectFrom('audit')
      .select(['status', 'reason', 'code'])
      .where('op_id', '=', opId)
      .orderBy('id')
      .execute();

  beforeAll(async () => {
    server = await startTestServer(target, { suite: 'sync', now: at('08:55:00') });
    [hughes, other, office] = await Promise.all([
      server.login('t.hughes'),
      server.login('t.other'),
      server.login('office'),
    ]);
  }, 30_000);

  afterAll(async () => {
    await server.close();
  });

  it('[exactly-once] a batch replayed 5 times is applied once; replays report a duplicate of an applied op', async () => {
    const teacherOps = ['p1', 'p2', 'p3'].map((pupilId, i) =>
      teacherMark(pupilId, 'tab-replay', { code: i === 2 ? 'N' : '/' }),
    );
    const officeOps: Op[] = [
      officeMark('p5', '2026-11-25', 'AM', 'office-replay'),
      server.movement({
        pupilId: 'p6',
        date: DAY,
        direction: 'out',
        at: '08:50',
        reason: 'Dentist',
        recordedAt: at('08:54:00'),
        deviceId: 'office-replay',
      }),
      server.call({
        pupilId: 'p7',
        date: DAY,
        at: '08:53',
        outcome: 'message-left',
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
    expect(first.flatMap((r) => statuses(r.body))).toEqual(Array(6).fill('applied'));
    const once = await snapshot();
    expect(once.counts).toEqual(
      grew(before, { amendments: 4, cells: 4, movements: 1, calls: 1, audit: 6, device_seqs: 2 }),
    );

    for (let replay = 0; replay < 5; replay++) {
      const again = [
        await push(server, hughes, 'tab-replay', teacherOps),
        await push(server, office, 'office-replay', officeOps),
      ];
      expect(again.map((r) => r.status)).toEqual([200, 200]);
      expect(again.flatMap((r) => r.body.results)).toEqual(
        [...teacherOps, ...officeOps].map((op) => ({
          opId: op.opId,
          status: 'duplicate',
          original: 'applied',
        })),
      );
    }
    expect(await snapshot()).toEqual(once);
  });

  it('[exactly-once] a push whose response was lost, sent again, counts once', async () => {
    const ops = ['p5', 'p6'].map((pupilId) => teacherMark(pupilId, 'tab-lost'));
    const before = await rowCounts(server);
    // The response of the first attempt never reaches the tablet: it only knows it sent the body.
    await push(server, other, 'tab-lost', ops);
    const retry = await push(server, other, 'tab-lost', ops);
    expect(retry.status).toBe(200);
    expect(statuses(retry.body)).toEqual(['duplicate', 'duplicate']);
    const afterRetry = await snapshot();
    const twoOps = { amendments: 2, cells: 2, audit: 2, device_seqs: 1 };
    expect(afterRetry.counts).toEqual(grew(before, twoOps));
    expect(afterRetry.deviceSeqs.find((d) => d.device_id === 'tab-lost')?.last_seq).toBe(2);

    // The retry can also overtake the first attempt, still in flight: one applies, one is a duplicate.
    const raced = ['p7', 'p8'].map((pupilId) => teacherMark(pupilId, 'tab-race'));
    const both = await Promise.all([
      push(server, other, 'tab-race', raced),
      push(server, other, 'tab-race', raced),
    ]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect(both.map((r) => statuses(r.body).join()).sort()).toEqual([
      'applied,applied',
      'duplicate,duplicate',
    ]);
    expect(await rowCounts(server)).toEqual(grew(afterRetry.counts, twoOps));
  });

  it('[sequence-gap] a gap answers 409 with expectedSeq and is recovered by resending from it', async () => {
    const op = (deviceSeq: number, pupilId: string) =>
      officeMark(pupilId, '2026-11-24', 'PM', 'office-gap', { deviceSeq });
    const ops = [op(1, 'p1'), op(2, 'p2'), op(3, 'p3'), op(4, 'p4'), op(5, 'p5')] as const;
    expect(statuses((await push(server, office, 'office-gap', [ops[0]])).body)).toEqual([
      'applied',
    ]);
    const gap = await push(server, office, 'office-gap', [ops[2]]);
    expect(gap.status).toBe(409);
    expect(gap.body).toMatchObject({ error: 'sequence-gap', expectedSeq: 2 });
    expect(typeof (gap.body as unknown as { message: unknown }).message).toBe('string');
    expect(await audited(ops[2].opId)).toEqual([]);

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
    expect(await audited(ops[4].opId)).toEqual([]);
    const resend = await push(server, office, 'office-gap', [ops[3], ops[4]]);
    expect(resend.status).toBe(200);
    expect(statuses(resend.body)).toEqual(['applied', 'applied']);
    for (const o of ops)
      expect(await audited(o.opId)).toEqual([{ status: 'applied', reason: null, code: null }]);
  });

  it('[rejected] a rejected op uses up its number, never blocks the ops after it, and a replay repeats its reason', async () => {
    const replayP1 = await server.store.db
      .selectFrom('cells')
      .select('head_op_id')
      .where('pupil_id', '=', 'p1')
      .where('date', '=', DAY)
      .where('session', '=', 'AM')
      .executeTakeFirstOrThrow();
    const outsider = teacherMark('p5', 'tab-rej'); // 4H: not Ms Hughes's group
    const absent = teacherMark('p1', 'tab-rej', { code: 'N', basedOn: replayP1.head_op_id });
    const first = await push(server, hughes, 'tab-rej', [outsider, absent]);
    expect(first.status).toBe(200);
    expect(first.body.results).toMatchObject([
      { opId: outsider.opId, status: 'rejected', code: 'not-your-group' },
      { opId: absent.opId, status: 'applied' },
    ]);
    expect(first.body.results[0]?.reason).toEqual(expect.any(String));
    const present = teacherMark('p1', 'tab-rej', { basedOn: absent.opId });
    expect(present.deviceSeq).toBe(3);
    const next = await push(server, hughes, 'tab-rej', [present]);
    expect(next.status).toBe(200);
    expect(statuses(next.body)).toEqual(['applied']);
    // The rejection is evidence: audited once, and a resend of it (its answer lost) is only a
    // duplicate, which repeats the original rejection's reason and code.
    const again = await push(server, hughes, 'tab-rej', [outsider, absent]);
    expect(again.body.results).toEqual([
      {
        opId: outsider.opId,
        status: 'duplicate',
        original: 'rejected',
        reason: first.body.results[0]?.reason,
        code: 'not-your-group',
      },
      { opId: absent.opId, status: 'duplicate', original: 'applied' },
    ]);
    expect(await audited(outsider.opId)).toEqual([
      { status: 'rejected', reason: first.body.results[0]?.reason, code: 'not-your-group' },
    ]);
    const amendments = await server.store.db
      .selectFrom('amendments')
      .select('op_id')
      .where('op_id', '=', outsider.opId)
      .execute();
    expect(amendments).toEqual([]);
  });

  it('[rejected] the same rejected op twice in one batch: the second repeats the first’s outcome', async () => {
    const outsider = teacherMark('p6', 'tab-rej-twice');
    const response = await push(server, hughes, 'tab-rej-twice', [outsider, outsider]);
    expect(response.status).toBe(200);
    const [first, second] = response.body.results;
    expect(first).toMatchObject({ status: 'rejected', code: 'not-your-group' });
    expect(second).toEqual({
      opId: outsider.opId,
      status: 'duplicate',
      original: 'rejected',
      reason: first?.reason,
      code: 'not-your-group',
    });
    expect(await audited(outsider.opId)).toHaveLength(1);
  });

  it('[op-id-reused] an opId sent again with different content is rejected; the original stays a duplicate', async () => {
    const original = officeMark('p2', '2026-11-25', 'AM', 'office-reuse', { deviceSeq: 1 });
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
    // Resending either op exactly as first sent is a duplicate, in separate pushes or one batch,
    // each with the outcome of its own first receipt.
    const replays = await push(server, office, 'office-reuse', [original, changed, original]);
    expect(replays.status).toBe(200);
    expect(replays.body.results).toMatchObject([
      { opId: original.opId, status: 'duplicate', original: 'applied' },
      { opId: original.opId, status: 'duplicate', original: 'rejected', code: 'op-id-reused' },
      { opId: original.opId, status: 'duplicate', original: 'applied' },
    ]);
    expect(replays.body.results[0]).not.toHaveProperty('reason');
    expect(replays.body.results[1]?.reason).toBe(reused.body.results[0]?.reason);
    const cell = await server.store.db
      .selectFrom('cells')
      .select(['code', 'head_op_id'])
      .where('pupil_id', '=', 'p2')
      .where('date', '=', '2026-11-25')
      .where('session', '=', 'AM')
      .executeTakeFirstOrThrow();
    expect(cell).toEqual({ code: 'M', head_op_id: original.opId });
    expect((await audited(original.opId)).map((a) => a.status)).toEqual([
      'applied',
      'rejected',
      'rejected',
    ]);
  });
});
