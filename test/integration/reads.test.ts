/**
 * The read API (docs/sync-protocol.md §8) through HTTP, over one school day built with pushes and
 * the test clock: registers around their open and close times, the office's worklists, reports,
 * alerts and the marks export.
 *
 * The story (Monday 23 November 2026; London is on GMT, so local time = Z):
 * - the server starts at 08:40 with liveFrom 2 November, so the close job has already written N
 *   into every register from 2 to 20 November; the office turns p1's and p5's N of 16–20 November
 *   into marks (p1: 9 present + 1 illness = exactly 90.0%);
 * - 3B AM is taken on time by Tess Hughes (p3 arrives 09:05 → L, 15 minutes late);
 * - 4H AM is taken offline by Tom Other at 08:55 and syncs at 09:40, after the close job's N;
 * - 4H PM: the office records p6's appointment (M) at 12:30, the teacher's tablet marks p6
 *   present without having seen it → a conflict, which the office resolves;
 * - 3B PM: p4 is left blank, gets the close job's N, and signs in at reception at 13:40 → U.
 * The tests run in order: each moves the clock on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeOpId } from '../../src/domain/closeRule.ts';
import type { MarkOp } from '../../src/schema/op.ts';
import { smallSchool } from '../fixtures/smallSchool.ts';
import type {
  HistoryEntry,
  RegisterResponse,
  ReportRow,
  UnexplainedRow,
} from '../../src/schema/reads.ts';
import { push, startTestServer, storeTargets, type TestServer } from './harness.ts';

const DAY = '2026-11-23';
const BAD_NAME = '=HYPERLINK("http://x","y")';

function bundle() {
  const school = smallSchool();
  const p8 = school.pupils[7];
  if (p8 === undefined) throw new Error('fixture changed');
  p8.givenName = '@Mia';
  p8.familyName = BAD_NAME;
  return school;
}

function upnOf(pupilId: string): string {
  const pupil = smallSchool().pupils.find((p) => p.id === pupilId);
  if (pupil === undefined) throw new Error(`no pupil ${pupilId}`);
  return pupil.upn;
}

const at = (hhmm: string, date = DAY) => `${date}T${hhmm}:00Z`;

describe.each(storeTargets())('[reads] on $kind', (target) => {
  let server: TestServer;
  let office: string;
  let hughes: string;
  let other: string;
  let reception: string;

  async function pushAll(token: string, deviceId: string, ops: MarkOp[]) {
    const response = await push(server, token, deviceId, ops);
    expect(response.status).toBe(200);
    expect(response.body.results.map((r) => [r.status, r.reason ?? ''])).toEqual(
      ops.map(() => ['applied', '']),
    );
    return response;
  }

  async function register(groupId: string, session: string, token = office) {
    const response = await server.api<RegisterResponse>(
      token,
      'GET',
      `/api/registers/${groupId}/${DAY}/${session}`,
    );
    expect(response.status).toBe(200);
    return response.body;
  }

  async function unexplained(asOf: string) {
    const response = await server.api<{ rows: UnexplainedRow[] }>(
      office,
      'GET',
      `/api/office/unexplained?asOf=${asOf}`,
    );
    expect(response.status).toBe(200);
    return response.body.rows;
  }

  async function missing(date: string) {
    const response = await server.api<{
      rows: { groupId: string; session: string; teachers: string[] }[];
    }>(office, 'GET', `/api/office/missing-registers?date=${date}`);
    expect(response.status).toBe(200);
    return response.body.rows;
  }

  async function report(query: string) {
    const response = await server.api<{ rows: ReportRow[] }>(
      office,
      'GET',
      `/api/reports/attendance?${query}`,
    );
    expect(response.status).toBe(200);
    return new Map(response.body.rows.map((r) => [r.key, r]));
  }

  beforeAll(async () => {
    server = await startTestServer(target, {
      suite: 'reads',
      now: at('08:40'),
      bundles: [bundle()],
    });
    [office, hughes, other, reception] = await Promise.all([
      server.login('office'),
      server.login('t.hughes'),
      server.login('t.other'),
      server.login('reception'),
    ]);
  }, 60_000);

  afterAll(async () => {
    await server.close();
  });

  it('[setup] the office turns the N of 16–20 November into marks for p1 and p5', async () => {
    const days = ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20'];
    const ops: MarkOp[] = [];
    for (const pupilId of ['p1', 'p5'])
      for (const date of days)
        for (const session of ['AM', 'PM'] as const) {
          const ill = pupilId === 'p1' && date === '2026-11-20' && session === 'PM';
          ops.push(
            server.mark({
              pupilId,
              date,
              session,
              code: ill ? 'I' : session === 'AM' ? '/' : '\\',
              basedOn: closeOpId(pupilId, date, session),
              source: 'office',
              reason: ill ? 'Phoned in: unwell' : 'Paper register entered late',
              recordedAt: at('08:40'),
              deviceId: 'office-pc',
            }),
          );
        }
    await pushAll(office, 'office-pc', ops);
  });

  it('[registers] 08:49: not-open, blank rows with the fixed fields; a teacher cannot mark yet', async () => {
    await server.setClock(at('08:49'));
    const body = await register('g3b', 'AM', hughes);
    expect(body.status).toBe('not-open');
    expect(body.taken).toBe(false);
    expect(body.times).toEqual({
      opens: '08:50',
      lateAfter: '08:50',
      closes: '09:20',
      ends: '12:00',
    });
    expect(body.rows.map((r) => r.pupilId)).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect(body.rows[0]).toEqual({
      pupilId: 'p1',
      name: 'Pupil1 Family1',
      code: null,
      arrivedAt: null,
      minutesLate: null,
      conflict: false,
      by: null,
      at: null,
    });
    const early = server.mark({
      pupilId: 'p1',
      date: DAY,
      session: 'AM',
      code: '/',
      recordedAt: at('08:49'),
      deviceId: 'tab-3b',
    });
    const response = await push(server, hughes, 'tab-3b', [early]);
    expect(response.body.results[0]).toMatchObject({
      status: 'rejected',
      code: 'register-not-open',
    });
  });

  it('[registers] 08:50 to 09:20: open; the teacher takes 3B, p3 arrives late', async () => {
    await server.setClock(at('08:50'));
    expect((await register('g3b', 'AM', hughes)).status).toBe('open');
    await pushAll(hughes, 'tab-3b', [
      server.mark({
        pupilId: 'p1',
        date: DAY,
        session: 'AM',
        code: '/',
        recordedAt: at('08:50'),
        deviceId: 'tab-3b',
      }),
      server.mark({
        pupilId: 'p2',
        date: DAY,
        session: 'AM',
        code: 'N',
        recordedAt: at('08:50'),
        deviceId: 'tab-3b',
      }),
      server.mark({
        pupilId: 'p4',
        date: DAY,
        session: 'AM',
        code: '/',
        recordedAt: at('08:50'),
        deviceId: 'tab-3b',
      }),
    ]);
    await server.setClock(at('09:06'));
    await pushAll(hughes, 'tab-3b', [
      server.mark({
        pupilId: 'p3',
        date: DAY,
        session: 'AM',
        code: 'L',
        arrivedAt: '09:05',
        recordedAt: at('09:06'),
        deviceId: 'tab-3b',
      }),
    ]);
    await server.setClock(at('09:20'));
    const body = await register('g3b', 'AM', hughes);
    expect(body.status).toBe('open');
    expect(body.taken).toBe(true);
    expect(body.rows.map((r) => r.code)).toEqual(['/', 'N', 'L', '/']);
    expect(body.rows[2]).toMatchObject({
      pupilId: 'p3',
      arrivedAt: '09:05',
      minutesLate: 15,
      by: 'Tess Hughes',
      at: '2026-11-23T09:06:00.000Z',
    });
    const untaken = await register('g4h', 'AM');
    expect(untaken.status).toBe('open');
    expect(untaken.taken).toBe(false);
    expect(untaken.rows.every((r) => r.code === null)).toBe(true);
  });

  it('[registers] 09:21: closed; the close job fills 4H with N, which does not make it taken', async () => {
    await server.setClock(at('09:21'));
    const taken = await register('g3b', 'AM');
    expect(taken.status).toBe('closed');
    expect(taken.taken).toBe(true);
    const notTaken = await register('g4h', 'AM');
    expect(notTaken.status).toBe('closed');
    expect(notTaken.taken).toBe(false);
    expect(notTaken.rows.map((r) => [r.code, r.by])).toEqual(
      Array.from({ length: 4 }, () => ['N', 'Register close']),
    );
    expect(await missing(DAY)).toEqual([
      { groupId: 'g4h', session: 'AM', teachers: ['Tom Other'] },
    ]);
  });

  it('[registers] a register taken offline before close and synced late counts as taken', async () => {
    await server.setClock(at('09:40'));
    const offline = ['p5', 'p6', 'p7', 'p8'].map((pupilId, i) =>
      server.mark({
        pupilId,
        date: DAY,
        session: 'AM',
        code: '/',
        recordedAt: at(`08:5${String(5 + i)}`),
        deviceId: 'tab-4h',
      }),
    );
    await pushAll(other, 'tab-4h', offline);
    const body = await register('g4h', 'AM', other);
    expect(body.status).toBe('closed');
    expect(body.taken).toBe(true);
    const p5 = body.rows.find((r) => r.pupilId === 'p5');
    expect(p5).toMatchObject({ code: '/', by: 'Tom Other', at: '2026-11-23T08:55:00.000Z' });
    expect(await missing(DAY)).toEqual([]);
    const history = await server.api<{ entries: HistoryEntry[] }>(
      other,
      'GET',
      `/api/marks/p5/${DAY}/AM/history`,
    );
    expect(history.body.entries).toMatchObject([
      { original: null, amended: 'N', source: 'system', outcome: 'superseded', lateSync: false },
      { original: 'N', amended: '/', source: 'register', outcome: 'current', lateSync: true },
    ]);
  });

  it('[registers] teachers see only their own groups; reception sees all', async () => {
    const refused = await server.api(hughes, 'GET', `/api/registers/g4h/${DAY}/AM`);
    expect(refused.status).toBe(403);
    expect(refused.body['error']).toBe('forbidden');
    expect((await server.api(reception, 'GET', `/api/registers/g4h/${DAY}/AM`)).status).toBe(200);
    const unknown = await server.api(office, 'GET', `/api/registers/g9z/${DAY}/AM`);
    expect(unknown.status).toBe(404);
  });

  it('[conflicts] the office and a tablet that had not seen its mark disagree: one conflict', async () => {
    await server.setClock(at('12:30'));
    await pushAll(office, 'office-pc', [
      server.mark({
        pupilId: 'p6',
        date: DAY,
        session: 'PM',
        code: 'M',
        source: 'office',
        reason: 'Dentist, phoned in by Mother',
        recordedAt: at('12:30'),
        deviceId: 'office-pc',
      }),
    ]);
    await server.setClock(at('13:02'));
    const pm = (pupilId: string, code: string, deviceId: string) =>
      server.mark({ pupilId, date: DAY, session: 'PM', code, recordedAt: at('13:01'), deviceId });
    await pushAll(other, 'tab-4h', [
      pm('p5', '\\', 'tab-4h'),
      pm('p6', '\\', 'tab-4h'),
      pm('p7', '\\', 'tab-4h'),
      pm('p8', 'N', 'tab-4h'),
    ]);
    const marks3b = ['p1', 'p2', 'p3', 'p4'].map((p) => pm(p, '\\', 'tab-3b'));
    await pushAll(hughes, 'tab-3b', marks3b);
    const p4 = marks3b[3];
    if (p4 === undefined) throw new Error('unreachable');
    // the teacher taps p4 by mistake and undoes it: the cell is blank again
    await pushAll(hughes, 'tab-3b', [
      server.mark({
        pupilId: 'p4',
        date: DAY,
        session: 'PM',
        code: null,
        basedOn: p4.opId,
        recordedAt: at('13:02'),
        deviceId: 'tab-3b',
      }),
    ]);
    expect((await register('g3b', 'PM')).rows.find((r) => r.pupilId === 'p4')?.code).toBeNull();
    const response = await server.api<{
      rows: {
        pupilId: string;
        date: string;
        session: string;
        code: string;
        entries: HistoryEntry[];
      }[];
    }>(office, 'GET', '/api/office/conflicts');
    expect(response.status).toBe(200);
    expect(response.body.rows).toHaveLength(1);
    const [conflict] = response.body.rows;
    expect(conflict).toMatchObject({ pupilId: 'p6', date: DAY, session: 'PM', code: '\\' });
    expect(conflict?.entries.map((e) => [e.amended, e.outcome, e.by.name])).toEqual([
      ['M', 'conflict', 'Olive Office'],
      ['\\', 'current', 'Tom Other'],
    ]);
    const row = (await register('g4h', 'PM')).rows.find((r) => r.pupilId === 'p6');
    expect(row).toMatchObject({ code: '\\', conflict: true });
  });

  it('[registers] 13:31: 3B PM closes with p4 cleared → N, not taken; a late sign-in keeps it not taken', async () => {
    await server.setClock(at('13:31'));
    const closed = await register('g3b', 'PM');
    expect(closed.status).toBe('closed');
    expect(closed.taken).toBe(false);
    expect(closed.rows.map((r) => r.code)).toEqual(['\\', '\\', '\\', 'N']);
    expect((await register('g4h', 'PM')).taken).toBe(true);
    expect(await missing(DAY)).toEqual([
      { groupId: 'g3b', session: 'PM', teachers: ['Tess Hughes'] },
    ]);

    await server.setClock(at('13:41'));
    const signIn = server.movement({
      pupilId: 'p4',
      date: DAY,
      direction: 'in',
      at: '13:40',
      reason: 'Dentist',
      recordedAt: at('13:41'),
      deviceId: 'desk',
    });
    const late = server.mark({
      pupilId: 'p4',
      date: DAY,
      session: 'PM',
      code: 'U',
      arrivedAt: '13:40',
      basedOn: closeOpId('p4', DAY, 'PM'),
      source: 'reception',
      recordedAt: at('13:41'),
      deviceId: 'desk',
    });
    const pushed = await push(server, reception, 'desk', [signIn, late]);
    expect(pushed.body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const after = await register('g3b', 'PM');
    expect(after.rows.find((r) => r.pupilId === 'p4')).toMatchObject({
      code: 'U',
      arrivedAt: '13:40',
      minutesLate: 40,
      by: 'Rita Reception',
    });
    expect(after.taken).toBe(false);
    expect(await missing(DAY)).toEqual([
      { groupId: 'g3b', session: 'PM', teachers: ['Tess Hughes'] },
    ]);
  });

  it('[conflicts] an office amendment based on the head resolves the conflict', async () => {
    await server.setClock(at('13:45'));
    const history = await server.api<{ entries: HistoryEntry[] }>(
      office,
      'GET',
      `/api/marks/p6/${DAY}/PM/history`,
    );
    const head = history.body.entries.find((e) => e.outcome === 'current');
    await pushAll(office, 'office-pc', [
      server.mark({
        pupilId: 'p6',
        date: DAY,
        session: 'PM',
        code: 'M',
        basedOn: head?.opId ?? null,
        source: 'office',
        reason: 'Appointment confirmed with parent; left at 13:10',
        recordedAt: at('13:45'),
        deviceId: 'office-pc',
      }),
    ]);
    const response = await server.api<{ rows: unknown[] }>(office, 'GET', '/api/office/conflicts');
    expect(response.body.rows).toEqual([]);
    expect((await register('g4h', 'PM')).rows.find((r) => r.pupilId === 'p6')).toMatchObject({
      code: 'M',
      conflict: false,
    });
  });

  it('[missing-registers] every register of a day that only the close job filled; none on an INSET day or before close', async () => {
    const rows = await missing('2026-11-20');
    expect(rows).toHaveLength(4);
    expect(rows).toEqual(
      expect.arrayContaining([
        { groupId: 'g3b', session: 'AM', teachers: ['Tess Hughes'] },
        { groupId: 'g4h', session: 'AM', teachers: ['Tom Other'] },
        { groupId: 'g3b', session: 'PM', teachers: ['Tess Hughes'] },
        { groupId: 'g4h', session: 'PM', teachers: ['Tom Other'] },
      ]),
    );
    expect(await missing('2026-11-27')).toEqual([]); // INSET day
    expect(await missing('2026-11-24')).toEqual([]); // tomorrow: nothing has closed yet
    expect(await missing('2026-11-21')).toEqual([]); // Saturday
  });

  it('[unexplained] the deadline is the 5th school day after, skipping the INSET day 27 November', async () => {
    const rows = await unexplained(DAY);
    for (const row of rows)
      expect(Object.keys(row)).toEqual(
        expect.arrayContaining([
          'pupilId',
          'name',
          'groupId',
          'date',
          'session',
          'deadline',
          'schoolDaysLeft',
          'overdue',
        ]),
      );
    const find = (pupilId: string, date: string, session = 'AM') =>
      rows.find((r) => r.pupilId === pupilId && r.date === date && r.session === session);
    expect(find('p2', DAY)).toMatchObject({
      pupilId: 'p2',
      name: 'Pupil2 Family2',
      groupId: 'g3b',
      date: DAY,
      session: 'AM',
      deadline: '2026-12-01', // 24, 25, 26, (27 INSET), 30, 1
      schoolDaysLeft: 5,
      overdue: false,
    });
    expect(find('p8', DAY, 'PM')).toMatchObject({ groupId: 'g4h', deadline: '2026-12-01' });
    // the close job's N of earlier days
    expect(find('p2', '2026-11-20')).toMatchObject({
      deadline: '2026-11-30',
      schoolDaysLeft: 4,
      overdue: false,
    });
    expect(find('p2', '2026-11-16')).toMatchObject({
      deadline: '2026-11-23',
      schoolDaysLeft: 0,
      overdue: false,
    });
    expect(find('p2', '2026-11-13')).toMatchObject({
      deadline: '2026-11-20',
      schoolDaysLeft: -1,
      overdue: true,
    });
    // N replaced by a mark is no longer listed; U from reception neither
    expect(find('p1', '2026-11-16')).toBeUndefined();
    expect(find('p1', '2026-11-13')).toMatchObject({ overdue: true });
    expect(find('p4', DAY, 'PM')).toBeUndefined();
    expect(rows.every((r) => r.date <= DAY)).toBe(true);
  });

  it('[unexplained] asOf moves the count: 0 left on the deadline day, overdue the day after', async () => {
    const left = async (asOf: string) => {
      const row = (await unexplained(asOf)).find(
        (r) => r.pupilId === 'p2' && r.date === DAY && r.session === 'AM',
      );
      return row === undefined ? undefined : [row.schoolDaysLeft, row.overdue];
    };
    expect(await left('2026-11-20')).toBeUndefined(); // not yet happened
    expect(await left('2026-11-25')).toEqual([3, false]);
    expect(await left('2026-11-26')).toEqual([2, false]);
    expect(await left('2026-11-27')).toEqual([2, false]); // the INSET day
    expect(await left('2026-11-30')).toEqual([1, false]);
    expect(await left('2026-12-01')).toEqual([0, false]);
    expect(await left('2026-12-02')).toEqual([-1, true]);
  });

  it('[reports] by pupil: the fixed fields, and exactly 90.0% attendance is persistent', async () => {
    const rows = await report('from=2026-11-16&to=2026-11-20&by=pupil');
    expect(rows.size).toBe(8);
    for (const row of rows.values())
      for (const field of [
        'key',
        'possible',
        'attendance',
        'authorised',
        'unauthorised',
        'attendancePct',
        'absencePct',
        'persistent',
        'severe',
        'band',
      ])
        expect(row).toHaveProperty(field);
    expect(rows.get('p1')).toMatchObject({
      possible: 10,
      attendance: 9,
      authorised: 1,
      unauthorised: 0,
      attendancePct: 90,
      absencePct: 10,
      persistent: true,
      severe: false,
    });
    expect(rows.get('p5')).toMatchObject({
      possible: 10,
      attendance: 10,
      attendancePct: 100,
      absencePct: 0,
      persistent: false,
      severe: false,
    });
    expect(rows.get('p2')).toMatchObject({
      possible: 10,
      attendance: 0,
      unauthorised: 10,
      attendancePct: 0,
      absencePct: 100,
      persistent: true,
      severe: true,
    });
    // by defaults to pupil
    const byDefault = await report('from=2026-11-16&to=2026-11-20');
    expect(byDefault.get('p1')).toEqual(rows.get('p1'));
  });

  it('[reports] the day: L is present, U unauthorised, M authorised', async () => {
    const rows = await report(`from=${DAY}&to=${DAY}&by=pupil`);
    expect(rows.get('p3')).toMatchObject({ possible: 2, attendance: 2, attendancePct: 100 });
    expect(rows.get('p4')).toMatchObject({
      possible: 2,
      attendance: 1,
      unauthorised: 1,
      severe: true,
    });
    expect(rows.get('p6')).toMatchObject({ possible: 2, attendance: 1, authorised: 1 });
  });

  it('[reports] by group, year and cohort: sums, and persistent/severe count pupils', async () => {
    const range = 'from=2026-11-16&to=2026-11-20';
    const groups = await report(`${range}&by=group`);
    expect([...groups.keys()].sort()).toEqual(['g3b', 'g4h']);
    expect(groups.get('g3b')).toMatchObject({
      possible: 40,
      attendance: 9,
      authorised: 1,
      unauthorised: 30,
      persistent: 4,
      severe: 3,
    });
    expect(groups.get('g3b')?.attendancePct).toBeCloseTo(22.5, 10);
    expect(groups.get('g4h')).toMatchObject({
      possible: 40,
      attendance: 10,
      unauthorised: 30,
      attendancePct: 25,
      persistent: 3,
      severe: 3,
    });
    const years = await report(`${range}&by=year`);
    expect([...years.keys()].sort()).toEqual(['3', '4']);
    expect(years.get('3')).toMatchObject({ possible: 40, attendance: 9, persistent: 4 });
    const cohorts = await report(`${range}&by=cohort`);
    expect(cohorts.get('all')).toMatchObject({
      possible: 80,
      attendance: 19,
      authorised: 1,
      unauthorised: 60,
      persistent: 7,
      severe: 6,
    });
    expect(cohorts.get('sex:M')).toMatchObject({
      possible: 40,
      attendance: 19,
      persistent: 3,
      severe: 2,
    });
    expect(cohorts.get('sex:F')).toMatchObject({
      possible: 40,
      attendance: 0,
      persistent: 4,
      severe: 4,
    });
    expect(cohorts.get('fsm')).toMatchObject({ possible: 20, attendance: 0, persistent: 2 });
  });

  it('[alerts] the shape of docs/sync-protocol.md §8, with the penalty watch and first-day calling', async () => {
    const response = await server.api<Record<string, { pupilId: string }[]>>(
      office,
      'GET',
      `/api/reports/alerts?asOf=${DAY}`,
    );
    expect(response.status).toBe(200);
    for (const key of [
      'penalty',
      'lateness',
      'continuous10',
      'continuous20',
      'notBack10',
      'sickness15',
      'suspension5',
      'firstDay',
    ]) {
      const list = response.body[key];
      expect(Array.isArray(list), key).toBe(true);
      for (const row of list ?? []) expect(typeof row.pupilId).toBe('string');
    }
    const penalty = response.body['penalty'] as unknown as {
      pupilId: string;
      count: number;
      outstandingN: number;
      windowStart: string;
      windowEnd: string;
      reached: boolean;
    }[];
    const p4 = penalty.find((r) => r.pupilId === 'p4');
    expect(p4).toMatchObject({
      count: 1, // the U
      outstandingN: 30, // the close job's N of 2–20 November
      windowStart: '2026-09-14', // ten school weeks, the half term skipped
      windowEnd: DAY,
      reached: false,
    });
    expect(penalty.find((r) => r.pupilId === 'p2')).toMatchObject({ count: 0, outstandingN: 31 });
    const firstDay = response.body['firstDay'] as unknown as {
      pupilId: string;
      sessions: string[];
    }[];
    // Each row also carries the pupil's contacts as stored, and the calls logged that day.
    const contactOf = (n: number) => ({
      name: `Parent ${String(n)}`,
      relationship: 'Mother',
      phone: '07700 900000',
      mayReportAbsence: true,
    });
    expect(firstDay).toEqual(
      expect.arrayContaining([
        { pupilId: 'p2', sessions: ['AM'], contacts: [contactOf(2)], calls: [] },
        { pupilId: 'p8', sessions: ['PM'], contacts: [contactOf(8)], calls: [] },
      ]),
    );
    expect(firstDay.find((r) => r.pupilId === 'p4')).toBeUndefined();
    const earlier = await server.api<Record<string, { pupilId: string; days?: number }[]>>(
      office,
      'GET',
      '/api/reports/alerts?asOf=2026-11-20',
    );
    const continuous = earlier.body['continuous10'] ?? [];
    expect(continuous.find((r) => r.pupilId === 'p2')).toMatchObject({ days: 15 });
    expect(continuous.find((r) => r.pupilId === 'p1')).toBeUndefined();
    expect(earlier.body['continuous20']).toEqual([]);
  });

  it('[alerts] not back 10 school days after a leave of absence ended: p7, until they came in today', async () => {
    // p7's 2 November becomes a day of leave; the close job's N follow it until today's AM '/'.
    await pushAll(
      office,
      'office-pc',
      (['AM', 'PM'] as const).map((session) =>
        server.mark({
          pupilId: 'p7',
          date: '2026-11-02',
          session,
          code: 'C',
          basedOn: closeOpId('p7', '2026-11-02', session),
          source: 'office',
          reason: 'Leave granted by the headteacher',
          recordedAt: at('13:45'),
          deviceId: 'office-pc',
        }),
      ),
    );
    const notBack = async (asOf: string) => {
      const response = await server.api<{ notBack10: unknown[] }>(
        office,
        'GET',
        `/api/reports/alerts?asOf=${asOf}`,
      );
      expect(response.status).toBe(200);
      return response.body.notBack10;
    };
    expect(await notBack('2026-11-13')).toEqual([]); // day 9
    expect(await notBack('2026-11-16')).toEqual([
      { pupilId: 'p7', days: 10, since: '2026-11-03', leaveEnded: '2026-11-02', leaveCode: 'C' },
    ]);
    expect(await notBack('2026-11-20')).toEqual([
      { pupilId: 'p7', days: 14, since: '2026-11-03', leaveEnded: '2026-11-02', leaveCode: 'C' },
    ]);
    expect(await notBack(DAY)).toEqual([]);
  });

  it('[export] marks.csv: exact header, one row per pupil per possible session, minutes late, defused names', async () => {
    const response = await server.api<string>(
      office,
      'GET',
      `/api/export/marks.csv?from=${DAY}&to=${DAY}`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const lines = response.body.split('\r\n').filter((l) => l !== '');
    expect(lines[0]).toBe('upn,pupil_id,surname,forename,group,date,session,code,minutes_late');
    expect(lines).toHaveLength(1 + 8 * 2);
    const line = (pupilId: string, session: string) =>
      lines.filter(
        (l) => l.startsWith(`${upnOf(pupilId)},${pupilId},`) && l.includes(`,${session},`),
      );
    expect(line('p3', 'AM')).toEqual([`${upnOf('p3')},p3,Family3,Pupil3,3B,${DAY},AM,L,15`]);
    expect(line('p4', 'PM')).toEqual([`${upnOf('p4')},p4,Family4,Pupil4,3B,${DAY},PM,U,40`]);
    expect(line('p1', 'AM')).toEqual([`${upnOf('p1')},p1,Family1,Pupil1,3B,${DAY},AM,/,`]);
    expect(line('p6', 'PM')).toEqual([`${upnOf('p6')},p6,Family6,Pupil6,4H,${DAY},PM,M,`]);
    // a name starting with = (or @) cannot become a spreadsheet formula
    expect(line('p8', 'AM')).toEqual([
      `${upnOf('p8')},p8,"'=HYPERLINK(""http://x"",""y"")",'@Mia,4H,${DAY},AM,/,`,
    ]);
    for (const l of lines.slice(1)) {
      const [code, minutes] = l.split(',').slice(-2);
      if (minutes !== '') expect(['L', 'U']).toContain(code);
    }
  });

  it('[export] a week with the INSET day: possible sessions only, blank for those not yet marked', async () => {
    const response = await server.api<string>(
      office,
      'GET',
      '/api/export/marks.csv?from=2026-11-23&to=2026-11-29',
    );
    const lines = response.body
      .split('\r\n')
      .filter((l) => l !== '')
      .slice(1);
    expect(lines).toHaveLength(8 * 4 * 2); // Monday–Thursday; Friday is INSET, then the weekend
    expect(lines.some((l) => l.includes(',2026-11-27,'))).toBe(false);
    const tomorrow = lines.filter((l) => l.includes(',2026-11-24,'));
    expect(tomorrow).toHaveLength(16);
    expect(tomorrow.every((l) => l.endsWith(',,'))).toBe(true);
  });

  it('[rights] office lists, reports, alerts and export are for office and admin only', async () => {
    for (const path of [
      '/api/office/unexplained',
      '/api/office/conflicts',
      '/api/office/missing-registers',
      '/api/reports/attendance',
      '/api/reports/alerts',
      '/api/export/marks.csv',
    ]) {
      for (const token of [hughes, reception]) {
        const response = await server.api(token, 'GET', path);
        expect(response.status, path).toBe(403);
      }
      expect((await server.api(null, 'GET', path)).status, path).toBe(401);
    }
  });

  it('[bad-input] bad query values and parameters are 400 JSON, never a 5xx', async () => {
    for (const path of [
      '/api/office/unexplained?asOf=2026-02-30',
      '/api/office/unexplained?asOf=tomorrow',
      '/api/office/unexplained?asOf=2026-11-23&asOf=2026-11-24',
      '/api/office/missing-registers?date=23/11/2026',
      '/api/reports/attendance?by=class',
      '/api/reports/attendance?from=2026-12-01&to=2026-11-01',
      '/api/reports/attendance?from=2026-13-01',
      '/api/reports/attendance?from=1990-01-01&to=2026-11-23',
      '/api/reports/alerts?asOf=20261123',
      '/api/export/marks.csv?from=nope',
      '/api/export/marks.csv?from=2026-11-30&to=2026-11-23',
      `/api/registers/g3b/2026-13-01/AM`,
      `/api/registers/g3b/${DAY}/XX`,
      `/api/registers/g%20b/${DAY}/AM`,
      `/api/marks/p1/${DAY}/EVENING/history`,
    ]) {
      const response = await server.api<{ error?: unknown; message?: unknown }>(
        office,
        'GET',
        path,
      );
      expect(response.status, path).toBe(400);
      expect(response.headers.get('content-type'), path).toContain('application/json');
      expect(typeof response.body.error, path).toBe('string');
      expect(typeof response.body.message, path).toBe('string');
    }
  });
});
