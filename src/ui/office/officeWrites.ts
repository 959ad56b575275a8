/**
 * What the office writes: amendments (resolving an `N`, a phone-in, a planned absence, the bulk
 * change of overdue `N` to `O`, any correction) and calls to families. Each is checked on the
 * device first by the same domain rules the server applies (on roll, a school session, a code
 * valid on the date, the office's rights, an arrival time that gives `L` or `U`), so a mistake is
 * said at once in the office's words; then written in one transaction with its outbox entries,
 * and the sync engine is asked to send. Several marks are all written or none is.
 */
import {
  checkArrivalTime,
  codeOn,
  err,
  isOnRoll,
  isSchoolSession,
  markRights,
  needsArrivalTime,
  ok,
  pupilName,
  toSchoolTime,
  type IsoDate,
  type Result,
  type Session,
  type SessionTimes,
} from '../../domain/index.ts';
import type { CallOp, MarkOp } from '../../schema/op.ts';
import type { RollcallDb } from '../../storage/db.ts';
import { recordCall, recordMarks, type MarkFields } from '../../storage/outbox.ts';
import type { SignedIn } from '../../schema/auth.ts';
import type { SyncEngine } from '../../sync/types.ts';
import type { SchoolData } from '../shared/schoolData.ts';
import { groupSessionTimes } from '../shared/schoolSetup.ts';
import { dayText } from '../shared/time.ts';

/** Everything a write needs from the running app. */
export interface OfficeContext {
  readonly db: RollcallDb;
  readonly engine: SyncEngine;
  readonly auth: SignedIn;
  readonly school: SchoolData;
}

/** One amendment the office asks for. */
export interface OfficeMark {
  readonly pupilId: string;
  readonly date: IsoDate;
  readonly session: Session;
  readonly code: string;
  readonly reason: string;
  readonly reportedBy: string | null;
  /** The amendment the office saw as the cell's current one; null for a blank cell. */
  readonly basedOn: string | null;
  /**
   * When the pupil arrived (`HH:mm`), for `L` and `U`, which need it (`checkArrivalTime`);
   * missing or null for any other code.
   */
  readonly arrivedAt?: string | null;
}

/** The arrival time as given, trimmed; null when none was. */
function arrivalOf(mark: OfficeMark): string | null {
  const arrivedAt = mark.arrivedAt?.trim() ?? '';
  return arrivedAt === '' ? null : arrivedAt;
}

/** The session's times for the pupil's group, or null when this device cannot read them. */
function timesOf(ctx: OfficeContext, groupId: string, session: Session): SessionTimes | null {
  const group = ctx.school.groups.get(groupId);
  return group === undefined ? null : groupSessionTimes(ctx.school.setup, group, session);
}

/** Why the mark's arrival time does not fit it (as the server checks it); null when it does. */
function arrivalProblem(
  ctx: OfficeContext,
  mark: OfficeMark,
  pupil: { readonly groupId: string; readonly name: string },
  nowMs: number,
): string | null {
  const arrivedAt = arrivalOf(mark);
  if (arrivedAt === null && !needsArrivalTime(mark.code)) return null;
  const times = timesOf(ctx, pupil.groupId, mark.session);
  if (times === null)
    return `The session times of ${pupil.name}’s group could not be read on this device, so the arrival time cannot be checked. Sync, then try again.`;
  const checked = checkArrivalTime(
    { name: pupil.name, date: mark.date, session: mark.session, code: mark.code, arrivedAt },
    times,
    toSchoolTime(nowMs),
  );
  return checked.ok ? null : checked.error.message;
}

/** Why a mark cannot be recorded, in the office's words; null when it can. */
export function officeMarkProblem(
  ctx: OfficeContext,
  mark: OfficeMark,
  nowMs: number,
): string | null {
  const pupil = ctx.school.pupils.get(mark.pupilId);
  if (pupil === undefined) return 'This pupil is not on this device yet. Sync, then try again.';
  const name = pupilName(pupil);
  if (!isOnRoll(pupil, mark.date))
    return `${name} is not on roll on ${dayText(mark.date)}: they had left or not yet joined.`;
  if (!isSchoolSession(ctx.school.setup.calendar, mark.date, mark.session))
    return `${dayText(mark.date)} ${mark.session} is not a school session (a weekend, holiday or closure).`;
  const code = codeOn(mark.code, mark.date);
  if (!code.ok) return code.error.message;
  if (mark.reason.trim() === '') return 'Give the reason: the register must say why.';
  const today = toSchoolTime(nowMs).date;
  const rights = markRights(
    ctx.auth.staff,
    {
      pupil: { groupId: pupil.groupId, name },
      date: mark.date,
      session: mark.session,
      code: mark.code,
      source: 'office',
      arrivedAt: arrivalOf(mark),
      hasReason: true,
      hasReportedBy: mark.reportedBy !== null,
    },
    { recordedOn: today, today, status: 'closed', cellHasMark: mark.basedOn !== null },
  );
  if (!rights.ok) return rights.error.message;
  return arrivalProblem(ctx, mark, { groupId: pupil.groupId, name }, nowMs);
}

/**
 * Records the marks, every one checked first: all are written in one transaction, or none is
 * and the first problem is said.
 */
export async function recordOfficeMarks(
  ctx: OfficeContext,
  marks: readonly OfficeMark[],
): Promise<Result<MarkOp[], string>> {
  const now = ctx.engine.now();
  for (const mark of marks) {
    const problem = officeMarkProblem(ctx, mark, now);
    if (problem !== null) return err(problem);
  }
  const fields = marks.map((mark): MarkFields => {
    const arrivedAt = arrivalOf(mark);
    return {
      pupilId: mark.pupilId,
      date: mark.date,
      session: mark.session,
      code: mark.code,
      basedOn: mark.basedOn,
      source: 'office',
      reason: mark.reason.trim(),
      ...(mark.reportedBy === null ? {} : { reportedBy: mark.reportedBy.trim() }),
      ...(arrivedAt === null ? {} : { arrivedAt }),
    };
  });
  const written = await recordMarks(ctx.db, { authorId: ctx.auth.staff.id, now }, fields);
  if (!written.ok) return err(written.error.message);
  ctx.engine.request('write');
  return ok(written.value);
}

/** A call to a family, as the call log gives it. */
export interface OfficeCall {
  readonly pupilId: string;
  readonly date: IsoDate;
  readonly at: string;
  readonly contact: string;
  readonly phone: string | null;
  readonly outcome: CallOp['outcome'];
  readonly note: string | null;
}

export async function logCall(
  ctx: OfficeContext,
  call: OfficeCall,
): Promise<Result<CallOp, string>> {
  if (call.contact.trim() === '') return err('Say who was called.');
  const written = await recordCall(ctx.db, {
    authorId: ctx.auth.staff.id,
    now: ctx.engine.now(),
    pupilId: call.pupilId,
    date: call.date,
    at: call.at,
    contact: call.contact.trim(),
    outcome: call.outcome,
    ...(call.phone === null ? {} : { phone: call.phone }),
    ...(call.note === null ? {} : { note: call.note }),
  });
  if (!written.ok) return err(written.error.message);
  ctx.engine.request('write');
  return ok(written.value);
}
