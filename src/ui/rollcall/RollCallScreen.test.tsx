import 'fake-indexeddb/auto';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { err } from '../../domain/result.ts';
import type { Movement } from '../../schema/amendment.ts';
import type { RollCallStepRecord } from '../../schema/rollCall.ts';
import type { RollcallDb } from '../../storage/db.ts';
import { storageError } from '../../storage/errors.ts';
import * as outbox from '../../storage/outbox.ts';
import type { StaffRecord } from '../../storage/records.ts';
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
import { RollCallScreen } from './RollCallScreen.tsx';

vi.mock('../../storage/outbox.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof outbox>();
  return { ...actual, recordRollCallSteps: vi.fn(actual.recordRollCallSteps) };
});

const opened: RollcallDb[] = [];
afterEach(async () => {
  cleanup();
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

const iso = (hhmm: string): string => new Date(at(hhmm)).toISOString();

function movement(pupilId: string, direction: 'in' | 'out', time: string, seq: number): Movement {
  return {
    opId: `mv-${pupilId}-${time}`,
    pupilId,
    date: TODAY,
    direction,
    at: time,
    reason: null,
    accompaniedBy: null,
    authorId: RECEPTION.id,
    deviceId: 'dev-desk',
    recordedAt: iso(time),
    receivedAt: iso(time),
    seq,
  };
}

function step(fields: Partial<RollCallStepRecord> & Pick<RollCallStepRecord, 'opId'>) {
  return {
    rollCallId: fields.opId,
    action: 'start' as const,
    pupilId: null,
    date: TODAY,
    authorId: RECEPTION.id,
    deviceId: 'dev-desk',
    recordedAt: iso('10:00'),
    receivedAt: iso('10:00'),
    seq: 100,
    ...fields,
  };
}

/**
 * Test Primary on Wed 2 Dec 2026 at 10:05, every device offline. This morning: Amelia present,
 * Noah marked absent and then signed in at the desk at 09:31, Eva late, Sam collected at 09:50,
 * Ivy (4H) present.
 */
async function setup(staff: StaffRecord, seedMore?: (db: RollcallDb) => Promise<void>) {
  const db = freshDb();
  opened.push(db);
  await seedSchool(db);
  const mark = (pupilId: string, code: string, arrivedAt: string | null = null) =>
    serverMark({ pupilId, code, arrivedAt, source: 'register', authorId: TEACHER.id });
  await db.amendments.bulkPut([
    mark('p-01', '/'),
    mark('p-02', 'N'),
    mark('p-03', 'L', '09:05'),
    mark('p-04', '/'),
    mark('p-05', '/'),
  ]);
  await db.movements.bulkPut([
    movement('p-02', 'in', '09:31', 1),
    movement('p-04', 'out', '09:50', 2),
  ]);
  await seedMore?.(db);
  const engine = new FakeEngine(at('10:05'));
  engine.setStatus({ lastSyncAt: iso('09:55'), online: false });
  render(
    <AppContext.Provider value={{ db, engine, auth: authFor(staff) }}>
      <RollCallScreen />
    </AppContext.Provider>,
  );
  await screen.findByRole('heading', { level: 1, name: 'Fire roll call' });
  return { db, engine, user: userEvent.setup() };
}

const groupNames = () =>
  screen.getAllByRole('heading', { level: 2 }).map((h) => h.firstChild?.textContent?.trim());

const pupilButton = (name: string) => screen.getByRole('button', { name: new RegExp(`^${name}`) });

describe('RollCallScreen', () => {
  it('lists everyone on site now by group from the device alone: present, late, signed in after an N; not those signed out', async () => {
    await setup(OFFICE);
    expect(await screen.findByText(/No roll call is running today/)).toBeDefined();
    expect(groupNames()).toEqual(['3B', '4H']);
    const threeB = within(screen.getByRole('region', { name: /^3B/ }));
    expect(threeB.getAllByRole('button').map((b) => b.textContent)).toEqual([
      'Amelia JonesPresent (AM)',
      'Noah KhanSigned in at reception 09:31',
      'Eva SmithLate (AM)',
    ]);
    expect(screen.queryByRole('button', { name: /^Sam Taylor/ })).toBeNull();
    expect(screen.getByRole('heading', { level: 2, name: /^3B/ }).textContent).toContain(
      '3 on site · 0 ticked · 3 missing',
    );
    // Nothing can be ticked until someone starts the roll call.
    expect((pupilButton('Amelia Jones') as HTMLButtonElement).disabled).toBe(true);
  });

  it('a teacher’s own groups come first', async () => {
    await setup({ ...TEACHER, id: 's-other', name: 'Tom Other', groups: ['g4h'] });
    await screen.findByRole('button', { name: /^Ivy Moss/ });
    expect(groupNames()).toEqual(['4H', '3B']);
    expect(screen.getByText(/This device holds your own groups/)).toBeDefined();
  });

  it('starts a roll call, ticks pupils off and back as ops in the outbox, offline, with the missing list', async () => {
    const { db, engine, user } = await setup(RECEPTION);
    await user.click(await screen.findByRole('button', { name: 'Start the roll call' }));
    await screen.findByText('Roll call started 10:05 by Rita Reception.');
    await user.click(pupilButton('Amelia Jones'));
    await waitFor(() => {
      expect(pupilButton('Amelia Jones').getAttribute('aria-pressed')).toBe('true');
    });
    expect(pupilButton('Amelia Jones').textContent).toContain('ticked 10:05 by Rita Reception');
    await user.click(pupilButton('Ivy Moss'));
    await waitFor(() => {
      expect(pupilButton('Ivy Moss').getAttribute('aria-pressed')).toBe('true');
    });
    const ops = (await db.outbox.toArray()).map((e) => e.op);
    const [start] = ops;
    expect(ops).toMatchObject([
      { kind: 'rollcall', action: 'start', date: TODAY },
      { kind: 'rollcall', action: 'tick', pupilId: 'p-01', rollCallId: start?.opId },
      { kind: 'rollcall', action: 'tick', pupilId: 'p-05', rollCallId: start?.opId },
    ]);
    expect(engine.requests).toEqual(['write', 'write', 'write']);
    expect(screen.getByText(/3 changes on this device not yet sent/)).toBeDefined();

    await user.click(screen.getByRole('button', { name: 'Still missing (2)' }));
    expect(screen.getAllByRole('button', { pressed: false }).map((b) => b.textContent)).toEqual([
      'Everyone on site (4)',
      'Noah KhanSigned in at reception 09:31',
      'Eva SmithLate (AM)',
    ]);
    // Take Amelia's tick back: she is missing again.
    await user.click(screen.getByRole('button', { name: 'Everyone on site (4)' }));
    await user.click(pupilButton('Amelia Jones'));
    await screen.findByRole('button', { name: 'Still missing (3)' });
    expect((await db.outbox.toArray()).at(-1)?.op).toMatchObject({
      action: 'untick',
      pupilId: 'p-01',
    });
  });

  it('shows one roll call when two were started offline, ticks added together; ending asks first and ends both', async () => {
    const { db, user } = await setup(OFFICE, async (db) => {
      await db.rollCallSteps.bulkPut([
        step({ opId: 'rc-a' }),
        step({ opId: 'rc-b', authorId: TEACHER.id, recordedAt: iso('10:01'), seq: 101 }),
        step({ opId: 't-1', rollCallId: 'rc-a', action: 'tick', pupilId: 'p-01', seq: 102 }),
        step({
          opId: 't-2',
          rollCallId: 'rc-b',
          action: 'tick',
          pupilId: 'p-03',
          authorId: TEACHER.id,
          recordedAt: iso('10:03'),
          seq: 103,
        }),
      ]);
    });
    await screen.findByText('Roll call started 10:00 by Rita Reception.');
    expect(pupilButton('Amelia Jones').getAttribute('aria-pressed')).toBe('true');
    expect(pupilButton('Eva Smith').textContent).toContain('ticked 10:03 by Tess Hughes');
    await user.click(screen.getByRole('button', { name: 'End the roll call' }));
    const confirm = within(screen.getByRole('group', { name: 'End the roll call?' }));
    expect(confirm.getByText('2 pupils are not ticked off.')).toBeDefined();
    await user.click(confirm.getByRole('button', { name: 'Keep ticking' }));
    expect(await db.outbox.count()).toBe(0);
    await user.click(screen.getByRole('button', { name: 'End the roll call' }));
    await user.click(screen.getByRole('button', { name: 'End it now' }));
    await screen.findByText(/The last roll call ended 10:05 by Olive Office/);
    expect(
      (await db.outbox.toArray()).map((e) => [
        e.op.kind,
        'action' in e.op && e.op.action,
        'rollCallId' in e.op && e.op.rollCallId,
      ]),
    ).toEqual([
      ['rollcall', 'end', 'rc-a'],
      ['rollcall', 'end', 'rc-b'],
    ]);
    // Ended: the list stays, with nothing to tick, and a new roll call can be started.
    expect((pupilButton('Noah Khan') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByRole('button', { name: 'Start the roll call' })).toBeDefined();
  });

  it('says a tick could not be saved, and shows it unticked', async () => {
    const { db, user } = await setup(OFFICE, async (db) => {
      await db.rollCallSteps.put(step({ opId: 'rc-a' }));
    });
    await screen.findByText(/Roll call started 10:00/);
    vi.mocked(outbox.recordRollCallSteps).mockResolvedValueOnce(err(storageError('storage-full')));
    await user.click(pupilButton('Amelia Jones'));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'This device has run out of storage space. Nothing was saved: free some space, then try again.',
    );
    expect(pupilButton('Amelia Jones').getAttribute('aria-pressed')).toBe('false');
    expect(await db.outbox.count()).toBe(0);
  });

  it('says when everyone has been ticked off', async () => {
    const { user } = await setup(OFFICE, async (db) => {
      await db.rollCallSteps.bulkPut([
        step({ opId: 'rc-a' }),
        ...['p-01', 'p-02', 'p-03', 'p-05'].map((pupilId, i) =>
          step({ opId: `t-${pupilId}`, rollCallId: 'rc-a', action: 'tick', pupilId, seq: 110 + i }),
        ),
      ]);
    });
    await user.click(await screen.findByRole('button', { name: 'Still missing (0)' }));
    expect(screen.getByRole('status').textContent).toBe('Everyone on site has been ticked off.');
  });
});
