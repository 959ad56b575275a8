import 'fake-indexeddb/auto';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RollcallDb } from '../../storage/db.ts';
import { err } from '../../domain/result.ts';
import { storageError } from '../../storage/errors.ts';
import * as outbox from '../../storage/outbox.ts';
import { AppContext } from '../shared/AppContext.tsx';
import { RegisterScreen } from './RegisterScreen.tsx';
import { at, authFor, FakeEngine, freshDb, seedSchool, TODAY } from './testing.ts';

vi.mock('../../storage/outbox.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof outbox>();
  return { ...actual, recordMarks: vi.fn(actual.recordMarks) };
});

const opened: RollcallDb[] = [];
afterEach(async () => {
  cleanup();
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

/** 3B's AM register open at 08:55 on a seeded device. */
async function openRegister() {
  const db = freshDb();
  opened.push(db);
  await seedSchool(db);
  const engine = new FakeEngine(at('08:55'));
  const user = userEvent.setup();
  render(
    <AppContext.Provider value={{ db, engine, auth: authFor() }}>
      <RegisterScreen groupId="g3b" date={TODAY} session="AM" />
    </AppContext.Provider>,
  );
  await screen.findByRole('heading', { level: 1, name: /3B · AM register/ });
  return { db, engine, user };
}

describe('RegisterScreen: a mark the device could not save', () => {
  it('says so in plain words, keeps what was saved, and does not call it saved', async () => {
    const { db, engine, user } = await openRegister();
    await user.click(screen.getByRole('button', { name: 'Amelia Jones: present' }));
    const amelia = screen.getByRole('group', { name: 'Amelia Jones' });
    await within(amelia).findByText(/Present · Saved/);

    vi.mocked(outbox.recordMarks).mockResolvedValueOnce(err(storageError('storage-full')));
    await user.click(screen.getByRole('button', { name: 'Noah Khan: present' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(
      'Noah Khan: not saved. This device has run out of storage space. Nothing was saved: free some space, then try again.',
    );
    const noah = screen.getByRole('group', { name: 'Noah Khan' });
    expect(within(noah).getByText(/^Not marked/)).toBeDefined();
    expect(within(amelia).getByText(/Present · Saved/)).toBeDefined();
    expect(engine.requests).toEqual(['write']);
    expect(await db.outbox.count()).toBe(1);
  });

  it('marks none of the rest present when the batch cannot be saved, and says so', async () => {
    const { db, engine, user } = await openRegister();
    vi.mocked(outbox.recordMarks).mockResolvedValueOnce(err(storageError('storage-full')));
    await user.click(screen.getByRole('button', { name: /Mark the rest present/ }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/^\d+ not saved\. .*run out of storage space/);
    for (const name of ['Amelia Jones', 'Noah Khan'])
      expect(within(screen.getByRole('group', { name })).getByText(/^Not marked/)).toBeDefined();
    expect(engine.requests).toEqual([]);
    expect(await db.outbox.count()).toBe(0);
    expect(screen.getByRole('button', { name: /Mark the rest present/ })).toBeDefined();
  });
});
