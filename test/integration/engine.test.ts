/**
 * The client sync engine against the real server over real HTTP (docs/sync-protocol.md §4–§7,
 * docs/architecture.md §3.3): answers lost on the way back, pushes delivered twice, the server
 * crashing mid-queue, sequence gaps, an expired session, and several staff on one device. Each
 * device is its own fake-indexeddb database. Runs on PGlite and, with DATABASE_URL, on PostgreSQL.
 */
import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RollcallServer } from '../../src/server/app.ts';
import { saveAuth, clearAuth } from '../../src/storage/auth.ts';
import { callsFor } from '../../src/storage/calls.ts';
import { listRejected, pendingCount, pendingFor, recordCall } from '../../src/storage/outbox.ts';
import {
  auditCounts,
  crashServer,
  deviceCodes,
  drain,
  openDevice,
  serverCodes,
  signIn,
  sleep,
  untilPhase,
  type Device,
} from './engineHarness.ts';
import { startTestServer, storeTargets, type TestServer } from './harness.ts';
import type { HistoryResponse } from '../../src/schema/reads.ts';

const G3B = ['p1', 'p2', 'p3', 'p4'];
const G4H = ['p5', 'p6', 'p7', 'p8'];

describe.each(storeTargets())('[engine] on $kind', (target) => {
  let server: TestServer;
  let restarted: RollcallServer | null = null;
  const devices: Device[] = [];

  async function device(username: string, options = {}): Promise<Device> {
    const opened = await openDevice(server, username, options);
    devices.push(opened);
    return opened;
  }

  /** Moves the server to 08:55 on `date`, with the AM register open. */
  async function morningOf(date: string): Promise<void> {
    await server.setClock(`${date}T08:55:00Z`);
  }

  async function historyOf(pupilId: string, date: string): Promise<HistoryResponse['entries']> {
    const office = await signIn(server, 'office');
    const answer = await server.api<HistoryResponse>(
      office.token,
      'GET',
      `/api/marks/${pupilId}/${date}/AM/history`,
    );
    return answer.body.entries;
  }

  /** Every op is in the audit exactly once: nothing lost, nothing doubled. */
  async function expectEachOnce(opIds: readonly string[]): Promise<void> {
    const counts = await auditCounts(server);
    expect(opIds.map((opId) => counts.get(opId) ?? 0)).toEqual(opIds.map(() => 1));
  }

  beforeAll(async () => {
    server = await startTestServer(target, { suite: 'engine', now: '2026-11-23T08:55:00Z' });
  }, 30_000);

  afterEach(async () => {
    await Promise.all(devices.splice(0).map((d) => d.close()));
  });

  afterAll(async () => {
    if (restarted === null) await server.close();
    else {
      await restarted.close();
      await server.store.close();
    }
  });

  it('[lost-answer] pushes whose answers are lost are applied once after recovery', async () => {
    const date = '2026-11-23';
    await morningOf(date);
    const tablet = await device('t.hughes');
    tablet.net.mode = 'lose-answer';
    const ops = [];
    for (const [i, pupilId] of G3B.entries())
      ops.push(
        await tablet.mark({
          pupilId,
          date,
          session: 'AM',
          code: i === 3 ? 'N' : '/',
          basedOn: null,
          source: 'register',
        }),
      );
    await tablet.engine.settled();
    // A few retries, all of them applied on the server and answered into the void: waited for,
    // not slept on, so a busy machine only makes it slower.
    await expect
      .poll(() => tablet.net.pushes, { timeout: 10_000, interval: 20 })
      .toBeGreaterThan(1);
    expect(await pendingCount(tablet.db, tablet.auth.staff.id)).toBe(4);
    expect(tablet.engine.getStatus().lastError?.code).toBe('network');

    tablet.net.mode = 'up';
    await drain(tablet);
    await expectEachOnce(ops.map((op) => op.opId));
    for (const op of ops)
      expect((await historyOf(op.pupilId, date)).map((e) => e.opId)).toEqual([op.opId]);
    const token = tablet.auth.token;
    expect(await deviceCodes(tablet, G3B, date, 'AM')).toEqual(
      await serverCodes(server, token, 'g3b', date, 'AM'),
    );
    expect(tablet.engine.getStatus()).toMatchObject({
      pending: 0,
      rejected: 0,
      lastError: null,
      online: true,
    });
  });

  it('[doubled] every push sent twice still counts once', async () => {
    const date = '2026-11-24';
    await morningOf(date);
    const tablet = await device('t.other');
    tablet.net.isDoubling = true;
    const ops = [];
    for (const pupilId of G4H)
      ops.push(
        await tablet.mark({
          pupilId,
          date,
          session: 'AM',
          code: '/',
          basedOn: null,
          source: 'register',
        }),
      );
    await drain(tablet);
    // Change one mark, based on what the tablet saw: a second round of doubled pushes.
    ops.push(
      await tablet.mark({
        pupilId: 'p5',
        date,
        session: 'AM',
        code: 'N',
        basedOn: ops[0]?.opId ?? null,
        source: 'register',
      }),
    );
    await drain(tablet);
    expect(tablet.net.pushes).toBeGreaterThanOrEqual(2);
    await expectEachOnce(ops.map((op) => op.opId));
    expect((await historyOf('p5', date)).map((e) => e.amended)).toEqual(['/', 'N']);
    expect(await deviceCodes(tablet, G4H, date, 'AM')).toEqual(
      await serverCodes(server, tablet.auth.token, 'g4h', date, 'AM'),
    );
    expect(await listRejected(tablet.db)).toEqual({ ok: true, value: [] });
  });

  it('[restart] the server crashing between batches loses nothing and doubles nothing', async () => {
    const date = '2026-11-25';
    await morningOf(date);
    const office = await device('office', { pushBatchSize: 3 });
    office.net.mode = 'down';
    const ops = [];
    for (const pupilId of [...G3B, ...G4H])
      for (const session of ['AM', 'PM'] as const)
        ops.push(
          await office.mark({
            pupilId,
            date: '2026-11-20',
            session,
            code: 'M',
            basedOn: null,
            source: 'office',
            reason: 'Dentist, letter seen',
          }),
        );
    expect(await pendingCount(office.db, office.auth.staff.id)).toBe(16);
    const crash: { restart: (() => Promise<RollcallServer>) | null } = { restart: null };
    await office.engine.settled();
    office.net.pushes = 0;
    office.net.beforePush = async (count) => {
      // The second batch reaches the server; then it crashes before answering.
      if (count === 2) office.net.mode = 'lose-answer';
      if (count === 3 && crash.restart === null) crash.restart = await crashServer(server);
    };
    office.net.mode = 'up';
    office.engine.request('manual');
    for (let i = 0; i < 100 && crash.restart === null; i++) await sleep(20);
    if (crash.restart === null) throw new Error('the server never crashed');
    office.net.mode = 'up';
    // Backing off against a server that is not there (however slowly this machine gets there).
    for (let i = 0; i < 250 && office.engine.getStatus().phase !== 'backing-off'; i++)
      await sleep(20);
    expect(office.engine.getStatus().phase).toBe('backing-off');
    expect(await pendingCount(office.db, office.auth.staff.id)).toBeGreaterThan(0);
    restarted = await crash.restart();
    await drain(office);
    await expectEachOnce(ops.map((op) => op.opId));
    const token = office.auth.token;
    expect(await deviceCodes(office, G3B, '2026-11-20', 'PM')).toEqual(
      await serverCodes(server, token, 'g3b', '2026-11-20', 'PM'),
    );
  });

  it('[sequence-gap] a queue whose first ops were lost is renumbered after a 409 and sent', async () => {
    const date = '2026-11-26';
    await morningOf(date);
    const tablet = await device('t.hughes');
    tablet.net.mode = 'down';
    const ops = [];
    for (const pupilId of G3B)
      ops.push(
        await tablet.mark({
          pupilId,
          date,
          session: 'AM',
          code: '/',
          basedOn: null,
          source: 'register',
        }),
      );
    // Two queued ops vanish (storage evicted, a restore from backup): the server sees a gap.
    const queued = await pendingFor(tablet.db, tablet.auth.staff.id);
    if (!queued.ok) throw new Error(queued.error.message);
    await tablet.db.outbox.bulkDelete(queued.value.slice(0, 2).map((entry) => entry.id));
    tablet.net.mode = 'up';
    await drain(tablet);
    const kept = ops.slice(2).map((op) => op.opId);
    await expectEachOnce(kept);
    expect((await auditCounts(server)).get(ops[0]?.opId ?? '')).toBeUndefined();
    const codes = await deviceCodes(tablet, G3B, date, 'AM');
    expect(codes).toEqual(await serverCodes(server, tablet.auth.token, 'g3b', date, 'AM'));
    expect([codes['p3']?.code, codes['p4']?.code]).toEqual(['/', '/']);
  });

  it('[401] an ended session pauses sync; signing in again sends everything once', async () => {
    const date = '2026-11-30';
    await morningOf(date);
    const tablet = await device('t.hughes');
    const first = await tablet.mark({
      pupilId: 'p1',
      date,
      session: 'AM',
      code: '/',
      basedOn: null,
      source: 'register',
    });
    await drain(tablet);
    await server.api(tablet.auth.token, 'POST', '/api/auth/logout');
    const later = [];
    for (const pupilId of ['p2', 'p3'])
      later.push(
        await tablet.mark({
          pupilId,
          date,
          session: 'AM',
          code: '/',
          basedOn: null,
          source: 'register',
        }),
      );
    // The marks' own sync, once the writing has settled, meets the ended session.
    await untilPhase(tablet, 'needs-sign-in');
    expect(tablet.engine.getStatus()).toMatchObject({ phase: 'needs-sign-in', pending: 2 });
    expect(tablet.engine.getStatus().lastError?.code).toMatch(/session-expired|unauthorised/);
    const pushesWhilePaused = tablet.net.pushes;
    tablet.engine.request('manual');
    await tablet.engine.settled();
    expect(tablet.net.pushes).toBe(pushesWhilePaused);

    tablet.auth = await signIn(server, 't.hughes');
    await saveAuth(tablet.db, tablet.auth);
    await drain(tablet);
    expect(tablet.engine.getStatus().phase).toBe('idle');
    await expectEachOnce([first, ...later].map((op) => op.opId));
  });

  it('[author] ops are sent only under their author’s login', async () => {
    const date = '2026-12-01';
    await morningOf(date);
    const shared = await device('t.hughes');
    shared.net.mode = 'down';
    const hughesOp = await shared.mark({
      pupilId: 'p1',
      date,
      session: 'AM',
      code: '/',
      basedOn: null,
      source: 'register',
    });
    await clearAuth(shared.db);
    shared.auth = await signIn(server, 'office');
    await saveAuth(shared.db, shared.auth);
    const officeOp = await shared.mark({
      pupilId: 'p5',
      date,
      session: 'AM',
      code: 'I',
      basedOn: null,
      source: 'office',
      reason: 'Phoned in: unwell',
    });
    shared.net.mode = 'up';
    await drain(shared);
    expect(shared.engine.getStatus()).toMatchObject({ pending: 0, pendingForOthers: 1 });
    const counts = await auditCounts(server);
    expect([counts.get(officeOp.opId), counts.get(hughesOp.opId)]).toEqual([1, undefined]);

    shared.auth = await signIn(server, 't.hughes');
    await saveAuth(shared.db, shared.auth);
    await drain(shared);
    expect(shared.engine.getStatus()).toMatchObject({ pending: 0, pendingForOthers: 0 });
    await expectEachOnce([hughesOp.opId, officeOp.opId]);
    const history = await historyOf('p1', date);
    expect(history.map((e) => e.opId)).toEqual([hughesOp.opId]);
  });

  it('[poke] an office phone-in reaches a listening tablet without waiting for the timer', async () => {
    const date = '2026-12-02';
    await morningOf(date);
    const tablet = await device('t.other', { serverEvents: true });
    await drain(tablet);
    const office = await device('office');
    await office.mark({
      pupilId: 'p6',
      date,
      session: 'AM',
      code: 'I',
      basedOn: null,
      source: 'office',
      reason: 'Phoned in: unwell',
    });
    await drain(office);
    for (let i = 0; i < 100; i++) {
      if ((await deviceCodes(tablet, ['p6'], date, 'AM'))['p6']?.code === 'I') break;
      await sleep(20);
    }
    expect((await deviceCodes(tablet, ['p6'], date, 'AM'))['p6']?.code).toBe('I');
  });

  it('[call] a call logged offline reaches the server exactly once through lost answers and doubled pushes', async () => {
    const date = '2026-12-04';
    await morningOf(date);
    const office = await device('office');
    office.net.mode = 'down';
    const mark = await office.mark({
      pupilId: 'p2',
      date,
      session: 'AM',
      code: 'I',
      basedOn: null,
      source: 'office',
      reason: 'Phoned in: unwell',
      reportedBy: 'Parent 2',
    });
    const logged = await recordCall(office.db, {
      authorId: office.auth.staff.id,
      now: office.engine.now(),
      pupilId: 'p2',
      date,
      at: '08:50',
      contact: 'Parent 2',
      phone: '07700 900000',
      outcome: 'reason-given',
    });
    if (!logged.ok) throw new Error(logged.error.message);
    const call = logged.value;
    office.engine.request('write');
    expect(call.deviceSeq).toBe(mark.deviceSeq + 1);
    // Offline, the call shows at once as not sent.
    const offline = await callsFor(office.db, { authorId: 'office', pupilId: 'p2', date });
    expect(offline.ok && offline.value.map((c) => [c.opId, c.isPending])).toEqual([
      [call.opId, true],
    ]);

    office.net.mode = 'lose-answer';
    office.net.isDoubling = true;
    await expect
      .poll(() => office.net.pushes, { timeout: 10_000, interval: 20 })
      .toBeGreaterThan(1);
    office.net.mode = 'up';
    await drain(office);
    await expectEachOnce([mark.opId, call.opId]);
    const rows = await server.store.db
      .selectFrom('calls')
      .select(['op_id', 'outcome', 'device_seq'])
      .where('op_id', '=', call.opId)
      .execute();
    expect(rows).toEqual([
      { op_id: call.opId, outcome: 'reason-given', device_seq: call.deviceSeq },
    ]);
    expect((await historyOf('p2', date)).map((e) => [e.amended, e.reportedBy])).toEqual([
      ['I', 'Parent 2'],
    ]);
    // Pulled back and acknowledged: the device shows the server's copy, and nothing waits.
    const synced = await callsFor(office.db, { authorId: 'office', pupilId: 'p2', date });
    expect(synced.ok && synced.value.map((c) => [c.opId, c.isPending])).toEqual([
      [call.opId, false],
    ]);
    expect(await pendingCount(office.db, 'office')).toBe(0);
    expect(await listRejected(office.db)).toEqual({ ok: true, value: [] });
  });

  it('[lost-answer] an op refused while its answer was lost shows as rejected with the server’s own reason after the retry', async () => {
    const date = '2026-12-03';
    await morningOf(date);
    const tablet = await device('t.hughes');
    tablet.net.mode = 'lose-answer';
    const mark = (pupilId: string) =>
      tablet.mark({ pupilId, date, session: 'AM', code: '/', basedOn: null, source: 'register' });
    const mine = await mark('p1');
    const outsider = await mark('p5'); // 4H: not Ms Hughes's group
    for (let i = 0; i < 200 && (await auditCounts(server)).get(outsider.opId) === undefined; i++)
      await sleep(10);
    const audit = await server.store.db
      .selectFrom('audit')
      .select(['status', 'reason', 'code'])
      .where('op_id', '=', outsider.opId)
      .execute();
    expect(audit.map((row) => [row.status, row.code])).toEqual([['rejected', 'not-your-group']]);
    const reason = audit[0]?.reason;
    expect(reason).toEqual(expect.any(String));
    expect(await pendingCount(tablet.db, tablet.auth.staff.id)).toBe(2);

    tablet.net.mode = 'up';
    await drain(tablet);
    await expectEachOnce([mine.opId, outsider.opId]);
    const rejected = await listRejected(tablet.db);
    expect(rejected.ok && rejected.value.map((r) => [r.opId, r.code, r.reason])).toEqual([
      [outsider.opId, 'not-your-group', reason],
    ]);
    expect(tablet.engine.getStatus()).toMatchObject({ pending: 0, rejected: 1, lastError: null });
    expect((await deviceCodes(tablet, ['p1'], date, 'AM'))['p1']?.code).toBe('/');
  });
});
