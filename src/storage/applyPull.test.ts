import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPullPage, cursorFor } from './applyPull.ts';
import { SINGLE_KEY, type RollcallDb } from './db.ts';
import type { StorageResult } from './errors.ts';
import { pullPageSchema, type PullChange } from '../schema/sync.ts';
import { amendment, call, freshDb } from './testing.ts';

const opened: RollcallDb[] = [];
function newDb(): RollcallDb {
  const db = freshDb();
  opened.push(db);
  return db;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

function value<T>(result: StorageResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

const school = {
  id: 'sch-1',
  urn: '123456',
  name: 'Lady Byron',
  timeZone: 'Europe/London',
  settings: {},
  calendar: { terms: [] },
};
const group = { id: 'g-3b', name: '3B', yearGroup: 3, sessionTimes: null };
const pupil = {
  id: 'p-1',
  upn: 'A123456789012',
  givenName: 'Ada',
  familyName: 'King',
  preferredName: null,
  dateOfBirth: '2018-01-02',
  sex: 'F',
  groupId: 'g-3b',
  admissionDate: '2022-09-05',
  leavingDate: null,
  flags: { fsm: true },
  contacts: [{ name: 'Ann King', relationship: 'Mother', phone: '01234', mayReportAbsence: true }],
};
const staff = {
  id: 's-a',
  name: 'Tom Hughes',
  position: 'Class teacher',
  role: 'teacher' as const,
  groups: ['g-3b'],
};
const movement = {
  opId: 'm-1',
  pupilId: 'p-1',
  date: '2026-11-23',
  direction: 'in' as const,
  at: '09:31',
  reason: 'Dentist',
  accompaniedBy: null,
  authorId: 's-reception',
  deviceId: 'dev-desk',
  recordedAt: '2026-11-23T09:31:00.000Z',
  receivedAt: '2026-11-23T09:31:01.000Z',
  seq: 2,
};

const PAGE: PullChange[] = [
  { type: 'school', version: 1, data: school },
  { type: 'group', version: 1, data: group },
  { type: 'pupil', version: 1, data: pupil },
  { type: 'staff', version: 1, data: staff },
  { type: 'amendment', version: 2, data: amendment() },
  { type: 'movement', version: 3, data: movement },
  { type: 'amendment', version: 4, data: amendment({ outcome: 'superseded' }) },
  {
    type: 'amendment',
    version: 4,
    data: amendment({ opId: 'a-2', code: 'I', source: 'office', reportedBy: 'Ann King', seq: 4 }),
  },
  { type: 'call', version: 4, data: call() },
  { type: 'call', version: 4, data: call({ opId: 'c-2', at: '09:50', outcome: 'reason-given' }) },
];

/** Makes every write to `table` fail, as a disk might halfway through a page. */
function failWritesTo(db: RollcallDb, table: string, error: Error): void {
  db.use({
    stack: 'dbcore',
    name: 'fail-writes',
    create: (down) => ({
      ...down,
      table: (name) => {
        const real = down.table(name);
        return name === table ? { ...real, mutate: () => Promise.reject(error) } : real;
      },
    }),
  });
}

describe('applyPullPage', () => {
  it('writes every kind of change and the cursor; a later change of a row wins', async () => {
    const db = newDb();
    expect(value(await cursorFor(db, 's-a'))).toBe(0);
    value(await applyPullPage(db, 's-a', { changes: PAGE, cursor: 4 }));
    expect(value(await cursorFor(db, 's-a'))).toBe(4);
    expect(value(await cursorFor(db, 's-b'))).toBe(0);
    expect(await db.school.get(SINGLE_KEY)).toEqual(school);
    expect(await db.groups.get('g-3b')).toEqual(group);
    expect(await db.pupils.where('groupId').equals('g-3b').toArray()).toEqual([pupil]);
    expect(await db.staff.get('s-a')).toEqual(staff);
    expect(await db.movements.get('m-1')).toEqual(movement);
    expect((await db.amendments.get('a-1'))?.outcome).toBe('superseded');
    expect((await db.amendments.get('a-2'))?.reportedBy).toBe('Ann King');
    expect(await db.calls.where('pupilId').equals('p-1').primaryKeys()).toEqual(['c-1', 'c-2']);
    expect(await db.calls.get('c-2')).toEqual(
      call({ opId: 'c-2', at: '09:50', outcome: 'reason-given' }),
    );
  });

  it('writes no call, change or cursor when the calls fail to write', async () => {
    const db = newDb();
    failWritesTo(db, 'calls', new Error('power cut'));
    await expect(applyPullPage(db, 's-a', { changes: PAGE, cursor: 4 })).rejects.toThrow(
      'power cut',
    );
    expect(await db.amendments.count()).toBe(0);
    expect(await db.calls.count()).toBe(0);
    expect(value(await cursorFor(db, 's-a'))).toBe(0);
  });

  it('writes neither changes nor cursor when the page fails halfway', async () => {
    const db = newDb();
    failWritesTo(db, 'amendments', new Error('power cut'));
    await expect(applyPullPage(db, 's-a', { changes: PAGE, cursor: 4 })).rejects.toThrow(
      'power cut',
    );
    expect(await db.groups.count()).toBe(0);
    expect(await db.pupils.count()).toBe(0);
    expect(await db.school.count()).toBe(0);
    expect(value(await cursorFor(db, 's-a'))).toBe(0);
  });

  it('answers storage-full when the disk is full, and writes nothing', async () => {
    const db = newDb();
    failWritesTo(db, 'movements', new DOMException('full', 'QuotaExceededError'));
    expect(await applyPullPage(db, 's-a', { changes: PAGE, cursor: 4 })).toMatchObject({
      ok: false,
      error: { code: 'storage-full' },
    });
    expect(await db.groups.count()).toBe(0);
    expect(value(await cursorFor(db, 's-a'))).toBe(0);
  });

  it('reports a corrupt cursor', async () => {
    const db = newDb();
    await db.meta.put({ key: 'cursor:s-a', value: -3 });
    expect(await cursorFor(db, 's-a')).toMatchObject({ ok: false, error: { code: 'corrupt-row' } });
  });
});

describe('pullPageSchema', () => {
  it('accepts a page as the server sends it and refuses a malformed one', () => {
    const page = {
      changes: PAGE,
      cursor: 4,
      hasMore: false,
      serverTime: '2026-11-23T09:40:00.000Z',
    };
    expect(pullPageSchema.parse(JSON.parse(JSON.stringify(page)))).toEqual(page);
    const bad = { ...page, changes: [{ type: 'pupil', version: 5, data: { id: 'p-2' } }] };
    expect(pullPageSchema.safeParse(bad).success).toBe(false);
    const badCall = { type: 'call', version: 5, data: { ...call(), outcome: 'shouted' } };
    expect(pullPageSchema.safeParse({ ...page, changes: [badCall] }).success).toBe(false);
  });
});
