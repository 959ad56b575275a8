/**
 * Checks one op against the law (src/domain) and the rights of docs/sync-protocol.md §5.3
 * (`markRights`, `movementRights`, `callRights` and `rollCallRights` in `src/domain/rights.ts`, which the register
 * also runs before it records a mark) before it is applied. Pure: everything it needs — the school's reference data, the author, the
 * cell's current mark, the time the op was received — is passed in.
 *
 * "While open" and "today" are judged at the op's `recordedAt` (the device clock corrected by the
 * offset it last saw), not when it reaches the server, so an offline register syncs with the times
 * it was taken. `recordedAt` may not be more than 2 minutes after the server received the op.
 */
import { checkArrivalTime } from '../../domain/arrivalTime.ts';
import { toSchoolTime, type SchoolTime } from '../../domain/clock.ts';
import { codeOn } from '../../domain/codes.ts';
import { parseHhmm } from '../../domain/dates.ts';
import { isOnRoll, pupilName } from '../../domain/people.ts';
import { err, ok, type Err, type Result } from '../../domain/result.ts';
import {
  callRights,
  isRegisterBound,
  markRights,
  movementRights,
  movementRole,
  rollCallRights,
  type MarkWrite,
  type RightsRefusal,
} from '../../domain/rights.ts';
import { registerStatus, type SessionTimes } from '../../domain/sessionTimes.ts';
import { checkRollCallStep, type RollCallPart, type RollCallStep } from '../../domain/rollCall.ts';
import type { CallOp, MarkOp, MovementOp, RollCallOp } from '../../schema/op.ts';
import {
  groupTimes,
  isSchoolSessionOf,
  type PupilInfo,
  type SchoolContext,
  type StaffInfo,
} from '../school/context.ts';
import { reject, type Rejection } from './rejections.ts';

export const MAX_CLOCK_AHEAD_MS = 2 * 60 * 1000;

const MS_PER_MINUTE = 60_000;

/**
 * The school's wall clock for the ops of one push: when they were received, and when each was
 * recorded. Readings are kept per minute, since the rules work at minute precision and a
 * register's marks are mostly recorded within a minute or two of each other.
 */
export class PushClock {
  readonly received: SchoolTime;
  readonly #readings = new Map<number, SchoolTime>();

  constructor(
    readonly receivedAtMs: number,
    private readonly timeZone: string,
  ) {
    this.received = toSchoolTime(receivedAtMs, timeZone);
  }

  /** The wall-clock reading of `instantMs` (the same for every instant in one minute). */
  read(instantMs: number): SchoolTime {
    const minute = Math.floor(instantMs / MS_PER_MINUTE);
    let reading = this.#readings.get(minute);
    if (reading === undefined) {
      reading = toSchoolTime(instantMs, this.timeZone);
      this.#readings.set(minute, reading);
    }
    return reading;
  }
}

export interface MarkCheck {
  readonly minutesLate: number | null;
  /** Judged open when recorded, but closed by the time it reached the server. */
  readonly lateSync: boolean;
}

type Checked<T> = Result<T, Rejection>;
const fail = (rejection: Rejection): Err<Rejection> => err(rejection);

/** A refusal of the rights as the push records it. */
const refused = (rights: Err<RightsRefusal>): Err<Rejection> =>
  fail(reject(rights.error.code, rights.error.message));

/** What the arrival checks read: the op, its session's times, and when it was recorded. */
interface ArrivalContext {
  readonly op: MarkOp;
  readonly pupil: PupilInfo;
  readonly times: SessionTimes;
  readonly recorded: SchoolTime;
}

/** The pupil exists, and the op was not recorded in the future; a call does not ask for on roll. */
function pupilAndRecording(
  school: SchoolContext,
  op: MarkOp | MovementOp | CallOp,
  clock: PushClock,
  mustBeOnRoll: boolean,
): Checked<{ pupil: PupilInfo; recorded: SchoolTime }> {
  const pupil = school.pupils.get(op.pupilId);
  if (pupil === undefined)
    return fail(reject('unknown-pupil', 'There is no such pupil in this school.'));
  if (mustBeOnRoll && !isOnRoll(pupil, op.date))
    return fail(reject('not-on-roll', `${pupilName(pupil)} is not on roll on ${op.date}.`));
  const recordedAtMs = Date.parse(op.recordedAt);
  if (recordedAtMs > clock.receivedAtMs + MAX_CLOCK_AHEAD_MS) {
    return fail(
      reject(
        'recorded-in-future',
        'This device’s clock is ahead of the server’s; the change was not saved. Check the device’s date and time.',
      ),
    );
  }
  return ok({ pupil, recorded: clock.read(recordedAtMs) });
}

function commonChecks(
  school: SchoolContext,
  op: MarkOp | MovementOp,
  clock: PushClock,
): Checked<{ pupil: PupilInfo; recorded: SchoolTime }> {
  return pupilAndRecording(school, op, clock, true);
}

/** The arrival time against the session's times: the domain's one rule (checkArrivalTime). */
function checkArrival(ctx: ArrivalContext): Checked<number | null> {
  const { op, times, pupil } = ctx;
  const checked = checkArrivalTime(
    {
      name: pupilName(pupil),
      date: op.date,
      session: op.session,
      code: op.code,
      arrivedAt: op.arrivedAt ?? null,
    },
    times,
    ctx.recorded,
  );
  if (checked.ok) return ok(checked.value);
  // The op's schema already refuses a time that is not HH:mm; a time it lets through that the
  // session's times cannot place is the school's times' fault.
  const code = checked.error.code === 'malformed-time' ? 'invalid-times' : checked.error.code;
  return fail(reject(code, checked.error.message));
}

/** The law's checks of a mark's date, session and code, before the rights. */
function checkCell(school: SchoolContext, op: MarkOp): Checked<null> {
  if (!isSchoolSessionOf(school, op.date, op.session))
    return fail(
      reject('not-a-school-session', `${op.date} ${op.session} is not a school session.`),
    );
  if (op.code === null) return ok(null);
  const code = codeOn(op.code, op.date);
  if (code.ok) return ok(null);
  return fail(
    reject(
      code.error.code === 'unknown-code' ? 'unknown-code' : 'code-not-valid-on-date',
      code.error.message,
    ),
  );
}

/** The mark as the domain's rights read it. */
function markWrite(op: MarkOp, pupil: PupilInfo): MarkWrite {
  return {
    pupil: { groupId: pupil.groupId, name: pupilName(pupil) },
    date: op.date,
    session: op.session,
    code: op.code,
    source: op.source,
    arrivedAt: op.arrivedAt ?? null,
    // The schema has trimmed it: a reason of only spaces arrives empty, and is none.
    hasReason: op.reason !== undefined && op.reason !== '',
    hasReportedBy: op.reportedBy !== undefined,
  };
}

/** Validates a mark op by the rules and the author's rights; on success, says how to record it. */
export function checkMark(
  school: SchoolContext,
  author: StaffInfo,
  op: MarkOp,
  headCode: string | null,
  clock: PushClock,
): Checked<MarkCheck> {
  const common = commonChecks(school, op, clock);
  if (!common.ok) return common;
  const { pupil, recorded } = common.value;
  const cell = checkCell(school, op);
  if (!cell.ok) return cell;
  const times = groupTimes(school, pupil.groupId, op.session);
  if (!times.ok) return fail(reject('invalid-times', times.error.message));
  const statusWhenRecorded = registerStatus(times.value, op.date, recorded);
  const rights = markRights(author, markWrite(op, pupil), {
    recordedOn: recorded.date,
    today: clock.received.date,
    status: statusWhenRecorded,
    cellHasMark: headCode !== null,
  });
  if (!rights.ok) return refused(rights);
  const arrival = checkArrival({ op, pupil, times: times.value, recorded });
  if (!arrival.ok) return arrival;
  const statusWhenReceived = registerStatus(times.value, op.date, clock.received);
  const lateSync =
    isRegisterBound(author.role) &&
    statusWhenRecorded === 'open' &&
    statusWhenReceived === 'closed';
  return ok({ minutesLate: arrival.value, lateSync });
}

/** Validates a movement (signing in or out): reception, office and admin only. */
export function checkMovement(
  school: SchoolContext,
  author: StaffInfo,
  op: MovementOp,
  clock: PushClock,
): Checked<null> {
  const role = movementRole(author.role);
  if (!role.ok) return refused(role);
  const common = commonChecks(school, op, clock);
  if (!common.ok) return common;
  const { recorded } = common.value;
  const rights = movementRights(author, op.date, {
    recordedOn: recorded.date,
    today: clock.received.date,
  });
  if (!rights.ok) return refused(rights);
  const at = parseHhmm(op.at);
  if (recorded.date === op.date && at.ok && at.value > recorded.minutes) {
    return fail(
      reject(
        'arrival-after-recording',
        `The time ${op.at} is later than when it was recorded (${recorded.time}).`,
      ),
    );
  }
  return ok(null);
}

/**
 * Validates a first-day call: a pupil the school holds (on roll or not: a family may be rung
 * about a pupil who has just left), then `callRights` — the office and admin only, a date of the
 * current school year, and nothing dated after it was recorded.
 */
export function checkCall(
  school: SchoolContext,
  author: StaffInfo,
  op: CallOp,
  clock: PushClock,
): Checked<null> {
  const common = pupilAndRecording(school, op, clock, false);
  if (!common.ok) return common;
  const { recorded } = common.value;
  const rights = callRights(author, op, {
    recordedOn: recorded.date,
    today: clock.received.date,
    recordedTime: recorded.time,
  });
  return rights.ok ? ok(null) : refused(rights);
}

/** A roll-call op as the domain's fold reads it, by `authorId`. */
export function rollCallStep(op: RollCallOp, authorId: string): RollCallStep {
  return {
    opId: op.opId,
    rollCallId: op.rollCallId,
    action: op.action,
    pupilId: op.pupilId ?? null,
    date: op.date,
    authorId,
    recordedAt: new Date(op.recordedAt).toISOString(),
  };
}

/**
 * Validates a step of a fire roll call: not recorded in the future; a tick or untick names a
 * pupil of the school on roll that day; `rollCallRights` (every role, on the day it was
 * recorded); then whether it fits the roll call's steps so far (`checkRollCallStep`: an unknown
 * roll call, one already ended, a pupil ticked twice or unticked when not ticked).
 */
export function checkRollCall(
  school: SchoolContext,
  op: RollCallOp,
  step: RollCallStep,
  parts: ReadonlyMap<string, RollCallPart>,
  clock: PushClock,
): Checked<null> {
  const recordedAtMs = Date.parse(op.recordedAt);
  if (recordedAtMs > clock.receivedAtMs + MAX_CLOCK_AHEAD_MS)
    return fail(
      reject(
        'recorded-in-future',
        'This device’s clock is ahead of the server’s; the change was not saved. Check the device’s date and time.',
      ),
    );
  if (op.pupilId !== undefined) {
    const pupil = school.pupils.get(op.pupilId);
    if (pupil === undefined)
      return fail(reject('unknown-pupil', 'There is no such pupil in this school.'));
    if (!isOnRoll(pupil, op.date))
      return fail(reject('not-on-roll', `${pupilName(pupil)} is not on roll on ${op.date}.`));
  }
  const rights = rollCallRights(op.date, { recordedOn: clock.read(recordedAtMs).date });
  if (!rights.ok) return refused(rights);
  const fits = checkRollCallStep(parts, step);
  return fits.ok ? ok(null) : fail(reject(fits.error.code, fits.error.message));
}
