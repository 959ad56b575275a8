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
