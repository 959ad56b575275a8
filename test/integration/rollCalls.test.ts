/**
 * Fire roll calls over real HTTP (docs/sync-protocol.md §3 `rollcall`, §5.3, §6): each step is
 * pushed once, audited, numbered with the device's sequence, checked against the roll call's
 * steps so far, taken by every role, and pulled by every role — a teacher the starts, the ends
 * and the ticks of their own groups.
 *
 * Monday 2026-11-23 (GMT, so `Z` times are school times); the server's clock starts at 10:30.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RollCallOp } from '../../src/schema/op.ts';
import type { PushResult } from '../../src/schema/sync.ts';
import { pullAll, push, startTestServer, storeTargets, type TestServer } from './harness.ts';

const TODAY = '2026-11-23';
const at = (hhmm: string, date = TODAY): string => `${date}T${hhmm}:00Z`;

type Who = 't.hughes' | 't.other' | 'reception' | 'office' | 'admin';

describe.each(storeTargets())('[roll-call] on $kind', (target) => {
  let server: TestServer;
  const tokens = new Map<Who, string>();
  const token = (who: Who): string => tokens.get(who) ?? '';
  const deviceOf = (who: Who) => `${who.replace(/[^a-z]/g, '')}-rollcall`;
  const seqs = new Map<Who, number>();
  const nextSeq = (who: Who): number => {
    const seq = (seqs.get(who) ?? 0) + 1;
    seqs.set(who, seq);
    return seq;
  };

  function start(who: Who, fields: Partial<RollCallOp> = {}): RollCallOp {
    const opId = randomUUID();
    return step(who, { action: 'start', opId, rollCallId: opId, ...fields });
  }

  function step(
    who: Who,
    fields: Partial<RollCallOp> & Pick<RollCallOp, 'action' | 'rollCallId'>,
  ): RollCallOp {
    const { pupilId, ...rest } = fields;
    return {
      kind: 'rollcall',
      opId: randomUUID(),
      deviceId: deviceOf(who),
      deviceSeq: nextSeq(who),
      date: TODAY,
      recordedAt: at('10:05'),
      ...rest,
      ...(pupilId === undefined ? {} : { pupilId }),
    };
  }

  const tick = (who: Who, rollCallId: string, pupilId: string, recordedAt = at('10:06')) =>
    step(who, { action: 'tick', rollCallId, pupilId, recordedAt });

  async function send(who: Who, ops: readonly RollCallOp[]): Promise<PushResult[]> {
    const response = await push(server, token(who), deviceOf(who), ops);
    expect(response.status).toBe(200);
    return response.body.results;
  }

  const stored = (opId: string) =>
    server.store.db.selectFrom('roll_call_steps').selectAll().where('op_id', '=', opId).execute();
  const audited = (opId: string) =>
    server.store.db
      .selectFrom('audit')
      .select(['status', 'code', 'author_id'])
      .where('op_id', '=', opId)
      .orderBy('id')
      .execute();

  /** A rejection is a 200 result with a code and a sentence; nothing is stored but the audit row. */
  async function expectRejected(who: Who, op: RollCallOp, code: string): Promise<void> {
    const [result] = await send(who, [op]);
    expect(result).toEqual({
      opId: op.opId,
      status: 'rejected',
      code,
      reason: expect.any(String) as unknown,
    });
    expect(result?.reason).toMatch(/^\S+( \S+){3,}/);
    expect(await stored(op.opId)).toEqual([]);
    expect((await audited(op.opId)).map((a) => [a.status, a.code])).toEqual([['rejected', code]]);
  }

  beforeAll(async () => {
    server = await startTestServer(target, { suite: 'rollcalls', now: at('10:30') });
    for (const who of ['t.hughes', 't.other', 'reception', 'office', 'admin'] as const)
      tokens.set(who, await server.login(who));
  }, 30_000);

  afterAll(async () => {
    await server.close();
  });

  it('[roll-call-once] a start and a tick are applied once, stored and audited; sent again they are duplicates', async () => {
    const begun = start('reception');
    const first = tick('reception', begun.rollCallId, 'p1');
    expect(await send('reception', [begun, first])).toEqual([
      { opId: begun.opId, status: 'applied' },
      { opId: first.opId, status: 'applied' },
    ]);
    expect(await stored(first.opId)).toEqual([
      expect.objectContaining({
        school_id: 'school-100001',
        roll_call_id: begun.rollCallId,
        action: 'tick',
        pupil_id: 'p1',
        date: TODAY,
        author_id: 'reception',
        device_id: deviceOf('reception'),
        device_seq: first.deviceSeq,
        recorded_at: '2026-11-23T10:06:00.000Z',
      }),
    ]);
    expect((await stored(begun.opId)).map((r) => [r.action, r.pupil_id])).toEqual([
      ['start', null],
    ]);
    for (let again = 0; again < 3; again++)
      expect(await send('reception', [begun, first])).toEqual([
        { opId: begun.opId, status: 'duplicate', original: 'applied' },
        { opId: first.opId, status: 'duplicate', original: 'applied' },
      ]);
    expect(await stored(first.opId)).toHaveLength(1);
    expect(await audited(first.opId)).toEqual([
      { status: 'applied', code: null, author_id: 'reception' },
    ]);
  });

  it('[roll-call-rights] every role starts, ticks and ends; a step for another day is not-today', async () => {
    for (const who of ['t.hughes', 'office', 'admin', 'reception'] as const) {
      const begun = start(who);
      // A teacher may tick a pupil of any group: 4H is not Mr Hughes's.
      const ticked = tick(who, begun.rollCallId, 'p5');
      const ended = step(who, {
        action: 'end',
        rollCallId: begun.rollCallId,
        recordedAt: at('10:20'),
      });
      expect(
        (await send(who, [begun, ticked, ended])).map((r) => r.status),
        who,
      ).toEqual(['applied', 'applied', 'applied']);
    }
    await expectRejected('office', start('office', { date: '2026-11-20' }), 'not-today');
  });

  it('[roll-call-rules] a pupil ticked twice, unticked when not ticked, an unknown roll call, ending twice, a tick after the end', async () => {
    const begun = start('office');
    expect((await send('office', [begun, tick('office', begun.rollCallId, 'p2')]))[1]?.status).toBe(
      'applied',
    );
    // Another marshal ticks the same pupil on a device that had not heard.
    await expectRejected('reception', tick('reception', begun.rollCallId, 'p2'), 'already-ticked');
    await expectRejected(
      'reception',
      step('reception', { action: 'untick', rollCallId: begun.rollCallId, pupilId: 'p3' }),
      'not-ticked',
    );
    await expectRejected('office', tick('office', 'no-such-roll-call', 'p3'), 'unknown-roll-call');
    await expectRejected(
      'office',
      step('office', {
        action: 'tick',
        rollCallId: begun.rollCallId,
        pupilId: 'p3',
        date: '2026-11-24',
      }),
      'not-today',
    );
    await expectRejected('office', tick('office', begun.rollCallId, 'p99'), 'unknown-pupil');
    const end = step('office', {
      action: 'end',
      rollCallId: begun.rollCallId,
      recordedAt: at('10:15'),
    });
    expect((await send('office', [end]))[0]?.status).toBe('applied');
    await expectRejected(
      'admin',
      step('admin', { action: 'end', rollCallId: begun.rollCallId, recordedAt: at('10:16') }),
      'roll-call-ended',
    );
    await expectRejected(
      'reception',
      tick('reception', begun.rollCallId, 'p4', at('10:15')),
      'roll-call-ended',
    );
    // Ticked offline before the end, received after it: it stands.
    const early = tick('reception', begun.rollCallId, 'p4', at('10:14'));
    expect((await send('reception', [early]))[0]?.status).toBe('applied');
    // An untick then a tick of the same pupil in one push: both fit in order.
    const again = start('office');
    const steps = [
      again,
      tick('office', again.rollCallId, 'p1'),
      step('office', { action: 'untick', rollCallId: again.rollCallId, pupilId: 'p1' }),
      tick('office', again.rollCallId, 'p1'),
    ];
    expect((await send('office', steps)).map((r) => r.status)).toEqual([
      'applied',
      'applied',
      'applied',
      'applied',
    ]);
  });

  it('[roll-call-input] a start naming a pupil, a tick naming none, a start whose id is not its own are 400', async () => {
    const opId = randomUUID();
    const bad = [
      { ...start('admin'), pupilId: 'p1' },
      { ...tick('admin', opId, 'p1'), pupilId: undefined },
      { ...start('admin'), rollCallId: opId },
      { ...start('admin'), action: 'pause' },
    ];
    for (const op of bad) {
      const response = await push(server, token('admin'), deviceOf('admin'), [op as RollCallOp]);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ error: 'invalid-body' });
    }
  });

  it('[roll-call-pull] every role pulls the roll calls; a teacher gets their own groups’ ticks only', async () => {
    const onServer = await server.store.db
      .selectFrom('roll_call_steps')
      .select(['op_id', 'pupil_id'])
      .execute();
    const whole = onServer.map((r) => r.op_id).sort();
    for (const who of ['office', 'admin', 'reception'] as const) {
      const { changes } = await pullAll(server, token(who));
      const steps = changes.filter((c) => c.type === 'rollcall');
      expect(steps.map((c) => c.data.opId).sort(), who).toEqual(whole);
    }
    const in3B = new Set(['p1', 'p2', 'p3', 'p4']);
    const { changes } = await pullAll(server, token('t.hughes'));
    const pulled = changes.filter((c) => c.type === 'rollcall');
    const mine = onServer.filter((r) => r.pupil_id === null || in3B.has(r.pupil_id));
    expect(pulled.map((c) => c.data.opId).sort()).toEqual(mine.map((r) => r.op_id).sort());
    expect(pulled.some((c) => c.data['pupilId'] === 'p5')).toBe(false);
    const first = pulled.find((c) => c.data['action'] === 'tick');
    expect(first?.data).toEqual({
      opId: expect.any(String) as unknown,
      rollCallId: expect.any(String) as unknown,
      action: 'tick',
      pupilId: expect.any(String) as unknown,
      date: TODAY,
      authorId: expect.any(String) as unknown,
      deviceId: expect.any(String) as unknown,
      recordedAt: expect.any(String) as unknown,
      receivedAt: expect.any(String) as unknown,
      seq: expect.any(Number) as unknown,
    });
  });
});
