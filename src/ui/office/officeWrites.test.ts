import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { RollcallDb } from '../../storage/db.ts';
import { readSchoolData, type SchoolData } from '../shared/schoolData.ts';
import {
  at,
  authFor,
  FakeEngine,
  freshDb,
  OFFICE,
  seedSchool,
  TEACHER,
} from '../register/testing.ts';
import { logCall, recordOfficeMarks, type OfficeContext, type OfficeMark } from './officeWrites.ts';

const opened: RollcallDb[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

async function context(staff = OFFICE): Promise<OfficeContext & { engine: FakeEngine }> {
  const db = freshDb();
  opened.push(db);
  await seedSchool(db);
  // Sam Taylor left on Fri 20 Nov.
  await db.pupils.update('p-04', { leavingDate: '2026-11-20' });
  const school = await readSchoolData(db);
  if (!school.ok) throw new Error(school.error);
  return {
    db,
    engine: new FakeEngine(at('10:00')),
    auth: authFor(staff),
    school: school.value satisfies SchoolData,
  };
}

const ILL: OfficeMark = {
  pupilId: 'p-01',
  date: '2026-12-03',
  session: 'AM',
  code: 'I',
  reason: 'Chickenpox',
  reportedBy: 'Mrs Jones',
  basedOn: null,
};

describe('recordOfficeMarks', () => {
  it('writes every mark and its outbox entry in one go, then asks the engine to send', async () => {
    const ctx = await context();
    const written = await recordOfficeMarks(ctx, [ILL, { ...ILL, session: 'PM' }]);
    expect(written.ok).toBe(true);
    const ops = (await ctx.db.outbox.toArray()).map((entry) => entry.op);
    expect(ops).toMatchObject([
      { session: 'AM', code: 'I', reason: 'Chickenpox', reportedBy: 'Mrs Jones' },
      { session: 'PM', code: 'I' },
    ]);
    expect(ctx.engine.requests).toEqual(['write']);
  });

  it.each([
    ['a reason of only spaces', { reason: '   ' }, 'Give the reason: the register must say why.'],
    [
      'a code not valid on that date',
      { code: 'H' },
      'Code H was withdrawn on 2024-08-19 and cannot be used for 2026-12-03.',
    ],
    ['a code that does not exist', { code: '?' }, '"?" is not an attendance code.'],
    [
      'a pupil who has left',
      { pupilId: 'p-04' },
      'Sam Taylor is not on roll on Thu 3 Dec: they had left or not yet joined.',
    ],
    [
      'a weekend',
      { date: '2026-12-05' },
      'Sat 5 Dec PM is not a school session (a weekend, holiday or closure).',
    ],
    [
      'the INSET day',
      { date: '2026-11-27' },
      'Fri 27 Nov PM is not a school session (a weekend, holiday or closure).',
    ],
    [
      'a pupil not on the device',
      { pupilId: 'p-99' },
      'This pupil is not on this device yet. Sync, then try again.',
    ],
  ] satisfies [string, Partial<OfficeMark>, string][])(
    'refuses %s with a clear message and writes nothing of the batch',
    async (_, change, message) => {
      const ctx = await context();
      const written = await recordOfficeMarks(ctx, [ILL, { ...ILL, session: 'PM', ...change }]);
      expect(written).toEqual({ ok: false, error: message });
      expect(await ctx.db.outbox.count()).toBe(0);
      expect(ctx.engine.requests).toEqual([]);
    },
  );

  it('refuses a teacher naming who reported an absence, as the server would', async () => {
    const ctx = await context(TEACHER);
    const written = await recordOfficeMarks(ctx, [{ ...ILL, date: '2026-12-02' }]);
    expect(written.ok).toBe(false);
    expect(await ctx.db.outbox.count()).toBe(0);
  });
});

describe('recordOfficeMarks: a late mark with the time the pupil arrived', () => {
  // Wed 2 Dec, 10:00. AM: opens 08:50, late after 08:50, closes 09:20, ends 12:00.
  const LATE: OfficeMark = {
    pupilId: 'p-01',
    date: '2026-12-02',
    session: 'AM',
    code: 'L',
    reason: 'Signed in late at reception',
    reportedBy: null,
    basedOn: 'srv-n',
    arrivedAt: '09:05',
  };

  it('keeps an L with its arrival time, trimmed, for the server to count the minutes late', async () => {
    const ctx = await context();
    const written = await recordOfficeMarks(ctx, [{ ...LATE, arrivedAt: ' 09:05 ' }]);
    expect(written.ok).toBe(true);
    const [entry] = await ctx.db.outbox.toArray();
    expect(entry?.op).toMatchObject({
      kind: 'mark',
      code: 'L',
      arrivedAt: '09:05',
      source: 'office',
      basedOn: 'srv-n',
      reason: 'Signed in late at reception',
    });
    expect(entry?.op).not.toHaveProperty('reportedBy');
    expect(ctx.engine.requests).toEqual(['write']);
  });

  it.each([
    ['a U after the close, on the minute it is recorded', { code: 'U', arrivedAt: '10:00' }],
    ['an L at the close minute', { code: 'L', arrivedAt: '09:20' }],
    [
      'a U on an earlier day, at the session’s end',
      { date: '2026-12-01', code: 'U', arrivedAt: '12:00' },
    ],
  ] satisfies [string, Partial<OfficeMark>][])('records %s', async (_, change) => {
    const ctx = await context();
    const written = await recordOfficeMarks(ctx, [{ ...LATE, ...change }]);
    expect(written.ok).toBe(true);
    const [entry] = await ctx.db.outbox.toArray();
    expect(entry?.op).toMatchObject(change);
  });

  it('leaves the arrival time out of a mark that has none', async () => {
    const ctx = await context();
    expect((await recordOfficeMarks(ctx, [{ ...ILL, arrivedAt: null }])).ok).toBe(true);
    const [entry] = await ctx.db.outbox.toArray();
    expect(entry?.op).not.toHaveProperty('arrivedAt');
  });

  it.each([
    [
      'an L with no arrival time',
      { arrivedAt: null },
      'Give the time Amelia Jones arrived: a late mark (L) needs it.',
    ],
    [
      'a U with an arrival time of only spaces',
      { code: 'U', arrivedAt: '   ' },
      'Give the time Amelia Jones arrived: a late mark (U) needs it.',
    ],
    [
      'an arrival time that is not one',
      { arrivedAt: '9.05' },
      '“9.05” is not a time: give the arrival time as hours and minutes, for example 09:25.',
    ],
    [
      'an arrival before the register opened',
      { arrivedAt: '08:40' },
      'Arriving at 08:40 is before the AM register opened (08:50): Amelia Jones was not late, so the mark is /, not L.',
    ],
    [
      'an L for an arrival after the close',
      { arrivedAt: '09:21' },
      'Arriving at 09:21 is after the AM register closed (09:20): the mark is U, not L.',
    ],
    [
      'a U for an arrival before the close',
      { code: 'U', arrivedAt: '09:20' },
      'Arriving at 09:20 is before the AM register closed (09:20): the mark is L, not U.',
    ],
    [
      'an arrival after the session ended',
      { date: '2026-12-01', code: 'U', arrivedAt: '12:01' },
      'Arriving at 12:01 is after the AM session ended (12:00): no mark is recorded for it, and Amelia Jones stays absent for the session.',
    ],
    [
      'an arrival later than now',
      { code: 'U', arrivedAt: '10:01' },
      'The arrival time 10:01 is later than now (10:00).',
    ],
    [
      'a late mark for a day not yet come',
      { date: '2026-12-03' },
      'That session has not happened yet: an arrival is recorded once Amelia Jones has arrived.',
    ],
    [
      'an arrival time on a code that is not a late mark',
      { code: 'I', arrivedAt: '09:05' },
      'Arriving at 09:05 is before the AM register closed (09:20): the mark is L, not I.',
    ],
    [
      'a change of a marked cell without a reason, before the time is looked at',
      { reason: ' ', arrivedAt: null },
      'Give the reason: the register must say why.',
    ],
  ] satisfies [string, Partial<OfficeMark>, string][])(
    'refuses %s in the office’s words and writes nothing of the batch',
    async (_, change, message) => {
      const ctx = await context();
      const written = await recordOfficeMarks(ctx, [ILL, { ...LATE, ...change }]);
      expect(written).toEqual({ ok: false, error: message });
      expect(await ctx.db.outbox.count()).toBe(0);
      expect(ctx.engine.requests).toEqual([]);
    },
  );

  it('refuses a late mark when the group’s session times cannot be read, rather than guess', async () => {
    const db = freshDb();
    opened.push(db);
    await seedSchool(db);
    await db.groups.update('g3b', {
      sessionTimes: { AM: { opens: '09:30', lateAfter: '09:30', closes: '09:00', ends: '12:00' } },
    });
    const school = await readSchoolData(db);
    if (!school.ok) throw new Error(school.error);
    const ctx = {
      db,
      engine: new FakeEngine(at('10:00')),
      auth: authFor(OFFICE),
      school: school.value,
    };
    const written = await recordOfficeMarks(ctx, [LATE]);
    expect(written).toEqual({
      ok: false,
      error:
        'The session times of Amelia Jones’s group could not be read on this device, so the arrival time cannot be checked. Sync, then try again.',
    });
    expect(await db.outbox.count()).toBe(0);
  });
});

describe('logCall', () => {
  it('queues a call to the family as an op, with a blank note left out', async () => {
    const ctx = await context();
    const logged = await logCall(ctx, {
      pupilId: 'p-01',
      date: '2026-12-02',
      at: '09:45',
      contact: ' Mrs Jones ',
      phone: '07700 900123',
      outcome: 'message-left',
      note: null,
    });
    expect(logged.ok).toBe(true);
    const [entry] = await ctx.db.outbox.toArray();
    expect(entry?.op).toMatchObject({
      kind: 'call',
      pupilId: 'p-01',
      contact: 'Mrs Jones',
      outcome: 'message-left',
    });
    expect(entry?.op).not.toHaveProperty('note');
  });

  it('refuses a call with nobody named', async () => {
    const ctx = await context();
    const logged = await logCall(ctx, {
      pupilId: 'p-01',
      date: '2026-12-02',
      at: '09:45',
      contact: '  ',
      phone: null,
      outcome: 'no-answer',
      note: null,
    });
    expect(logged).toEqual({ ok: false, error: 'Say who was called.' });
    expect(await ctx.db.outbox.count()).toBe(0);
  });
});
