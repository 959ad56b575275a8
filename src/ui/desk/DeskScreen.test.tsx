import 'fake-indexeddb/auto';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { Movement } from '../../schema/amendment.ts';
import type { MovementOp, Op } from '../../schema/op.ts';
import type { PupilRecord } from '../../schema/reference.ts';
import { SINGLE_KEY, type RollcallDb } from '../../storage/db.ts';
import {
  at,
  authFor,
  FakeEngine,
  freshDb,
  PUPILS,
  RECEPTION,
  seedSchool,
  serverMark,
  TODAY,
} from '../register/testing.ts';
import { renderSignedIn } from '../testing/render.tsx';
import { DeskScreen } from './DeskScreen.tsx';

// The seeded school: Wednesday 2 December 2026 (GMT, so UTC is school time); 3B's AM register
// opens 08:50 and closes 09:20, the session ends 12:00; PM opens 13:00.
const opened: RollcallDb[] = [];
afterEach(async () => {
  cleanup();
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

const NOAH_CONTACTS: PupilRecord['contacts'] = [
  { name: 'Priya Khan', relationship: 'Mother', phone: '07700 900111', mayReportAbsence: true },
  { name: 'Sam Khan', relationship: 'Uncle', phone: '07700 900222', mayReportAbsence: false },
];

function serverMovement(overrides: Partial<Movement> = {}): Movement {
  return {
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
    ...overrides,
  };
}

async function setup(time: string, change?: (db: RollcallDb) => Promise<void>) {
  const db = freshDb();
  opened.push(db);
  await seedSchool(db);
  const noah = PUPILS.find((p) => p.id === 'p-02');
  if (noah !== undefined) await db.pupils.put({ ...noah, contacts: NOAH_CONTACTS });
  await change?.(db);
  const engine = new FakeEngine(at(time));
  const user = userEvent.setup();
  const view = renderSignedIn(<DeskScreen />, { db, engine, auth: authFor(RECEPTION) });
  await screen.findByRole('heading', { level: 1, name: /^Signing-in desk/ });
  return { db, engine, user, view };
}

async function outbox(db: RollcallDb): Promise<Op[]> {
  return (await db.outbox.orderBy(':id').toArray()).map((row) => row.op);
}

async function pick(user: ReturnType<typeof userEvent.setup>, query: string, name: string) {
  await user.type(screen.getByRole('combobox', { name: /Find the pupil/ }), query);
  const option = name.split(' · ')[0] ?? name;
  await user.click(await screen.findByRole('option', { name: new RegExp(option) }));
  await screen.findByRole('heading', { level: 2, name: new RegExp(name) });
}

function preview(): string {
  return document.querySelector('output')?.textContent ?? '';
}

async function setTime(user: ReturnType<typeof userEvent.setup>, label: string, value: string) {
  const input = screen.getByLabelText(label);
  await user.clear(input);
  await user.type(input, value);
}

function logLines(): string[] {
  const list = screen.queryByRole('list', { name: 'Arrivals and movements, newest first' });
  if (list === null) return [];
  return within(list)
    .getAllByRole('listitem')
    .map((li) => li.textContent);
}

describe('DeskScreen: a late arrival', () => {
  it('at 09:12 says L, 22 minutes, and one tap writes a reception mark with the arrival', async () => {
    const { db, engine, user } = await setup('09:12');
    expect(document.activeElement).toBe(screen.getByRole('combobox', { name: /Find the pupil/ }));
    await pick(user, 'noa', 'Noah Khan · 3B');
    expect(screen.getByLabelText<HTMLInputElement>('Arrival time').value).toBe('09:12');
    expect(preview()).toBe(
      'Will record L on the AM register of 3B: 22 minutes late, before the register closes at 09:20.',
    );
    await user.type(screen.getByLabelText('Reason for being late'), 'Overslept');
    await user.click(screen.getByRole('button', { name: 'Priya Khan (Mother)' }));
    await user.click(screen.getByRole('button', { name: 'Sign in Noah Khan' }));

    await screen.findByText('Noah Khan (3B) signed in at 09:12: L, 22 minutes late.');
    const ops = await outbox(db);
    expect(ops).toHaveLength(1);
    expect(ops[0]).toMatchObject({
      kind: 'mark',
      pupilId: 'p-02',
      date: TODAY,
      session: 'AM',
      code: 'L',
      arrivedAt: '09:12',
      source: 'reception',
      basedOn: null,
      reason: 'Overslept',
      note: 'Brought by Priya Khan',
      recordedAt: new Date(at('09:12')).toISOString(),
    });
    expect(engine.requests).toContain('write');
    await waitFor(() => {
      expect(logLines()).toEqual([
        '09:12Noah Khan · 3BLate arrival 09:12: L. Overslept. Brought by Priya KhanAM mark: L · By Rita Reception · Not sent yet',
      ]);
    });
    // The form is gone and the search is ready for the next pupil.
    expect(screen.queryByRole('heading', { level: 2, name: /Noah Khan/ })).toBeNull();
  });

  it('replaces the N the register close left, based on it', async () => {
    const n = serverMark({ pupilId: 'p-02', code: 'N', source: 'system', authorId: null });
    const { db, user } = await setup('09:31', async (d) => {
      await d.amendments.put(n);
    });
    await pick(user, 'khan', 'Noah Khan');
    expect(screen.getByText(/Today: AM N, PM no mark yet/)).toBeDefined();
    expect(preview()).toBe(
      'Will record U on the AM register of 3B: 41 minutes late, after the register closed at 09:20 (an unauthorised absence, but on site).',
    );
    await user.click(screen.getByRole('button', { name: 'Sign in Noah Khan' }));
    await screen.findByText('Noah Khan (3B) signed in at 09:31: U, 41 minutes late.');
    expect(await outbox(db)).toMatchObject([{ code: 'U', basedOn: n.opId, arrivedAt: '09:31' }]);
  });

  it('the close minute is L and the next is U', async () => {
    const { engine, user } = await setup('09:40');
    await pick(user, 'noa', 'Noah Khan');
    await setTime(user, 'Arrival time', '09:20');
    expect(preview()).toMatch(/^Will record L .*30 minutes late/);
    await setTime(user, 'Arrival time', '09:21');
    expect(preview()).toMatch(/^Will record U .*31 minutes late/);
    expect(engine.requests).toEqual([]);
  });

  it('a changed time needs its reason, which is kept with the mark', async () => {
    const { db, user } = await setup('09:20');
    await pick(user, 'noa', 'Noah Khan');
    await setTime(user, 'Arrival time', '09:14');
    expect(preview()).toMatch(/24 minutes late/);
    await user.click(screen.getByRole('button', { name: 'Sign in Noah Khan' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Say why the time was changed from 09:20.',
    );
    expect(await outbox(db)).toEqual([]);
    await user.type(screen.getByLabelText('Why is it not 09:20?'), 'Parent waited at the desk');
    await user.click(screen.getByRole('button', { name: 'Sign in Noah Khan' }));
    await screen.findByText(/signed in at 09:14: L, 24 minutes late/);
    expect(await outbox(db)).toMatchObject([
      { arrivedAt: '09:14', note: 'Time changed from 09:20: Parent waited at the desk' },
    ]);
  });

  it('a pupil not late while the register is open is left for the teacher to mark', async () => {
    const { db, user } = await setup('08:55', async (d) => {
      const school = await d.school.get(SINGLE_KEY);
      if (school === undefined) throw new Error('no school');
      const times = { opens: '08:50', lateAfter: '09:00', closes: '09:20', ends: '12:00' };
      const settings = school.settings as { sessionTimes: Record<string, unknown> };
      await d.school.put(
        { ...school, settings: { sessionTimes: { ...settings.sessionTimes, AM: times } } },
        SINGLE_KEY,
      );
    });
    await pick(user, 'noa', 'Noah Khan');
    expect(preview()).toBe(
      'Before the register closes (09:20): the teacher will mark them present. The desk notes the sign-in.',
    );
    await user.click(screen.getByRole('button', { name: 'Sign in Noah Khan' }));
    await screen.findByText(
      'Noah Khan (3B) signed in at 08:55: the teacher will mark them present.',
    );
    expect(await outbox(db)).toMatchObject([{ kind: 'movement', direction: 'in', at: '08:55' }]);
  });
});

describe('DeskScreen: bad input is said clearly and nothing is written', () => {
  async function refused(db: RollcallDb, message: string) {
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: /^Sign in / }));
    expect((await screen.findByRole('alert')).textContent).toBe(message);
    expect(await outbox(db)).toEqual([]);
  }

  it('an arrival time in the future', async () => {
    const { db, user } = await setup('09:12');
    await pick(user, 'noa', 'Noah Khan');
    await setTime(user, 'Arrival time', '09:15');
    await user.type(screen.getByLabelText('Why is it not 09:12?'), 'typo');
    expect(preview()).toBe(
      '09:15 is later than now (09:12): an arrival is signed in once it has happened.',
    );
    await refused(
      db,
      '09:15 is later than now (09:12): an arrival is signed in once it has happened.',
    );
  });

  it('an arrival before the session opens', async () => {
    const { db, user } = await setup('09:12');
    await pick(user, 'noa', 'Noah Khan');
    await setTime(user, 'Arrival time', '08:40');
    await user.type(screen.getByLabelText('Why is it not 09:12?'), 'came early');
    await refused(
      db,
      '08:40 is before the morning register opens (08:50): Noah Khan is not late, and the teacher takes the register.',
    );
  });

  it('a pupil not on roll today', async () => {
    const { db, user } = await setup('09:12', async (d) => {
      const eva = PUPILS.find((p) => p.id === 'p-03');
      if (eva !== undefined) await d.pupils.put({ ...eva, leavingDate: '2026-12-01' });
    });
    await pick(user, 'eva', 'Eva Smith');
    await refused(db, 'Eva Smith is not on roll today.');
  });

  it('a pupil already signed out is not signed in late', async () => {
    const { db, user } = await setup('10:30', async (d) => {
      await d.movements.put(serverMovement({ at: '10:00', reason: 'illness' }));
    });
    await pick(user, 'noa', 'Noah Khan');
    const panel = screen.getByRole('region', { name: 'Noah Khan · 3B' });
    expect(
      within(panel).getByText('Signed out 10:00 (illness), collected by Priya Khan'),
    ).toBeDefined();
    await user.click(screen.getByRole('button', { name: 'Late arrival' }));
    await refused(db, 'Noah Khan was signed out before 10:30: sign them back in instead.');
  });

  it('a pupil already marked present is not signed in again', async () => {
    const { db, user } = await setup('09:12', async (d) => {
      await d.amendments.put(
        serverMark({ pupilId: 'p-02', code: '/', source: 'register', authorId: 's-hughes' }),
      );
    });
    await pick(user, 'noa', 'Noah Khan');
    await refused(
      db,
      'Noah Khan is already marked / on the AM register: there is nothing to sign in.',
    );
  });
});

describe('DeskScreen: signing out and back in', () => {
  it('someone not listed needs a confirmation before the sign-out is written', async () => {
    const { db, user } = await setup('13:40');
    await pick(user, 'noa', 'Noah Khan');
    await user.click(screen.getByRole('button', { name: 'Leaving school' }));
    await user.click(screen.getByRole('radio', { name: 'Appointment' }));
    await user.type(screen.getByLabelText('Details (optional)'), 'dentist');
    await user.type(screen.getByLabelText('Collected by'), 'Aunt Jo');
    expect(screen.getByText('Aunt Jo is not a listed contact for Noah Khan.')).toBeDefined();
    await user.click(screen.getByRole('button', { name: 'Sign out Noah Khan' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Aunt Jo is not a listed contact: confirm that you have checked before Noah Khan goes.',
    );
    expect(await outbox(db)).toEqual([]);
    await user.click(
      screen.getByRole('checkbox', { name: 'I have checked that Aunt Jo may collect Noah Khan' }),
    );
    await user.click(screen.getByRole('button', { name: 'Sign out Noah Khan' }));
    await screen.findByText(
      'Noah Khan: signed out 13:40 (appointment: dentist), collected by Aunt Jo.',
    );
    const ops = (await outbox(db)) as MovementOp[];
    expect(ops).toMatchObject([
      {
        kind: 'movement',
        direction: 'out',
        at: '13:40',
        reason: 'appointment: dentist',
        accompaniedBy: 'Aunt Jo',
        date: TODAY,
      },
    ]);
  });

  it('a listed contact chosen with one tap needs no confirmation; a reason and a person are needed', async () => {
    const { db, user } = await setup('11:05');
    await pick(user, 'noa', 'Noah Khan');
    await user.click(screen.getByRole('button', { name: 'Leaving school' }));
    await user.click(screen.getByRole('button', { name: 'Sign out Noah Khan' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Say who is collecting Noah Khan.');
    await user.click(screen.getByRole('button', { name: 'Priya Khan (Mother)' }));
    await user.click(screen.getByRole('button', { name: 'Sign out Noah Khan' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Choose the reason for leaving.');
    expect(await outbox(db)).toEqual([]);
    await user.click(screen.getByRole('radio', { name: 'Illness' }));
    expect(screen.queryByText(/is not a listed contact/)).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Sign out Noah Khan' }));
    await screen.findByText('Noah Khan: signed out 11:05 (illness), collected by Priya Khan.');
    expect(await outbox(db)).toMatchObject([{ direction: 'out', reason: 'illness' }]);
  });

  it('signs back in later; the log lists both, newest first, with the afternoon mark', async () => {
    const { db, user } = await setup('14:35', async (d) => {
      await d.movements.put(serverMovement());
    });
    await pick(user, 'noa', 'Noah Khan');
    expect(
      screen.getByRole('button', { name: 'Back in school' }).getAttribute('aria-pressed'),
    ).toBe('true');
    await user.click(screen.getByRole('button', { name: 'Sign Noah Khan back in' }));
    await screen.findByText('Noah Khan: back 14:35.');
    expect(await outbox(db)).toMatchObject([{ kind: 'movement', direction: 'in', at: '14:35' }]);
    await waitFor(() => {
      expect(logLines()).toEqual([
        '14:35Noah Khan · 3BBack 14:35PM mark: none yet · By Rita Reception · Not sent yet',
        '13:40Noah Khan · 3BSigned out 13:40 (appointment: dentist), collected by Priya KhanPM mark: none yet · By Rita Reception · Sent',
      ]);
    });
  });

  it('a return for a pupil who is not out is refused and nothing is written', async () => {
    const { db, user } = await setup('14:35', async (d) => {
      await d.movements.put(serverMovement());
    });
    await pick(user, 'noa', 'Noah Khan');
    await setTime(user, 'Time back', '13:30');
    await user.click(screen.getByRole('button', { name: 'Sign Noah Khan back in' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Noah Khan is not signed out at 13:30.',
    );
    expect(await outbox(db)).toEqual([]);
  });
});

describe('DeskScreen: the log and access', () => {
  it('shows arrivals synced and unsent, and who recorded them', async () => {
    const { user } = await setup('10:00', async (d) => {
      await d.amendments.put(
        serverMark({
          pupilId: 'p-01',
          code: 'L',
          arrivedAt: '09:05',
          minutesLate: 15,
          source: 'reception',
          authorId: RECEPTION.id,
          reason: 'Traffic or transport',
        }),
      );
    });
    await waitFor(() => {
      expect(logLines()).toEqual([
        '09:05Amelia Jones · 3BLate arrival 09:05: L. Traffic or transportAM mark: L · By Rita Reception · Sent',
      ]);
    });
    await pick(user, 'ivy', 'Ivy Moss · 4H');
    await setTime(user, 'Arrival time', '09:50');
    await user.type(screen.getByLabelText('Why is it not 10:00?'), 'Parent waited');
    await user.click(screen.getByRole('button', { name: 'Sign in Ivy Moss' }));
    await waitFor(() => {
      expect(logLines()[0]).toMatch(/^09:50Ivy Moss · 4HLate arrival 09:50: U\..*Not sent yet$/);
    });
  });

  it('has no serious or critical axe violations with a pupil picked', async () => {
    const { user, view } = await setup('13:40');
    await pick(user, 'noa', 'Noah Khan');
    await user.click(screen.getByRole('button', { name: 'Leaving school' }));
    await user.type(screen.getByLabelText('Collected by'), 'Aunt Jo');
    const results = await axe.run(view.container, {
      rules: { 'color-contrast': { enabled: false } },
    });
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
});
