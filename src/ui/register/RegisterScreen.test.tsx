import 'fake-indexeddb/auto';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MarkOp } from '../../schema/op.ts';
import type { RollcallDb } from '../../storage/db.ts';
import { AppContext } from '../shared/AppContext.tsx';
import { RegisterScreen } from './RegisterScreen.tsx';
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

const opened: RollcallDb[] = [];
afterEach(async () => {
  cleanup();
  vi.useRealTimers();
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

async function setup(time: string, session: 'AM' | 'PM' = 'AM', groupId = 'g3b') {
  const db = freshDb();
  opened.push(db);
  await seedSchool(db);
  const engine = new FakeEngine(at(time));
  const user = userEvent.setup();
  const view = () =>
    render(
      <AppContext.Provider value={{ db, engine, auth: authFor() }}>
        <RegisterScreen groupId={groupId} date={TODAY} session={session} />
      </AppContext.Provider>,
    );
  return { db, engine, user, view };
}

async function outboxMarks(db: RollcallDb): Promise<MarkOp[]> {
  const rows = await db.outbox.orderBy(':id').toArray();
  return rows.map((row) => row.op).filter((op): op is MarkOp => op.kind === 'mark');
}

/**
 * The marks in the outbox once every write the screen has started has committed: a tapped card
 * says "Saving…" until its write commits. Polls with a real timeout (some tests fake the
 * intervals that `waitFor` would poll with).
 */
async function queued(db: RollcallDb): Promise<MarkOp[]> {
  for (let attempt = 0; attempt < 150; attempt++) {
    if (screen.queryAllByText(/Saving/).length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return outboxMarks(db);
}

function card(name: string): HTMLElement {
  return screen.getByRole('group', { name });
}

async function ready() {
  await screen.findByRole('heading', { level: 1, name: /3B · AM register/ });
}

describe('RegisterScreen: marking while open', () => {
  it('marks present with one tap, and calls it saved only once the mark is in the outbox', async () => {
    const { db, engine, user, view } = await setup('08:55');
    view();
    await ready();
    await user.click(screen.getByRole('button', { name: 'Amelia Jones: present' }));
    await within(card('Amelia Jones')).findByText(/Present · Saved, not sent yet/);
    const [op] = await queued(db);
    expect(op).toMatchObject({
      pupilId: 'p-01',
      date: TODAY,
      session: 'AM',
      code: '/',
      basedOn: null,
      source: 'register',
      recordedAt: new Date(at('08:55')).toISOString(),
    });
    expect(op?.arrivedAt).toBeUndefined();
    expect(engine.requests).toContain('write');
    expect(screen.getByText('Marked Amelia Jones present')).toBeDefined();
  });

  it('marks the PM register present with \\', async () => {
    const { db, user, view } = await setup('13:05', 'PM');
    view();
    await screen.findByRole('heading', { level: 1, name: /3B · PM register/ });
    await user.click(screen.getByRole('button', { name: 'Noah Khan: present' }));
    await waitFor(async () => {
      expect((await queued(db))[0]?.code).toBe('\\');
    });
  });

  it('marks absent as N, based on the mark the teacher saw', async () => {
    const { db, user, view } = await setup('08:55');
    view();
    await ready();
    await user.click(screen.getByRole('button', { name: 'Eva Smith: present' }));
    await user.click(screen.getByRole('button', { name: 'Eva Smith: absent' }));
    await within(card('Eva Smith')).findByText(/Absent, no reason yet · Saved/);
    const [present, absent] = await queued(db);
    expect(present?.code).toBe('/');
    expect(absent).toMatchObject({ code: 'N', basedOn: present?.opId });
  });

  it('is operable from the keyboard', async () => {
    const { db, user, view } = await setup('08:55');
    view();
    await ready();
    screen.getByRole('button', { name: 'Sam Taylor: present' }).focus();
    await user.keyboard('{Enter}');
    await within(card('Sam Taylor')).findByText(/Present · Saved/);
    expect((await queued(db))[0]?.pupilId).toBe('p-04');
  });

  it('shows the sync status', async () => {
    const { engine, view } = await setup('08:55');
    view();
    await ready();
    expect(screen.getByText('Online · all sent')).toBeDefined();
    act(() => {
      engine.setStatus({ online: false, pending: 9 });
    });
    // The status line subscribes in an effect; wait for it rather than assume it has run.
    expect(await screen.findByText('Offline · 9 unsent')).toBeDefined();
  });
});

describe('RegisterScreen: late arrivals give L or U by the rule', () => {
  async function recordLate(name: string, time: string | null) {
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: new RegExp(`^${name}: late`) }));
    const dialog = await screen.findByRole('dialog', { name: `${name} arrived late` });
    const input = within(dialog).getByLabelText('Arrival time');
    if (time !== null) {
      await user.clear(input);
      await user.type(input, time);
    }
    return dialog;
  }

  it('defaults the arrival to now and previews L with the minutes late', async () => {
    const { db, user, view } = await setup('09:02');
    view();
    await ready();
    const dialog = await recordLate('Noah Khan', null);
    expect(within(dialog).getByLabelText('Arrival time')).toHaveProperty('value', '09:02');
    expect(within(dialog).getByText('L — 12 minutes late')).toBeDefined();
    await user.click(within(dialog).getByRole('button', { name: 'Record arrival' }));
    await within(card('Noah Khan')).findByText(/Late: arrived 09:02, 12 minutes late/);
    expect((await queued(db))[0]).toMatchObject({ code: 'L', arrivedAt: '09:02', basedOn: null });
  });

  it('gives present for an arrival exactly at lateAfter, and L one minute after', async () => {
    const { db, user, view } = await setup('09:10');
    view();
    await ready();
    let dialog = await recordLate('Eva Smith', '08:50');
    expect(within(dialog).getByText(/^Present — not late/)).toBeDefined();
    await user.click(within(dialog).getByRole('button', { name: 'Record arrival' }));
    await within(card('Eva Smith')).findByText(/Present · Saved/);
    dialog = await recordLate('Sam Taylor', '08:51');
    expect(within(dialog).getByText('L — 1 minute late')).toBeDefined();
    await user.click(within(dialog).getByRole('button', { name: 'Record arrival' }));
    await within(card('Sam Taylor')).findByText(/Late: arrived 08:51/);
    const ops = await queued(db);
    expect(ops.map((op) => [op.code, op.arrivedAt])).toEqual([
      ['/', '08:50'],
      ['L', '08:51'],
    ]);
  });

  it('gives L for an arrival exactly at closes and U one minute after', async () => {
    const { db, user, view } = await setup('09:40');
    view();
    await ready();
    let dialog = await recordLate('Amelia Jones', '09:20');
    expect(within(dialog).getByText('L — 30 minutes late')).toBeDefined();
    await user.click(within(dialog).getByRole('button', { name: 'Record arrival' }));
    await within(card('Amelia Jones')).findByText(/Late: arrived 09:20/);
    dialog = await recordLate('Noah Khan', '09:21');
    expect(
      within(dialog).getByText('U — after the register closed, 31 minutes late'),
    ).toBeDefined();
    await user.click(within(dialog).getByRole('button', { name: 'Record arrival' }));
    await within(card('Noah Khan')).findByText(/Late after the register closed: arrived 09:21/);
    expect((await queued(db)).map((op) => op.code)).toEqual(['L', 'U']);
  });

  it('refuses an arrival later than now', async () => {
    const { view } = await setup('09:00');
    view();
    await ready();
    const dialog = await recordLate('Amelia Jones', '09:05');
    expect(within(dialog).getByText('The arrival time cannot be later than now.')).toBeDefined();
    expect(within(dialog).getByRole('button', { name: 'Record arrival' })).toHaveProperty(
      'disabled',
      true,
    );
  });
});

describe('RegisterScreen: mark the rest present', () => {
  it('marks only the blank cells, in one action, and says how many', async () => {
    const { db, user, view } = await setup('08:58');
    await db.amendments.put(serverMark({ pupilId: 'p-02', code: 'I' }));
    view();
    await ready();
    await user.click(screen.getByRole('button', { name: 'Amelia Jones: absent' }));
    await within(card('Amelia Jones')).findByText(/Absent, no reason yet · Saved/);
    await user.click(screen.getByRole('button', { name: 'Mark the rest present (2)' }));
    await screen.findByText('Marked 2 pupils present');
    const ops = await queued(db);
    expect(ops.map((op) => [op.pupilId, op.code])).toEqual([
      ['p-01', 'N'],
      ['p-03', '/'],
      ['p-04', '/'],
    ]);
    const summary = await screen.findByRole('region', { name: 'Register complete' });
    expect(within(summary).getByText('Unsent').nextSibling?.textContent).toBe('3');
    expect(screen.queryByRole('button', { name: /Mark the rest present/ })).toBeNull();
  });
});

describe('RegisterScreen: the afternoon’s “present this morning”', () => {
  /** This morning: Amelia present, Noah late, Eva absent, Sam present but signed out at 12:10. */
  async function morning(db: RollcallDb): Promise<void> {
    await db.amendments.bulkPut([
      serverMark({ pupilId: 'p-01', code: '/', source: 'register', authorId: TEACHER.id }),
      serverMark({ pupilId: 'p-02', code: 'L', source: 'register', authorId: TEACHER.id }),
      serverMark({ pupilId: 'p-03', code: 'N', source: 'register', authorId: TEACHER.id }),
      serverMark({ pupilId: 'p-04', code: '/', source: 'register', authorId: TEACHER.id }),
    ]);
    await db.movements.put({
      opId: 'mv-1',
      pupilId: 'p-04',
      date: TODAY,
      direction: 'out',
      at: '12:10',
      reason: 'Dentist',
      accompaniedBy: 'Mum',
      authorId: 's-desk',
      deviceId: 'dev-desk',
      recordedAt: new Date(at('12:10')).toISOString(),
      receivedAt: new Date(at('12:10')).toISOString(),
      seq: 99,
    });
  }

  async function openPm(db: RollcallDb, view: () => unknown) {
    await morning(db);
    view();
    await screen.findByRole('heading', { level: 1, name: /3B · PM register/ });
  }

  it('[pm-shortcut] asks first, then marks \\ only those present or late this morning and still here', async () => {
    const { db, user, view } = await setup('13:02', 'PM');
    await openPm(db, view);
    await user.click(screen.getByRole('button', { name: 'Present this morning…' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Mark present everyone here this morning?',
    });
    expect(within(dialog).getByText('Amelia Jones, Noah Khan')).toBeDefined();
    expect(await outboxMarks(db)).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Mark 2 pupils present' }));
    await screen.findByText('Marked 2 pupils present who were here this morning');
    const ops = await queued(db);
    expect(ops.map((op) => [op.pupilId, op.session, op.code])).toEqual([
      ['p-01', 'PM', '\\'],
      ['p-02', 'PM', '\\'],
    ]);
    // One transaction: consecutive sequence numbers, written together.
    expect(ops.map((op) => op.deviceSeq)).toEqual([1, 2]);
    // Eva (absent this morning) and Sam (signed out) are the teacher's to mark.
    expect(within(card('Eva Smith')).getByText(/^Not marked/)).toBeDefined();
    expect(within(card('Sam Taylor')).getByText(/^Not marked/)).toBeDefined();
  });

  it('[pm-shortcut] cancelling writes nothing; undo clears the marks it made', async () => {
    const { db, user, view } = await setup('13:02', 'PM');
    await openPm(db, view);
    await user.click(screen.getByRole('button', { name: 'Present this morning…' }));
    await user.click(await screen.findByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(await outboxMarks(db)).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Present this morning…' }));
    await user.click(await screen.findByRole('button', { name: 'Mark 2 pupils present' }));
    await user.click(await screen.findByRole('button', { name: 'Undo' }));
    await screen.findByText('Undone');
    const ops = await queued(db);
    expect(ops.map((op) => op.code)).toEqual(['\\', '\\', null, null]);
    expect(within(card('Amelia Jones')).getByText(/^Not marked/)).toBeDefined();
  });

  it('[pm-shortcut] leaves marks already made this afternoon, and says when nobody is left', async () => {
    const { db, user, view } = await setup('13:02', 'PM');
    await openPm(db, view);
    await user.click(screen.getByRole('button', { name: 'Amelia Jones: absent' }));
    await user.click(screen.getByRole('button', { name: 'Noah Khan: present' }));
    await within(card('Noah Khan')).findByText(/Present · Saved/);
    await user.click(screen.getByRole('button', { name: 'Present this morning…' }));
    await screen.findByText(
      'Everyone who was here this morning already has a mark this afternoon.',
    );
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('[pm-shortcut] is not offered on the morning register', async () => {
    const { view } = await setup('08:55');
    view();
    await ready();
    expect(screen.queryByRole('button', { name: 'Present this morning…' })).toBeNull();
  });
});

describe('RegisterScreen: undo', () => {
  it('clears a mis-tap on a blank cell with a new amendment based on it', async () => {
    const { db, user, view } = await setup('08:55');
    view();
    await ready();
    await user.click(screen.getByRole('button', { name: 'Amelia Jones: present' }));
    await user.click(await screen.findByRole('button', { name: 'Undo' }));
    await within(card('Amelia Jones')).findByText(/^Not marked/);
    const [tap, undo] = await queued(db);
    expect(undo).toMatchObject({ code: null, basedOn: tap?.opId, source: 'register' });
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
  });

  it('puts back the earlier present mark after a mistaken absent', async () => {
    const { db, user, view } = await setup('08:55');
    view();
    await ready();
    await user.click(screen.getByRole('button', { name: 'Noah Khan: present' }));
    await within(card('Noah Khan')).findByText(/Present · Saved/);
    await user.click(screen.getByRole('button', { name: 'Noah Khan: absent' }));
    await screen.findByText('Marked Noah Khan absent');
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await within(card('Noah Khan')).findByText(/^Present · Saved/);
    const [, absent, undo] = await queued(db);
    expect(undo).toMatchObject({ code: '/', basedOn: absent?.opId });
  });

  it('undoes a whole "mark the rest present"', async () => {
    const { db, user, view } = await setup('08:55');
    view();
    await ready();
    await user.click(screen.getByRole('button', { name: 'Mark the rest present (4)' }));
    await screen.findByText('Marked 4 pupils present');
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await screen.findByRole('button', { name: 'Mark the rest present (4)' });
    const ops = await queued(db);
    expect(ops.filter((op) => op.code === null)).toHaveLength(4);
  });

  it('offers no undo once the register has closed', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { engine, user, view } = await setup('09:20');
    view();
    await ready();
    await user.click(screen.getByRole('button', { name: 'Amelia Jones: present' }));
    await screen.findByRole('button', { name: 'Undo' });
    engine.setNow(at('09:21'));
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
  });
});

describe('RegisterScreen: marks recorded by the office or reception', () => {
  it('shows who recorded a prefilled mark and when, and needs a confirmation to change it', async () => {
    const { db, user, view } = await setup('08:55');
    const phoned = serverMark({ pupilId: 'p-01', code: 'I', note: 'Mum phoned, sick' });
    await db.amendments.put(phoned);
    view();
    await ready();
    const amelia = card('Amelia Jones');
    expect(
      within(amelia).getByText(
        /Illness \(not medical or dental appointment\)\. Recorded by Olive Office \(the office\) at 08:12 \(Mum phoned, sick\)/,
      ),
    ).toBeDefined();
    await user.click(screen.getByRole('button', { name: 'Amelia Jones: present' }));
    let dialog = await screen.findByRole('dialog', { name: 'Change Amelia Jones’s mark?' });
    expect(within(dialog).getByText(/Only the office can change it back/)).toBeDefined();
    await user.click(within(dialog).getByRole('button', { name: 'Keep it' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(await queued(db)).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Amelia Jones: present' }));
    dialog = await screen.findByRole('dialog', { name: 'Change Amelia Jones’s mark?' });
    await user.click(within(dialog).getByRole('button', { name: 'Change to present' }));
    await screen.findByText('Marked Amelia Jones present. Only the office can change it back.');
    expect((await queued(db))[0]).toMatchObject({ code: '/', basedOn: phoned.opId });
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
  });

  it('prefills a session the office recorded days before, with who reported it and why', async () => {
    const { db, user, view } = await setup('08:52');
    // Recorded on Monday afternoon for the whole week: today's AM is one of its sessions.
    const planned = serverMark({
      pupilId: 'p-02',
      code: 'I',
      reason: 'Chickenpox',
      reportedBy: 'Mum',
      recordedAt: new Date(at('16:40', '2026-11-30')).toISOString(),
    });
    await db.amendments.put(planned);
    view();
    await ready();
    const noah = card('Noah Khan');
    expect(within(noah).getByText('I')).toBeDefined();
    expect(
      within(noah).getByText(
        'Illness (not medical or dental appointment) — reported by Mum: “Chickenpox”. Recorded by Olive Office (the office) at 16:40 on Mon 30 Nov',
      ),
    ).toBeDefined();
    await user.click(screen.getByRole('button', { name: 'Noah Khan: absent' }));
    const dialog = await screen.findByRole('dialog', { name: 'Change Noah Khan’s mark?' });
    expect(within(dialog).getByText(/reported by Mum: “Chickenpox”/)).toBeDefined();
    await user.click(within(dialog).getByRole('button', { name: 'Keep it' }));
    expect(await queued(db)).toEqual([]);
    expect(within(noah).getByText(/reported by Mum/)).toBeDefined();
  });

  it('shows a reception sign-in with its arrival time', async () => {
    const { view, db } = await setup('09:05');
    await db.amendments.put(
      serverMark({
        pupilId: 'p-03',
        code: 'L',
        arrivedAt: '08:58',
        source: 'reception',
        authorId: 's-desk',
        recordedAt: new Date(at('08:59')).toISOString(),
      }),
    );
    view();
    await ready();
    expect(
      within(card('Eva Smith')).getByText(
        /Late: arrived 08:58, 8 minutes late\. Recorded by Rita Reception \(reception\) at 08:59/,
      ),
    ).toBeDefined();
  });

  it('shows a phoned-in illness as soon as the sync engine pulls it', async () => {
    const { db, view } = await setup('08:55');
    view();
    await ready();
    expect(within(card('Noah Khan')).getByText(/^Not marked/)).toBeDefined();
    await db.amendments.put(serverMark({ pupilId: 'p-02', code: 'I' }));
    await within(card('Noah Khan')).findByText(/^Illness/, {}, { timeout: 2000 });
  });

  it('shows a sign-out at reception on the card as soon as it is pulled, and the return', async () => {
    const { db, view } = await setup('13:45', 'PM');
    view();
    await screen.findByRole('heading', { level: 1, name: /3B · PM register/ });
    const movement = {
      opId: 'mv-out',
      pupilId: 'p-02',
      date: TODAY,
      direction: 'out' as const,
      at: '13:40',
      reason: 'appointment: dentist',
      accompaniedBy: 'Mum',
      authorId: 's-desk',
      deviceId: 'dev-desk',
      recordedAt: new Date(at('13:41')).toISOString(),
      receivedAt: new Date(at('13:41')).toISOString(),
      seq: 7,
    };
    await db.movements.put(movement);
    await within(card('Noah Khan')).findByText(
      'Signed out 13:40 (appointment: dentist), collected by Mum',
      {},
      { timeout: 2000 },
    );
    await db.movements.put({
      ...movement,
      opId: 'mv-in',
      direction: 'in',
      at: '14:35',
      reason: null,
      accompaniedBy: null,
      seq: 8,
    });
    await within(card('Noah Khan')).findByText(
      'Signed out 13:40 (appointment: dentist), collected by Mum; back 14:35',
      {},
      { timeout: 2000 },
    );
    expect(within(card('Eva Smith')).queryByText(/Signed out/)).toBeNull();
  });

  it('flags a conflicted cell in text', async () => {
    const { db, view } = await setup('09:05');
    await db.amendments.bulkPut([
      serverMark({ opId: 'c-1', pupilId: 'p-04', code: 'I', seq: 101, outcome: 'conflict' }),
      serverMark({
        opId: 'c-2',
        pupilId: 'p-04',
        code: '/',
        source: 'register',
        authorId: 's-other',
        seq: 102,
      }),
    ]);
    view();
    await ready();
    expect(
      within(card('Sam Taylor')).getByText(/Conflict: two devices recorded different marks/),
    ).toBeDefined();
  });
});

describe('RegisterScreen: the close', () => {
  it('locks at close: blanks show N and the only action left is a late arrival', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { db, engine, user, view } = await setup('09:20');
    view();
    await ready();
    await user.click(screen.getByRole('button', { name: 'Amelia Jones: present' }));
    await within(card('Amelia Jones')).findByText(/Present · Saved/);
    expect(screen.getByText(/Open until 09:20/)).toBeDefined();
    engine.setNow(at('09:21'));
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    expect(screen.getByText(/Closed at 09:20: late arrivals only/)).toBeDefined();
    expect(
      within(card('Noah Khan')).getByText(/Absent, no reason yet \(register closed\)/),
    ).toBeDefined();
    expect(screen.queryByRole('button', { name: /: present$/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /: absent$/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /Mark the rest present/ })).toBeNull();
    expect(
      screen
        .getAllByRole('button', { name: /: late arrival$/ })
        .map((b) => b.getAttribute('aria-label')),
    ).toEqual(['Noah Khan: late arrival', 'Eva Smith: late arrival', 'Sam Taylor: late arrival']);

    engine.setNow(at('09:31'));
    await user.click(screen.getByRole('button', { name: 'Noah Khan: late arrival' }));
    const dialog = await screen.findByRole('dialog', { name: 'Noah Khan arrived late' });
    expect(
      within(dialog).getByText('U — after the register closed, 41 minutes late'),
    ).toBeDefined();
    await user.click(within(dialog).getByRole('button', { name: 'Record arrival' }));
    await within(card('Noah Khan')).findByText(/Late after the register closed: arrived 09:31/);
    const ops = await queued(db);
    expect(ops.map((op) => [op.code, op.arrivedAt])).toEqual([
      ['/', undefined],
      ['U', '09:31'],
    ]);
  });

  it('refuses a tap that lands after the close even before the screen has ticked', async () => {
    const { db, engine, user, view } = await setup('09:20');
    view();
    await ready();
    engine.setNow(at('09:21'));
    await user.click(screen.getByRole('button', { name: 'Eva Smith: present' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/The register has closed/);
    expect(await queued(db)).toEqual([]);
    expect(screen.queryByRole('button', { name: /: present$/ })).toBeNull();
  });

  it('after the close, confirms a late arrival over a mark the office recorded', async () => {
    const { db, user, view } = await setup('10:05');
    const phoned = serverMark({ pupilId: 'p-03', code: 'M', note: 'Dentist, back ~10:30' });
    await db.amendments.put(phoned);
    view();
    await ready();
    await user.click(screen.getByRole('button', { name: 'Eva Smith: late arrival' }));
    const confirm = await screen.findByRole('dialog', { name: 'Change Eva Smith’s mark?' });
    await user.click(within(confirm).getByRole('button', { name: 'Change to a late arrival' }));
    const dialog = await screen.findByRole('dialog', { name: 'Eva Smith arrived late' });
    expect(within(dialog).getByLabelText('Arrival time')).toHaveProperty('value', '10:05');
    await user.click(within(dialog).getByRole('button', { name: 'Record arrival' }));
    await within(card('Eva Smith')).findByText(/Late after the register closed: arrived 10:05/);
    expect((await queued(db))[0]).toMatchObject({
      code: 'U',
      arrivedAt: '10:05',
      basedOn: phoned.opId,
    });
  });

  it('offers no action after the session has ended', async () => {
    const { view } = await setup('12:01');
    view();
    await ready();
    expect(screen.getByText('Closed: the session has ended')).toBeDefined();
    expect(screen.queryAllByRole('button')).toEqual([]);
    expect(within(card('Amelia Jones')).getByText(/Absent, no reason yet/)).toBeDefined();
  });

  it('offers no action before the register opens', async () => {
    const { view } = await setup('08:40');
    view();
    await ready();
    expect(screen.getByText('Not open yet: opens at 08:50')).toBeDefined();
    expect(screen.queryAllByRole('button')).toEqual([]);
    expect(within(card('Amelia Jones')).getByText(/^Not marked/)).toBeDefined();
  });

  it('counts down to the close from the corrected clock', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { engine, view } = await setup('09:15');
    view();
    await ready();
    expect(screen.getByText('6:00')).toBeDefined();
    engine.setNow(at('09:15') + 65_000);
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    // The ticker starts in an effect, which reads the clock at once when it runs.
    expect(await screen.findByText('4:55')).toBeDefined();
  });
});

describe('RegisterScreen: who may mark', () => {
  it('lets a teacher view a group that is not theirs without marking it', async () => {
    const { view } = await setup('08:55', 'AM', 'g4h');
    view();
    await screen.findByRole('heading', { level: 1, name: /4H · AM register/ });
    expect(screen.getByText(/Only its teachers can mark it/)).toBeDefined();
    expect(screen.queryAllByRole('button')).toEqual([]);
  });

  it('lets a teacher mark a group the office assigned for cover', async () => {
    const { db, view } = await setup('08:55', 'AM', 'g4h');
    await db.staff.put({ ...TEACHER, groups: ['g4h'] });
    view();
    expect(await screen.findByRole('button', { name: 'Ivy Moss: present' })).toBeDefined();
  });
});

describe('RegisterScreen: accessibility', () => {
  it('has no serious or critical axe violations', async () => {
    const { db, view } = await setup('08:55');
    await db.amendments.put(serverMark({ pupilId: 'p-02', code: 'I' }));
    const { container } = view();
    await ready();
    const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
});
