/**
 * How the register screens read marks: what kind of mark a code is for the teacher's counts, the
 * words for it and the register's summary. Every rule comes from the domain (`codeOn`,
 * `arrivalCode`); this only chooses the words.
 */
import {
  arrivalCode,
  CODE_N,
  codeOn,
  type IsoDate,
  type Session,
  type SessionTimes,
} from '../../domain/index.ts';

/** The teacher's grouping of a mark, for the summary and the Today counts. */
export type MarkKind = 'present' | 'late' | 'absent' | 'other' | 'blank';

/**
 * `L` and `U` are late arrivals (`U` counts as unauthorised absence, but the pupil is in school,
 * docs/attendance-rules.md §1); any other attendance code is present (on site or at an approved
 * activity); authorised and unauthorised absences are absent; codes outside every figure are
 * `other`.
 */
export function markKind(code: string | null, date: IsoDate): MarkKind {
  if (code === null) return 'blank';
  if (code === 'L' || code === 'U') return 'late';
  const info = codeOn(code, date);
  if (!info.ok) return 'other';
  switch (info.value.treatment) {
    case 'attendance':
      return 'present';
    case 'authorised':
    case 'unauthorised':
      return 'absent';
    case 'not-possible':
      return 'other';
  }
}

/** "1 minute late" / "12 minutes late". */
export function minutesLateText(minutes: number): string {
  return minutes === 1 ? '1 minute late' : `${String(minutes)} minutes late`;
}

/** Minutes late for an `L` or `U` with its arrival time, by the domain's arrival rule. */
export function minutesLateFor(
  times: SessionTimes,
  session: Session,
  arrivedAt: string | null,
): number | null {
  if (arrivedAt === null) return null;
  const outcome = arrivalCode(times, session, arrivedAt);
  return outcome.ok && outcome.value.code !== null ? outcome.value.minutesLate : null;
}

/** Short words for a mark, as a card shows it ("Present", "Late", "Ill"…). */
export function markLabel(code: string | null, date: IsoDate): string {
  if (code === null) return 'Not marked';
  switch (code) {
    case '/':
    case '\\':
      return 'Present';
    case 'L':
      return 'Late';
    case 'U':
      return 'Late after the register closed';
    case CODE_N:
      return 'Absent, no reason yet';
    default: {
      const info = codeOn(code, date);
      return info.ok ? info.value.meaning : `Code ${code}`;
    }
  }
}

/** The register's tallies (issue: "present, late, absent, unsent"). */
export interface RegisterCounts {
  readonly present: number;
  readonly late: number;
  readonly absent: number;
  readonly other: number;
  readonly notMarked: number;
  /** Marks saved on this device and not yet sent. */
  readonly unsent: number;
  readonly total: number;
}

/** Counts the shown codes (a blank shown as `N` after close counts as absent). */
export function countMarks(
  cells: readonly { readonly code: string | null; readonly pending: boolean }[],
  date: IsoDate,
): RegisterCounts {
  const counts = { present: 0, late: 0, absent: 0, other: 0, notMarked: 0, unsent: 0 };
  for (const cell of cells) {
    const kind = markKind(cell.code, date);
    if (kind === 'blank') counts.notMarked += 1;
    else counts[kind] += 1;
    if (cell.pending) counts.unsent += 1;
  }
  return { ...counts, total: cells.length };
}
