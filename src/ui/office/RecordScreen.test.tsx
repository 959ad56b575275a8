import 'fake-indexeddb/auto';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { MarkOp } from '../../schema/op.ts';
import {
  calendarInputSchema,
  type PupilRecord,
  type SchoolRecord,
} from '../../schema/reference.ts';
import { SINGLE_KEY, type RollcallDb } from '../../storage/db.ts';
import {
  at,
  authFor,
  FakeEngine,
  freshDb,
  OFFICE,
  PUPILS,
  seedSchool,
  serverMark,
} from '../register/testing.ts';
import { renderSignedIn } from '../testing/render.tsx';
import { RecordScreen } from './RecordScreen.tsx';

// The seeded school's clock: Wednesday 2 December 2026 (London on GMT), Autumn 2 ends Fri 18 Dec,
// Fri 27 Nov is an INSET day.
const opened: RollcallDb[] = [];
afterEach(async () => {
  cleanup();
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

const NOAH_CONTACTS: PupilRecord['contacts'] = [
  { name: 'Priya Khan', relationship: 'Mother', phone: '07700 900111', mayReportAbsence: true },
  { name: 'Sam Khan', relationship: 'Uncle', phone: '07700 900222', mayReportAbsence: false },
];

async function setup(time = '08:12', change?: (db: RollcallDb) => Promise<void>) {
  const db = freshDb();
  opened.push(db);
  await seedSchool(db);
  const noah = PUPILS.find((p) => p.id === 'p-02');
  if (noah !== undefined) await db.pupils.put({ ...noah, contacts: NOAH_CONTACTS });
  await change?.(db);
  const engine = new FakeEngine(at(time));
  const user = userEvent.setup();
  const view = renderSignedIn(<RecordScreen />, { db, engine, auth: authFor(OFFICE) });
  await screen.findByRole('heading', { level: 1, name: 'Record an absence' });
  return { db, engine, user, view };
}

async function outboxMarks(db: RollcallDb): Promise<MarkOp[]> {
  const rows = await db.outbox.orderBy(':id').toArray();
  return rows.map((row) => row.op).filter((op): op is MarkOp => op.kind === 'mark');
}

function search(): HTMLElement {
  return screen.getByRole('combobox', { name: 'Find the pupil (name, UPN or group)' });
}

async function pick(user: ReturnType<typeof userEvent.setup>, query: string, name: string) {
  await user.type(search(), query);
  await user.click(await screen.findByRole('option', { name: new RegExp(name) }));
  await screen.findByRole('heading', { level: 2, name: new RegExp(name) });
}

async function fillForm(
  user: ReturnType<typeof userEvent.setup>,
  fields: { code: string; reason: string; reportedBy?: string },
) {
  await user.selectOptions(screen.getByLabelText('Code'), fields.code);
  await user.type(screen.getByLabelText('Reason'), fields.reason);
  if (fields.reportedBy !== undefined)
    await user.type(screen.getByLabelText('Reported by (optional)'), fields.reportedBy);
}

async function chooseRange(
  user: ReturnType<typeof userEvent.setup>,
  from: string,
  to: string,
  sessions: { from?: 'AM' | 'PM'; to?: 'AM' | 'PM' } = {},
) {
  await user.click(screen.getByRole('radio', { name: 'From … to …' }));
  const first = screen.getByLabelText('First day');
  await user.clear(first);
  await user.type(first, from);
  const last = screen.getByLabelText('Last day');
  await user.clear(last);
  await user.type(last, to);
  if (sessions.from !== undefined)
    await user.selectOptions(screen.getByLabelText('From session'), sessions.from);
  if (sessions.to !== undefined)
    await user.selectOptions(screen.getByLabelText('To session'), sessions.to);
}

function sessionRows(): string[] {
  const table = screen.getByRole('table', { name: /Sessions to record/ });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => row.textContent);
}

describe('RecordScreen: a phone-in', () => {
  it('records today to Friday for a pupil found by name, one op per session in one transaction', async () => {
    const { db, engine, user } = await setup();
    expect(document.activeElement).toBe(search());
    await pick(user, 'noa', 'Noah Khan');
    expect(screen.getByText('Priya Khan')).toBeDefined();
    expect(screen.getByRole('link', { name: 'Call 07700 900111' })).toBeDefined();
    await user.click(screen.getByRole('radio', { name: 'Today to Friday (Fri 4 Dec)' }));
    expect(screen.getByText(/^6 sessions: Wed 2 Dec AM – Fri 4 Dec PM\./)).toBeDefined();
    expect(sessionRows()).toEqual([
      'Wed 2 Dec AMNo mark yet',
      'Wed 2 Dec PMNo mark yet',
      'Thu 3 Dec AMNo mark yet',
      'Thu 3 Dec PMNo mark yet',
      'Fri 4 Dec AMNo mark yet',
      'Fri 4 Dec PMNo mark yet',
    ]);
    await fillForm(user, { code: 'I', reason: 'Chickenpox', reportedBy: 'Priya Khan' });
    expect(screen.queryByText(/not a listed contact/)).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Record 6 sessions' }));

    await screen.findByText('Recorded I for Noah Khan, 6 sessions: Wed 2 Dec AM – Fri 4 Dec PM.', {
      selector: '.office-notice',
    });
    const ops = await outboxMarks(db);
    expect(ops.map((op) => `${op.date} ${op.session}`)).toEqual([
      '2026-12-02 AM',
      '2026-12-02 PM',
      '2026-12-03 AM',
      '2026-12-03 PM',
      '2026-12-04 AM',
      '2026-12-04 PM',
    ]);
    expect(ops.map((op) => op.deviceSeq)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const op of ops)
      expect(op).toMatchObject({
        pupilId: 'p-02',
        code: 'I',
        reason: 'Chickenpox',
        reportedBy: 'Priya Khan',
        source: 'office',
        basedOn: null,
        recordedAt: new Date(at('08:12')).toISOString(),
      });
    expect(engine.requests).toContain('write');
    // Ready for the next call: the pupil is cleared, the fields are empty, the search has focus.
    expect(screen.queryByRole('heading', { level: 2, name: /Noah Khan/ })).toBeNull();
    expect(screen.getByLabelText('Reason')).toHaveProperty('value', '');
    expect(screen.getByRole('radio', { name: 'Today (AM and PM)' })).toHaveProperty(
      'checked',
      true,
    );
    await waitFor(() => {
      expect(document.activeElement).toBe(search());
    });
  });

  it('shows the mark each session replaces and bases each op on it', async () => {
    const closeN = serverMark({
      pupilId: 'p-03',
      code: 'N',
      source: 'system',
      authorId: null,
      recordedAt: new Date(at('09:20', '2026-12-01')).toISOString(),
      date: '2026-12-01',
      session: 'PM',
    });
    const { db, user } = await setup('08:40', async (db) => {
      await db.amendments.put(closeN);
    });
    await pick(user, 'eva', 'Eva Smith');
    await chooseRange(user, '2026-12-01', '2026-12-02', { from: 'PM', to: 'AM' });
    expect(sessionRows()).toEqual([
      'Tue 1 Dec PMN — Reason for absence not yet established · Register close',
      'Wed 2 Dec AMNo mark yet',
    ]);
    expect(screen.getByText(/1 session already has a mark, which this replaces\./)).toBeDefined();
    await fillForm(user, { code: 'M', reason: 'Hospital appointment', reportedBy: 'Gran' });
    expect(screen.getByText(/Gran is not a listed contact who may report absence/)).toBeDefined();
    await user.click(screen.getByRole('button', { name: 'Record 2 sessions' }));
    await screen.findByText('Recorded M for Eva Smith, 2 sessions: Tue 1 Dec PM – Wed 2 Dec AM.', {
      selector: '.office-notice',
    });
    const ops = await outboxMarks(db);
    expect(ops.map((op) => [op.date, op.session, op.basedOn, op.reportedBy])).toEqual([
      ['2026-12-01', 'PM', closeN.opId, 'Gran'],
      ['2026-12-02', 'AM', null, 'Gran'],
    ]);
  });

  it('skips the weekend and the INSET day in a range, and finds a pupil by group', async () => {
    const { db, user } = await setup();
    await user.type(search(), '3B');
    const matches = screen.getByRole('listbox', { name: 'Matching pupils' });
    expect(
      within(matches)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Amelia Jones3B', 'Eva Smith3B', 'Noah Khan3B', 'Sam Taylor3B']);
    await user.click(within(matches).getByRole('option', { name: /Sam Taylor/ }));
    await chooseRange(user, '2026-11-26', '2026-11-30');
    expect(sessionRows().map((row) => row.slice(0, 12))).toEqual([
      'Thu 26 Nov A',
      'Thu 26 Nov P',
      'Mon 30 Nov A',
      'Mon 30 Nov P',
    ]);
    await fillForm(user, { code: 'C', reason: 'Family funeral' });
    await user.click(screen.getByRole('button', { name: 'Record 4 sessions' }));
    await screen.findByText(
      /Recorded C for Sam Taylor, 4 sessions: Thu 26 Nov AM – Mon 30 Nov PM/,
      {
        selector: '.office-notice',
      },
    );
    expect((await outboxMarks(db)).map((op) => op.date)).toEqual([
      '2026-11-26',
      '2026-11-26',
      '2026-11-30',
      '2026-11-30',
    ]);
  });

  it('is done from the keyboard: search, choose, fill in and save, then back to the search', async () => {
    const { db, user } = await setup();
    await user.keyboard('amel');
    await screen.findByRole('option', { name: /Amelia Jones/ });
    await user.keyboard('{Enter}');
    await screen.findByRole('heading', { level: 2, name: /Amelia Jones/ });
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('radio', { name: 'Today (AM and PM)' }));
    await user.tab(); // the list of sessions, which scrolls
    await user.tab();
    expect(document.activeElement).toBe(screen.getByLabelText('Code'));
    await user.selectOptions(screen.getByLabelText('Code'), 'M');
    await user.tab();
    await user.keyboard('Dental appointment');
    await user.keyboard('{Enter}');
    await screen.findByText('Recorded M for Amelia Jones, 2 sessions: Wed 2 Dec AM and PM.', {
      selector: '.office-notice',
    });
    expect((await outboxMarks(db)).map((op) => [op.session, op.code])).toEqual([
      ['AM', 'M'],
      ['PM', 'M'],
    ]);
    await waitFor(() => {
      expect(document.activeElement).toBe(search());
    });
  });

  it('has no serious or critical axe violations', async () => {
    const { user, view } = await setup();
    await pick(user, 'noa', 'Noah Khan');
    const results = await axe.run(view.container, {
      rules: { 'color-contrast': { enabled: false } },
    });
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
});

describe('RecordScreen: bad input is said clearly and nothing is written', () => {
  async function refused(db: RollcallDb, label: string, message: RegExp) {
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: label }));
    expect((await screen.findByRole('alert')).textContent).toMatch(message);
    expect(await outboxMarks(db)).toEqual([]);
  }

  it('a reason of only spaces', async () => {
    const { db, user } = await setup();
    await pick(user, 'noa', 'Noah Khan');
    await fillForm(user, { code: 'I', reason: '    ' });
    await refused(db, 'Record 2 sessions', /Give the reason: the register must say why\./);
  });

  it('a code not valid on the dates chosen', async () => {
    const { db, user } = await setup('08:12', async (db) => {
      // The device also holds the summer of 2024, before the 2024 codes came in.
      const school = (await db.school.get(SINGLE_KEY)) as SchoolRecord;
      const calendar = calendarInputSchema.parse(school.calendar);
      const summer = { name: 'Summer 2', start: '2024-06-03', end: '2024-07-19' };
      await db.school.put(
        { ...school, calendar: { ...calendar, terms: [summer, ...calendar.terms] } },
        SINGLE_KEY,
      );
    });
    await pick(user, 'noa', 'Noah Khan');
    await fillForm(user, { code: 'C1', reason: 'Performance abroad' });
    await chooseRange(user, '2024-07-08', '2024-07-09');
    await refused(
      db,
      'Record 4 sessions',
      /Code C1 only exists from 2024-08-19 and cannot be used for 2024-07-08\./,
    );
  });

  it('a date range crossing into the next school year', async () => {
    const { db, user } = await setup();
    await pick(user, 'noa', 'Noah Khan');
    await chooseRange(user, '2027-07-20', '2027-09-10');
    const problem =
      /The dates run into the next school year\. Record each school year’s part separately\./;
    expect(screen.getByText(problem)).toBeDefined();
    await fillForm(user, { code: 'I', reason: 'Unwell' });
    await refused(db, 'Record', problem);
  });

  it('a pupil who has left before the end of the range: none of the sessions is written', async () => {
    const { db, user } = await setup('08:12', async (db) => {
      const eva = PUPILS.find((p) => p.id === 'p-03');
      if (eva !== undefined) await db.pupils.put({ ...eva, leavingDate: '2026-12-03' });
    });
    await pick(user, 'eva', 'Eva Smith');
    expect(screen.getByText(/Left: last day on roll Thu 3 Dec/)).toBeDefined();
    await user.click(screen.getByRole('radio', { name: /Today to Friday/ }));
    expect(sessionRows().slice(4)).toEqual(['Fri 4 Dec AMNot on roll', 'Fri 4 Dec PMNot on roll']);
    expect(screen.getByText(/Eva Smith is not on roll for 2 sessions\./)).toBeDefined();
    await fillForm(user, { code: 'I', reason: 'Unwell' });
    await refused(
      db,
      'Record 6 sessions',
      /Eva Smith is not on roll on Fri 4 Dec: they had left or not yet joined\./,
    );
  });

  it('a range with no school session in it', async () => {
    const { db, user } = await setup();
    await pick(user, 'noa', 'Noah Khan');
    await chooseRange(user, '2026-12-05', '2026-12-06');
    const problem =
      /There are no school sessions in those dates \(a weekend, a holiday or a closure\)\./;
    expect(screen.getByText(problem)).toBeDefined();
    await fillForm(user, { code: 'I', reason: 'Unwell' });
    await refused(db, 'Record', problem);
  });

  it('no pupil chosen, and a range that runs backwards', async () => {
    const { db, user } = await setup();
    await fillForm(user, { code: 'I', reason: 'Unwell' });
    await refused(db, 'Record 2 sessions', /Find the pupil first\./);
    await pick(user, 'noa', 'Noah Khan');
    await chooseRange(user, '2026-12-04', '2026-12-03');
    await refused(db, 'Record', /The absence ends before it starts\./);
  });
});
