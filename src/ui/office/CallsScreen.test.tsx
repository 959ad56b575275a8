import 'fake-indexeddb/auto';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
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
  TODAY,
} from '../register/testing.ts';
import { CallsScreen } from './CallsScreen.tsx';

const opened: RollcallDb[] = [];
afterEach(async () => {
  cleanup();
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

/**
 * Test Primary on Wed 2 Dec 2026 (AM register closes 09:20). Amelia and Noah are `N` this
 * morning; Noah is looked after; Eva's `N` is from last week and is not today's call.
 */
async function setup(time: string) {
  const db = freshDb();
  opened.push(db);
  await seedSchool(db);
  await db.pupils.update('p-02', {
    flags: { lookedAfter: true },
    contacts: [
      {
        name: 'Ms Carter',
        relationship: 'Foster carer',
        phone: '07700 900456',
        mayReportAbsence: true,
      },
    ],
  });
  const n = (pupilId: string, date = TODAY) =>
    serverMark({ pupilId, date, code: 'N', source: 'register', authorId: TEACHER.id });
  await db.amendments.bulkPut([n('p-01'), n('p-02'), n('p-03', '2026-11-25')]);
  const engine = new FakeEngine(at(time));
  engine.setStatus({ lastSyncAt: new Date(at('09:00')).toISOString(), online: false });
  render(
    <AppContext.Provider value={{ db, engine, auth: authFor(OFFICE) }}>
      <CallsScreen />
    </AppContext.Provider>,
  );
  return { db, engine, user: userEvent.setup() };
}

describe('CallsScreen', () => {
  it('puts the looked-after pupil first, with a tel: link per number', async () => {
    await setup('09:40');
    expect(await screen.findByText(/2 pupils absent today with no reason yet/)).toBeDefined();
    const names = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
    expect(names).toEqual(['Noah Khan · 3B', 'Amelia Jones · 3B']);
    expect(screen.getByText('Looked after')).toBeDefined();
    expect(screen.getByRole('link', { name: 'Call 07700 900456' }).getAttribute('href')).toBe(
      'tel:07700900456',
    );
  });

  it('says when the morning registers close before then', async () => {
    await setup('09:10');
    expect(
      await screen.findByText(/The morning registers close at 09:20; until then/),
    ).toBeDefined();
  });

  it('logs a call offline as an op in the outbox, shown at once as not sent yet', async () => {
    const { db, user } = await setup('09:40');
    const card = within(await screen.findByRole('listitem', { name: /Noah Khan/ }));
    await user.click(card.getByRole('button', { name: 'Log a call…' }));
    await waitFor(() => {
      expect(document.activeElement).toBe(card.getByLabelText('Called'));
    });
    await user.click(card.getByRole('radio', { name: 'Message left' }));
    await user.type(card.getByLabelText('Note (optional)'), 'Will ring back');
    await user.click(card.getByRole('button', { name: 'Log call at 09:40' }));
    expect(
      await card.findByText(/Ms Carter \(07700 900456\): Message left — Will ring back/),
    ).toBeDefined();
    expect(card.getByText(/saved, not sent yet/)).toBeDefined();
    const [entry] = await db.outbox.toArray();
    expect(entry?.op).toMatchObject({
      kind: 'call',
      pupilId: 'p-02',
      date: TODAY,
      at: '09:40',
      contact: 'Ms Carter',
      phone: '07700 900456',
      outcome: 'message-left',
      note: 'Will ring back',
    });
  });

  it('refuses a call to someone unnamed', async () => {
    const { db, user } = await setup('09:40');
    const card = within(await screen.findByRole('listitem', { name: /Amelia Jones/ }));
    await user.click(card.getByRole('button', { name: 'Log a call…' }));
    await user.click(card.getByRole('button', { name: /^Log call at/ }));
    expect(card.getByRole('alert').textContent).toBe('Say who was called.');
    expect(await db.outbox.count()).toBe(0);
  });

  it('records the reason a parent gives, and the pupil leaves the list', async () => {
    const { db, user } = await setup('09:40');
    const card = within(await screen.findByRole('listitem', { name: /Noah Khan/ }));
    await user.click(card.getByRole('button', { name: 'Record the reason…' }));
    await user.selectOptions(card.getByLabelText('Code'), 'M');
    await user.type(card.getByLabelText('Reason'), 'Dentist');
    await user.type(card.getByLabelText('Reported by (optional)'), 'Ms Carter');
    await user.click(card.getByRole('button', { name: 'Record for today AM' }));
    await waitFor(() => {
      expect(screen.queryByRole('listitem', { name: /Noah Khan/ })).toBeNull();
    });
    const [entry] = await db.outbox.toArray();
    expect(entry?.op).toMatchObject({ code: 'M', pupilId: 'p-02', reportedBy: 'Ms Carter' });
  });
});
