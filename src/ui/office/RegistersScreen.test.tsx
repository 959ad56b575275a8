import 'fake-indexeddb/auto';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { MarkOp } from '../../schema/op.ts';
import type { RollcallDb } from '../../storage/db.ts';
import { recordMark } from '../../storage/outbox.ts';
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
import { RegistersScreen } from './RegistersScreen.tsx';

const opened: RollcallDb[] = [];
afterEach(async () => {
  cleanup();
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

/** The office's screen at `time` today, on a device holding Test Primary (see register/testing.ts). */
async function setup(time: string) {
  const db = freshDb();
  opened.push(db);
  await seedSchool(db);
  const engine = new FakeEngine(at(time));
  const user = userEvent.setup();
  const view = () =>
    render(
      <AppContext.Provider value={{ db, engine, auth: authFor(OFFICE) }}>
        <RegistersScreen />
      </AppContext.Provider>,
    );
  return { db, engine, user, view };
}

/** 3B's teacher marks Amelia, Noah and Eva on the tablet at 09:05; Sam is left blank. 4H is taken. */
async function takeMostOf3B(db: RollcallDb) {
  await db.amendments.bulkPut(
    ['p-01', 'p-02', 'p-03'].map((pupilId) =>
      serverMark({
        pupilId,
        code: '/',
        source: 'register',
        authorId: TEACHER.id,
        deviceId: 'tablet-3b',
        recordedAt: new Date(at('09:05')).toISOString(),
      }),
    ),
  );
  await db.amendments.put(
    serverMark({
      pupilId: 'p-05',
      code: '/',
      source: 'register',
      authorId: 's-other',
      deviceId: 'tablet-4h',
      recordedAt: new Date(at('09:06')).toISOString(),
    }),
  );
}

function missingSection(): HTMLElement {
  const section = screen.getByRole('heading', { name: 'Registers not taken' }).closest('section');
  if (section === null) throw new Error('no missing registers section');
  return section;
}

async function outboxMarks(db: RollcallDb): Promise<MarkOp[]> {
  const rows = await db.outbox.orderBy(':id').toArray();
  return rows.map((row) => row.op).filter((op): op is MarkOp => op.kind === 'mark');
}

describe('RegistersScreen: registers not taken', () => {
  it('[missing] none in the closing minute; 3B’s appears from 09:21 with its teacher, live', async () => {
    const { db, engine, view } = await setup('09:20');
    await takeMostOf3B(db);
    engine.setNow(at('09:20') + 59_000);
    view();
    expect(
      await screen.findByText('No register has been missed so far today (Wed 2 Dec).'),
    ).toBeDefined();
    expect(within(missingSection()).queryByRole('table')).toBeNull();

    engine.setNow(at('09:21'));
    const row = await screen.findByRole('row', { name: /3B/ }, { timeout: 3000 });
    expect(within(row).getByRole('cell', { name: 'AM' })).toBeDefined();
    expect(within(row).getByRole('cell', { name: '09:20' })).toBeDefined();
    expect(within(row).getByRole('cell', { name: '1 of 4' })).toBeDefined();
    expect(within(row).getByRole('cell', { name: 'Tess Hughes' })).toBeDefined();
    expect(screen.getByText('1 register not taken so far today (Wed 2 Dec).')).toBeDefined();
    expect(screen.queryByRole('row', { name: /4H/ })).toBeNull();
  });

  it('[missing] before the close nothing is missing, even with blanks', async () => {
    const { view } = await setup('09:10');
    view();
    expect(
      await screen.findByText('No register has been missed so far today (Wed 2 Dec).'),
    ).toBeDefined();
  });

  it('[missing] the close job’s N does not take a register, and a mark after the close does not either', async () => {
    const { db, view } = await setup('10:00');
    await takeMostOf3B(db);
    await db.amendments.bulkPut([
      serverMark({ pupilId: 'p-04', code: 'N', source: 'system', authorId: null, seq: 900 }),
      serverMark({
        pupilId: 'p-04',
        code: 'L',
        arrivedAt: '09:25',
        source: 'reception',
        authorId: RECEPTION.id,
        recordedAt: new Date(at('09:25')).toISOString(),
        seq: 901,
      }),
    ]);
    view();
    const row = await screen.findByRole('row', { name: /3B/ });
    expect(within(row).getByRole('cell', { name: '1 of 4' })).toBeDefined();
  });

  it('[missing] a mark the teacher recorded before the close counts once it is on the device', async () => {
    const { db, view } = await setup('10:00');
    await takeMostOf3B(db);
    view();
    await screen.findByRole('row', { name: /3B/ });
    await db.amendments.put(
      serverMark({
        pupilId: 'p-04',
        code: 'N',
        source: 'register',
        authorId: TEACHER.id,
        recordedAt: new Date(at('09:19')).toISOString(),
        seq: 950,
      }),
    );
    expect(
      await screen.findByText('No register has been missed so far today (Wed 2 Dec).'),
    ).toBeDefined();
  });

  it('[missing] any date can be chosen: a past day lists every untaken register; an INSET day has none', async () => {
    const { view } = await setup('10:00');
    view();
    const field = await screen.findByLabelText('Date');
    fireEvent.change(field, { target: { value: '2026-12-01' } });
    expect(await screen.findByText('4 registers not taken on Tue 1 Dec.')).toBeDefined();
    const rows = within(missingSection()).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      '3BAM09:204 of 4Tess Hughes',
      '4HAM09:201 of 1Tom Other',
      '3BPM13:304 of 4Tess Hughes',
      '4HPM13:301 of 1Tom Other',
    ]);
    fireEvent.change(field, { target: { value: '2026-11-27' } });
    expect(
      await screen.findByText(
        'No registers on Fri 27 Nov: it is not a school day (a weekend, holiday or closure).',
      ),
    ).toBeDefined();
    fireEvent.change(field, { target: { value: '2026-12-03' } });
    expect(
      await screen.findByText('Thu 3 Dec is still to come: no register has closed yet.'),
    ).toBeDefined();
    await userEvent.click(screen.getByRole('button', { name: 'Back to today' }));
    expect((field as HTMLInputElement).value).toBe(TODAY);
  });
});

/** Amelia's AM cell after the teacher's `/` at 08:55 and the office's phone-in `I`, concurrent. */
async function seedConflict(db: RollcallDb) {
  const present = serverMark({
    opId: 'tab-1',
    code: '/',
    source: 'register',
    authorId: TEACHER.id,
    deviceId: 'tablet-3b',
    recordedAt: new Date(at('08:55')).toISOString(),
    seq: 1,
    outcome: 'conflict',
  });
  const phoneIn = serverMark({
    opId: 'off-1',
    code: 'I',
    reason: 'Unwell, phoned in by parent',
    deviceId: 'office-pc',
    recordedAt: new Date(at('08:50')).toISOString(),
    seq: 2,
  });
  await db.amendments.bulkPut([present, phoneIn]);
}

async function openConflict(user: ReturnType<typeof userEvent.setup>) {
  const card = await screen.findByRole('article', { name: 'Amelia Jones · 3B · Wed 2 Dec AM' });
  await user.click(within(card).getByRole('button', { name: 'Settle this mark…' }));
  return card;
}

describe('RegistersScreen: conflicts', () => {
  it('[conflicts] shows the two marks side by side with the history', async () => {
    const { db, view } = await setup('10:00');
    await seedConflict(db);
    view();
    const card = await screen.findByRole('article', { name: 'Amelia Jones · 3B · Wed 2 Dec AM' });
    expect(screen.getByText('1 mark where two devices disagreed.')).toBeDefined();
    const present = within(card).getByRole('group', { name: '/ Present (AM)' });
    expect(within(present).getByText('Displaced by the other mark')).toBeDefined();
    expect(within(present).getByText('Tess Hughes, Class teacher')).toBeDefined();
    expect(within(present).getByText('tablet-3b')).toBeDefined();
    const ill = within(card).getByRole('group', { name: /^I / });
    expect(within(ill).getByText('Shown on the register now')).toBeDefined();
    expect(within(ill).getByText('Unwell, phoned in by parent')).toBeDefined();
    const history = within(card).getByRole('list', {
      name: 'History of this session, oldest first',
    });
    expect(within(history).getAllByRole('listitem')).toHaveLength(2);
    expect(within(history).getByText('/ → I')).toBeDefined();
  });

  it('[conflicts] settles the cell with a reasoned amendment based on the mark shown', async () => {
    const { db, engine, user, view } = await setup('10:00');
    await seedConflict(db);
    view();
    const card = await openConflict(user);
    expect(document.activeElement).toBe(within(card).getByLabelText('Code'));
    await user.selectOptions(within(card).getByLabelText('Code'), '/');
    await user.type(within(card).getByLabelText('Reason'), 'Teacher saw her in class at 09:00');
    await user.click(within(card).getByRole('button', { name: 'Settle Wed 2 Dec AM' }));
    expect(
      await screen.findByText('No conflicts: no two devices disagree about a mark.'),
    ).toBeDefined();
    expect(
      screen.getAllByText('Settled Amelia Jones, Wed 2 Dec AM: the mark is now /.'),
    ).not.toHaveLength(0);
    const marks = await outboxMarks(db);
    expect(marks).toHaveLength(1);
    expect(marks[0]).toMatchObject({
      pupilId: 'p-01',
      date: TODAY,
      session: 'AM',
      code: '/',
      basedOn: 'off-1',
      source: 'office',
      reason: 'Teacher saw her in class at 09:00',
    });
    expect(engine.requests).toContain('write');
  });

  it('[conflicts] a settlement without a reason is refused and nothing is written', async () => {
    const { db, user, view } = await setup('10:00');
    await seedConflict(db);
    view();
    const card = await openConflict(user);
    await user.selectOptions(within(card).getByLabelText('Code'), 'I');
    // Submitted from the keyboard: Enter in the reason field.
    await user.type(within(card).getByLabelText('Reason'), '   {Enter}');
    expect((await within(card).findByRole('alert')).textContent).toBe(
      'Give the reason: the register must say why.',
    );
    expect(await outboxMarks(db)).toEqual([]);
    expect(screen.getByRole('article', { name: 'Amelia Jones · 3B · Wed 2 Dec AM' })).toBeDefined();
  });

  it('[conflicts] a settlement on a date outside the school year is refused in the office’s words', async () => {
    const { db, engine, user, view } = await setup('10:00');
    await seedConflict(db);
    engine.setNow(Date.parse('2027-09-06T10:00:00.000Z'));
    view();
    const card = await openConflict(user);
    await user.selectOptions(within(card).getByLabelText('Code'), 'I');
    await user.type(within(card).getByLabelText('Reason'), 'Phoned in by parent');
    await user.click(within(card).getByRole('button', { name: 'Settle Wed 2 Dec AM' }));
    expect((await within(card).findByRole('alert')).textContent).toBe(
      '2026-12-02 is not in the current school year.',
    );
    expect(await outboxMarks(db)).toEqual([]);
  });

  it('[conflicts] a settlement already made on this device, not yet sent, is not offered again', async () => {
    const { db, view } = await setup('10:00');
    await seedConflict(db);
    const written = await recordMark(db, {
      authorId: OFFICE.id,
      now: at('09:59'),
      pupilId: 'p-01',
      date: TODAY,
      session: 'AM',
      code: 'I',
      basedOn: 'off-1',
      source: 'office',
      reason: 'Phoned in by parent',
    });
    expect(written.ok).toBe(true);
    view();
    expect(
      await screen.findByText('No conflicts: no two devices disagree about a mark.'),
    ).toBeDefined();
  });

  it('has no axe violations with a conflict open and a register missing', async () => {
    const { db, user, view } = await setup('10:00');
    await takeMostOf3B(db);
    await seedConflict(db);
    const { container } = view();
    await openConflict(user);
    await screen.findByRole('row', { name: /3B/ });
    const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
    expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
});
