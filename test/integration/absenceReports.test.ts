/**
 * Who reported an absence, and the reason an office change needs (docs/sync-protocol.md §3 `mark`,
 * §5.3, §8 history): `reportedBy` on an office mark is stored, pulled and shown in the cell's
 * history with whether the name is a listed contact allowed to report absence; any other mark
 * naming one is refused; a reason of only spaces is no reason. Also the office worklist's read of
 * every current `N` with when and by whom it was recorded.
 *
 * Monday 2026-11-23 (GMT): a teacher marks at 09:08, the AM register closes at 09:20 (the close
 * job writes N into every blank cell), and the office works from 09:25.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchoolBundle } from '../../src/schema/bundle.ts';
import type { MarkOp } from '../../src/schema/op.ts';
import type { HistoryResponse } from '../../src/schema/reads.ts';
import type { PushResult } from '../../src/schema/sync.ts';
import { currentNCells } from '../../src/server/reads/office.ts';
import { smallSchool } from '../fixtures/smallSchool.ts';
import { pullAll, push, startTestServer, storeTargets, type TestServer } from './harness.ts';

const TODAY = '2026-11-23';
const at = (hhmm: string): string => `${TODAY}T${hhmm}:00Z`;

/** The small school, with p3's grandmother listed but not allowed to report an absence. */
function school(): SchoolBundle {
  const bundle = smallSchool();
  return {
    ...bundle,
    pupils: bundle.pupils.map((pupil) =>
      pupil.id === 'p3'
        ? {
            ...pupil,
            contacts: [
              ...pupil.contacts,
              {
                name: 'Gran Three',
                relationship: 'Grandmother',
                phone: '',
                mayReportAbsence: false,
              },
            ],
          }
        : pupil,
    ),
  };
}

type Who = 't.hughes' | 'reception' | 'office';

describe.each(storeTargets())('[absence-reports] on $kind', (target) => {
  let server: TestServer;
  const tokens = new Map<Who, string>();
  const token = (who: Who): string => tokens.get(who) ?? '';
  const deviceOf = (who: Who) => `${who.replace(/[^a-z]/g, '')}-reports`;

  const history = async (pupilId: string, session: 'AM' | 'PM' = 'AM') =>
    (
      await server.api<HistoryResponse>(
        token('office'),
        'GET',
        `/api/marks/${pupilId}/${TODAY}/${session}/history`,
      )
    ).body.entries;
  const headOf = async (pupilId: string) =>
    (await history(pupilId)).find((e) => e.outcome === 'current')?.opId ?? null;

  /** An office amendment of today's AM cell, based on its head, with a reason unless given. */
  const amend = async (pupilId: string, fields: Partial<MarkOp> = {}): Promise<MarkOp> =>
    server.mark({
      pupilId,
      date: TODAY,
      session: 'AM',
      code: 'I',
      source: 'office',
      reason: 'Unwell, phoned in',
      basedOn: await headOf(pupilId),
      recordedAt: at('09:26'),
      deviceId: deviceOf('office'),
      ...fields,
    });

  async function send(who: Who, op: MarkOp): Promise<PushResult | undefined> {
    const response = await push(server, token(who), deviceOf(who), [op]);
    expect(response.status).toBe(200);
    return response.body.results[0];
  }

  beforeAll(async () => {
    server = await startTestServer(target, {
      suite: 'absence_reports',
      now: at('09:10'),
      bundles: [school()],
    });
    for (const who of ['t.hughes', 'reception', 'office'] as const)
      tokens.set(who, await server.login(who));
    // Ms Hughes marks p4 absent while the register is open; the close job does the rest.
    const absent = server.mark({
      pupilId: 'p4',
      date: TODAY,
      session: 'AM',
      code: 'N',
      recordedAt: at('09:08'),
      deviceId: deviceOf('t.hughes'),
    });
    expect((await send('t.hughes', absent))?.status).toBe('applied');
    await server.setClock(at('09:25'));
  }, 30_000);

  afterAll(async () => {
    await server.close();
  });

  it('[reported-by] a listed contact’s name is stored as typed, pulled, and listed in the history', async () => {
    const op = await amend('p1', { reportedBy: '  parent   1. ' });
    expect(await send('office', op)).toEqual({ opId: op.opId, status: 'applied' });
    const row = await server.store.db
      .selectFrom('amendments')
      .select(['reported_by', 'reason'])
      .where('op_id', '=', op.opId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ reported_by: 'parent   1.', reason: 'Unwell, phoned in' });
    const entries = await history('p1');
    expect(entries.map((e) => [e.amended, e.reportedBy, e.reportedByListed])).toEqual([
      ['N', null, null], // the close job's
      ['I', 'parent   1.', true],
    ]);
    // The office and the pupil's teacher both receive it with the amendment.
    for (const who of ['office', 't.hughes'] as const) {
      const { changes } = await pullAll(server, token(who));
      const pulled = changes.find((c) => c.type === 'amendment' && c.data.opId === op.opId);
      expect(pulled?.data['reportedBy'], who).toBe('parent   1.');
      const untold = changes.find((c) => c.type === 'amendment' && c.data['pupilId'] === 'p4');
      expect(untold?.data['reportedBy'], who).toBeNull();
    }
  });

  it('[reported-by] a name the school does not list, or a contact not allowed to report, is flagged', async () => {
    const uncle = await amend('p2', { reportedBy: 'Uncle Bob' });
    expect((await send('office', uncle))?.status).toBe('applied');
    expect((await history('p2')).at(-1)).toMatchObject({
      reportedBy: 'Uncle Bob',
      reportedByListed: false,
    });
    const gran = await amend('p3', { reportedBy: 'gran three' });
    expect((await send('office', gran))?.status).toBe('applied');
    expect((await history('p3')).at(-1)).toMatchObject({
      reportedBy: 'gran three',
      reportedByListed: false,
    });
  });

  it('[reported-by] a register or desk mark naming who reported is reported-by-not-allowed', async () => {
    const late = server.mark({
      pupilId: 'p4',
      date: TODAY,
      session: 'AM',
      code: 'U',
      arrivedAt: '09:22',
      basedOn: await headOf('p4'),
      reportedBy: 'Parent 4',
      recordedAt: at('09:24'),
      deviceId: deviceOf('t.hughes'),
    });
    const desk = server.mark({
      ...late,
      opId: `${late.opId}-desk`,
      source: 'reception',
      deviceId: deviceOf('reception'),
      deviceSeq: 1,
    });
    for (const [who, op] of [
      ['t.hughes', late],
      ['reception', desk],
    ] as const) {
      const result = await send(who, op);
      expect(result).toEqual({
        opId: op.opId,
        status: 'rejected',
        code: 'reported-by-not-allowed',
        reason:
          'Only the office records who reported an absence; send this mark without that name.',
      });
    }
    expect((await history('p4')).map((e) => e.amended)).toEqual(['N']);
  });

  it('[reason-blank] an office change of a marked cell with a reason of only spaces is reason-required', async () => {
    const before = await history('p5');
    expect(before.map((e) => e.amended)).toEqual(['N']);
    for (const reason of ['   ', '\t \n', ''])
      expect(await send('office', await amend('p5', { reason }))).toMatchObject({
        status: 'rejected',
        code: 'reason-required',
        reason: 'Give a reason for changing a mark that is already recorded.',
      });
    expect(await history('p5')).toEqual(before);
  });

  it('[reason-blank] the first mark of a blank cell needs none: a blank reason is stored as none', async () => {
    const pm = server.mark({
      pupilId: 'p6',
      date: TODAY,
      session: 'PM',
      code: 'M',
      source: 'office',
      reason: '   ',
      basedOn: null,
      recordedAt: at('09:26'),
      deviceId: deviceOf('office'),
    });
    expect((await send('office', pm))?.status).toBe('applied');
    expect((await history('p6', 'PM')).map((e) => [e.amended, e.reason])).toEqual([['M', null]]);
  });

  it('[unexplained-cells] every current N with when and by whom it was recorded', async () => {
    const cells = await currentNCells(server.store.db, 'school-100001', TODAY);
    const today = cells.filter((c) => c.date === TODAY);
    // p1–p3 explained above; p6's PM was marked; the PM register has not closed yet.
    expect(today.map((c) => [c.pupilId, c.session])).toEqual([
      ['p4', 'AM'],
      ['p5', 'AM'],
      ['p6', 'AM'],
      ['p7', 'AM'],
      ['p8', 'AM'],
    ]);
    expect(today[0]).toEqual({
      pupilId: 'p4',
      date: TODAY,
      session: 'AM',
      recordedAt: '2026-11-23T09:08:00.000Z',
      authorId: 't.hughes',
    });
    expect(today[1]).toMatchObject({ pupilId: 'p5', authorId: null });
    expect(Date.parse(today[1]?.recordedAt ?? '')).toBe(Date.parse(at('09:21')));
    // Earlier days' close-job N come first, oldest first; nothing after asOf.
    expect(cells[0]?.date).toBe('2026-11-02');
    expect(cells.every((c, i) => i === 0 || (cells[i - 1]?.date ?? '') <= c.date)).toBe(true);
    expect(await currentNCells(server.store.db, 'school-100001', '2026-11-20')).toHaveLength(
      cells.length - today.length,
    );
  });
});
