import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { RollcallDb } from '../../storage/db.ts';
import {
  at,
  authFor,
  FakeEngine,
  freshDb,
  RECEPTION,
  seedSchool,
  TODAY,
} from '../register/testing.ts';
import { readSchoolData } from '../shared/schoolData.ts';
import { recordDeskMovement, signInLate, type DeskContext } from './deskWrites.ts';

const opened: RollcallDb[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

async function context(time: string): Promise<DeskContext & { engine: FakeEngine }> {
  const db = freshDb();
  opened.push(db);
  await seedSchool(db);
  await db.movements.put({
    opId: 'mv-1',
    pupilId: 'p-02',
    date: TODAY,
    direction: 'out',
    at: '13:40',
    reason: 'appointment: dentist',
    accompaniedBy: 'Priya Khan',
    authorId: RECEPTION.id,
    deviceId: 'dev-desk',
    recordedAt: new Date(at('13:40')).toISOString(),
    receivedAt: new Date(at('13:40')).toISOString(),
    seq: 1,
  });
  const school = await readSchoolData(db);
  if (!school.ok) throw new Error(school.error);
  return { db, engine: new FakeEngine(at(time)), auth: authFor(RECEPTION), school: school.value };
}

describe('the desk’s writes check the day as the device holds it at the moment of saving', () => {
  it('[movement] a pupil already signed out is not signed out again: nothing written', async () => {
    const ctx = await context('13:50');
    const written = await recordDeskMovement(ctx, {
      pupilId: 'p-02',
      direction: 'out',
      at: '13:50',
      reason: 'illness',
      person: 'Priya Khan',
    });
    expect(written).toEqual({
      ok: false,
      error: 'Noah Khan is already signed out at 13:50: sign them back in first.',
    });
    expect(await ctx.db.outbox.count()).toBe(0);
  });

  it('[arrival] a pupil signed out is not signed in late: nothing written', async () => {
    const ctx = await context('13:50');
    const written = await signInLate(ctx, {
      pupilId: 'p-02',
      arrivedAt: '13:45',
      reason: '',
      broughtBy: '',
      timeChange: { from: '13:50', why: 'waited' },
    });
    expect(written).toEqual({
      ok: false,
      error: 'Noah Khan was signed out before 13:45: sign them back in instead.',
    });
    expect(await ctx.db.outbox.count()).toBe(0);
    expect(ctx.engine.requests).toEqual([]);
  });

  it('[movement] a pupil the device does not hold is refused in the desk’s words', async () => {
    const ctx = await context('13:50');
    const written = await recordDeskMovement(ctx, {
      pupilId: 'p-99',
      direction: 'out',
      at: '13:50',
      reason: 'illness',
      person: 'Priya Khan',
    });
    expect(written).toEqual({
      ok: false,
      error: 'This pupil is not on this device yet. Sync, then try again.',
    });
  });
});
