/**
 * A pupil's school year as the pupil page shows it, worked out from the cells this device holds:
 * every school session of the year while they are on roll (the heatmap and its table), the
 * figures for the year to date and the alerts — both by the domain functions the server's
 * `/api/reports/attendance` and `/api/reports/alerts` run, so the page and the server agree.
 */
import {
  academicYearEnd,
  academicYearStart,
  alertsWindow,
  computeAlerts,
  eachDate,
  maxDate,
  minDate,
  ok,
  pupilStatistics,
  sessionsOn,
  triggersMet,
  yearToDate,
  type Alerts,
  type IsoDate,
  type PupilStatistics,
  type Result,
  type SchoolCalendar,
  type SchoolSettings,
  type Session,
  type SessionMark,
} from '../../domain/index.ts';
import type { PupilRecord } from '../../schema/reference.ts';
import type { CurrentCell } from '../../storage/officeView.ts';
import { meaningOf } from '../office/meaning.ts';
import type { HeatmapSession } from './SessionHeatmap.tsx';

export function sessionKey(date: IsoDate, session: Session): string {
  return `${date}|${session}`;
}

/** The pupil's marks, one per session, as the statistics and alerts read them. */
export function marksOf(cells: readonly CurrentCell[]): SessionMark[] {
  return cells.map((cell) => ({ date: cell.date, session: cell.session, code: cell.view.code }));
}

/**
 * The school year holding `today`, cut to the calendar's terms and to the pupil's time on roll;
 * null when the pupil is not on roll on any day of it.
 */
export function yearShown(
  calendar: SchoolCalendar,
  pupil: PupilRecord,
  today: IsoDate,
): { readonly from: IsoDate; readonly to: IsoDate } | null {
  const terms = calendar.terms.filter(
    (t) => t.end >= academicYearStart(today) && t.start <= academicYearEnd(today),
  );
  const first = terms[0]?.start;
  const last = terms[terms.length - 1]?.end;
  if (first === undefined || last === undefined) return null;
  const from = maxDate(maxDate(first, academicYearStart(today)), pupil.admissionDate);
  const to = minDate(minDate(last, academicYearEnd(today)), pupil.leavingDate ?? last);
  return from <= to ? { from, to } : null;
}

/**
 * Every school session of the year shown, in date order, with the mark this device holds (a
 * planned absence already recorded shows on its future session); a marked cell on a day the
 * calendar does not hold a session is kept too, so nothing recorded is hidden.
 */
export function heatmapSessions(
  calendar: SchoolCalendar,
  pupil: PupilRecord,
  cells: readonly CurrentCell[],
  today: IsoDate,
): HeatmapSession[] {
  const year = yearShown(calendar, pupil, today);
  if (year === null) return [];
  const byKey = new Map(cells.map((c) => [sessionKey(c.date, c.session), c]));
  const keys = new Set<string>();
  const sessions: HeatmapSession[] = [];
  const add = (date: IsoDate, session: Session, code: string | null) => {
    keys.add(sessionKey(date, session));
    sessions.push({ date, session, code, meaning: meaningOf(code, date) });
  };
  for (const date of eachDate(year.from, year.to))
    for (const session of sessionsOn(calendar, date))
      add(date, session, byKey.get(sessionKey(date, session))?.view.code ?? null);
  for (const cell of cells)
    if (
      cell.date >= year.from &&
      cell.date <= year.to &&
      cell.view.code !== null &&
      !keys.has(sessionKey(cell.date, cell.session))
    )
      add(cell.date, cell.session, cell.view.code);
  return sessions.sort((a, b) =>
    a.date === b.date ? a.session.localeCompare(b.session) : a.date < b.date ? -1 : 1,
  );
}

/** The year-to-date figures, and the school's letter thresholds the pupil has reached. */
export interface PupilFigures {
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly stats: PupilStatistics;
  readonly triggers: readonly string[];
}

/**
 * Academic year to date, as `/api/reports/attendance` counts it by default (1 August to today,
 * inside the pupil's admission and leaving dates), with the school's bands and letter thresholds.
 */
export function pupilFigures(
  pupil: PupilRecord,
  cells: readonly CurrentCell[],
  today: IsoDate,
  settings: SchoolSettings | null,
): Result<PupilFigures> {
  const period = yearToDate(today);
  const stats = pupilStatistics(marksOf(cells), {
    ...period,
    admissionDate: pupil.admissionDate,
    leavingDate: pupil.leavingDate,
    bands: settings?.bands ?? [],
  });
  if (!stats.ok) return stats;
  const reached = new Set(triggersMet(stats.value, settings?.letterThresholds ?? []));
  const triggers = (settings?.letterThresholds ?? [])
    .filter((t) => reached.has(t.id))
    .map((t) => t.label);
  return ok({ ...period, stats: stats.value, triggers });
}

/**
 * The pupil's alerts as of today: `computeAlerts` over the whole school year (future sessions
 * included, as the server reads it: a recorded planned absence can already reach a threshold).
 */
export function pupilAlerts(
  calendar: SchoolCalendar,
  settings: SchoolSettings,
  pupil: PupilRecord,
  cells: readonly CurrentCell[],
  today: IsoDate,
): Result<Alerts> {
  const { from, to } = alertsWindow(calendar, today);
  return computeAlerts({
    calendar,
    settings,
    asOf: today,
    pupils: [
      {
        pupilId: pupil.id,
        marks: marksOf(cells.filter((c) => c.date >= from && c.date <= to)),
        admissionDate: pupil.admissionDate,
        leavingDate: pupil.leavingDate,
      },
    ],
  });
}
