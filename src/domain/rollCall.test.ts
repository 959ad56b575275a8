import { describe, expect, it } from 'vitest';
import type { Session } from './calendar.ts';
import type { MovementAt } from './movements.ts';
import { rollCallRights } from './rights.ts';
import {
  checkRollCallStep,
  currentSession,
  foldRollCallSteps,
  mergeRollCalls,
  onSiteNow,
  rollCallSheet,
  stillMissing,
  type RollCallStep,
  type SiteDay,
  type SitePupil,
} from './rollCall.ts';
import { resolveSessionTimes, type SessionTimes } from './sessionTimes.ts';

const DATE = '2026-12-02';

function times(opens: string, closes: string, ends: string): SessionTimes {
  const resolved = resolveSessionTimes({ opens, closes, ends });
  if (!resolved.ok) throw new Error(resolved.error.message);
  return resolved.value;
}

const AM = times('08:50', '09:20', '12:00');
const PM = times('13:00', '13:30', '15:15');
/** 3B starts later: its PM register opens at 13:15. */
const PM_3B = times('13:15', '13:45', '15:15');

const minutes = (hhmm: string): number => {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return h * 60 + m;
};

const pupil = (id: string, groupId = 'g-3a', extra: Partial<SitePupil> = {}): SitePupil => ({
  id,
  groupId,
  admissionDate: '2022-09-05',
  leavingDate: null,
  ...extra,
});

interface DayFixture {
  readonly now: string;
  readonly marks?: Record<string, Partial<Record<Session, string>>>;
  readonly movements?: Record<string, MovementAt[]>;
}

function day({ now, marks = {}, movements = {} }: DayFixture): SiteDay {
  return {
    date: DATE,
    now: minutes(now),
    timesOf: (groupId, session) => (session === 'AM' ? AM : groupId === 'g-3b' ? PM_3B : PM),
    codeOf: (pupilId, session) => marks[pupilId]?.[session] ?? null,
    movementsOf: (pupilId) => movements[pupilId] ?? [],
  };
}

const inAt = (at: string): MovementAt => ({ direction: 'in', at });
const outAt = (at: string): MovementAt => ({ direction: 'out', at });

describe('currentSession', () => {
  it('[roll-call] the morning until the PM register opens, inclusive, then the afternoon', () => {
    expect(currentSession(PM, minutes('07:30'))).toBe('AM');
    expect(currentSession(PM, minutes('12:59'))).toBe('AM');
    expect(currentSession(PM, minutes('13:00'))).toBe('PM');
    expect(currentSession(null, minutes('14:00'))).toBe('AM');
  });
});

describe('onSiteNow', () => {
  it('[roll-call] present, late and late after close count; absent, blank and other codes do not', () => {
    const marks = {
      a: { AM: '/' },
      b: { AM: 'L' },
      c: { AM: 'U' },
      d: { AM: 'N' },
      e: { AM: 'M' },
    };
    const at = day({ now: '10:00', marks });
    expect(onSiteNow(pupil('a'), at)).toEqual({ session: 'AM', code: '/', signedInAt: null });
    expect(onSiteNow(pupil('b'), at)?.code).toBe('L');
    expect(onSiteNow(pupil('c'), at)?.code).toBe('U');
    expect(onSiteNow(pupil('d'), at)).toBeNull();
    expect(onSiteNow(pupil('e'), at)).toBeNull();
    expect(onSiteNow(pupil('f'), at)).toBeNull();
  });

  it('[roll-call] the current session is the group’s own: 3B is still in its morning at 13:10', () => {
    const marks = { a: { AM: '/', PM: 'N' }, b: { AM: '/', PM: 'N' } };
    const at = day({ now: '13:10', marks });
    expect(onSiteNow(pupil('a', 'g-3a'), at)).toBeNull();
    expect(onSiteNow(pupil('b', 'g-3b'), at)).toEqual({
      session: 'AM',
      code: '/',
      signedInAt: null,
    });
    expect(onSiteNow(pupil('b', 'g-3b'), day({ now: '13:15', marks }))).toBeNull();
  });

  it('[roll-call] in the afternoon a blank PM cell falls back to the morning’s mark', () => {
    const marks = { a: { AM: '/' }, b: { AM: 'N' }, c: { AM: '/', PM: '\\' } };
    const at = day({ now: '13:05', marks });
    expect(onSiteNow(pupil('a'), at)).toEqual({ session: 'AM', code: '/', signedInAt: null });
    expect(onSiteNow(pupil('b'), at)).toBeNull();
    expect(onSiteNow(pupil('c'), at)).toEqual({ session: 'PM', code: '\\', signedInAt: null });
  });

  it('[roll-call] signed out is off site from the minute of the sign-out until signed back in', () => {
    const movements = { a: [outAt('13:40'), inAt('14:35')] };
    const marks = { a: { AM: '/', PM: '\\' } };
    expect(onSiteNow(pupil('a'), day({ now: '13:39', marks, movements }))).not.toBeNull();
    expect(onSiteNow(pupil('a'), day({ now: '13:40', marks, movements }))).toBeNull();
    expect(onSiteNow(pupil('a'), day({ now: '14:34', marks, movements }))).toBeNull();
    expect(onSiteNow(pupil('a'), day({ now: '14:35', marks, movements }))).toEqual({
      session: 'PM',
      code: '\\',
      signedInAt: '14:35',
    });
  });

  it('[roll-call] a pupil marked absent and then signed in at the desk is on site', () => {
    // The desk's sign-in before its U has reached this device: the movement alone counts.
    const movements = { a: [inAt('09:31')] };
    const before = day({ now: '09:30', marks: { a: { AM: 'N' } }, movements });
    expect(onSiteNow(pupil('a'), before)).toBeNull();
    const after = day({ now: '09:31', marks: { a: { AM: 'N' } }, movements });
    expect(onSiteNow(pupil('a'), after)).toEqual({
      session: 'AM',
      code: null,
      signedInAt: '09:31',
    });
    // Once the U is here, the mark counts as well.
    const marked = day({ now: '09:40', marks: { a: { AM: 'U' } }, movements });
    expect(onSiteNow(pupil('a'), marked)).toEqual({
      session: 'AM',
      code: 'U',
      signedInAt: '09:31',
    });
  });

  it('[roll-call] a sign-in counts from the start of its session: the morning’s does not outlast a PM N', () => {
    const movements = { a: [inAt('09:31')] };
    expect(
      onSiteNow(pupil('a'), day({ now: '13:10', marks: { a: { PM: 'N' } }, movements })),
    ).toBeNull();
    const back = { a: [inAt('13:00')] };
    expect(
      onSiteNow(pupil('a'), day({ now: '13:10', marks: { a: { PM: 'N' } }, movements: back })),
    ).toEqual({ session: 'PM', code: null, signedInAt: '13:00' });
    // Before the morning's register opens, a breakfast-club sign-in counts.
    expect(onSiteNow(pupil('b'), day({ now: '08:45', movements: { b: [inAt('08:05')] } }))).toEqual(
      { session: 'AM', code: null, signedInAt: '08:05' },
    );
  });

  it('[roll-call] a sign-in recorded for a later minute does not count yet', () => {
    expect(
      onSiteNow(pupil('a'), day({ now: '09:30', movements: { a: [inAt('09:31')] } })),
    ).toBeNull();
  });

  it('[roll-call] a pupil not on roll today is never listed', () => {
    const marks = { a: { AM: '/' }, b: { AM: '/' } };
    const at = day({ now: '10:00', marks });
    expect(onSiteNow(pupil('a', 'g-3a', { leavingDate: '2026-12-01' }), at)).toBeNull();
    expect(onSiteNow(pupil('b', 'g-3a', { admissionDate: '2026-12-03' }), at)).toBeNull();
    expect(onSiteNow(pupil('a', 'g-3a', { leavingDate: DATE }), at)).not.toBeNull();
  });
});

const step = (
  action: RollCallStep['action'],
  rest: Partial<RollCallStep> & { readonly at: string },
): RollCallStep => ({
  opId: `${action}-${rest.at}-${rest.pupilId ?? ''}-${rest.rollCallId ?? 'r1'}`,
  rollCallId: 'r1',
  action,
  pupilId: null,
  date: DATE,
  authorId: 's-1',
  recordedAt: `${DATE}T${rest.at}:00Z`,
  ...rest,
});

describe('foldRollCallSteps and checkRollCallStep', () => {
  it('[roll-call] ticks, unticks and an end fold in the order given', () => {
    const parts = foldRollCallSteps([
      step('start', { at: '10:00' }),
      step('tick', { at: '10:01', pupilId: 'a' }),
      step('tick', { at: '10:02', pupilId: 'b', authorId: 's-2' }),
      step('untick', { at: '10:03', pupilId: 'a' }),
      step('end', { at: '10:20' }),
    ]);
    const part = parts.get('r1');
    expect([...(part?.ticks.keys() ?? [])]).toEqual(['b']);
    expect(part?.ticks.get('b')).toEqual({ by: 's-2', at: `${DATE}T10:02:00Z` });
    expect(part?.ended).toEqual({ by: 's-1', at: `${DATE}T10:20:00Z` });
  });

  it('[roll-call] a pupil ticked twice, untick of one not ticked, an unknown roll call, an end twice are refused', () => {
    const parts = foldRollCallSteps([
      step('start', { at: '10:00' }),
      step('tick', { at: '10:01', pupilId: 'a' }),
    ]);
    const code = (s: RollCallStep): string | null => {
      const checked = checkRollCallStep(parts, s);
      return checked.ok ? null : checked.error.code;
    };
    expect(code(step('tick', { at: '10:02', pupilId: 'a' }))).toBe('already-ticked');
    expect(code(step('untick', { at: '10:02', pupilId: 'b' }))).toBe('not-ticked');
    expect(code(step('tick', { at: '10:02', pupilId: 'b', rollCallId: 'nope' }))).toBe(
      'unknown-roll-call',
    );
    expect(code(step('tick', { at: '10:02', pupilId: 'b', date: '2026-12-03' }))).toBe(
      'unknown-roll-call',
    );
    expect(code(step('tick', { at: '10:02', pupilId: 'b' }))).toBeNull();
    const ended = foldRollCallSteps([step('start', { at: '10:00' }), step('end', { at: '10:20' })]);
    const endAgain = checkRollCallStep(ended, step('end', { at: '10:19', authorId: 's-2' }));
    expect(endAgain.ok ? null : endAgain.error.code).toBe('roll-call-ended');
  });

  it('[roll-call] a tick recorded before the end stands however late it arrives; one after is refused', () => {
    const ended = foldRollCallSteps([step('start', { at: '10:00' }), step('end', { at: '10:20' })]);
    expect(checkRollCallStep(ended, step('tick', { at: '10:19', pupilId: 'a' })).ok).toBe(true);
    const late = checkRollCallStep(ended, step('tick', { at: '10:20', pupilId: 'a' }));
    expect(late.ok ? null : late.error.code).toBe('roll-call-ended');
  });

  it('[roll-call] refused steps change nothing, as on the server', () => {
    const parts = foldRollCallSteps([
      step('tick', { at: '09:59', pupilId: 'a' }),
      step('start', { at: '10:00' }),
      step('untick', { at: '10:01', pupilId: 'a' }),
      step('tick', { at: '10:02', pupilId: 'a' }),
      step('end', { at: '10:20' }),
      step('tick', { at: '10:21', pupilId: 'b' }),
    ]);
    expect([...(parts.get('r1')?.ticks.keys() ?? [])]).toEqual(['a']);
  });
});

describe('mergeRollCalls', () => {
  it('[roll-call] two roll calls started offline whose times overlap are one, ticks added together', () => {
    const parts = foldRollCallSteps([
      step('start', { at: '10:00', rollCallId: 'r1' }),
      step('start', { at: '10:01', rollCallId: 'r2', authorId: 's-2' }),
      step('tick', { at: '10:02', rollCallId: 'r1', pupilId: 'a' }),
      step('tick', { at: '10:03', rollCallId: 'r2', pupilId: 'b', authorId: 's-2' }),
      step('tick', { at: '10:04', rollCallId: 'r2', pupilId: 'a', authorId: 's-2' }),
      step('end', { at: '10:20', rollCallId: 'r1' }),
    ]);
    const [rollCall, ...rest] = mergeRollCalls(parts.values(), DATE);
    expect(rest).toEqual([]);
    expect(rollCall?.partIds).toEqual(['r1', 'r2']);
    expect(rollCall?.started.by).toBe('s-1');
    expect(rollCall?.ended).toBeNull();
    expect(rollCall?.openIds).toEqual(['r2']);
    expect(rollCall?.ticks.get('a')).toMatchObject({ by: 's-2', partIds: ['r1', 'r2'] });
    expect([...(rollCall?.ticks.keys() ?? [])].sort()).toEqual(['a', 'b']);
  });

  it('[roll-call] a roll call started after the last one ended is another; other days are left out', () => {
    const parts = foldRollCallSteps([
      step('start', { at: '10:00', rollCallId: 'r1' }),
      step('end', { at: '10:20', rollCallId: 'r1' }),
      step('start', { at: '10:20', rollCallId: 'r2' }),
      step('end', { at: '10:25', rollCallId: 'r2' }),
      step('start', { at: '14:00', rollCallId: 'r3' }),
      step('start', { at: '09:00', rollCallId: 'r0', date: '2026-12-01' }),
    ]);
    const merged = mergeRollCalls(parts.values(), DATE);
    expect(merged.map((r) => r.partIds)).toEqual([['r1', 'r2'], ['r3']]);
    expect(merged[0]?.ended?.at).toBe(`${DATE}T10:25:00Z`);
    expect(merged[1]?.ended).toBeNull();
  });
});

describe('rollCallSheet and stillMissing', () => {
  it('[roll-call] groups in the order given, counts, ticked pupils kept after they leave, missing in order', () => {
    const pupils = [pupil('a', 'g-3a'), pupil('b', 'g-3b'), pupil('c', 'g-3b'), pupil('d', 'g-3a')];
    const at = day({
      now: '10:00',
      marks: { a: { AM: '/' }, b: { AM: 'L' }, c: { AM: '/' }, d: { AM: '/' } },
      movements: { d: [outAt('09:50')] },
    });
    const ticks = new Map([
      ['c', { by: 's-1', at: `${DATE}T09:58:00Z` }],
      ['d', { by: 's-1', at: `${DATE}T09:45:00Z` }],
    ]);
    const sheet = rollCallSheet(pupils, at, ticks, ['g-3b', 'g-3a', 'g-empty']);
    expect(
      sheet.map((g) => [g.groupId, g.lines.map((l) => l.pupilId), g.ticked, g.missing]),
    ).toEqual([
      ['g-3b', ['b', 'c'], 1, 1],
      ['g-3a', ['a', 'd'], 1, 1],
    ]);
    expect(sheet[1]?.lines[1]?.onSite).toBeNull();
    expect(stillMissing(sheet).map((l) => l.pupilId)).toEqual(['b', 'a']);
  });
});

describe('rollCallRights', () => {
  it('[roll-call] any role, on the day the step is recorded only', () => {
    expect(rollCallRights(DATE, { recordedOn: DATE }).ok).toBe(true);
    const other = rollCallRights('2026-12-01', { recordedOn: DATE });
    expect(other.ok ? null : other.error.code).toBe('not-today');
  });
});
