/**
 * First-day calls to families over real HTTP (docs/sync-protocol.md §3 `call`, §5.3, §6, §8): a
 * call travels like a mark — pushed once, audited, numbered with the device's sequence — is the
 * office's and admin's alone to log and to pull, and shows on the alerts' first-day rows.
 *
 * Monday 2026-11-23 (GMT, so `Z` times are school times); the server's clock starts at 09:10.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Call } from '../../src/schema/call.ts';
import type { CallOp } from '../../src/schema/op.ts';
import { alertsReportSchema } from '../../src/schema/reads.ts';
import type { PushResult } from '../../src/schema/sync.ts';
import { pullAll, push, startTestServer, storeTargets, type TestServer } from './harness.ts';

const TODAY = '2026-11-23';
const at = (hhmm: string, date = TODAY): string => `${date}T${hhmm}:00Z`;

type Who = 't.hughes' | 'reception' | 'office' | 'admin';

describe.each(storeTargets())('[calls] on $kind', (target) => {
  let server: TestServer;
  const tokens = new Map<Who, string>();
  const token = (who: Who): string => tokens.get(who) ?? '';
  /** Each member of staff logs calls from a device of their own. */
  const deviceOf = (who: Who) => `${who.replace(/[^a-z]/g, '')}-calls`;

  const call = (who: Who, fields: Partial<CallOp> = {}): CallOp =>
    server.call({
      pupilId: 'p1',
      date: TODAY,
      at: '09:02',
      contact: 'Parent 1',
      phone: '07700 900000',
      recordedAt: at('09:05'),
      deviceId: deviceOf(who),
      ...fields,
    });

  async function send(who: Who, ops: readonly CallOp[]): Promise<PushResult[]> {
    const response = await push(server, token(who), deviceOf(who), ops);
    expect(response.status).toBe(200);
    return response.body.results;
  }

  const stored = (opId: string) =>
    server.store.db.selectFrom('calls').selectAll().where('op_id', '=', opId).execute();
  const audited = (opId: string) =>
    server.store.db
      .selectFrom('audit')
      .select(['status', 'code', 'op', 'author_id'])
      .where('op_id', '=', opId)
      .orderBy('id')
      .execute();

  /** A rejection is a 200 result with a code and a sentence; nothing is stored but the audit row. */
  async function expectRejected(who: Who, op: CallOp, code: string): Promise<void> {
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
    server = await startTestServer(target, { suite: 'calls', now: at('09:10') });
    for (const who of ['t.hughes', 'reception', 'office', 'admin'] as const)
      tokens.set(who, await server.login(who));
  }, 30_000);

  afterAll(async () => {
    await server.close();
  });

  it('[call-once] a call is applied once, stored and audited; sent again it is a duplicate', async () => {
    const op = call('office', { note: ' Rang the mobile ', outcome: 'message-left' });
    expect(await send('office', [op])).toEqual([{ opId: op.opId, status: 'applied' }]);
    const rows = await stored(op.opId);
    expect(rows).toEqual([
      expect.objectContaining({
        school_id: 'school-100001',
        pupil_id: 'p1',
        date: TODAY,
        at: '09:02',
        contact: 'Parent 1',
        phone: '07700 900000',
        outcome: 'message-left',
        note: 'Rang the mobile',
        author_id: 'office',
        device_id: deviceOf('office'),
        device_seq: op.deviceSeq,
        recorded_at: '2026-11-23T09:05:00.000Z',
      }),
    ]);
    const audit = await audited(op.opId);
    expect(audit.map((a) => [a.status, a.code, a.author_id])).toEqual([
      ['applied', null, 'office'],
    ]);
    expect(JSON.parse(audit[0]?.op ?? '{}')).toMatchObject({
      kind: 'call',
      note: 'Rang the mobile',
    });
    for (let again = 0; again < 3; again++)
      expect(await send('office', [op])).toEqual([
        { opId: op.opId, status: 'duplicate', original: 'applied' },
      ]);
    expect(await stored(op.opId)).toHaveLength(1);
    expect(await audited(op.opId)).toHaveLength(1);
  });

  it('[call-rights] the office and admin log calls; a teacher and reception are not-allowed', async () => {
    const [admin] = await send('admin', [call('admin', { pupilId: 'p5', contact: 'Parent 5' })]);
    expect(admin?.status).toBe('applied');
    await expectRejected('t.hughes', call('t.hughes'), 'not-allowed');
    await expectRejected('reception', call('reception'), 'not-allowed');
  });

  it('[call-rules] unknown pupil, another school year, a day or time after recording, a clock ahead', async () => {
    await expectRejected('office', call('office', { pupilId: 'p99' }), 'unknown-pupil');
    await expectRejected('office', call('office', { date: '2026-07-20' }), 'outside-school-year');
    await expectRejected(
      'office',
      call('office', { date: '2026-11-24', at: '08:00' }),
      'call-after-recording',
    );
    await expectRejected('office', call('office', { at: '09:06' }), 'call-after-recording');
    await expectRejected(
      'office',
      call('office', { at: '09:12', recordedAt: at('09:13') }),
      'recorded-in-future',
    );
    // An earlier day of the school year, at any time of that day, is fine; so is the minute recorded.
    const friday = call('office', { date: '2026-11-20', at: '16:30', pupilId: 'p2' });
    const sameMinute = call('office', { at: '09:05', pupilId: 'p3' });
    expect((await send('office', [friday, sameMinute])).map((r) => r.status)).toEqual([
      'applied',
      'applied',
    ]);
  });

  it('[call-input] an unknown outcome is a 400 naming it; NUL in the contact is rejected naming the field', async () => {
    const unknown = { ...call('office'), outcome: 'answered' };
    const bad = await push(server, token('office'), deviceOf('office'), [unknown as CallOp]);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'invalid-body' });
    expect(JSON.stringify(bad.body)).toContain('outcome');
    // Refused unread, so its number was never used: the next op takes it.
    const nul = call('office', { contact: 'Parent\u00001', deviceSeq: unknown.deviceSeq });
    const [result] = await send('office', [nul]);
    expect(result).toMatchObject({ status: 'rejected', code: 'invalid-text' });
    expect(result?.reason).toContain('Field contact contains a NUL character');
    expect(await stored(nul.opId)).toEqual([]);
  });

  it('[call-sequence] a gap stops the push with 409; an opId reused for another call is rejected', async () => {
    const first = call('office', { pupilId: 'p4' });
    const lost = call('office', { pupilId: 'p4' }); // never sent: the next push has a gap
    const after = call('office', { pupilId: 'p4', outcome: 'wrong-number' });
    const gap = await push(server, token('office'), deviceOf('office'), [first, after]);
    expect(gap.status).toBe(409);
    expect(gap.body).toMatchObject({
      error: 'sequence-gap',
      expectedSeq: lost.deviceSeq,
      results: [{ opId: first.opId, status: 'applied' }],
    });
    expect(await stored(after.opId)).toEqual([]);
    // The device renumbers from the expected number; this one reuses the first call's id.
    const reused = { ...first, outcome: 'wrong-number' as const, deviceSeq: lost.deviceSeq };
    const results = await send('office', [reused, after]);
    expect(results).toMatchObject([
      { opId: first.opId, status: 'rejected', code: 'op-id-reused' },
      { opId: after.opId, status: 'applied' },
    ]);
    expect((await stored(first.opId)).map((r) => r.outcome)).toEqual(['no-answer']);
  });

  it('[call-pull] the office and admin pull every call; a teacher and reception never do', async () => {
    const onServer = await server.store.db.selectFrom('calls').select('op_id').execute();
    expect(onServer.length).toBeGreaterThanOrEqual(5);
    for (const who of ['office', 'admin'] as const) {
      const { changes } = await pullAll(server, token(who));
      const calls = changes.filter((c) => c.type === 'call');
      expect(calls.map((c) => c.data.opId).sort()).toEqual(onServer.map((r) => r.op_id).sort());
      const first = calls.find((c) => c.data['note'] === 'Rang the mobile');
      expect(first?.data).toEqual({
        opId: expect.any(String) as unknown,
        pupilId: 'p1',
        date: TODAY,
        at: '09:02',
        contact: 'Parent 1',
        phone: '07700 900000',
        outcome: 'message-left',
        note: 'Rang the mobile',
        authorId: 'office',
        deviceId: deviceOf('office'),
        recordedAt: '2026-11-23T09:05:00.000Z',
        receivedAt: expect.any(String) as unknown,
        seq: expect.any(Number) as unknown,
      });
    }
    for (const who of ['t.hughes', 'reception'] as const) {
      const { changes } = await pullAll(server, token(who));
      expect(
        changes.some((c) => c.type === 'call'),
        who,
      ).toBe(false);
      expect(
        changes.some((c) => c.type === 'amendment' || c.type === 'pupil'),
        who,
      ).toBe(true);
    }
  });

  it('[call-alerts] a first-day row carries the pupil’s contacts and the calls logged about them that day', async () => {
    // The AM register closes at 09:20: every blank cell becomes N, so every pupil is a first-day call.
    await server.setClock(at('09:25'));
    const later = call('office', { at: '09:24', recordedAt: at('09:25'), outcome: 'reason-given' });
    expect((await send('office', [later]))[0]?.status).toBe('applied');
    const response = await server.api(token('office'), 'GET', `/api/reports/alerts?asOf=${TODAY}`);
    expect(response.status).toBe(200);
    const alerts = alertsReportSchema.parse(response.body);
    const p1 = alerts.firstDay.find((row) => row.pupilId === 'p1');
    expect(p1?.sessions).toEqual(['AM']);
    expect(p1?.contacts).toEqual([
      { name: 'Parent 1', relationship: 'Mother', phone: '07700 900000', mayReportAbsence: true },
    ]);
    // Today's calls about p1, in the order made; the call about p1 logged for Friday is not here.
    expect(p1?.calls.map((c: Call) => [c.at, c.outcome])).toEqual([
      ['09:02', 'message-left'],
      ['09:24', 'reason-given'],
    ]);
    expect(alerts.firstDay.find((row) => row.pupilId === 'p6')?.calls).toEqual([]);
  });
});
