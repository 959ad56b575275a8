import 'fake-indexeddb/auto';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { markRejected, pendingFor, recordMark } from '../../storage/outbox.ts';
import type { RollcallDb } from '../../storage/db.ts';
import type { OutboxEntry } from '../../storage/records.ts';
import { freshDb, markInput } from '../../storage/testing.ts';
import { createFakeEngine, FAKE_NOW } from '../testing/fakeEngine.ts';
import { teacherAuth } from '../testing/fixtures.ts';
import { renderSignedIn } from '../testing/render.tsx';
import { SyncScreen } from './SyncScreen.tsx';

afterEach(cleanup);

async function firstQueued(db: RollcallDb, authorId: string): Promise<OutboxEntry> {
  const queued = await pendingFor(db, authorId);
  const first = queued.ok ? queued.value[0] : undefined;
  if (first === undefined) throw new Error(`nothing queued for ${authorId}`);
  return first;
}

describe('SyncScreen', () => {
  it('lists the person’s refused marks with pupil, date, session, mark and reason', async () => {
    const db = freshDb();
    const auth = teacherAuth();
    await db.pupils.put({
      id: 'p-1',
      upn: 'A123456789012',
      givenName: 'Amelia',
      familyName: 'Jones',
      preferredName: 'Millie',
      dateOfBirth: '2018-01-02',
      sex: 'F',
      groupId: 'g-3b',
      admissionDate: '2022-09-05',
      leavingDate: null,
      flags: {},
      contacts: [],
    });
    await recordMark(db, markInput({ authorId: auth.staff.id, code: 'N' }));
    await recordMark(db, markInput({ authorId: 's-other', pupilId: 'p-2' }));
    const mine = await firstQueued(db, auth.staff.id);
    const theirs = await firstQueued(db, 's-other');
    await markRejected(
      db,
      mine,
      'register-closed',
      'The register closed at 09:20.',
      '2026-11-23T09:30:00.000Z',
    );
    await markRejected(db, theirs, 'forbidden', 'Not your group.', '2026-11-23T09:31:00.000Z');

    const engine = createFakeEngine({ rejected: 1, lastSyncAt: new Date(FAKE_NOW).toISOString() });
    renderSignedIn(<SyncScreen />, { db, engine, auth });

    const table = await screen.findByRole('table', { name: 'Refused marks, oldest first' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(2);
    const cells = within(rows[1] as HTMLElement)
      .getAllByRole('cell')
      .map((cell) => cell.textContent);
    expect(cells.slice(0, 4)).toEqual([
      'Millie Jones',
      '2026-11-23 AM',
      'N',
      'The register closed at 09:20. register-closed',
    ]);
  });

  it('says when nothing was refused, and syncs on request', async () => {
    const engine = createFakeEngine();
    renderSignedIn(<SyncScreen />, { db: freshDb(), engine, auth: teacherAuth() });
    expect(await screen.findByText('The server has not refused any of your marks.')).toBeDefined();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Sync now' }));
    expect(engine.requests).toEqual(['manual']);
  });

  it('cannot sync until the person signs in again', () => {
    const engine = createFakeEngine({ phase: 'needs-sign-in' });
    renderSignedIn(<SyncScreen />, { db: freshDb(), engine, auth: teacherAuth() });
    const button = screen.getByRole<HTMLButtonElement>('button', { name: 'Sync now' });
    expect(button.disabled).toBe(true);
    expect(screen.getByText('Sign in again first.')).toBeDefined();
  });
});
