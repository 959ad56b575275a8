import 'fake-indexeddb/auto';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RollcallDb } from '../../storage/db.ts';
import { AppContext } from '../shared/AppContext.tsx';
import { at, authFor, FakeEngine, freshDb, OFFICE, seedSchool } from '../register/testing.ts';
import { PupilsScreen } from './PupilsScreen.tsx';

const opened: RollcallDb[] = [];
beforeEach(() => {
  window.location.hash = '#/pupils';
});
afterEach(async () => {
  cleanup();
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

/** Test Primary on Wed 2 Dec 2026; Sam Taylor of 3B left on 20 November. */
async function setup() {
  const db = freshDb();
  opened.push(db);
  await seedSchool(db);
  await db.pupils.update('p-04', { leavingDate: '2026-11-20' });
  const engine = new FakeEngine(at('10:00'));
  engine.setStatus({ lastSyncAt: new Date(at('09:59')).toISOString() });
  render(
    <AppContext.Provider value={{ db, engine, auth: authFor(OFFICE) }}>
      <PupilsScreen />
    </AppContext.Provider>,
  );
  await screen.findByRole('heading', { level: 1, name: 'Pupils' });
  return { user: userEvent.setup() };
}

describe('PupilsScreen', () => {
  it('finds a pupil as you type and opens their page with Enter', async () => {
    const { user } = await setup();
    const box = screen.getByRole('combobox', { name: 'Find a pupil' });
    expect(document.activeElement).toBe(box);
    await user.type(box, 'ame');
    expect(screen.getByRole('option', { name: /Amelia Jones/ })).toBeDefined();
    await user.keyboard('{Enter}');
    expect(window.location.hash).toBe('#/pupils/p-01');
  });

  it('browses a group: on-roll pupils first, a leaver marked, each a link to their page', async () => {
    const { user } = await setup();
    await user.selectOptions(screen.getByLabelText('Group'), '3B');
    const list = screen.getByRole('list', { name: 'Pupils in 3B' });
    const links = within(list).getAllByRole('link');
    expect(links.map((a) => a.textContent)).toEqual([
      'Amelia Jones',
      'Noah Khan',
      'Eva Smith',
      'Sam Taylor (left 20 November 2026)',
    ]);
    expect(links[1]?.getAttribute('href')).toBe('#/pupils/p-02');
    expect(screen.getByText('4 pupils in 3B.')).toBeDefined();
  });

  it('has no accessibility violations', async () => {
    const { user } = await setup();
    await user.selectOptions(screen.getByLabelText('Group'), '4H');
    const result = await axe.run(document.body, {
      rules: { 'color-contrast': { enabled: false } },
    });
    expect(result.violations.map((v) => v.id)).toEqual([]);
  });
});
