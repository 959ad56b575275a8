/**
 * The sessions of a phone-in or planned absence as the office chooses them ("today PM", "today",
 * "today to Friday", or from one session to another), what each cell shows now, and the words of
 * the confirmation. The school's rules — weekends, holidays and closures skipped, a range that
 * runs backwards or into the next school year refused — are the domain's `absenceSessions`.
 */
import {
  absenceSessions,
  addDays,
  authorName,
  err,
  isOnRoll,
  isoWeekday,
  parseIsoDate,
  type Enrolment,
  type IsoDate,
  type Result,
  type SchoolCalendar,
  type Session,
  type SessionPoint,
} from '../../domain/index.ts';
import type { CurrentCell } from '../../storage/officeView.ts';
import { dayText } from '../shared/time.ts';

/** The quick choices, then a range typed in. */
export type WhenKind = 'today-pm' | 'today' | 'to-friday' | 'range';

/** The "From … to …" fields as typed (dates may be empty or half-typed). */
export interface RangeFields {
  readonly fromDate: string;
  readonly fromSession: Session;
  readonly toDate: string;
  readonly toSession: Session;
}

export interface When {
  readonly kind: WhenKind;
  readonly range: RangeFields;
}

/** Today, the whole day: what most phone-ins are. */
export function initialWhen(today: IsoDate): When {
  return {
    kind: 'today',
    range: { fromDate: today, fromSession: 'AM', toDate: today, toSession: 'PM' },
  };
}

/** The Friday of the week holding `date`; from a Saturday or Sunday, the Friday after it. */
export function fridayOf(date: IsoDate): IsoDate {
  return addDays(date, (5 - isoWeekday(date) + 7) % 7);
}

function typedDate(value: string, which: 'first' | 'last'): Result<IsoDate, string> {
  if (value.trim() === '') return err(`Give the ${which} day of the absence.`);
  const date = parseIsoDate(value);
  return date.ok ? date : err(`The ${which} day is not a date.`);
}

/** The first and last session of the choice, or what is wrong with the typed dates. */
export function whenBounds(
  when: When,
  today: IsoDate,
): Result<{ readonly from: SessionPoint; readonly to: SessionPoint }, string> {
  switch (when.kind) {
    case 'today-pm':
      return {
        ok: true,
        value: { from: { date: today, session: 'PM' }, to: { date: today, session: 'PM' } },
      };
    case 'today':
      return {
        ok: true,
        value: { from: { date: today, session: 'AM' }, to: { date: today, session: 'PM' } },
      };
    case 'to-friday':
      return {
        ok: true,
        value: {
          from: { date: today, session: 'AM' },
          to: { date: fridayOf(today), session: 'PM' },
        },
      };
    case 'range': {
      const from = typedDate(when.range.fromDate, 'first');
      if (!from.ok) return from;
      const to = typedDate(when.range.toDate, 'last');
      if (!to.ok) return to;
      return {
        ok: true,
        value: {
          from: { date: from.value, session: when.range.fromSession },
          to: { date: to.value, session: when.range.toSession },
        },
      };
    }
  }
}

/** The school sessions the choice covers, or why there are none, in the office's words. */
export function chosenSessions(
  calendar: SchoolCalendar,
  when: When,
  today: IsoDate,
): Result<SessionPoint[], string> {
  const bounds = whenBounds(when, today);
  if (!bounds.ok) return bounds;
  const sessions = absenceSessions(calendar, bounds.value.from, bounds.value.to);
  return sessions.ok ? sessions : err(sessions.error.message);
}

/** "Wed 2 Dec PM". */
export function sessionText(point: SessionPoint): string {
  return `${dayText(point.date)} ${point.session}`;
}

/** "Mon 7 Dec AM – Fri 11 Dec PM", "Wed 2 Dec AM and PM", or one session's own words. */
export function spanText(sessions: readonly SessionPoint[]): string {
  const first = sessions[0];
  const last = sessions[sessions.length - 1];
  if (first === undefined || last === undefined) return '';
  if (first === last) return sessionText(first);
  if (first.date === last.date) return `${dayText(first.date)} AM and PM`;
  return `${sessionText(first)} – ${sessionText(last)}`;
}

export function sessionCount(n: number): string {
  return n === 1 ? '1 session' : `${String(n)} sessions`;
}

/** "Recorded I for Amy Smith, 5 sessions: Mon 7 Dec AM – Fri 11 Dec PM." */
export function confirmationText(
  code: string,
  pupilName: string,
  sessions: readonly SessionPoint[],
): string {
  return `Recorded ${code} for ${pupilName}, ${sessionCount(sessions.length)}: ${spanText(sessions)}.`;
}

export function cellKey(point: { readonly date: string; readonly session: Session }): string {
  return `${point.date}|${point.session}`;
}

/** One session to be written and what its cell holds now. */
export interface PreviewRow extends SessionPoint {
  readonly key: string;
  readonly isOnRoll: boolean;
  /** The mark it replaces; null for a blank cell. */
  readonly currentCode: string | null;
  /** Who recorded the mark it replaces ("Register close", "You, not sent yet"). */
  readonly currentBy: string | null;
  /** The amendment the new mark is based on; null for a blank cell. */
  readonly basedOn: string | null;
}

/** The sessions with the pupil's cells as this device shows them (no pupil yet: no cells). */
export function previewRows(
  sessions: readonly SessionPoint[],
  cells: readonly CurrentCell[],
  pupil: Enrolment | undefined,
  staff: ReadonlyMap<string, { readonly name: string }>,
): PreviewRow[] {
  const byKey = new Map(cells.map((cell) => [cellKey(cell), cell.view]));
  return sessions.map((point) => {
    const key = cellKey(point);
    const view = byKey.get(key);
    const head = view?.code === null ? null : (view?.head ?? null);
    return {
      ...point,
      key,
      isOnRoll: pupil === undefined || isOnRoll(pupil, point.date),
      currentCode: head?.code ?? null,
      currentBy:
        head === null
          ? null
          : head.isPending
            ? 'You, not sent yet'
            : authorName(staff, head.authorId),
      basedOn: view?.head?.opId ?? null,
    };
  });
}
