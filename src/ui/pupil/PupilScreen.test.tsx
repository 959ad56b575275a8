import 'fake-indexeddb/auto';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  computeAlerts,
  DEFAULT_SETTINGS,
  pupilStatistics,
  sessionsOn,
  yearToDate,
  type IsoDate,
  type Session,
} from '../../domain/index.ts';
import type { Amendment } from '../../schema/amendment.ts';
import { SINGLE_KEY, type RollcallDb } from '../../storage/db.ts';
import { AppContext } from '../shared/AppContext.tsx';
import { readSchoolData } from '../shared/schoolData.ts';
import {
  at,
  authFor,
  FakeEngine,
  freshDb,
  OFFICE,
  seedSchool,
  serverMark,
  TEACHER,
} from '../register/testing.ts';
import { alertLines } from './alertText.ts';
import { PupilScreen } from './PupilScreen.tsx';

const opened: RollcallDb[] = [];
afterEach(async () => {
  cleanup();
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

/** A teacher's mark on the register, received at once. */
function registerMark(
  date: IsoDate,
  session: Session,
  code: string,
  more: Partial<Amendment> = {},
) {
  const time = session === 'AM' ? '09:02' : '13:05';
  return serverMark({
    pupilId: 'p-01',
    date,
    session,
    code,
    source: 'register',
    authorId: TEACHER.id,
    deviceId: 'dev-tablet',
    recordedAt: new Date(at(time, date)).toISOString(),
    receivedAt: new Date(at(time, date)).toISOString(),
    ...more,
  });
}

/** The marks of Amelia's second half term, from 2 Nov to this morning, as a pull brings them. */
function ameliasTerm(): Amendment[] {
  const special: Record<string, string> = {
    '2026-11-09|AM': 'I',
    '2026-11-09|PM': 'I',
    '2026-11-16|AM': 'O',
    '2026-11-24|AM': 'L',
    '2026-11-25|AM': 'L',
    '2026-11-26|AM': 'L',
    '2026-12-01|AM': 'L',
  };
  const marks: Amendment[] = [];
  for (let day = Date.UTC(2026, 10, 2); day <= Date.UTC(2026, 11, 2); day += 86_400_000) {
    const date = new Date(day).toISOString().slice(0, 10);
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 || weekday === 6 || date === '2026-11-27') continue;
    for (const session of ['AM', 'PM'] as const) {
      if (date === '2026-12-02' && session === 'PM') continue;
      const key = `${date}|${session}`;
      if (key === '2026-11-23|AM') continue;
      const code = special[key] ?? (session === 'AM' ? '/' : '\\');
      marks.push(registerMark(date, session, code, code === 'L' ? { arrivedAt: '09:05' } : {}));
    }
  }
  // Mon 23 Nov AM: the teacher's N, sent late, then the office's change to I on a neighbour's word.
  const n = registerMark('2026-11-23', 'AM', 'N', {
    outcome: 'superseded',
    receivedAt: new Date(at('09:40', '2026-11-23')).toISOString(),
    lateSync: true,
  });
  const i = serverMark({
    pupilId: 'p-01',
    date: '2026-11-23',
    session: 'AM',
    code: 'I',
    basedOn: n.opId,
    reason: 'Chickenpox',
    reportedBy: 'A neighbour',
    recordedAt: new Date(at('11:15', '2026-11-23')).toISOString(),
    receivedAt: new Date(at('11:16', '2026-11-23')).toISOString(),
  });
  return [...marks, n, i];
}

/** Test Primary on Wed 2 Dec 2026 at 10:00, the office signed in, Amelia Jones's page open. */
async function setup(pupilId = 'p-01') {
  const db = freshDb();
  opened.push(db);
  await seedSchool(db);
  const school = await db.school.get(SINGLE_KEY);
  if (school === undefined) throw new Error('school not seeded');
  await db.school.put({ ...school, settings: DEFAULT_SETTINGS }, SINGLE_KEY);
  await db.pupils.update('p-01', {
    flags: { lookedAfter: true, fsm: true },
    contacts: [
      { name: 'Mrs Jones', relationship: 'Mother', phone: '07700 900123', mayReportAbsence: true },
    ],
  });
  const marks = ameliasTerm();
  await db.amendments.bulkPut(marks);
  await db.movements.put({
    opId: 'mv-1',
    pupilId: 'p-01',
    date: '2026-11-18',
    direction: 'out',
    at: '13:40',
    reason: 'Dentist',
    accompaniedBy: 'Mrs Jones',
    authorId: OFFICE.id,
    deviceId: 'dev-desk',
    recordedAt: new Date(at('13:40', '2026-11-18')).toISOString(),
    receivedAt: new Date(at('13:40', '2026-11-18')).toISOString(),
    seq: 9000,
  });
  const engine = new FakeEngine(at('10:00'));
  engine.setStatus({ lastSyncAt: new Date(at('09:59')).toISOString() });
  render(
    <AppContext.Provider value={{ db, engine, auth: authFor(OFFICE) }}>
      <PupilScreen pupilId={pupilId} />
    </AppContext.Provider>,
  );
  return { db, engine, marks, user: userEvent.setup() };
}

function figure(term: string): string | null {
  const dt = screen.getByText(term, { selector: 'dt' });
  return dt.nextElementSibling?.textContent ?? null;
}

/** The current mark of each cell, as the statistics read them. */
function currentMarks(marks: readonly Amendment[]) {
  return marks
    .filter((m) => m.outcome === 'current')
    .map((m) => ({ date: m.date, session: m.session, code: m.code }));
}

describe('PupilScreen', () => {
  it('names the pupil, their group, year, flags and time on roll', async () => {
    await setup();
    expect(await screen.findByRole('heading', { level: 1, name: 'Amelia Jones' })).toBeDefined();
    expect(screen.getByText('Group 3B')).toBeDefined();
    expect(screen.getByText('Year 3')).toBeDefined();
    expect(screen.getByText('On roll from 5 September 2022')).toBeDefined();
    const flags = screen.getByRole('list', { name: 'Flags' });
    expect(
      within(flags)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Looked after', 'Free school meals']);
  });

  it('shows the year-to-date figures and the alerts the domain works out', async () => {
    const { db, marks } = await setup();
    await screen.findByText('This school year');
    // 43 sessions from 2 Nov to this morning (the INSET day skipped): I ×3, O ×1, the rest attended.
    const expected = pupilStatistics(currentMarks(marks), {
      ...yearToDate('2026-12-02'),
      admissionDate: '2022-09-05',
      bands: DEFAULT_SETTINGS.bands,
    });
    if (!expected.ok) throw new Error(expected.error.message);
    expect(expected.value).toMatchObject({ possible: 43, authorised: 3, unauthorised: 1 });
    expect(figure('Attendance')).toBe('90.7%');
    expect(figure('Possible sessions')).toBe(String(expected.value.possible));
    expect(figure('Attended')).toBe(String(expected.value.attendance));
    expect(figure('Authorised absence')).toBe('3');
    expect(figure('Unauthorised absence')).toBe('1');
    expect(screen.getByText(`Band: ${expected.value.band ?? ''}`)).toBeDefined();

    const school = await readSchoolData(db);
    if (!school.ok) throw new Error(school.error);
    const alerts = computeAlerts({
      calendar: school.value.setup.calendar,
      settings: DEFAULT_SETTINGS,
      asOf: '2026-12-02',
      pupils: [{ pupilId: 'p-01', marks: currentMarks(marks), admissionDate: '2022-09-05' }],
    });
    if (!alerts.ok) throw new Error(alerts.error.message);
    const lines = alertLines(alerts.value);
    expect(lines.map((l) => l.title)).toContain('Lateness letter');
    const shown = screen.getByRole('region', { name: 'Alerts' });
    expect(
      within(shown)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(lines.map((l) => `${l.title} ${l.detail}`));
    expect(within(shown).getByText(/4 late arrivals in Autumn 2/)).toBeDefined();
  });

  it('lists contacts, late arrivals and movements', async () => {
    await setup();
    await screen.findByText('This school year');
    expect(screen.getByRole('link', { name: 'Call 07700 900123' })).toBeDefined();
    expect(screen.getByText('Tue 24 Nov AM: L, arrived 09:05')).toBeDefined();
    expect(
      screen.getByText(/Wed 18 Nov 13:40: signed out \(Dentist\), collected by Mrs Jones/),
    ).toBeDefined();
  });

  it('has the year as a table a month at a time, every school session a button', async () => {
    const { db, user } = await setup();
    const december = await screen.findByRole('table', { name: 'Sessions in December 2026' });
    expect(
      within(december).getByRole('button', { name: 'Tue 1 Dec AM: L (Late (L))' }),
    ).toBeDefined();
    expect(
      within(december).getByRole('button', { name: 'Fri 18 Dec PM: no mark (No mark)' }),
    ).toBeDefined();
    await user.click(screen.getByRole('button', { name: 'November 2026' }));
    const november = screen.getByRole('table', { name: 'Sessions in November 2026' });
    expect(
      within(november).getByRole('button', { name: 'Mon 9 Nov PM: I (Authorised absence)' }),
    ).toBeDefined();
    // The INSET day is not a session.
    expect(within(november).queryByText('Fri 27 Nov')).toBeNull();
    const school = await readSchoolData(db);
    if (!school.ok) throw new Error(school.error);
    let sessions = 0;
    for (let d = 1; d <= 30; d += 1)
      sessions += sessionsOn(
        school.value.setup.calendar,
        `2026-11-${String(d).padStart(2, '0')}`,
      ).length;
    expect(within(november).getAllByRole('button')).toHaveLength(sessions);
    // The picture sums the year up for a screen reader.
    expect(
      screen.getByRole('img', { name: /Amelia Jones’s school year: \d+ sessions/ }),
    ).toBeDefined();
  });

  it('opens a session’s history from the keyboard: each mark, who, where, when and what became of it', async () => {
    const { user } = await setup();
    await user.click(await screen.findByRole('button', { name: 'November 2026' }));
    screen.getByRole('button', { name: 'Mon 23 Nov AM: I (Authorised absence)' }).focus();
    await user.keyboard('{Enter}');
    const panel = screen.getByRole('complementary', { name: 'Mon 23 Nov AM' });
    expect(document.activeElement).toBe(within(panel).getByRole('heading', { level: 2 }));
    const history = await within(panel).findByRole('list', { name: /History of this session/ });
    const [first, second] = within(history).getAllByRole('listitem');
    if (first === undefined || second === undefined) throw new Error('two entries expected');
    expect(first.textContent).toContain('First mark: N');
    expect(first.textContent).toContain('Superseded');
    expect(first.textContent).toContain('Late sync');
    expect(first.textContent).toContain('Tess Hughes, Class teacher');
    expect(first.textContent).toContain('dev-tablet');
    expect(first.textContent).toContain('RecordedMon 23 Nov 09:02');
    expect(first.textContent).toContain('ReceivedMon 23 Nov 09:40');
    expect(second.textContent).toContain('N → I');
    expect(second.textContent).toContain('Applied: the mark shown');
    expect(second.textContent).toContain('Chickenpox');
    expect(second.textContent).toContain('Olive Office, Office Manager');
    expect(within(second).getByText('Not a listed contact who may report absence')).toBeDefined();
    expect(second.textContent).not.toContain('Late sync');
    await user.click(within(panel).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('complementary')).toBeNull();
    expect(document.activeElement?.getAttribute('aria-label')).toBe(
      'Mon 23 Nov AM: I (Authorised absence)',
    );
  });

  it('amends a mark based on the current one; the history and the table show it at once', async () => {
    const { db, engine, marks, user } = await setup();
    await user.click(await screen.findByRole('button', { name: 'November 2026' }));
    await user.click(
      screen.getByRole('button', { name: 'Mon 16 Nov AM: O (Unauthorised absence)' }),
    );
    const panel = screen.getByRole('complementary', { name: 'Mon 16 Nov AM' });
    await within(panel).findByText('The mark is O (Unauthorised absence).');
    await user.selectOptions(within(panel).getByLabelText('Code'), 'I');
    await user.type(within(panel).getByLabelText('Reason'), 'Doctor’s note seen');
    await user.type(within(panel).getByLabelText('Reported by (optional)'), 'Mrs Jones');
    await user.click(within(panel).getByRole('button', { name: 'Record for Mon 16 Nov AM' }));
    await within(panel).findByText('The mark is I (Authorised absence).');
    const head = marks.find((m) => m.date === '2026-11-16' && m.session === 'AM');
    const queued = await db.outbox.toArray();
    expect(queued).toHaveLength(1);
    expect(queued[0]?.op).toMatchObject({
      kind: 'mark',
      pupilId: 'p-01',
      date: '2026-11-16',
      session: 'AM',
      code: 'I',
      basedOn: head?.opId,
      reason: 'Doctor’s note seen',
      reportedBy: 'Mrs Jones',
      source: 'office',
    });
    expect(engine.requests).toContain('write');
    const entries = within(within(panel).getByRole('list', { name: /History/ })).getAllByRole(
      'listitem',
    );
    expect(entries.at(-1)?.textContent).toContain('O → I');
    expect(entries.at(-1)?.textContent).toContain('Not sent yet');
    expect(entries.at(-1)?.textContent).toContain('Olive Office, Office Manager');
    expect(
      screen.getByRole('button', { name: 'Mon 16 Nov AM: I (Authorised absence)' }),
    ).toBeDefined();
    await waitFor(() => {
      expect(figure('Unauthorised absence')).toBe('0');
    });
  });

  it('refuses a reason of only spaces, and a change with no code, and writes nothing', async () => {
    const { db, user } = await setup();
    await user.click(await screen.findByRole('button', { name: 'November 2026' }));
    await user.click(
      screen.getByRole('button', { name: 'Mon 16 Nov AM: O (Unauthorised absence)' }),
    );
    const panel = screen.getByRole('complementary', { name: 'Mon 16 Nov AM' });
    await within(panel).findByText('The mark is O (Unauthorised absence).');
    await user.type(within(panel).getByLabelText('Reason'), 'Dentist');
    await user.click(within(panel).getByRole('button', { name: 'Record for Mon 16 Nov AM' }));
    expect(within(panel).getByRole('alert').textContent).toBe('Choose the code to record.');
    await user.selectOptions(within(panel).getByLabelText('Code'), 'M');
    await user.clear(within(panel).getByLabelText('Reason'));
    await user.type(within(panel).getByLabelText('Reason'), '   ');
    await user.click(within(panel).getByRole('button', { name: 'Record for Mon 16 Nov AM' }));
    expect(within(panel).getByRole('alert').textContent).toBe(
      'Give the reason: the register must say why.',
    );
    expect(await db.outbox.count()).toBe(0);
    expect(within(panel).getByText('The mark is O (Unauthorised absence).')).toBeDefined();
  });

  it('corrects a mark to a late one with the time she arrived; a time that gives another code is refused', async () => {
    const { db, user } = await setup();
    await user.click(await screen.findByRole('button', { name: 'November 2026' }));
    await user.click(
      screen.getByRole('button', { name: 'Mon 16 Nov AM: O (Unauthorised absence)' }),
    );
    const panel = screen.getByRole('complementary', { name: 'Mon 16 Nov AM' });
    await within(panel).findByText('The mark is O (Unauthorised absence).');
    await user.selectOptions(within(panel).getByLabelText('Code'), 'L');
    await user.type(within(panel).getByLabelText('Arrival time'), '09:40');
    await user.type(
      within(panel).getByLabelText('Reason'),
      'Arrival time corrected from the signing-in book',
    );
    const record = within(panel).getByRole('button', { name: 'Record for Mon 16 Nov AM' });
    await user.click(record);
    expect((await within(panel).findByRole('alert')).textContent).toBe(
      'Arriving at 09:40 is after the AM register closed (09:20): the mark is U, not L.',
    );
    expect(await db.outbox.count()).toBe(0);
    await user.selectOptions(within(panel).getByLabelText('Code'), 'U');
    await user.click(record);
    expect(
      await within(panel).findAllByText('Recorded U for Mon 16 Nov AM, arrived 09:40.'),
    ).not.toHaveLength(0);
    await within(panel).findByText(/^The mark is U /);
    expect((await db.outbox.toArray())[0]?.op).toMatchObject({
      code: 'U',
      arrivedAt: '09:40',
      date: '2026-11-16',
      source: 'office',
    });
    const entries = within(within(panel).getByRole('list', { name: /History/ })).getAllByRole(
      'listitem',
    );
    expect(entries.at(-1)?.textContent).toContain('O → U');
    expect(entries.at(-1)?.textContent).toContain('Arrived09:40');
  });

  it('says plainly when the pupil is not on this device', async () => {
    await setup('p-99');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Pupil not on this device' }),
    ).toBeDefined();
    expect(screen.getByRole('alert').textContent).toMatch(
      /No pupil with this link is on this device/,
    );
    expect(screen.getByRole('link', { name: 'Find a pupil' }).getAttribute('href')).toBe(
      '#/pupils',
    );
  });

  it('has no accessibility violations with a session open', async () => {
    const { user } = await setup();
    await user.click(await screen.findByRole('button', { name: 'Wed 2 Dec AM: / (Present)' }));
    await screen.findByRole('list', { name: /History/ });
    const result = await axe.run(document.body, {
      rules: { 'color-contrast': { enabled: false } },
    });
    expect(result.violations.map((v) => v.id)).toEqual([]);
  });
});
