import 'fake-indexeddb/auto';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RollcallDb } from '../../storage/db.ts';
import { recordMark } from '../../storage/outbox.ts';
import { AppContext } from '../shared/AppContext.tsx';
import {
  at,
  authFor,
  FakeEngine,
  freshDb,
  seedSchool,
  serverMark,
  TEACHER,
  TODAY,
} from './testing.ts';
import { TodayScreen } from './TodayScreen.tsx';

const opened: RollcallDb[] = [];
afterEach(async () => {
  cleanup();
  vi.useRealTimers();
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

async function setup(time: string, date = TODAY) {
  const db = freshDb();
  opened.push(db);
  await seedSchool(db);
  const engine = new FakeEngine(at(time, date));
  const view = () =>
    render(
      <AppContext.Provider value={{ db, engine, auth: authFor() }}>
        <TodayScreen />
      </AppContext.Provider>,
    );
  return { db, engine, view };
}

async function register(name: string): Promise<HTMLElement> {
  const link = await screen.findByRole('link', { name });
  const item = link.closest('li');
  if (item === null) throw new Error(`no item for ${name}`);
  return item;
}

/** The teacher's own mark, recorded on this tablet at `time`. */
async function teacherMark(db: RollcallDb, pupilId: string, code: string, time: string) {
  const result = await recordMark(db, {
    authorId: TEACHER.id,
    now: at(time),
    pupilId,
    date: TODAY,
    session: 'AM',
    code,
    basedOn: null,
    source: 'register',
  });
  if (!result.ok) throw new Error(result.error.message);
}

describe('TodayScreen', () => {
  it('lists the teacher’s group with AM and PM registers not open yet, linked by hash route', async () => {
    const { view } = await setup('08:40');
    view();
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Today · Wed 2 Dec' }),
    ).toBeDefined();
    const am = await register('3B AM register');
    expect(within(am).getByText('Not open yet: opens at 08:50')).toBeDefined();
    expect(within(am).getByText('Not taken yet')).toBeDefined();
    expect(within(am).getByText('0 present · 0 late · 0 absent · 4 not marked')).toBeDefined();
    expect(within(am).getByRole('link').getAttribute('href')).toBe(`#/register/g3b/${TODAY}/AM`);
    const pm = await register('3B PM register');
    expect(within(pm).getByText('Not open yet: opens at 13:00')).toBeDefined();
    expect(screen.queryByRole('link', { name: /4H/ })).toBeNull();
  });

  it('shows an open register with the time left and its counts so far', async () => {
    const { db, view } = await setup('09:05');
    await db.amendments.put(serverMark({ pupilId: 'p-02', code: 'I' }));
    await teacherMark(db, 'p-01', '/', '08:55');
    view();
    const am = await register('3B AM register');
    expect(within(am).getByText('Open: 16 minutes left, closes at 09:20')).toBeDefined();
    expect(within(am).getByText('Not taken yet')).toBeDefined();
    expect(
      within(am).getByText('1 present · 0 late · 1 absent · 2 not marked · 1 unsent'),
    ).toBeDefined();
  });

  it('counts down as the corrected clock moves', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { engine, view } = await setup('09:05');
    view();
    const am = await register('3B AM register');
    expect(within(am).getByText('Open: 16 minutes left, closes at 09:20')).toBeDefined();
    engine.setNow(at('09:20') + 30_000);
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    // The ticker starts in an effect, which reads the clock at once when it runs.
    expect(await within(am).findByText('Open: 1 minute left, closes at 09:20')).toBeDefined();
    engine.setNow(at('09:21'));
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    expect(within(am).getByText('Closed at 09:20')).toBeDefined();
  });

  it('shows a register taken before the close as taken, and its counts', async () => {
    const { db, view } = await setup('09:30');
    await teacherMark(db, 'p-01', '/', '08:55');
    await teacherMark(db, 'p-02', 'N', '08:56');
    await db.amendments.bulkPut([
      serverMark({ pupilId: 'p-03', code: 'I' }),
      serverMark({
        pupilId: 'p-04',
        code: 'L',
        arrivedAt: '09:01',
        source: 'reception',
        recordedAt: new Date(at('09:02')).toISOString(),
      }),
    ]);
    view();
    const am = await register('3B AM register');
    expect(within(am).getByText('Closed at 09:20')).toBeDefined();
    expect(within(am).getByText('Taken')).toBeDefined();
    expect(within(am).getByText('1 present · 1 late · 2 absent · 2 unsent')).toBeDefined();
  });

  it('does not count the close job’s N as taken, and counts blanks as absent after close', async () => {
    const { db, view } = await setup('09:30');
    await teacherMark(db, 'p-01', '/', '08:55');
    await teacherMark(db, 'p-02', '/', '08:55');
    await teacherMark(db, 'p-03', '/', '08:55');
    await db.amendments.put(
      serverMark({
        pupilId: 'p-04',
        code: 'N',
        source: 'system',
        authorId: null,
        recordedAt: new Date(at('09:21')).toISOString(),
      }),
    );
    view();
    const am = await register('3B AM register');
    expect(within(am).getByText('Not taken before the close')).toBeDefined();
    expect(within(am).getByText('3 present · 0 late · 1 absent · 3 unsent')).toBeDefined();
  });

  it('lists a group the office has assigned for cover', async () => {
    const { db, view } = await setup('08:40');
    await db.staff.put({ ...TEACHER, groups: ['g3b', 'g4h'] });
    view();
    const cover = await register('4H AM register');
    expect(within(cover).getByText('0 present · 0 late · 0 absent · 1 not marked')).toBeDefined();
    expect(within(cover).getByRole('link').getAttribute('href')).toBe(`#/register/g4h/${TODAY}/AM`);
  });

  it('says there is no register on a day the school is closed', async () => {
    const { view } = await setup('08:40', '2026-11-27');
    view();
    const am = await register('3B AM register');
    expect(within(am).getByText('No register today')).toBeDefined();
  });

  it('has no serious or critical axe violations', async () => {
    const { view } = await setup('09:05');
    const { container } = view();
    await register('3B AM register');
    const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
});
