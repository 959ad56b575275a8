/**
 * What the desk writes. A late arrival is a `mark` op with source `reception` and `arrivedAt`
 * (the register's own arrival rule gives `L` or `U`); a pupil who is not late while the register
 * is still open is left for the teacher to mark, and the desk records only that it signed them in
 * (a movement). Signing out and back in are movements. Each is checked first with the domain
 * rules the server applies (`planArrival`, `checkDeskMovement`, `markRights`, `movementRights`)
 * against the day as this device holds it at the moment of saving, then written in one transaction
 * with its outbox entry, and the sync engine is asked to send.
 */
import {
  checkDeskMovement,
  err,
  isOnRoll,
  isSchoolSession,
  markRights,
  movementRights,
  ok,
  planArrival,
  pupilName,
  registerStatus,
  SESSIONS,
  toSchoolTime,
  type ArrivalPlan,
  type DayTimes,
  type Result,
  type SchoolTime,
  type Session,
} from '../../domain/index.ts';
import type { SignedIn } from '../../schema/auth.ts';
import type { MarkOp, MovementOp } from '../../schema/op.ts';
import type { RollcallDb } from '../../storage/db.ts';
import { recordMarks, recordMovement } from '../../storage/outbox.ts';
import type { PupilRecord } from '../../storage/records.ts';
import { cellViews } from '../../storage/registerView.ts';
import type { SyncEngine } from '../../sync/types.ts';
import type { SchoolData } from '../shared/schoolData.ts';
import { groupSessionTimes } from '../shared/schoolSetup.ts';
import { readDeskDay, type DayMovement, type DeskDay } from './deskData.ts';

/** Everything a write needs from the running app. */
export interface DeskContext {
  readonly db: RollcallDb;
  readonly engine: SyncEngine;
  readonly auth: SignedIn;
  readonly school: SchoolData;
}

/** A pupil's day at the desk: each session's mark and its current amendment, and movements. */
export interface PupilDay {
  readonly marks: Readonly<Record<Session, string | null>>;
  readonly heads: Readonly<Record<Session, string | null>>;
  readonly movements: readonly DayMovement[];
}

export function pupilDay(day: DeskDay, pupilId: string): PupilDay {
  const am = cellViews(day.cells.AM, [pupilId]).get(pupilId);
  const pm = cellViews(day.cells.PM, [pupilId]).get(pupilId);
  return {
    marks: { AM: am?.code ?? null, PM: pm?.code ?? null },
    heads: { AM: am?.head?.opId ?? null, PM: pm?.head?.opId ?? null },
    movements: day.movements.get(pupilId) ?? [],
  };
}

/** The pupil's group's times for both sessions, or null when they cannot be read. */
export function dayTimesOf(school: SchoolData, pupil: PupilRecord): DayTimes | null {
  const group = school.groups.get(pupil.groupId);
  if (group === undefined) return null;
  const am = groupSessionTimes(school.setup, group, 'AM');
  const pm = groupSessionTimes(school.setup, group, 'PM');
  return am === null || pm === null ? null : { AM: am, PM: pm };
}

/** A late arrival as the desk's form gives it. */
export interface Arrival {
  readonly pupilId: string;
  readonly arrivedAt: string;
  /** Why the pupil was late; may be blank. */
  readonly reason: string;
  /** Who brought the pupil in; may be blank. */
  readonly broughtBy: string;
  /** When the time was changed from the clock's: the clock's time and why. */
  readonly timeChange: { readonly from: string; readonly why: string } | null;
}

const NOT_HERE = 'This pupil is not on this device yet. Sync, then try again.';

/** What signing `arrival` in would record now, or why not, from the day as given. */
export function previewArrival(
  ctx: DeskContext,
  arrival: Pick<Arrival, 'pupilId' | 'arrivedAt'>,
  day: PupilDay,
  now: SchoolTime,
): Result<ArrivalPlan, string> {
  const pupil = ctx.school.pupils.get(arrival.pupilId);
  if (pupil === undefined) return err(NOT_HERE);
  const times = dayTimesOf(ctx.school, pupil);
  if (times === null) return err('The school’s session times cannot be read on this device.');
  const plan = planArrival({
    name: pupilName(pupil),
    arrivedAt: arrival.arrivedAt,
    nowMinutes: now.minutes,
    times,
    schoolSessions: SESSIONS.filter((s) => isSchoolSession(ctx.school.setup.calendar, now.date, s)),
    isOnRoll: isOnRoll(pupil, now.date),
    marks: day.marks,
    movements: day.movements,
  });
  return plan.ok ? plan : err(plan.error.message);
}

function joined(parts: readonly (string | null)[]): string | undefined {
  const text = parts.filter((p): p is string => p !== null && p !== '').join('. ');
  return text === '' ? undefined : text;
}

function noteOf(arrival: Arrival): string | undefined {
  const brought = arrival.broughtBy.trim();
  const change = arrival.timeChange;
  return joined([
    brought === '' ? null : `Brought by ${brought}`,
    change === null ? null : `Time changed from ${change.from}: ${change.why.trim()}`,
  ]);
}

async function freshDay(ctx: DeskContext, date: string, pupilId: string) {
  const day = await readDeskDay(ctx.db, date, ctx.auth.staff.id);
  return day.ok ? ok(pupilDay(day.value, pupilId)) : err(day.error.message);
}

/**
 * Signs a late arrival in: checked against the day as the device holds it now, then one mark
 * (or, when the teacher will mark the pupil present, one movement) in one transaction.
 */
export async function signInLate(
  ctx: DeskContext,
  arrival: Arrival,
): Promise<Result<{ plan: ArrivalPlan; op: MarkOp | MovementOp }, string>> {
  if (arrival.timeChange !== null && arrival.timeChange.why.trim() === '')
    return err(`Say why the time was changed from ${arrival.timeChange.from}.`);
  const nowMs = ctx.engine.now();
  const now = toSchoolTime(nowMs);
  const day = await freshDay(ctx, now.date, arrival.pupilId);
  if (!day.ok) return day;
  const plan = previewArrival(ctx, arrival, day.value, now);
  if (!plan.ok) return plan;
  const pupil = ctx.school.pupils.get(arrival.pupilId);
  const times = pupil === undefined ? null : dayTimesOf(ctx.school, pupil);
  if (pupil === undefined || times === null) return err(NOT_HERE);
  const recording = { authorId: ctx.auth.staff.id, now: nowMs };
  const { session } = plan.value;
  if (plan.value.kind === 'on-time' && plan.value.isRegisterOpen) {
    const rights = movementRights(ctx.auth.staff, now.date, {
      recordedOn: now.date,
      today: now.date,
    });
    if (!rights.ok) return err(rights.error.message);
    const brought = arrival.broughtBy.trim();
    const reason = joined([arrival.reason.trim(), noteOf({ ...arrival, broughtBy: '' }) ?? null]);
    const written = await recordMovement(ctx.db, {
      ...recording,
      pupilId: pupil.id,
      date: now.date,
      direction: 'in',
      at: arrival.arrivedAt,
      ...(reason === undefined ? {} : { reason }),
      ...(brought === '' ? {} : { accompaniedBy: brought }),
    });
    if (!written.ok) return err(written.error.message);
    ctx.engine.request('write');
    return ok({ plan: plan.value, op: written.value });
  }
  const reason = arrival.reason.trim();
  const note = noteOf(arrival);
  const basedOn = day.value.heads[session];
  const rights = markRights(
    ctx.auth.staff,
    {
      pupil: { groupId: pupil.groupId, name: pupilName(pupil) },
      date: now.date,
      session,
      code: plan.value.code,
      source: 'reception',
      arrivedAt: arrival.arrivedAt,
      hasReason: reason !== '',
    },
    {
      recordedOn: now.date,
      today: now.date,
      status: registerStatus(times[session], now.date, now),
      cellHasMark: basedOn !== null,
    },
  );
  if (!rights.ok) return err(rights.error.message);
  const written = await recordMarks(ctx.db, recording, [
    {
      pupilId: pupil.id,
      date: now.date,
      session,
      code: plan.value.code,
      basedOn,
      source: 'reception',
      arrivedAt: arrival.arrivedAt,
      ...(reason === '' ? {} : { reason }),
      ...(note === undefined ? {} : { note }),
    },
  ]);
  if (!written.ok) return err(written.error.message);
  const [op] = written.value;
  if (op === undefined) return err('Nothing was recorded.');
  ctx.engine.request('write');
  return ok({ plan: plan.value, op });
}

/** A sign-out or a return as the desk's form gives it. */
export interface DeskMovement {
  readonly pupilId: string;
  readonly direction: 'in' | 'out';
  readonly at: string;
  /** "appointment: dentist", "illness"; may be blank for a return. */
  readonly reason: string;
  /** Who collected (or brought back) the pupil; required for a sign-out. */
  readonly person: string;
}

/** Whether the movement may be recorded now, from the day as given; null when it may. */
export function movementProblem(
  ctx: DeskContext,
  move: DeskMovement,
  day: PupilDay,
  now: SchoolTime,
): string | null {
  const pupil = ctx.school.pupils.get(move.pupilId);
  if (pupil === undefined) return NOT_HERE;
  const checked = checkDeskMovement({
    name: pupilName(pupil),
    direction: move.direction,
    at: move.at,
    nowMinutes: now.minutes,
    isSchoolDay: SESSIONS.some((s) => isSchoolSession(ctx.school.setup.calendar, now.date, s)),
    isOnRoll: isOnRoll(pupil, now.date),
    movements: day.movements,
  });
  if (!checked.ok) return checked.error.message;
  if (move.direction === 'out' && move.person.trim() === '')
    return `Say who is collecting ${pupilName(pupil)}.`;
  if (move.direction === 'out' && move.reason.trim() === '')
    return 'Choose the reason for leaving.';
  return null;
}

/** Signs a pupil out or back in: checked, then one movement in one transaction. */
export async function recordDeskMovement(
  ctx: DeskContext,
  move: DeskMovement,
): Promise<Result<MovementOp, string>> {
  const nowMs = ctx.engine.now();
  const now = toSchoolTime(nowMs);
  const day = await freshDay(ctx, now.date, move.pupilId);
  if (!day.ok) return day;
  const problem = movementProblem(ctx, move, day.value, now);
  if (problem !== null) return err(problem);
  const rights = movementRights(ctx.auth.staff, now.date, {
    recordedOn: now.date,
    today: now.date,
  });
  if (!rights.ok) return err(rights.error.message);
  const reason = move.reason.trim();
  const person = move.person.trim();
  const written = await recordMovement(ctx.db, {
    authorId: ctx.auth.staff.id,
    now: nowMs,
    pupilId: move.pupilId,
    date: now.date,
    direction: move.direction,
    at: move.at,
    ...(reason === '' ? {} : { reason }),
    ...(person === '' ? {} : { accompaniedBy: person }),
  });
  if (!written.ok) return err(written.error.message);
  ctx.engine.request('write');
  return ok(written.value);
}
