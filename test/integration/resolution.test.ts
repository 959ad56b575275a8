/**
 * How concurrent marks resolve (docs/attendance-rules.md §4.3), seen through the API a school would
 * use: the register, the office conflict list and each cell's history, which must carry what the
 * law asks of an amendment (docs/attendance-rules.md §4): original and amended entry, reason, when,
 * and the name and position of who made it — plus device, recordedAt, receivedAt, outcome and
 * lateSync.
 *
 * One server per store; the clock only moves forward: 09:12 (register open), 09:21 (closed, the
 * close job has written N), 10:00 (an offline tablet finally syncs).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeOpId } from '../../src/domain/closeRule.ts';
import type { HistoryEntry, RegisterRow } from '../../src/schema/reads.ts';
import { push, startTestServer, storeTargets, type TestServer } from './harness.ts';

const DAY = '2026-11-23';
const at = (hhmmss: string) => `${DAY}T${hhmmss}Z`;

const HUGHES = { name: 'Tess Hughes', position: 'Class teacher' };
const OFFICE = { name: 'Olive Office', position: 'Office Manager' };
const RECEPTION = { name: 'Rita Reception', position: 'Receptionist' };

describe.each(storeTargets())('[resolution] on $kind', (target) => {
  let server: TestServer;
  let hughes: string;
  let office: string;
  let reception: string;

  const history = async (pupilId: string) => {
    const response = await server.api<{ entries: HistoryEntry[] }>(
      office,
      'GET',
      `/api/marks/${pupilId}/${DAY}/AM/history`,
    );
    expect(response.status).toBe(200);
    return response.body.entries;
  };
  const registerRow = async (pupilId: string) => {
    const response = await server.api<{ rows: RegisterRow[] }>(
      hughes,
      'GET',
      `/api/registers/g3b/${DAY}/AM`,
    );
    expect(response.status).toBe(200);
    return response.body.rows.find((r) => r.pupilId === pupilId);
  };
  /** Pushes and returns the server-clock window in which the ops were received. */
  const pushed = async (token: string, deviceId: string, ops: Parameters<typeof push>[3]) => {
    const from = server.clock.now();
    const response = await push(server, token, deviceId, ops);
    const to = server.clock.now();
    expect(response.status).toBe(200);
    return { results: response.body.results, from, to };
  };
  const receivedWithin = (
    entry: HistoryEntry | undefined,
    window: { from: number; to: number },
  ) => {
    const received = Date.parse(entry?.receivedAt ?? '');
    expect(received).toBeGreaterThanOrEqual(window.from);
    expect(received).toBeLessThanOrEqual(window.to);
  };

  beforeAll(async () => {
    server = await startTestServer(target, { suite: 'resolution', now: at('09:12:30') });
    [hughes, office, reception] = await Promise.all([
      server.login('t.hughes'),
      server.login('office'),
      server.login('reception'),
    ]);
  }, 30_000);

  afterAll(async () => {
    await server.close();
  });

  it("[N-never-replaces] an offline teacher's N arriving after reception's L leaves L; both are in the history", async () => {
    const late = server.mark({
      pupilId: 'p1',
      date: DAY,
      session: 'AM',
      code: 'L',
      arrivedAt: '09:12',
      source: 'reception',
      recordedAt: at('09:12:10'),
      deviceId: 'desk-1',
    });
    const lateWindow = await pushed(reception, 'desk-1', [late]);
    expect(lateWindow.results).toEqual([{ opId: late.opId, status: 'applied' }]);
    const absent = server.mark({
      pupilId: 'p1',
      date: DAY,
      session: 'AM',
      code: 'N',
      basedOn: null, // the tablet was offline: it never saw the L
      recordedAt: at('08:55:00'),
      deviceId: 'tab-1',
    });
    const absentWindow = await pushed(hughes, 'tab-1', [absent]);
    expect(absentWindow.results).toEqual([{ opId: absent.opId, status: 'applied' }]);

    expect(await registerRow('p1')).toMatchObject({
      code: 'L',
      conflict: false,
      arrivedAt: '09:12',
      minutesLate: 22,
      by: RECEPTION.name,
    });
    const entries = await history('p1');
    expect(entries).toMatchObject([
      {
        opId: late.opId,
        original: null,
        amended: 'L',
        at: at('09:12:10.000'),
        recordedAt: at('09:12:10.000'),
        by: RECEPTION,
        source: 'reception',
        deviceId: 'desk-1',
        outcome: 'current',
        lateSync: false,
      },
      {
        opId: absent.opId,
        original: 'L',
        amended: 'N',
        reason: null,
        at: at('08:55:00.000'),
        recordedAt: at('08:55:00.000'),
        by: HUGHES,
        source: 'register',
        deviceId: 'tab-1',
        outcome: 'superseded',
        lateSync: false,
      },
    ]);
    receivedWithin(entries[0], lateWindow);
    receivedWithin(entries[1], absentWindow);
    expect(entries[1]?.seq).toBeGreaterThan(entries[0]?.seq ?? Infinity);
  });

  it('[conflict] two concurrent known marks flag a conflict; a reasoned office amendment on the head clears it', async () => {
    const present = server.mark({
      pupilId: 'p2',
      date: DAY,
      session: 'AM',
      code: '/',
      recordedAt: at('09:05:00'),
      deviceId: 'tab-1',
    });
    const ill = server.mark({
      pupilId: 'p2',
      date: DAY,
      session: 'AM',
      code: 'I',
      source: 'office',
      reason: 'Mother phoned: sick overnight',
      recordedAt: at('09:06:00'),
      deviceId: 'office-1',
    });
    expect((await pushed(hughes, 'tab-1', [present])).results[0]?.status).toBe('applied');
    expect((await pushed(office, 'office-1', [ill])).results[0]?.status).toBe('applied');

    expect(await registerRow('p2')).toMatchObject({ code: 'I', conflict: true });
    const conflicts = await server.api<{
      rows: {
        pupilId: string;
        date: string;
        session: string;
        code: string;
        entries: HistoryEntry[];
      }[];
    }>(office, 'GET', '/api/office/conflicts');
    expect(conflicts.status).toBe(200);
    expect(conflicts.body.rows).toMatchObject([
      {
        pupilId: 'p2',
        date: DAY,
        session: 'AM',
        code: 'I',
        entries: [
          { opId: present.opId, amended: '/', outcome: 'conflict', by: HUGHES },
          { opId: ill.opId, original: '/', amended: 'I', outcome: 'current', by: OFFICE },
        ],
      },
    ]);
    expect((await server.api(hughes, 'GET', '/api/office/conflicts')).status).toBe(403);

    const resolved = server.mark({
      pupilId: 'p2',
      date: DAY,
      session: 'AM',
      code: '/',
      source: 'office',
      basedOn: ill.opId,
      reason: 'Teacher confirms she was in class; the call was about tomorrow',
      recordedAt: at('09:08:00'),
      deviceId: 'office-1',
    });
    const window = await pushed(office, 'office-1', [resolved]);
    expect(window.results).toEqual([{ opId: resolved.opId, status: 'applied' }]);
    expect(await registerRow('p2')).toMatchObject({ code: '/', conflict: false, by: OFFICE.name });
    expect(
      (await server.api<{ rows: unknown[] }>(office, 'GET', '/api/office/conflicts')).body.rows,
    ).toEqual([]);
    const entries = await history('p2');
    expect(entries).toMatchObject([
      { opId: present.opId, original: null, amended: '/', outcome: 'superseded', by: HUGHES },
      {
        opId: ill.opId,
        original: '/',
        amended: 'I',
        reason: 'Mother phoned: sick overnight',
        outcome: 'superseded',
        by: OFFICE,
      },
      {
        opId: resolved.opId,
        original: 'I',
        amended: '/',
        reason: 'Teacher confirms she was in class; the call was about tomorrow',
        at: at('09:08:00.000'),
        by: OFFICE,
        source: 'office',
        deviceId: 'office-1',
        outcome: 'current',
      },
    ]);
    receivedWithin(entries[2], window);
  });

  it('[N-replaced] after close, an office I based on the system N replaces it, with a reason', async () => {
    await server.setClock(at('09:21:00'));
    const closeN = closeOpId('p3', DAY, 'AM');
    expect(await registerRow('p3')).toMatchObject({ code: 'N', by: 'Register close' });

    const unreasoned = server.mark({
      pupilId: 'p3',
      date: DAY,
      session: 'AM',
      code: 'I',
      source: 'office',
      basedOn: closeN,
      recordedAt: at('09:21:05'),
      deviceId: 'office-1',
    });
    const ill = server.mark({
      pupilId: 'p3',
      date: DAY,
      session: 'AM',
      code: 'I',
      source: 'office',
      basedOn: closeN,
      reason: 'Father phoned at 09:21: flu',
      recordedAt: at('09:21:10'),
      deviceId: 'office-1',
    });
    const window = await pushed(office, 'office-1', [unreasoned, ill]);
    expect(window.results).toMatchObject([
      { opId: unreasoned.opId, status: 'rejected', code: 'reason-required' },
      { opId: ill.opId, status: 'applied' },
    ]);
    expect(await registerRow('p3')).toMatchObject({ code: 'I', conflict: false, by: OFFICE.name });
    const entries = await history('p3');
    expect(entries).toMatchObject([
      {
        opId: closeN,
        original: null,
        amended: 'N',
        by: { name: 'Register close', position: 'System' },
        source: 'system',
        deviceId: 'server',
        at: at('09:21:00.000'),
        outcome: 'superseded',
      },
      {
        opId: ill.opId,
        original: 'N',
        amended: 'I',
        reason: 'Father phoned at 09:21: flu',
        at: at('09:21:10.000'),
        recordedAt: at('09:21:10.000'),
        by: OFFICE,
        source: 'office',
        deviceId: 'office-1',
        outcome: 'current',
        lateSync: false,
      },
    ]);
    expect(entries).toHaveLength(2);
    receivedWithin(entries[1], window);
  });

  it('[lateSync] a mark recorded while open but synced after close is applied and flagged', async () => {
    await server.setClock(at('10:00:00'));
    const offline = server.mark({
      pupilId: 'p4',
      date: DAY,
      session: 'AM',
      code: '/',
      recordedAt: at('08:55:00'),
      deviceId: 'tab-2',
    });
    const tooLate = server.mark({
      pupilId: 'p4',
      date: DAY,
      session: 'AM',
      code: 'N',
      basedOn: offline.opId,
      recordedAt: at('09:59:00'),
      deviceId: 'tab-2',
    });
    const window = await pushed(hughes, 'tab-2', [offline, tooLate]);
    expect(window.results).toMatchObject([
      { opId: offline.opId, status: 'applied' },
      { opId: tooLate.opId, status: 'rejected', code: 'register-closed' },
    ]);
    expect(await registerRow('p4')).toMatchObject({ code: '/', conflict: false, by: HUGHES.name });
    const entries = await history('p4');
    expect(entries).toMatchObject([
      { opId: closeOpId('p4', DAY, 'AM'), amended: 'N', source: 'system', outcome: 'superseded' },
      {
        opId: offline.opId,
        original: 'N',
        amended: '/',
        at: at('08:55:00.000'),
        recordedAt: at('08:55:00.000'),
        by: HUGHES,
        source: 'register',
        deviceId: 'tab-2',
        outcome: 'current',
        lateSync: true,
      },
    ]);
    expect(entries).toHaveLength(2);
    receivedWithin(entries[1], window);
    expect(Date.parse(entries[1]?.receivedAt ?? '')).toBeGreaterThanOrEqual(
      Date.parse(at('10:00:00')),
    );
    // Marks received while their register was still open are not flagged.
    expect((await history('p1')).map((e) => e.lateSync)).toEqual([false, false]);
  });
});
