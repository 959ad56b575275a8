/**
 * The office's device and the server agree (issue #15): for the demo school, the unexplained
 * worklist and the alerts an office device works out from its own database after a real sync are
 * exactly what `GET /api/office/unexplained` and `GET /api/reports/alerts` answer.
 *
 * The server is the real one over real HTTP (PGlite, or PostgreSQL with DATABASE_URL) with the
 * demo school loaded (Larkspur Primary, 400 pupils, a term of marks) and its clock fixed at
 * 09:40 on Wednesday 2 December 2026, after the AM register closed. The device is a fake-indexeddb
 * Dexie synced by the real engine. The client side is computed the way the office's screens do
 * it: the worklist by `worklistRows` (src/ui/office/worklistData.ts) over `readUnexplainedCells`,
 * the alerts by the domain's `computeAlerts` over `readAllCells`, with the pupils' contacts and
 * the day's calls from the device.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toSchoolTime } from '../../src/domain/clock.ts';
import {
  computeAlerts,
  type IsoDate,
  type PupilAlertInput,
  type SessionMark,
} from '../../src/domain/index.ts';
import { loadDemo } from '../../src/server/demo/loadDemo.ts';
import type { Call } from '../../src/schema/call.ts';
import {
  alertsReportSchema,
  unexplainedResponseSchema,
  type AlertsReport,
  type UnexplainedRow,
} from '../../src/schema/reads.ts';
import { callsFor, type CallEntry } from '../../src/storage/calls.ts';
import { readAllCells, readUnexplainedCells } from '../../src/storage/officeView.ts';
import { pendingCount, recordCall } from '../../src/storage/outbox.ts';
import { worklistRows, type OpenRow } from '../../src/ui/office/worklistData.ts';
import { readSchoolSettings } from '../../src/ui/pupil/pupilReads.ts';
import { pupilAlerts } from '../../src/ui/pupil/pupilYear.ts';
import { readSchoolData, type SchoolData } from '../../src/ui/shared/schoolData.ts';
import { drain, openDevice, type Device } from './engineHarness.ts';
import { startTestServer, storeTargets, type TestServer } from './harness.ts';

const NOW = '2026-12-02T09:40:00Z';
const TODAY = '2026-12-02';
const TIME_ZONE = 'Europe/London';
/**
 * fake-indexeddb walks the amendments index for each cell `readUnexplainedCells` looks up, where a
 * browser's IndexedDB seeks: for the demo's 700-odd cells that ever held an `N`, reading the
 * worklist from the device takes from under a minute to three on this machine, in this test alone.
 */
const READ_ALL_N_MS = 480_000;

/** The outcome of a device read, or the test stops with its message. */
function value<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`device read failed: ${JSON.stringify(result.error)}`);
  return result.value;
}

/** Rows by pupil id (in code-unit order, as IndexedDB keys sort). */
function byPupil<T extends { pupilId: string }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => (a.pupilId < b.pupilId ? -1 : a.pupilId > b.pupilId ? 1 : 0));
}

/** A worklist row's fields made by the domain's `unexplainedAbsences`, on either side. */
function domainRow(row: Omit<UnexplainedRow, 'contacts'>): Omit<UnexplainedRow, 'contacts'> {
  const { pupilId, name, groupId, date, session, deadline, schoolDaysLeft, overdue } = row;
  const { dueToday, priority, recordedAt, authorId } = row;
  return {
    pupilId,
    name,
    groupId,
    date,
    session,
    deadline,
    schoolDaysLeft,
    overdue,
    dueToday,
    priority,
    recordedAt,
    authorId,
  };
}

/** What a call is on both sides: the server's `Call` and the device's `CallEntry`. */
function callFields(call: Call | CallEntry) {
  const { opId, pupilId, date, at, contact, phone, outcome, note, authorId, recordedAt } = call;
  return { opId, pupilId, date, at, contact, phone, outcome, note, authorId, recordedAt };
}

/** The alerts as the office's device works them out from its own database. */
async function deviceAlerts(device: Device, school: SchoolData, asOf: IsoDate) {
  const settings = await readSchoolSettings(device.db);
  if (settings === null) throw new Error('the device holds no readable settings');
  const cells = value(await readAllCells(device.db, device.auth.staff.id));
  const marks = new Map<string, SessionMark[]>();
  for (const cell of cells) {
    const mark = { date: cell.date, session: cell.session, code: cell.view.code };
    marks.set(cell.pupilId, [...(marks.get(cell.pupilId) ?? []), mark]);
  }
  const pupils: PupilAlertInput[] = byPupil(
    [...school.pupils.values()].map((pupil) => ({
      pupilId: pupil.id,
      marks: marks.get(pupil.id) ?? [],
      admissionDate: pupil.admissionDate,
      leavingDate: pupil.leavingDate,
    })),
  );
  const alerts = value(computeAlerts({ calendar: school.setup.calendar, settings, asOf, pupils }));
  const calls = value(await callsFor(device.db, { authorId: device.auth.staff.id, date: asOf }));
  return {
    ...alerts,
    firstDay: alerts.firstDay.map((row) => ({
      ...row,
      contacts: school.pupils.get(row.pupilId)?.contacts ?? [],
      calls: calls.filter((call) => call.pupilId === row.pupilId).map(callFields),
    })),
  };
}

describe.each(storeTargets())('[office-parity] the demo school on $kind', (target) => {
  let server: TestServer;
  let device: Device;
  let token = '';
  let password = '';

  beforeAll(async () => {
    server = await startTestServer(target, { suite: 'office-parity', now: NOW, bundles: [] });
    const demo = await loadDemo(server.store.db, Date.parse(NOW));
    password = demo.password;
    device = await openDevice(server, 'office', {}, password);
    token = device.auth.token;
    await drain(device, 300_000);
  }, 600_000);

  afterAll(async () => {
    await device.close();
    await server.close();
  });

  async function serverWorklist(): Promise<UnexplainedRow[]> {
    const answer = await server.api(token, 'GET', '/api/office/unexplained');
    expect(answer.status).toBe(200);
    return unexplainedResponseSchema.parse(answer.body).rows;
  }

  async function serverAlerts(): Promise<AlertsReport> {
    const answer = await server.api(token, 'GET', '/api/reports/alerts');
    expect(answer.status).toBe(200);
    return alertsReportSchema.parse(answer.body);
  }

  async function deviceWorklist(school: SchoolData): Promise<OpenRow[]> {
    const cells = value(await readUnexplainedCells(device.db, device.auth.staff.id));
    return worklistRows(school, cells, TODAY);
  }

  it('the device and the server agree on today: the fixed server clock, in school time', () => {
    expect(toSchoolTime(device.engine.now(), TIME_ZONE).date).toBe(TODAY);
    expect(toSchoolTime(server.clock.now(), TIME_ZONE).date).toBe(TODAY);
  });

  it(
    '[worklist] the device’s worklist is the server’s, row for row and in the same order',
    async () => {
      const school = value(await readSchoolData(device.db));
      const [onServer, onDevice] = [await serverWorklist(), await deviceWorklist(school)];
      // A term of the demo: N overdue, N inside the deadline, and today's N (the first-day calls).
      expect(onServer.length).toBeGreaterThan(20);
      expect(onServer.some((row) => row.overdue)).toBe(true);
      expect(onServer.some((row) => !row.overdue && !row.dueToday)).toBe(true);
      expect(onServer.some((row) => row.date === TODAY)).toBe(true);
      expect(onServer.some((row) => row.authorId !== null)).toBe(true);
      expect(onServer.some((row) => row.priority)).toBe(true);
      expect(onDevice.map(domainRow)).toEqual(onServer.map(domainRow));
      // Each row's contacts are the pupil's as the device holds them.
      for (const row of onServer)
        expect(row.contacts, row.pupilId).toEqual(school.pupils.get(row.pupilId)?.contacts);
    },
    READ_ALL_N_MS,
  );

  it('[alerts] the alerts worked out on the device are the server’s, first-day calls included', async () => {
    const school = value(await readSchoolData(device.db));
    // Two first-day calls logged on the device, sent and pulled back, so the rows carry calls.
    const firstDay = (await serverAlerts()).firstDay;
    expect(firstDay.length).toBeGreaterThan(1);
    for (const [i, row] of firstDay.slice(0, 2).entries()) {
      const contact = school.pupils.get(row.pupilId)?.contacts[0];
      const logged = await recordCall(device.db, {
        authorId: device.auth.staff.id,
        now: device.engine.now(),
        pupilId: row.pupilId,
        date: TODAY,
        at: i === 0 ? '09:31' : '09:35',
        contact: contact?.name ?? 'Parent',
        ...(contact?.phone === undefined ? {} : { phone: contact.phone }),
        outcome: i === 0 ? 'no-answer' : 'reason-given',
        note: i === 0 ? 'Rang twice' : 'Mum says a cold; back tomorrow',
      });
      value(logged);
    }
    await drain(device, 60_000);
    expect(await pendingCount(device.db, device.auth.staff.id)).toBe(0);

    const onServer = await serverAlerts();
    const onDevice = await deviceAlerts(device, school, TODAY);
    const { asOf, ...served } = onServer;
    expect(asOf).toBe(TODAY);
    const kinds = Object.keys(served) as (keyof typeof served)[];
    expect(kinds.sort()).toEqual(Object.keys(onDevice).sort());
    for (const kind of kinds) {
      const rows: readonly { pupilId: string }[] =
        kind === 'firstDay'
          ? served.firstDay.map((row) => ({
              ...row,
              calls: row.calls.map(callFields),
            }))
          : served[kind];
      // The same rows in the same order: both list the pupils by id.
      expect(onDevice[kind], kind).toEqual(rows);
    }
    // Not an empty agreement: the demo's term reaches several alerts, and today's calls show.
    expect(served.firstDay.length).toBeGreaterThan(1);
    expect(served.firstDay.flatMap((row) => row.calls)).toHaveLength(2);
    const reached = kinds.filter((kind) => served[kind].length > 0);
    expect(reached.length, reached.join(', ')).toBeGreaterThanOrEqual(4);
  }, 120_000);

  it('[pupil-page] each pupil page’s alerts (pupilAlerts, one pupil at a time) are that pupil’s rows of the server’s', async () => {
    const school = value(await readSchoolData(device.db));
    const settings = await readSchoolSettings(device.db);
    if (settings === null) throw new Error('the device holds no readable settings');
    const report = await serverAlerts();
    const { asOf, ...served } = report;
    expect(asOf).toBe(TODAY);
    const cells = value(await readAllCells(device.db, device.auth.staff.id));
    const kinds = Object.keys(served) as (keyof typeof served)[];
    const onPages = new Map<string, { pupilId: string }[]>(kinds.map((kind) => [kind, []]));
    for (const pupil of school.pupils.values()) {
      const own = cells.filter((cell) => cell.pupilId === pupil.id);
      const alerts = value(pupilAlerts(school.setup.calendar, settings, pupil, own, TODAY));
      for (const kind of kinds) onPages.get(kind)?.push(...alerts[kind]);
    }
    for (const kind of kinds) {
      // The page shows a first-day row without the contacts and calls the server adds to it.
      const rows: readonly { pupilId: string }[] =
        kind === 'firstDay'
          ? served.firstDay.map(({ pupilId, sessions }) => ({ pupilId, sessions }))
          : served[kind];
      expect(byPupil(onPages.get(kind) ?? []), kind).toEqual(byPupil(rows));
    }
  }, 120_000);
});
