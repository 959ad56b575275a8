/**
 * Who may write what (docs/sync-protocol.md §5.3): the rights of each role, judged the same way
 * by the server before it applies an op (`checkMark`, `checkMovement` and `checkCall` in
 * `src/server/sync/validateOp.ts`) and by a device before it records one (`planMark` in
 * `src/ui/register/intents.ts`), so a refusal at the server is rare.
 *
 * Rights are judged at the moment the op was recorded (its `recordedAt` on the school's clock),
 * not when it reaches the server: a register taken offline at 09:05 is judged at 09:05
 * (docs/sync-protocol.md §5.1). Whether the pupil exists, is on roll, and whether the code and
 * the arrival time fit the date and session are the law's checks, made before and after these.
 *
 * A refusal carries a kebab-case code and a sentence for the member of staff whose op it was;
 * the server sends both, and a device shows its own words for the code.
 */
import { academicYearStart, type Session } from './calendar.ts';
import { CODE_N } from './codes.ts';
import type { Hhmm, IsoDate } from './dates.ts';
import { err, ok, type Ok, type Result } from './result.ts';
import { takesRegister, type Author } from './people.ts';
import type { RightsRefusalCode, Role, Source } from './roles.ts';
import { presentCode, type RegisterStatus } from './sessionTimes.ts';

export interface RightsRefusal {
  readonly code: RightsRefusalCode;
  /** A sentence for the member of staff whose op it was. */
  readonly message: string;
}

/** Nothing, or why the author may not write this. */
export type Rights = Result<null, RightsRefusal>;

/** A mark as the rights read it. */
export interface MarkWrite {
  /** The pupil's group, and their name for the refusal's sentence. */
  readonly pupil: { readonly groupId: string; readonly name: string };
  readonly date: IsoDate;
  readonly session: Session;
  /** The new mark; null clears the cell. */
  readonly code: string | null;
  readonly source: Source;
  /** The arrival time of a late arrival (`HH:mm`), or null. */
  readonly arrivedAt: string | null;
  /**
   * The mark carries a reason with something in it. A reason of only spaces is no reason: the
   * protocol trims it to an empty string and the rights ask for one as if it were left out.
   */
  readonly hasReason: boolean;
  /** The mark names who reported the absence (`reportedBy`): an office record only. */
  readonly hasReportedBy?: boolean;
}

/** The register and the day as they were when the op was recorded. */
export interface WriteMoment {
  /** The school's date at the op's `recordedAt`: "today" for teachers and reception. */
  readonly recordedOn: IsoDate;
  /** The school's date now; the office may amend any date of the school year holding it. */
  readonly today: IsoDate;
}

/** A mark's moment: also where its register was, and whether its cell already had a mark. */
export interface MarkMoment extends WriteMoment {
  /** The register's status at the op's `recordedAt`. */
  readonly status: RegisterStatus;
  /** The cell holds a mark (anyone's) before this one. */
  readonly cellHasMark: boolean;
}

const allowed: Ok<null> = ok(null);

function refuse(code: RightsRefusalCode, message: string): Rights {
  return err({ code, message });
}

/** The refusals of `registerRights`: what a teacher may record on their register, and when. */
export type RegisterRefusalCode = Extract<
  RightsRefusalCode,
  'not-today' | 'register-not-open' | 'code-not-allowed' | 'register-closed'
>;

/** A teacher's mark on their own register: allowed, or why not. */
export type RegisterRights = Result<null, RightsRefusal & { readonly code: RegisterRefusalCode }>;

const registerRefusal = (code: RegisterRefusalCode, message: string): RegisterRights =>
  err({ code, message });

/**
 * What a teacher may record on a register of their own group, and when: today only, once the
 * register is open. While it is open: present, `N` or a clear; a late arrival (its code from the
 * arrival time, checked apart) at any time after opening. The register screen asks this of every
 * tap; `markRights` adds who may use the register at all.
 */
export function registerRights(
  mark: Omit<MarkWrite, 'pupil' | 'source' | 'hasReason'>,
  moment: Pick<MarkMoment, 'recordedOn' | 'status'>,
): RegisterRights {
  if (moment.recordedOn !== mark.date)
    return registerRefusal('not-today', 'Teachers can only mark today’s register.');
  if (moment.status === 'not-open')
    return registerRefusal('register-not-open', `The ${mark.session} register is not open yet.`);
  if (mark.arrivedAt !== null) return allowed;
  const isWhileOpen =
    mark.code === null || mark.code === CODE_N || mark.code === presentCode(mark.session);
  if (!isWhileOpen)
    return registerRefusal(
      'code-not-allowed',
      `Teachers record present, absent or late; ${mark.code} is for the office.`,
    );
  if (moment.status === 'closed')
    return registerRefusal(
      'register-closed',
      `The ${mark.session} register has closed: only a late arrival can be recorded now; anything else goes to the office.`,
    );
  return allowed;
}

/** A teacher, from the register: pupils of the groups they take, by `registerRights`. */
function teacherMarkRights(author: Author, mark: MarkWrite, moment: MarkMoment): Rights {
  if (mark.source !== 'register')
    return refuse('wrong-source', 'A teacher’s marks come from the register.');
  if (!takesRegister(author, mark.pupil.groupId))
    return refuse(
      'not-your-group',
      `${mark.pupil.name} is not in a group you take the register for.`,
    );
  return registerRights(mark, moment);
}

/** Reception, from the signing-in desk: arrivals of any pupil, today only. */
function receptionMarkRights(mark: MarkWrite, moment: MarkMoment): Rights {
  if (mark.source !== 'reception')
    return refuse('wrong-source', 'Reception’s marks come from the signing-in desk.');
  if (moment.recordedOn !== mark.date)
    return refuse('not-today', 'Reception can only sign pupils in today.');
  if (mark.arrivedAt === null)
    return refuse(
      'arrival-required',
      'Reception records arrivals: give the time the pupil arrived.',
    );
  return allowed;
}

/**
 * The office (and admin): any pupil, any date of the current school year (1 August to 31 July),
 * any code valid on the date, never a clear; a reason whenever the cell already has a mark, `N`
 * to `O` included (docs/attendance-rules.md §4.2).
 */
function officeMarkRights(mark: MarkWrite, moment: MarkMoment): Rights {
  if (mark.source !== 'office')
    return refuse('wrong-source', 'Office amendments have source "office".');
  if (academicYearStart(mark.date) !== academicYearStart(moment.today))
    return refuse('outside-school-year', `${mark.date} is not in the current school year.`);
  if (mark.code === null)
    return refuse(
      'code-not-allowed',
      'The office replaces a mark with another code; it cannot blank a cell.',
    );
  if (moment.cellHasMark && !mark.hasReason)
    return refuse('reason-required', 'Give a reason for changing a mark that is already recorded.');
  return allowed;
}

/**
 * May `author` write `mark`, recorded at `moment`? Who reported an absence is the office's record
 * of a phone call or a message (docs/attendance-rules.md §7.2): a mark from the register or the
 * signing-in desk that names one is refused, whoever sends it.
 */
export function markRights(author: Author, mark: MarkWrite, moment: MarkMoment): Rights {
  if (mark.hasReportedBy === true && mark.source !== 'office')
    return refuse(
      'reported-by-not-allowed',
      'Only the office records who reported an absence; send this mark without that name.',
    );
  switch (author.role) {
    case 'teacher':
      return teacherMarkRights(author, mark, moment);
    case 'reception':
      return receptionMarkRights(mark, moment);
    case 'office':
    case 'admin':
      return officeMarkRights(mark, moment);
  }
}

/**
 * May this role sign pupils in and out at all? Reception, the office and admin may; a teacher
 * may not. Asked before anything else about a movement.
 */
export function movementRole(role: Role): Rights {
  return role === 'teacher'
    ? refuse('not-allowed', 'Signing pupils in and out is done at reception or by the office.')
    : allowed;
}

/**
 * May `author` sign a pupil in or out on `date`, recorded at `moment`? Reception today only; the
 * office and admin any date. (A teacher is refused by `movementRole`, asked first.)
 */
export function movementRights(author: Author, date: IsoDate, moment: WriteMoment): Rights {
  const role = movementRole(author.role);
  if (!role.ok) return role;
  if (author.role === 'reception' && moment.recordedOn !== date)
    return refuse('not-today', 'Reception can only sign pupils in or out today.');
  return allowed;
}

/** A first-day call as the rights read it: the day it is logged against, and the time it was made. */
export interface CallWrite {
  readonly date: IsoDate;
  /** `HH:mm`, school time. */
  readonly at: Hhmm;
}

/** A call's moment: also the school's wall-clock time when it was recorded. */
export interface CallMoment extends WriteMoment {
  /** `HH:mm` on the school's clock at the op's `recordedAt`. */
  readonly recordedTime: Hhmm;
}

/**
 * May `author` log a call to a pupil's family (docs/sync-protocol.md §5.3)? The office and admin
 * only, for a date of the current school year (as their marks), and never for a day or a time
 * after the call was recorded: a call is logged once it has been made. Times compare as `HH:mm`
 * strings, which order like the minutes they stand for.
 */
export function callRights(
  author: Pick<Author, 'role'>,
  call: CallWrite,
  moment: CallMoment,
): Rights {
  if (author.role === 'teacher' || author.role === 'reception')
    return refuse('not-allowed', 'Calls to families are logged by the office.');
  if (academicYearStart(call.date) !== academicYearStart(moment.today))
    return refuse('outside-school-year', `${call.date} is not in the current school year.`);
  if (call.date > moment.recordedOn)
    return refuse(
      'call-after-recording',
      `A call cannot be logged for ${call.date}, a day after it was recorded (${moment.recordedOn}).`,
    );
  if (call.date === moment.recordedOn && call.at > moment.recordedTime)
    return refuse(
      'call-after-recording',
      `The call time ${call.at} is later than when it was recorded (${moment.recordedTime}).`,
    );
  return allowed;
}

/**
 * Roles whose marks were judged against the register's open period: a mark of theirs recorded
 * while open and received after the close is flagged `lateSync` (docs/sync-protocol.md §5.1).
 */
export function isRegisterBound(role: Role): boolean {
  return role === 'teacher' || role === 'reception';
}

/**
 * May a member of staff take a step of a fire roll call (start it, tick a pupil off or back, end it) for
 * `date`, recorded at `moment`? Every signed-in role may: whoever is at the assembly point with a
 * device is a marshal, and a teacher may tick a pupil of any group. A roll call is about the day
 * it is taken, so each step's date is the day it was recorded (`not-today`). Whether the step
 * fits the roll call's log is `checkRollCallStep` (`rollCall.ts`).
 */
export function rollCallRights(date: IsoDate, moment: Pick<WriteMoment, 'recordedOn'>): Rights {
  if (date !== moment.recordedOn)
    return refuse('not-today', 'A roll call is taken on the day it is recorded.');
  return allowed;
}
