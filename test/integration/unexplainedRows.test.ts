/**
 * `GET /api/office/unexplained` over real HTTP (docs/sync-protocol.md §8): the rows the domain's
 * `unexplainedAbsences` makes — oldest deadline first, `dueToday` on the deadline day, and when and
 * by whom the current `N` was recorded (null for the register close job) — with the pupil's
 * contacts.
 *
 * The small school, live from Monday 2 November 2026. Monday 2026-11-23 (GMT): Ms Hughes marks p4
 * absent at 09:08 while the AM register is open; at 09:25 the close job has written N into every
 * blank cell since 2 November.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unexplainedResponseSchema, type UnexplainedRow } from '../../src/schema/reads.ts';
import { push, startTestServer, storeTargets, type TestServer } from './harness.ts';

const TODAY = '2026-11-23';
const at = (hhmm: string): string => `${TODAY}T${hhmm}:00Z`;

describe.each(storeTargets())('[unexplained-rows] on $kind', (target) => {
  let server: TestServer;
  let office = '';

  async function rows(query = ''): Promise<UnexplainedRow[]> {
    const answer = await server.api(office, 'GET', `/api/office/unexplained${query}`);
    expect(answer.status).toBe(200);
    return unexplainedResponseSchema.parse(answer.body).rows;
  }
  const find = (list: readonly UnexplainedRow[], pupilId: string, date: string) =>
    list.find((row) => row.pupilId === pupilId && row.date === date && row.session === 'AM');

  beforeAll(async () => {
    server = await startTestServer(target, { suite: 'unexplained_rows', now: at('09:10') });
    office = await server.login('office');
    const teacher = await server.login('t.hughes');
    const absent = server.mark({
      pupilId: 'p4',
      date: TODAY,
      session: 'AM',
      code: 'N',
      recordedAt: at('09:08'),
      deviceId: 'hughes-tablet',
    });
    const answer = await push(server, teacher, 'hughes-tablet', [absent]);
    expect(answer.body.results).toEqual([{ opId: absent.opId, status: 'applied' }]);
    await server.setClock(at('09:25'));
  }, 30_000);

  afterAll(async () => {
    await server.close();
  });

  it('[order] oldest deadline first, then date, session and name; asOf defaults to today', async () => {
    const list = await rows();
    expect(list).toEqual(await rows(`?asOf=${TODAY}`));
    expect(list.length).toBeGreaterThan(8);
    const keys = list.map((row) => `${row.deadline} ${row.date} ${row.session}`);
    expect(keys).toEqual([...keys].sort());
    expect(list[0]).toMatchObject({ date: '2026-11-02', deadline: '2026-11-09' });
  });

  it('[who-when] the teacher’s N names her and its time; the close job’s N names no one', async () => {
    const list = await rows();
    expect(find(list, 'p4', TODAY)).toEqual({
      pupilId: 'p4',
      name: 'Pupil4 Family4',
      groupId: 'g3b',
      date: TODAY,
      session: 'AM',
      deadline: '2026-12-01', // 24, 25, 26, (27 INSET), 30, 1
      schoolDaysLeft: 5,
      overdue: false,
      dueToday: false,
      priority: false,
      recordedAt: '2026-11-23T09:08:00.000Z',
      authorId: 't.hughes',
      contacts: [
        { name: 'Parent 4', relationship: 'Mother', phone: '07700 900000', mayReportAbsence: true },
      ],
    });
    const closed = find(list, 'p5', TODAY);
    expect(closed?.authorId).toBeNull();
    expect(Date.parse(closed?.recordedAt ?? '')).toBe(Date.parse(at('09:21')));
  });

  it('[due] dueToday on the deadline day, overdue the day after; each row’s flags follow its days left', async () => {
    const list = await rows();
    // Monday 16 November: 17, 18, 19, 20, 23 — the deadline is today.
    expect(find(list, 'p1', '2026-11-16')).toMatchObject({
      deadline: TODAY,
      schoolDaysLeft: 0,
      dueToday: true,
      overdue: false,
    });
    // Friday 13 November: its deadline was Friday 20th.
    expect(find(list, 'p1', '2026-11-13')).toMatchObject({
      deadline: '2026-11-20',
      schoolDaysLeft: -1,
      dueToday: false,
      overdue: true,
    });
    for (const row of list) {
      expect(row.dueToday, `${row.pupilId} ${row.date}`).toBe(row.schoolDaysLeft === 0);
      expect(row.overdue, `${row.pupilId} ${row.date}`).toBe(row.schoolDaysLeft < 0);
    }
    // A day later the same N is overdue.
    const tomorrow = await rows('?asOf=2026-11-24');
    expect(find(tomorrow, 'p1', '2026-11-16')).toMatchObject({ dueToday: false, overdue: true });
  });
});
