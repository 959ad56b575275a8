/**
 * Checks one op against the law (src/domain) and the rights table of docs/sync-protocol.md §5.3
 * before it is applied. Pure: everything it needs — the school's reference data, the author, the
 * cell's current mark, the time the op was received — is passed in.
 *
 * "While open" and "today" are judged at the op's `recordedAt` (the device clock corrected by the
 * offset it last saw), not when it reaches the server, so an offline register syncs with the times
 * it was taken. `recordedAt` may not be more than 2 minutes after the server received the op.
 */
import { academicYearStart } from '../../domain/calendar.ts';
import { toSchoolTime, type SchoolTime } from '../../domain/clock.ts';
import { codeOn } from '../../domain/codes.ts';
import { formatHhmm, parseHhmm, type IsoDate } from '../../domain/dates.ts';
import {
  arrivalCode,
  presentCode,
  registerStatus,
  type RegisterStatus,
  type SessionTimes,
} from '../../domain/sessionTimes.ts';
import type { MarkOp, MovementOp } from '../../schema/op.ts';
import { isOnRoll, pupilName } from '../../domain/people.ts';
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

type Checked<T> = { ok: true; value: T } | { ok: false; rejection: Rejection };
const fail = (rejection: Rejection): { ok: false; rejection: Rejection } => ({
  ok: false,
  rejection,
});

interface MarkContext {
  readonly school: SchoolContext;
  readonly author: StaffInfo;
  readonly op: MarkOp;
  readonly pupil: PupilInfo;
  readonly times: SessionTimes;
  readonly recorded: SchoolTime;
  readonly statusWhenRecorded: RegisterStatus;
  /** The cell's current mark (null for blank) before this op. */
  readonly headCode: string | null;
}

function commonChecks(
  school: SchoolContext,
  op: MarkOp | MovementOp,
  clock: PushClock,
): Checked<{ pupil: PupilInfo; recorded: SchoolTime }> {
  const pupil = school.pupils.get(op.pupilId);
  if (pupil === undefined)
    return fail(reject('unknown-pupil', 'There is no such pupil in this school.'));
  if (!isOnRoll(pupil, op.date))
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
  return { ok: true, value: { pupil, recorded: clock.read(recordedAtMs) } };
}

function checkArrival(ctx: MarkContext): Checked<number | null> {
  const { op, times } = ctx;
  if (op.arrivedAt === undefined) {
    return op.code === 'L' || op.code === 'U'
      ? fail(reject('arrival-required', 'A late mark needs the time the pupil arrived.'))
      : { ok: true, value: null };
  }
  const arrival = arrivalCode(times, op.session, op.arrivedAt);
  if (!arrival.ok) return fail(reject('invalid-times', arrival.error.message));
  if (arrival.value.code === null) {
    return fail(
      reject(
        'arrival-after-session-end',
        `Arriving at ${op.arrivedAt} is after the ${op.session} session ended (${formatHhmm(times.ends)}): no mark is recorded for it.`,
      ),
    );
  }
  if (arrival.value.code !== op.code) {
    return fail(
      reject(
        'arrival-code-mismatch',
        `Arriving at ${op.arrivedAt} gives ${arrival.value.code}, not ${op.code ?? 'a blank'}.`,
      ),
    );
  }
  const arrivedMinutes = parseHhmm(op.arrivedAt);
  if (
    ctx.recorded.date === op.date &&
    arrivedMinutes.ok &&
    arrivedMinutes.value > ctx.recorded.minutes
  ) {
    return fail(
      reject(
        'arrival-after-recording',
        `The arrival time ${op.arrivedAt} is later than when it was recorded (${ctx.recorded.time}).`,
      ),
    );
  }
  return { ok: true, value: op.code === 'L' || op.code === 'U' ? arrival.value.minutesLate : null };
}

function teacherRights(ctx: MarkContext): Rejection | undefined {
  const { op, author, pupil, statusWhenRecorded: status } = ctx;
  if (op.source !== 'register')
    return reject('wrong-source', 'A teacher’s marks come from the register.');
  if (!author.groups.includes(pupil.groupId))
    return reject(
      'not-your-group',
      `${pupilName(pupil)} is not in a group you take the register for.`,
    );
  if (ctx.recorded.date !== op.date)
    return reject('not-today', 'Teachers can only mark today’s register.');
  if (status === 'not-open')
    return reject('register-not-open', `The ${op.session} register is not open yet.`);
  if (op.arrivedAt !== undefined) return undefined; // a late arrival: its code comes from the arrival time
  const whileOpen = op.code === null || op.code === 'N' || op.code === presentCode(op.session);
  if (!whileOpen)
    return reject(
      'code-not-allowed',
      `Teachers record present, absent or late; ${op.code ?? 'that'} is for the office.`,
    );
  if (status === 'closed')
    return reject(
      'register-closed',
      `The ${op.session} register has closed: only a late arrival can be recorded now; anything else goes to the office.`,
    );
  return undefined;
}

function receptionRights(ctx: MarkContext): Rejection | undefined {
  const { op } = ctx;
  if (op.source !== 'reception')
    return reject('wrong-source', 'Reception’s marks come from the signing-in desk.');
  if (ctx.recorded.date !== op.date)
    return reject('not-today', 'Reception can only sign pupils in today.');
  if (op.arrivedAt === undefined)
    return reject(
      'arrival-required',
      'Reception records arrivals: give the time the pupil arrived.',
    );
  return undefined;
}

function officeRights(ctx: MarkContext, nowDate: IsoDate): Rejection | undefined {
  const { op } = ctx;
  if (op.source !== 'office')
    return reject('wrong-source', 'Office amendments have source "office".');
  if (academicYearStart(op.date) !== academicYearStart(nowDate))
    return reject('outside-school-year', `${op.date} is not in the current school year.`);
  if (op.code === null)
    return reject(
      'code-not-allowed',
      'The office replaces a mark with another code; it cannot blank a cell.',
    );
  // Every amendment of a marked cell needs a reason, N→O included (docs/attendance-rules.md §4.2).
  if (ctx.headCode !== null && op.reason === undefined) {
    return reject('reason-required', 'Give a reason for changing a mark that is already recorded.');
  }
  return undefined;
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
  if (!isSchoolSessionOf(school, op.date, op.session))
    return fail(
      reject('not-a-school-session', `${op.date} ${op.session} is not a school session.`),
    );
  if (op.code !== null) {
    const code = codeOn(op.code, op.date);
    if (!code.ok)
      return fail(
        reject(
          code.error.code === 'unknown-code' ? 'unknown-code' : 'code-not-valid-on-date',
          code.error.message,
        ),
      );
  }
  const times = groupTimes(school, pupil.groupId, op.session);
  if (!times.ok) return fail(reject('invalid-times', times.error.message));
  const statusWhenRecorded = registerStatus(times.value, op.date, recorded);
  const ctx: MarkContext = {
    school,
    author,
    op,
    pupil,
    times: times.value,
    recorded,
    statusWhenRecorded,
    headCode,
  };
  const rights =
    author.role === 'teacher'
      ? teacherRights(ctx)
      : author.role === 'reception'
        ? receptionRights(ctx)
        : officeRights(ctx, clock.received.date);
  if (rights !== undefined) return fail(rights);
  const arrival = checkArrival(ctx);
  if (!arrival.ok) return arrival;
  const statusWhenReceived = registerStatus(times.value, op.date, clock.received);
  const lateSync =
    (author.role === 'teacher' || author.role === 'reception') &&
    statusWhenRecorded === 'open' &&
    statusWhenReceived === 'closed';
  return { ok: true, value: { minutesLate: arrival.value, lateSync } };
}

/** Validates a movement (signing in or out): reception, office and admin only. */
export function checkMovement(
  school: SchoolContext,
  author: StaffInfo,
  op: MovementOp,
  clock: PushClock,
): Checked<null> {
  if (author.role === 'teacher')
    return fail(
      reject('not-allowed', 'Signing pupils in and out is done at reception or by the office.'),
    );
  const common = commonChecks(school, op, clock);
  if (!common.ok) return common;
  const { recorded } = common.value;
  if (author.role === 'reception' && recorded.date !== op.date)
    return fail(reject('not-today', 'Reception can only sign pupils in or out today.'));
  const at = parseHhmm(op.at);
  if (recorded.date === op.date && at.ok && at.value > recorded.minutes) {
    return fail(
      reject(
        'arrival-after-recording',
        `The time ${op.at} is later than when it was recorded (${recorded.time}).`,
      ),
    );
  }
  return { ok: true, value: null };
}
