/**
 * The attendance code set, effective-dated (docs/attendance-rules.md §2). The 2024 regulations
 * replaced the code set from 19 August 2024: new two-character codes appeared, `H`, `F`, `J` and
 * `Y` were retired, and several single letters changed meaning. A mark is always read with the
 * meaning in force on the session's date, so a 2023 `J` stays attendance (an interview was an
 * approved activity) and is never remapped to `J1`.
 */
import type { IsoDate } from './dates.ts';
import { err, ok, type Result } from './result.ts';

/** The first session date on which the 2024 code set applies (SI 2024/208). */
export const CODE_SET_2024_FROM: IsoDate = '2024-08-19';

/** How a code is counted in every statistic (docs/attendance-rules.md §2). */
export type Treatment = 'attendance' | 'authorised' | 'unauthorised' | 'not-possible';

/** A finer grouping used for display and for the cohort reports. */
export type Category =
  | 'present'
  | 'approved-activity'
  | 'leave-of-absence'
  | 'authorised-other'
  | 'unauthorised'
  | 'not-possible';

export interface CodeInfo {
  readonly code: AttendanceCode;
  readonly meaning: string;
  readonly category: Category;
  readonly treatment: Treatment;
}

const TREATMENT: Record<Category, Treatment> = {
  present: 'attendance',
  'approved-activity': 'attendance',
  'leave-of-absence': 'authorised',
  'authorised-other': 'authorised',
  unauthorised: 'unauthorised',
  'not-possible': 'not-possible',
};

type Row = readonly [code: string, category: Category, meaning: string];

const CODES_2024 = [
  ['/', 'present', 'Present (AM)'],
  ['\\', 'present', 'Present (PM)'],
  ['L', 'present', 'Late, arrived before the register closed'],
  ['K', 'approved-activity', 'Attending education provision arranged by the local authority'],
  ['V', 'approved-activity', 'Attending an educational visit or trip'],
  ['P', 'approved-activity', 'Participating in an approved sporting activity'],
  ['W', 'approved-activity', 'Attending work experience'],
  ['B', 'approved-activity', 'Attending any other approved educational activity'],
  ['C1', 'leave-of-absence', 'Leave for a regulated performance or regulated employment abroad'],
  ['M', 'leave-of-absence', 'Leave for a medical or dental appointment'],
  ['J1', 'leave-of-absence', 'Leave to attend an interview'],
  ['S', 'leave-of-absence', 'Study leave'],
  ['C2', 'leave-of-absence', 'Leave for a temporary reduced timetable'],
  ['C', 'leave-of-absence', 'Leave for exceptional circumstances'],
  ['T', 'authorised-other', 'Parent travelling for occupational purposes'],
  ['R', 'authorised-other', 'Religious observance'],
  ['I', 'authorised-other', 'Illness (not medical or dental appointment)'],
  ['E', 'authorised-other', 'Suspended or permanently excluded, no alternative provision made'],
  ['G', 'unauthorised', 'Holiday not granted by the school'],
  ['N', 'unauthorised', 'Reason for absence not yet established'],
  ['O', 'unauthorised', 'Absent in other or unknown circumstances'],
  ['U', 'unauthorised', 'Arrived in school after the register closed'],
  ['D', 'not-possible', 'Attending another school at which the pupil is registered'],
  ['X', 'not-possible', 'Non-compulsory school age pupil not required to attend'],
  ['Q', 'not-possible', 'Unable to attend because of a lack of access arrangements'],
  ['Y1', 'not-possible', 'Unable to attend due to transport normally provided not being available'],
  ['Y2', 'not-possible', 'Unable to attend due to widespread disruption to travel'],
  ['Y3', 'not-possible', 'Unable to attend due to part of the school premises being closed'],
  ['Y4', 'not-possible', 'Unable to attend due to the whole school site being unexpectedly closed'],
  ['Y5', 'not-possible', 'Unable to attend as the pupil is in criminal justice detention'],
  ['Y6', 'not-possible', 'Unable to attend in accordance with public health guidance or law'],
  ['Y7', 'not-possible', 'Unable to attend because of any other unavoidable cause'],
  ['Z', 'not-possible', 'Prospective pupil not on admission register'],
  ['#', 'not-possible', 'Planned whole or partial school closure'],
] as const satisfies readonly Row[];

/** The codes in use before 19 August 2024, with the meanings they had then. */
const CODES_BEFORE_2024 = [
  ['/', 'present', 'Present (AM)'],
  ['\\', 'present', 'Present (PM)'],
  ['L', 'present', 'Late, arrived before the register closed'],
  ['B', 'approved-activity', 'Educated off site (not dual registration)'],
  [
    'J',
    'approved-activity',
    'At an interview with a prospective employer or educational establishment',
  ],
  ['P', 'approved-activity', 'Participating in a supervised sporting activity'],
  ['V', 'approved-activity', 'Educational visit or trip'],
  ['W', 'approved-activity', 'Work experience'],
  ['C', 'authorised-other', 'Other authorised circumstances'],
  ['E', 'authorised-other', 'Excluded, no alternative provision made'],
  ['H', 'authorised-other', 'Holiday authorised by the school'],
  ['F', 'authorised-other', 'Agreed extended family holiday'],
  ['I', 'authorised-other', 'Illness (not medical or dental appointment)'],
  ['M', 'authorised-other', 'Medical or dental appointment'],
  ['R', 'authorised-other', 'Religious observance'],
  ['S', 'authorised-other', 'Study leave'],
  ['T', 'authorised-other', 'Traveller absence'],
  ['G', 'unauthorised', 'Holiday not authorised by the school'],
  ['N', 'unauthorised', 'No reason yet provided for absence'],
  ['O', 'unauthorised', 'Absent from school without authorisation'],
  ['U', 'unauthorised', 'Arrived in school after the register closed'],
  ['D', 'not-possible', 'Dual registered, at another establishment'],
  ['X', 'not-possible', 'Not required to be in school'],
  ['Y', 'not-possible', 'Unable to attend due to exceptional circumstances'],
  ['Z', 'not-possible', 'Pupil not on admission register'],
  ['#', 'not-possible', 'Planned whole or partial school closure'],
] as const satisfies readonly Row[];

/** Every code that has ever been valid. */
export type AttendanceCode = (typeof CODES_2024)[number][0] | (typeof CODES_BEFORE_2024)[number][0];

function index(rows: readonly Row[]): ReadonlyMap<string, CodeInfo> {
  return new Map(
    rows.map(([code, category, meaning]) => [
      code,
      { code: code as AttendanceCode, meaning, category, treatment: TREATMENT[category] },
    ]),
  );
}

const SET_2024 = index(CODES_2024);
const SET_BEFORE_2024 = index(CODES_BEFORE_2024);

/** The code set in force on a session date. */
export function codeSetOn(date: IsoDate): ReadonlyMap<string, CodeInfo> {
  return date >= CODE_SET_2024_FROM ? SET_2024 : SET_BEFORE_2024;
}

/** Every code valid on `date`, in the order the law lists them. */
export function codesOn(date: IsoDate): readonly CodeInfo[] {
  return [...codeSetOn(date).values()];
}

/** Is `value` a code of either set (without saying it is valid on any particular date)? */
export function isAttendanceCode(value: string): value is AttendanceCode {
  return SET_2024.has(value) || SET_BEFORE_2024.has(value);
}

/**
 * Looks a code up as it stood on a session date: `unknown-code` for a code that never existed,
 * `code-not-valid-on-date` for a 2024 code used before 19 Aug 2024 or a retired code after it.
 */
export function codeOn(code: string, date: IsoDate): Result<CodeInfo> {
  const info = codeSetOn(date).get(code);
  if (info !== undefined) return ok(info);
  if (!isAttendanceCode(code))
    return err({ code: 'unknown-code', message: `"${code}" is not an attendance code.` });
  return date >= CODE_SET_2024_FROM
    ? err({
        code: 'code-not-valid-on-date',
        message: `Code ${code} was withdrawn on ${CODE_SET_2024_FROM} and cannot be used for ${date}.`,
      })
    : err({
        code: 'code-not-valid-on-date',
        message: `Code ${code} only exists from ${CODE_SET_2024_FROM} and cannot be used for ${date}.`,
      });
}

/** `N`: the register closed before a reason was known (docs/attendance-rules.md §3). */
export const CODE_N = 'N';

/** Codes a register's arrival rule produces (docs/attendance-rules.md §1). */
export type ArrivalCode = '/' | '\\' | 'L' | 'U';

/**
 * A "known" mark is any code except `N`: it records what actually happened, so a concurrent `N`
 * may never replace it (docs/attendance-rules.md §4.3).
 */
export function isKnownMark(code: string | null): boolean {
  return code !== null && code !== CODE_N;
}

/**
 * The afternoon register's shortcut (journeys.md, class teacher at 13:00): a pupil marked present
 * (`/`) or late before the close (`L`) this morning may be marked present this afternoon in one
 * step, which the teacher confirms. `U` is left out: it is an unauthorised absence for the
 * morning, so the teacher decides about that pupil herself; so is everything else.
 */
export function wasPresentThisMorning(amCode: string | null): boolean {
  return amCode === '/' || amCode === 'L';
}

/** Codes that mean the pupil is (or was) on site for the session: present, late, or late after close. */
export function isOnSite(code: string): boolean {
  return code === '/' || code === '\\' || code === 'L' || code === 'U';
}
