/**
 * The fire roll call (docs/sync-protocol.md §3 `rollcall`, docs/attendance-rules.md §1: `U` is an
 * absence but the pupil is on site): who is on site now, worked out from the device's own cells
 * and movements so it opens with no network, and the roll call itself — started, ticked pupil by
 * pupil and ended by people, possibly on several devices at once.
 *
 * A roll call is a log of steps (`start`, `tick`, `untick`, `end`), each an op sent exactly once.
 * The server refuses a step that does not fit the log it holds (`checkRollCallStep`); every
 * device folds the same log the same way, so marshals ticking on different phones share one roll
 * call as soon as their steps meet. Two roll calls started on the same day whose open times
 * overlap — two marshals who each started one with no network — are one roll call
 * (`mergeRollCalls`): their ticks are added together and it is over when both are ended.
 */
import { isOnSite } from './codes.ts';
import type { Session } from './calendar.ts';
import { formatHhmm, parseHhmm, type Hhmm, type IsoDate, type Minutes } from './dates.ts';
import { isSignedOutAt, type MovementAt } from './movements.ts';
import { isOnRoll, type Enrolment } from './people.ts';
import { err, ok, type Result } from './result.ts';
import type { SessionTimes } from './sessionTimes.ts';

/** What a step of a roll call does. */
export const ROLL_CALL_ACTIONS = ['start', 'tick', 'untick', 'end'] as const;
export type RollCallAction = (typeof ROLL_CALL_ACTIONS)[number];

/** Why a step does not fit the roll call's log (the server's rejection codes, §5.6). */
export const ROLL_CALL_REFUSAL_CODES = [
  'unknown-roll-call',
  'roll-call-ended',
  'already-ticked',
  'not-ticked',
] as const;
export type RollCallRefusalCode = (typeof ROLL_CALL_REFUSAL_CODES)[number];

export interface RollCallRefusal {
  readonly code: RollCallRefusalCode;
  /** A sentence for the marshal whose step it was. */
  readonly message: string;
}

/** One step as the fold reads it, from the server (in server order) or this device's outbox. */
export interface RollCallStep {
  readonly opId: string;
  /** The roll call: its `start` step's opId. */
  readonly rollCallId: string;
  readonly action: RollCallAction;
  /** The pupil ticked or unticked; null for `start` and `end`. */
  readonly pupilId: string | null;
  /** The school day of the roll call. */
  readonly date: IsoDate;
  readonly authorId: string;
  /** When it was recorded, an ISO instant (the device clock corrected by its offset). */
  readonly recordedAt: string;
}

/** Who did something to the roll call, and when. */
export interface RollCallMoment {
  readonly by: string;
  /** ISO instant. */
  readonly at: string;
}

/** One roll call as one `start` step began it, with the steps that followed. */
export interface RollCallPart {
  readonly id: string;
  readonly date: IsoDate;
  readonly started: RollCallMoment;
  readonly ended: RollCallMoment | null;
  /** Pupils ticked off now, with the tick that stands. */
  readonly ticks: ReadonlyMap<string, RollCallMoment>;
}

/** A part while the fold builds it. */
interface Building {
  readonly id: string;
  readonly date: IsoDate;
  readonly started: RollCallMoment;
  ended: RollCallMoment | null;
  readonly ticks: Map<string, RollCallMoment>;
}

const instant = (iso: string): number => Date.parse(iso);

/**
 * A roll call log being folded: each step is applied if it fits the steps before it
 * (`checkRollCallStep`), and otherwise changes nothing, as the server refuses it. The server
 * keeps one per push; a device folds the steps it holds with `foldRollCallSteps`.
 */
export class RollCallLog {
  readonly #parts = new Map<string, Building>();

  /** The roll calls folded so far, by id. */
  get parts(): ReadonlyMap<string, RollCallPart> {
    return this.#parts;
  }

  /** Applies `step` if it fits; otherwise says why not and changes nothing. */
  apply(step: RollCallStep): Result<null, RollCallRefusal> {
    const checked = checkRollCallStep(this.#parts, step);
    if (!checked.ok) return checked;
    const moment = { by: step.authorId, at: step.recordedAt };
    const part = this.#parts.get(step.rollCallId);
    if (step.action === 'start') {
      const id = step.rollCallId;
      this.#parts.set(id, { id, date: step.date, started: moment, ended: null, ticks: new Map() });
    } else if (part !== undefined && step.action === 'end') part.ended = moment;
    else if (part !== undefined && step.pupilId !== null) {
      if (step.action === 'tick') part.ticks.set(step.pupilId, moment);
      else part.ticks.delete(step.pupilId);
    }
    return checked;
  }
}

/**
 * Folds steps, in the order given (server order, then this device's unsent steps), into roll
 * calls by id. Steps that do not fit change nothing; a step of a roll call whose start is not
 * among them (a device that does not hold it) is left out.
 */
export function foldRollCallSteps(
  steps: readonly RollCallStep[],
): ReadonlyMap<string, RollCallPart> {
  const log = new RollCallLog();
  for (const step of steps) log.apply(step);
  return log.parts;
}

/**
 * Does `step` fit the roll calls folded so far? A tick, untick or end needs a roll call of that
 * id on that day (`unknown-roll-call`) that had not been ended when the step was recorded
 * (`roll-call-ended`; an end after an end is refused the same way); a pupil is ticked once
 * (`already-ticked`) and unticked only when ticked (`not-ticked`). A tick recorded before the
 * end but received after it stands: the marshal ticked while the roll call was running.
 */
export function checkRollCallStep(
  parts: ReadonlyMap<string, RollCallPart>,
  step: RollCallStep,
): Result<null, RollCallRefusal> {
  if (step.action === 'start') return ok(null);
  const part = parts.get(step.rollCallId);
  if (part?.date !== step.date)
    return err({ code: 'unknown-roll-call', message: 'There is no such roll call on that day.' });
  if (
    part.ended !== null &&
    (step.action === 'end' || instant(step.recordedAt) >= instant(part.ended.at))
  )
    return err({ code: 'roll-call-ended', message: 'This roll call had already been ended.' });
  if (step.action === 'tick' && step.pupilId !== null && part.ticks.has(step.pupilId))
    return err({ code: 'already-ticked', message: 'This pupil was already ticked off.' });
  if (step.action === 'untick' && step.pupilId !== null && !part.ticks.has(step.pupilId))
    return err({ code: 'not-ticked', message: 'This pupil was not ticked off.' });
  return ok(null);
}

/** A roll call as people see it: one or more parts whose open times overlapped. */
export interface RollCall {
  readonly date: IsoDate;
  /** The parts, earliest start first; the first names who started the roll call. */
  readonly partIds: readonly string[];
  readonly started: RollCallMoment;
  /** The last end, once every part is ended; null while any part is open. */
  readonly ended: RollCallMoment | null;
  /** The open parts, earliest first: a new tick goes to the first, an end goes to each. */
  readonly openIds: readonly string[];
  /** Each ticked pupil, with the latest tick that stands and the parts holding a tick. */
  readonly ticks: ReadonlyMap<string, RollCallMoment & { readonly partIds: readonly string[] }>;
}

function byStart(a: RollCallPart, b: RollCallPart): number {
  return instant(a.started.at) - instant(b.started.at) || a.id.localeCompare(b.id);
}

function joinParts(parts: readonly RollCallPart[]): RollCall {
  const [first] = parts;
  if (first === undefined) throw new Error('a roll call has at least one part');
  const open = parts.filter((p) => p.ended === null);
  const ends = parts.flatMap((p) => (p.ended === null ? [] : [p.ended]));
  const lastEnd = ends.sort((a, b) => instant(a.at) - instant(b.at)).at(-1) ?? null;
  const ticks = new Map<string, RollCallMoment & { partIds: string[] }>();
  for (const part of parts)
    for (const [pupilId, tick] of part.ticks) {
      const seen = ticks.get(pupilId);
      const latest = seen === undefined || instant(tick.at) > instant(seen.at) ? tick : seen;
      ticks.set(pupilId, { ...latest, partIds: [...(seen?.partIds ?? []), part.id] });
    }
  return {
    date: first.date,
    partIds: parts.map((p) => p.id),
    started: first.started,
    ended: open.length === 0 ? lastEnd : null,
    openIds: open.map((p) => p.id),
    ticks,
  };
}

/**
 * The day's roll calls, earliest first. Parts of one day whose open times overlap — a part
 * started before every earlier part of the chain had ended — are one roll call: two marshals
 * who each started one with no network share it once their devices meet.
 */
export function mergeRollCalls(parts: Iterable<RollCallPart>, date: IsoDate): RollCall[] {
  const sorted = [...parts].filter((p) => p.date === date).sort(byStart);
  const chains: RollCallPart[][] = [];
  let chainEnd = -Infinity;
  for (const part of sorted) {
    const start = instant(part.started.at);
    const end = part.ended === null ? Infinity : instant(part.ended.at);
    const current = chains.at(-1);
    if (current !== undefined && start <= chainEnd) {
      current.push(part);
      chainEnd = Math.max(chainEnd, end);
    } else {
      chains.push([part]);
      chainEnd = end;
    }
  }
  return chains.map(joinParts);
}

/** A pupil as the on-site rule reads them. */
export interface SitePupil extends Enrolment {
  readonly id: string;
  readonly groupId: string;
}

/** What the device holds of the day, as the on-site rule reads it. */
export interface SiteDay {
  readonly date: IsoDate;
  /** Now on the school's clock, minutes since midnight. */
  readonly now: Minutes;
  /** The group's times for a session; null when they cannot be read. */
  readonly timesOf: (groupId: string, session: Session) => SessionTimes | null;
  /** The cell's mark as the device shows it (server and unsent marks folded); null when blank. */
  readonly codeOf: (pupilId: string, session: Session) => string | null;
  /** The pupil's movements of the day, in server order then unsent. */
  readonly movementsOf: (pupilId: string) => readonly MovementAt[];
}

/** Why a pupil counts as on site: their mark, or a sign-in at the desk since the session began. */
export interface OnSite {
  /** The session whose mark counts: the current one, or the morning's while PM is blank. */
  readonly session: Session;
  /** The mark that counts (`/`, `\`, `L`, `U`), or null when only the sign-in does. */
  readonly code: string | null;
  /** The latest sign-in at reception since the current session began, `HH:mm`, or null. */
  readonly signedInAt: Hhmm | null;
}

/** The current session of a group at `now`: PM from the time its PM register opens, else AM. */
export function currentSession(times: SessionTimes | null, now: Minutes): Session {
  return times !== null && now >= times.opens ? 'PM' : 'AM';
}

function latestSignIn(movements: readonly MovementAt[], from: Minutes, now: Minutes): Hhmm | null {
  let latest: Hhmm | null = null;
  for (const m of movements) {
    const at = parseHhmm(m.at);
    if (!at.ok || m.direction !== 'in' || at.value < from || at.value > now) continue;
    if (latest === null || m.at >= latest) latest = m.at;
  }
  return latest;
}

/**
 * Is the pupil on site now, and why? A pupil on roll today counts when the current session's
 * mark is present or late (`/`, `\`, `L`, `U`) — in the afternoon before the PM register has
 * their mark, the morning's — or when reception signed them in since the session began (from
 * midnight for AM, from the PM register's opening for PM); but not while signed out
 * (`isSignedOutAt`). A pupil marked absent and then signed in at the desk is on site; one
 * collected at 13:40 is not, until signed back in. Erring towards listing a pupil is the safe
 * side of a fire roll call: a child listed and not there is looked for, not missed.
 */
export function onSiteNow(pupil: SitePupil, day: SiteDay): OnSite | null {
  if (!isOnRoll(pupil, day.date)) return null;
  const movements = day.movementsOf(pupil.id);
  if (isSignedOutAt(movements, formatHhmm(day.now))) return null;
  const pmTimes = day.timesOf(pupil.groupId, 'PM');
  const session = currentSession(pmTimes, day.now);
  const from = session === 'PM' && pmTimes !== null ? pmTimes.opens : 0;
  const signedInAt = latestSignIn(movements, from, day.now);
  const own = day.codeOf(pupil.id, session);
  const counted = own === null && session === 'PM' ? day.codeOf(pupil.id, 'AM') : own;
  const markSession = own === null && session === 'PM' ? 'AM' : session;
  const code = counted !== null && isOnSite(counted) ? counted : null;
  if (code === null && signedInAt === null) return null;
  return { session: code === null ? session : markSession, code, signedInAt };
}

/** One pupil on the roll call's list. */
export interface RollCallLine {
  readonly pupilId: string;
  /** Why they are listed; null for a pupil ticked off who no longer counts as on site. */
  readonly onSite: OnSite | null;
  readonly tick: RollCallMoment | null;
}

/** One group's part of the list, with its counts. */
export interface RollCallGroup {
  readonly groupId: string;
  readonly lines: readonly RollCallLine[];
  readonly ticked: number;
  readonly missing: number;
}

/**
 * The roll call's list: everyone on site now and everyone already ticked off, by group, in the
 * order given (a teacher's own groups first), each group's pupils in the order given, with how
 * many are ticked and how many are still missing.
 */
export function rollCallSheet(
  pupils: readonly SitePupil[],
  day: SiteDay,
  ticks: ReadonlyMap<string, RollCallMoment>,
  groupOrder: readonly string[],
): RollCallGroup[] {
  const byGroup = new Map<string, RollCallLine[]>(groupOrder.map((g) => [g, []]));
  for (const pupil of pupils) {
    const onSite = onSiteNow(pupil, day);
    const tick = ticks.get(pupil.id) ?? null;
    if (onSite === null && tick === null) continue;
    byGroup.get(pupil.groupId)?.push({ pupilId: pupil.id, onSite, tick });
  }
  return [...byGroup].flatMap(([groupId, lines]) => {
    if (lines.length === 0) return [];
    const ticked = lines.filter((l) => l.tick !== null).length;
    return [{ groupId, lines, ticked, missing: lines.length - ticked }];
  });
}

/** Every pupil on the list not yet ticked off, group by group. */
export function stillMissing(sheet: readonly RollCallGroup[]): RollCallLine[] {
  return sheet.flatMap((group) => group.lines.filter((line) => line.tick === null));
}
