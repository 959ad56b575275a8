import 'fake-indexeddb/auto';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { RollcallDb } from '../../storage/db.ts';
import { AppContext } from '../shared/AppContext.tsx';
import {
  at,
  authFor,
  FakeEngine,
  freshDb,
  OFFICE,
  RECEPTION,
  seedSchool,
  serverMark,
  TEACHER,
  TODAY,
} from '../register/testing.ts';
import { RegistersScreen } from './RegistersScreen.tsx';

const opened: RollcallDb[] = [];
afterEach(async () => {
  cleanup();
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

/**
 * Wed 2 Dec at 10:00 (AM opens 08:50, closes 09:20, ends 12:00): Amelia's teacher marked her
 * present at 08:55 on the tablet while reception signed her in late at 09:05, neither seeing the
 * other's mark — the conflict is reception's `L` against the teacher's `/`.
 */
async function setup() {
  const db = freshDb();
  opened.push(db);
  await seedSchool(db);
  await db.amendments.bulkPut([
    serverMark({
      opId: 'tab-1',
      code: '/',
      source: 'register',
      authorId: TEACHER.id,
      deviceId: 'tablet-3b',
      recordedAt: new Date(at('08:55')).toISOString(),
      seq: 1,
      outcome: 'conflict',
    }),
    serverMark({
      opId: 'desk-1',
      code: 'L',
      arrivedAt: '09:05',
      minutesLate: 15,
      reason: 'Overslept',
      source: 'reception',
      authorId: RECEPTION.id,
      deviceId: 'desk-pc',
      recordedAt: new Date(at('09:05')).toISOString(),
      seq: 2,
    }),
  ]);
  const engine = new FakeEngine(at('10:00'));
  const user = userEvent.setup();
  const { container } = render(
    <AppContext.Provider value={{ db, engine, auth: authFor(OFFICE) }}>
      <RegistersScreen />
    </AppContext.Provider>,
  );
  const card = await screen.findByRole('article', { name: 'Amelia Jones · 3B · Wed 2 Dec AM' });
  await user.click(within(card).getByRole('button', { name: 'Settle this mark…' }));
  return { db, engine, user, card, container };
}

async function marks(db: RollcallDb) {
  return (await db.outbox.toArray()).map((row) => row.op);
}

async function settle(
  user: ReturnType<typeof userEvent.setup>,
  card: HTMLElement,
  code: string,
  arrivedAt: string | null,
) {
  await user.selectOptions(within(card).getByLabelText('Code'), code);
  if (arrivedAt !== null) await user.type(within(card).getByLabelText('Arrival time'), arrivedAt);
  await user.type(within(card).getByLabelText('Reason'), 'Signed in late at reception');
  await user.click(within(card).getByRole('button', { name: 'Settle Wed 2 Dec AM' }));
}

describe('ConflictCard: settling a late mark against a present one', () => {
  it('[conflicts] shows reception’s L with its arrival time, and no caveat about late marks', async () => {
    const { card } = await setup();
    const late = within(card).getByRole('group', { name: /^L / });
    expect(within(late).getByText('09:05')).toBeDefined();
    expect(within(late).getByText('Rita Reception, Receptionist')).toBeDefined();
    expect(within(card).queryByText(/not offered here/)).toBeNull();
  });

  it('[conflicts] the office keeps the L with the time she arrived, based on the mark shown', async () => {
    const { db, engine, user, card } = await setup();
    expect(within(card).queryByLabelText('Arrival time')).toBeNull();
    await settle(user, card, 'L', '09:05');
    expect(
      await screen.findByText('No conflicts: no two devices disagree about a mark.'),
    ).toBeDefined();
    expect(
      screen.getAllByText('Settled Amelia Jones, Wed 2 Dec AM: the mark is now L, arrived 09:05.'),
    ).not.toHaveLength(0);
    expect(await marks(db)).toMatchObject([
      {
        pupilId: 'p-01',
        date: TODAY,
        session: 'AM',
        code: 'L',
        arrivedAt: '09:05',
        basedOn: 'desk-1',
        source: 'office',
        reason: 'Signed in late at reception',
      },
    ]);
    expect(engine.requests).toContain('write');
  });

  it.each([
    [
      'with no arrival time',
      'L',
      null,
      'Give the time Amelia Jones arrived: a late mark (L) needs it.',
    ],
    [
      'with an arrival before the register opened',
      'L',
      '08:40',
      'Arriving at 08:40 is before the AM register opened (08:50): Amelia Jones was not late, so the mark is /, not L.',
    ],
    [
      'as U for an arrival before the close',
      'U',
      '09:05',
      'Arriving at 09:05 is before the AM register closed (09:20): the mark is L, not U.',
    ],
    [
      'with an arrival later than now',
      'U',
      '10:30',
      'The arrival time 10:30 is later than now (10:00).',
    ],
  ])(
    '[conflicts] a late mark %s is refused in the office’s words and nothing is written',
    async (_, code, time, message) => {
      const { db, user, card } = await setup();
      await settle(user, card, code, time);
      expect((await within(card).findByRole('alert')).textContent).toBe(message);
      expect(await marks(db)).toEqual([]);
      expect(
        screen.getByRole('article', { name: 'Amelia Jones · 3B · Wed 2 Dec AM' }),
      ).toBeDefined();
    },
  );

  it('has no axe violations with the arrival time asked for', async () => {
    const { user, card, container } = await setup();
    await user.selectOptions(within(card).getByLabelText('Code'), 'U');
    expect(within(card).getByLabelText('Arrival time')).toBeDefined();
    const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
    expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
});
