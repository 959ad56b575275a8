/**
 * The office's working rules (docs/attendance-rules.md §3, §7): the unexplained-absence worklist
 * against the five-school-day deadline, who goes to the top of the first-day calling list, and
 * the codes the office chooses from, grouped by what they mean. Whose report of an absence
 * counts is in `contacts.ts`.
 *
 * The server's `/api/office/unexplained` and the office's own screens both build their lists
 * here, so a device offline and the server online show the same worklist.
 */
import {
  academicYearStart,
  nDeadline,
  schoolDaysBetween,
  schoolDaysLeft,
  sessionsOn,
  type SchoolCalendar,
  type Session,
} from './calendar.ts';
import { codesOn, type CodeInfo } from './codes.ts';
import type { IsoDate } from './dates.ts';
import { err, ok, type Result } from './result.ts';

/**
 * The reason written when an `N` past its deadline becomes `O` (docs/attendance-rules.md §3.5):
 * the regulations' own test, in the office's words.
 */
export const OVERDUE_N_REASON = 'No reason established within 5 school days';

/** Cohort flags as a pupil record holds them. */
export type PupilFlags = Readonly<Partial<Record<string, boolean>>>;

/**
 * Pupils whose unexplained absence is passed on and chased first: a child with a social worker,
 * looked after, or with an EHC plan (docs/attendance-rules.md §7).
 */
export function isPriorityPupil(flags: PupilFlags): boolean {
  return (
    flags['socialWorker'] === true || flags['lookedAfter'] === true || flags['ehcPlan'] === true
  );
}

/** A cell whose current mark is `N`, with who recorded it. */
export interface UnexplainedCell {
  readonly pupilId: string;
  readonly date: IsoDate;
  readonly session: Session;
  /** ISO instant the `N` was recorded; null when not known. */
  readonly recordedAt: string | null;
  /** The author's staff id; null for the register close job. */
  readonly authorId: string | null;
}

/** What the worklist needs of a pupil. */
export interface WorklistPupil {
  readonly name: string;
  readonly groupId: string;
  readonly flags: PupilFlags;
}

/** One row of the unexplained-absence worklist. */
export interface UnexplainedRow extends UnexplainedCell {
  readonly name: string;
  readonly groupId: string;
  /** The last school day the `N` may stand (the 5th school day after the session). */
  readonly deadline: IsoDate;
  /** School days left until the deadline: 0 on the day, negative once overdue. */
  readonly schoolDaysLeft: number;
  readonly overdue: boolean;
  readonly dueToday: boolean;
  /** Social worker, looked after or EHC plan. */
  readonly priority: boolean;
}

const SESSION_ORDER: Readonly<Record<Session, number>> = { AM: 0, PM: 1 };

/** Oldest deadline first; then the session; then the pupil's name, so every list agrees. */
function byDeadline(a: UnexplainedRow, b: UnexplainedRow): number {
  return (
    a.deadline.localeCompare(b.deadline) ||
    a.date.localeCompare(b.date) ||
    SESSION_ORDER[a.session] - SESSION_ORDER[b.session] ||
    a.name.localeCompare(b.name) ||
    a.pupilId.localeCompare(b.pupilId)
  );
}

/**
 * Every `N` recorded on or before `asOf`, oldest deadline first (docs/attendance-rules.md §3).
 * Cells of pupils the school no longer lists, and of dates outside the calendar, are left out:
 * they have no deadline to work to.
 */
export function unexplainedAbsences(
  calendar: SchoolCalendar,
  asOf: IsoDate,
  cells: readonly UnexplainedCell[],
  pupils: ReadonlyMap<string, WorklistPupil>,
): UnexplainedRow[] {
  const rows: UnexplainedRow[] = [];
  for (const cell of cells) {
    const pupil = pupils.get(cell.pupilId);
    if (pupil === undefined || cell.date > asOf) continue;
    const deadline = nDeadline(calendar, cell.date);
    if (!deadline.ok) continue;
    const left = schoolDaysLeft(calendar, asOf, deadline.value);
    rows.push({
      ...cell,
      name: pupil.name,
      groupId: pupil.groupId,
      deadline: deadline.value,
      schoolDaysLeft: left,
      overdue: left < 0,
      dueToday: left === 0,
      priority: isPriorityPupil(pupil.flags),
    });
  }
  return rows.sort(byDeadline);
}

/** A heading of the office's code list and the codes under it. */
export interface CodeGroup {
  readonly label: string;
  readonly codes: readonly CodeInfo[];
}

/** Where each code goes in the office's list (codes before 19 August 2024 included). */
const GROUP_OF: Readonly<Record<string, string>> = {
  I: 'Illness',
  M: 'Medical or dental',
  C1: 'Leave of absence',
  J1: 'Leave of absence',
  S: 'Leave of absence',
  C2: 'Leave of absence',
  C: 'Leave of absence',
  H: 'Leave of absence',
  F: 'Leave of absence',
  T: 'Other authorised',
  R: 'Other authorised',
  E: 'Other authorised',
  K: 'Educated off site (counts as present)',
  V: 'Educated off site (counts as present)',
  P: 'Educated off site (counts as present)',
  W: 'Educated off site (counts as present)',
  B: 'Educated off site (counts as present)',
  J: 'Educated off site (counts as present)',
  '/': 'Present',
  '\\': 'Present',
  L: 'Present',
  G: 'Unauthorised',
  O: 'Unauthorised',
  U: 'Unauthorised',
  N: 'Unauthorised',
};

const GROUP_ORDER = [
  'Illness',
  'Medical or dental',
  'Leave of absence',
  'Other authorised',
  'Unauthorised',
  'Educated off site (counts as present)',
  'Present',
  'Not counted (not a possible session)',
];

/**
 * The codes valid on `date`, grouped by meaning for the office's choice, most used first. `N` is
 * left out (it is what the office replaces). The codes of the arrival rule that need an arrival
 * time (`L`, `U`: `checkArrivalTime` in `arrivalTime.ts`) are offered only `withArrival`, where
 * the office gives that time for one session: correcting a late mark, settling a conflict.
 */
export function officeCodeGroups(
  date: IsoDate,
  options: { readonly withArrival?: boolean } = {},
): CodeGroup[] {
  const groups = new Map<string, CodeInfo[]>(GROUP_ORDER.map((label) => [label, []]));
  const isArrival = (code: string) => code === 'L' || code === 'U';
  for (const info of codesOn(date)) {
    if (info.code === 'N' || (isArrival(info.code) && options.withArrival !== true)) continue;
    const label = GROUP_OF[info.code] ?? 'Not counted (not a possible session)';
    groups.get(label)?.push(info);
  }
  return GROUP_ORDER.flatMap((label) => {
    const codes = groups.get(label) ?? [];
    return codes.length === 0 ? [] : [{ label, codes }];
  });
}

/**
 * Reasons the office types every day, offered as it types (free text is always allowed). One
 * list per code family, so a phone-in of illness is two keystrokes.
 */
export const COMMON_REASONS: Readonly<Record<string, readonly string[]>> = {
  I: [
    'Unwell, phoned in by parent',
    'Sickness and diarrhoea (48 hours)',
    'Temperature',
    'Chickenpox',
    'Sent home unwell',
  ],
  M: ['Dental appointment', 'Doctor’s appointment', 'Hospital appointment', 'Orthodontist'],
  C: ['Family funeral', 'Exceptional circumstances granted by the head'],
  G: ['Holiday not authorised by the head'],
  O: [OVERDUE_N_REASON, 'Reason given not accepted'],
  R: ['Religious observance'],
  L: ['Signed in late at reception', 'Arrival time corrected from the signing-in book'],
  U: ['Arrived after the register closed', 'Arrival time corrected from the signing-in book'],
  '': [
    'Phoned in by parent',
    'Message on the school app',
    'Email from parent',
    'Letter from parent',
  ],
};

/** The common reasons to offer for `code`, the general ones after those of the code. */
export function reasonsFor(code: string | null): readonly string[] {
  return [...(code === null ? [] : (COMMON_REASONS[code] ?? [])), ...(COMMON_REASONS[''] ?? [])];
}

/** One end of a planned absence: a date and the session it starts or ends with. */
export interface SessionPoint {
  readonly date: IsoDate;
  readonly session: Session;
}

/** The most school days one planned absence may cover: longer is a mistake, or a leave plan. */
export const MAX_ABSENCE_SCHOOL_DAYS = 60;

/**
 * The school sessions from `from` to `to`, both included, skipping weekends, holidays and
 * closures — what one phone-in or planned absence records, one mark per session ("today PM",
 * "today to Friday", "13 to 24 January"). Refused when the range runs backwards, crosses from one
 * school year into the next (each year is the office's to amend separately), is longer than
 * `MAX_ABSENCE_SCHOOL_DAYS`, or holds no school session at all.
 */
export function absenceSessions(
  calendar: SchoolCalendar,
  from: SessionPoint,
  to: SessionPoint,
): Result<SessionPoint[]> {
  const order = (p: SessionPoint) => `${p.date}${p.session === 'AM' ? '0' : '1'}`;
  if (order(to) < order(from))
    return err({ code: 'range-backwards', message: 'The absence ends before it starts.' });
  if (academicYearStart(from.date) !== academicYearStart(to.date))
    return err({
      code: 'range-crosses-school-year',
      message:
        'The dates run into the next school year. Record each school year’s part separately.',
    });
  const days = schoolDaysBetween(calendar, from.date, to.date);
  if (days.length > MAX_ABSENCE_SCHOOL_DAYS)
    return err({
      code: 'range-too-long',
      message: `That is ${String(days.length)} school days; one absence can cover at most ${String(MAX_ABSENCE_SCHOOL_DAYS)}.`,
    });
  const sessions = days.flatMap((date) =>
    sessionsOn(calendar, date)
      .map((session) => ({ date, session }))
      .filter((p) => order(p) >= order(from) && order(p) <= order(to)),
  );
  if (sessions.length === 0)
    return err({
      code: 'no-school-sessions',
      message: 'There are no school sessions in those dates (a weekend, a holiday or a closure).',
    });
  return ok(sessions);
}
