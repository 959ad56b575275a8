import 'fake-indexeddb/auto';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import { OVERDUE_N_REASON } from '../../domain/index.ts';
import type { Amendment } from '../../schema/amendment.ts';
import type { RollcallDb } from '../../storage/db.ts';
import { AppContext } from '../shared/AppContext.tsx';
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
import { WorklistScreen } from './WorklistScreen.tsx';

const opened: RollcallDb[] = [];
afterEach(async () => {
  cleanup();
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

/** An `N` left by a register, as a pull delivers it. */
function nMark(pupilId: string, date: string, overrides: Partial<Amendment> = {}): Amendment {
  return serverMark({
    pupilId,
    date,
    code: 'N',
    source: 'register',
    authorId: TEACHER.id,
    deviceId: 'dev-tablet',
    recordedAt: new Date(at('09:02', date)).toISOString(),
    receivedAt: new Date(at('09:02', date)).toISOString(),
    ...overrides,
  });
}

/**
 * Test Primary on Wed 2 Dec 2026 at 10:00, the office signed in. Three `N` marks: Amelia's of
 * Mon 23 Nov (deadline Tue 1 Dec, so 1 school day overdue), Noah's of Tue 24 Nov (the INSET day
 * of Fri 27 Nov is skipped, so due today) and Eva's of today (5 school days left).
 */
async function setup() {
  const db = freshDb();
  opened.push(db);
  await seedSchool(db);
  await db.pupils.update('p-01', {
    contacts: [
      {
        name: 'Mrs Jones',
        relationship: 'Mother',
        phone: '07700 900123',
        mayReportAbsence: true,
      },
    ],
  });
  await db.amendments.bulkPut([
    nMark('p-01', '2026-11-23'),
    nMark('p-02', '2026-11-24'),
    nMark('p-03', '2026-12-02'),
  ]);
  const engine = new FakeEngine(at('10:00'));
  engine.setStatus({ lastSyncAt: new Date(at('09:59')).toISOString() });
  render(
    <AppContext.Provider value={{ db, engine, auth: authFor(OFFICE) }}>
      <WorklistScreen />
    </AppContext.Provider>,
  );
  await screen.findByText(/3 N marks to replace/);
  return { db, engine, user: userEvent.setup() };
}

function rowNames(): string[] {
  const table = screen.getByRole('table');
  return within(table)
    .getAllByRole('rowheader')
    .map((cell) => cell.textContent);
}

describe('WorklistScreen', () => {
  it('lists every N oldest deadline first, with the deadline, the days left and who recorded it', async () => {
    await setup();
    expect(
      screen.getByText('3 N marks to replace, 1 past the 5-school-day deadline.'),
    ).toBeDefined();
    expect(rowNames()).toEqual(['Amelia Jones', 'Noah Khan', 'Eva Smith']);
    const row = (name: string) => {
      const found = screen.getByRole('rowheader', { name }).closest('tr');
      if (found === null) throw new Error(`no row for ${name}`);
      return within(found);
    };
    expect(row('Amelia Jones').getByText('1 school day overdue')).toBeDefined();
    expect(row('Amelia Jones').getByText('Tess Hughes, 09:02')).toBeDefined();
    expect(row('Noah Khan').getByText('Due today')).toBeDefined();
    expect(row('Eva Smith').getByText('5 school days left')).toBeDefined();
  });

  it('filters to the overdue and to those due today', async () => {
    const { user } = await setup();
    await user.click(screen.getByRole('radio', { name: 'Overdue' }));
    expect(rowNames()).toEqual(['Amelia Jones']);
    await user.click(screen.getByRole('radio', { name: 'Due today' }));
    expect(rowNames()).toEqual(['Noah Khan']);
    await user.click(screen.getByRole('radio', { name: 'All' }));
    expect(rowNames()).toHaveLength(3);
  });

  it('opens a pupil with contacts and replaces the N in one step; the row leaves the list', async () => {
    const { db, engine, user } = await setup();
    await user.click(screen.getByRole('button', { name: 'Amelia Jones' }));
    const panel = screen.getByRole('complementary', { name: /Amelia Jones/ });
    expect(
      within(panel).getByRole('link', { name: 'Call 07700 900123' }).getAttribute('href'),
    ).toBe('tel:07700900123');
    await user.selectOptions(within(panel).getByLabelText('Code'), 'I');
    await user.type(within(panel).getByLabelText('Reason'), 'Chickenpox');
    await user.type(within(panel).getByLabelText('Reported by (optional)'), 'Mrs Jones');
    await user.click(within(panel).getByRole('button', { name: /^Record for/ }));
    await waitFor(() => {
      expect(rowNames()).toEqual(['Noah Khan', 'Eva Smith']);
    });
    expect(
      screen.getAllByText('Recorded I for Amelia Jones, Mon 23 Nov AM.').length,
    ).toBeGreaterThan(0);
    const queued = await db.outbox.toArray();
    expect(queued).toHaveLength(1);
    expect(queued[0]?.op).toMatchObject({
      kind: 'mark',
      pupilId: 'p-01',
      date: '2026-11-23',
      code: 'I',
      reason: 'Chickenpox',
      reportedBy: 'Mrs Jones',
      source: 'office',
    });
    expect(engine.requests).toContain('write');
  });

  it('turns today’s N into L when the pupil turned up late, with the time they arrived', async () => {
    const { db, user } = await setup();
    await user.click(screen.getByRole('button', { name: 'Eva Smith' }));
    const panel = screen.getByRole('complementary', { name: /Eva Smith/ });
    await user.selectOptions(within(panel).getByLabelText('Code'), 'L');
    await user.type(within(panel).getByLabelText('Reason'), 'Traffic');
    await user.click(within(panel).getByRole('button', { name: /^Record for/ }));
    expect(within(panel).getByRole('alert').textContent).toMatch(/time/);
    expect(await db.outbox.count()).toBe(0);
    await user.type(within(panel).getByLabelText('Arrival time'), '09:05');
    await user.click(within(panel).getByRole('button', { name: /^Record for/ }));
    await waitFor(() => {
      expect(rowNames()).toEqual(['Amelia Jones', 'Noah Khan']);
    });
    const [entry] = await db.outbox.toArray();
    expect(entry?.op).toMatchObject({ pupilId: 'p-03', code: 'L', arrivedAt: '09:05' });
  });

  it('refuses a reason of only spaces and writes nothing', async () => {
    const { db, user } = await setup();
    await user.click(screen.getByRole('button', { name: 'Noah Khan' }));
    const panel = screen.getByRole('complementary', { name: /Noah Khan/ });
    await user.selectOptions(within(panel).getByLabelText('Code'), 'M');
    await user.type(within(panel).getByLabelText('Reason'), '   ');
    await user.click(within(panel).getByRole('button', { name: /^Record for/ }));
    expect(within(panel).getByRole('alert').textContent).toBe(
      'Give the reason: the register must say why.',
    );
    expect(await db.outbox.count()).toBe(0);
    expect(rowNames()).toHaveLength(3);
  });

  it('flags a reporter who is not a listed contact allowed to report absence', async () => {
    const { user } = await setup();
    await user.click(screen.getByRole('button', { name: 'Amelia Jones' }));
    await user.type(screen.getByLabelText('Reported by (optional)'), 'A neighbour');
    expect(
      screen.getByText(/A neighbour is not a listed contact who may report absence/),
    ).toBeDefined();
  });

  it('changes the chosen overdue N to O with the statutory reason only after confirming', async () => {
    const { db, user } = await setup();
    await user.click(screen.getByRole('button', { name: 'Choose all overdue (1)' }));
    await user.click(screen.getByRole('button', { name: 'Change 1 overdue N to O…' }));
    const dialog = screen.getByRole('dialog', { name: 'Change 1 overdue N to O?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(await db.outbox.count()).toBe(0);
    await user.click(screen.getByRole('button', { name: 'Change 1 overdue N to O…' }));
    await user.click(
      within(screen.getByRole('dialog')).getByRole('button', { name: 'Change 1 overdue N to O' }),
    );
    await waitFor(() => {
      expect(rowNames()).toEqual(['Noah Khan', 'Eva Smith']);
    });
    const [entry] = await db.outbox.toArray();
    expect(entry?.op).toMatchObject({ code: 'O', reason: OVERDUE_N_REASON, pupilId: 'p-01' });
  });

  it('says the school is still arriving before the first sync, not that nothing is left', async () => {
    const db = freshDb();
    opened.push(db);
    await seedSchool(db);
    const engine = new FakeEngine(at('10:00'));
    render(
      <AppContext.Provider value={{ db, engine, auth: authFor(OFFICE) }}>
        <WorklistScreen />
      </AppContext.Provider>,
    );
    expect(await screen.findByText('No unexplained absences on this device yet.')).toBeDefined();
    expect(screen.getByText(/Receiving the school’s marks/)).toBeDefined();
  });

  it('takes the keyboard into the panel a row opens, and back to the row when it closes', async () => {
    const { user } = await setup();
    const row = screen.getByRole('button', { name: 'Noah Khan' });
    row.focus();
    await user.keyboard('{Enter}');
    const panel = screen.getByRole('complementary', { name: /Noah Khan/ });
    await waitFor(() => {
      expect(document.activeElement).toBe(within(panel).getByRole('heading', { level: 2 }));
    });
    await user.tab();
    await user.click(within(panel).getByRole('button', { name: 'Close' }));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Noah Khan' }));
  });

  it('has no accessibility violations', async () => {
    const { user } = await setup();
    await user.click(screen.getByRole('button', { name: 'Amelia Jones' }));
    const result = await axe.run(document.body, {
      rules: { 'color-contrast': { enabled: false } },
    });
    expect(result.violations.map((v) => v.id)).toEqual([]);
  });
});
