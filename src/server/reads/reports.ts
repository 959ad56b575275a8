/**
 * Reports computed with the domain's statistics and alerts (docs/sync-protocol.md §8): attendance
 * by pupil, group, year or cohort; the statutory and policy alerts; and the marks export.
 */
import type { Kysely } from 'kysely';
import { schoolDaysBetween, sessionsOn } from '../../domain/calendar.ts';
import { CODE_SET_2024_FROM } from '../../domain/codes.ts';
import { addDays, eachDate, type IsoDate } from '../../domain/dates.ts';
import { alertsWindow, computeAlerts } from '../../domain/alerts.ts';
import {
  countSessions,
  describeCounts,
  groupStatistics,
  type GroupStatistics,
  type PupilStatistics,
  type SessionCounts,
  type SessionMark,
} from '../../domain/statistics.ts';
import { COHORT_FLAGS } from '../../schema/bundle.ts';
import {
  MARKS_CSV_HEADER,
  type AlertsReport,
  type ReportBy,
  type ReportRow,
} from '../../schema/reads.ts';
import { isOnRoll, pupilName } from '../../domain/people.ts';
import type { PupilInfo, SchoolContext } from '../school/context.ts';
import type { Database } from '../store/schema.ts';
import { err, ok } from '../../domain/result.ts';
import type { Served } from '../failures.ts';
import { callsOn } from './calls.ts';

/** Each pupil's current marks in a period, one line per session. */
async function marksByPupil(
  db: Kysely<Database>,
  schoolId: string,
  from: IsoDate,
  to: IsoDate,
  pupilIds?: readonly string[],
): Promise<Map<string, SessionMark[]>> {
  let query = db
    .selectFrom('amendments')
    .select(['pupil_id', 'date', 'session', 'code'])
    .where('school_id', '=', schoolId)
    .where('outcome', '=', 'current')
    .where('date', '>=', from)
    .where('date', '<=', to);
  if (pupilIds !== undefined) query = query.where('pupil_id', 'in', pupilIds);
  const rows = await query.execute();
  return groupByPupil(
    rows.map((r) => ({
      pupilId: r.pupil_id,
      mark: { date: r.date, session: r.session === 'PM' ? 'PM' : 'AM', code: r.code },
    })),
  );
}

function groupByPupil(
  rows: readonly { pupilId: string; mark: SessionMark }[],
): Map<string, SessionMark[]> {
  const byPupil = new Map<string, SessionMark[]>();
  for (const { pupilId, mark } of rows) {
    let list = byPupil.get(pupilId);
    if (list === undefined) byPupil.set(pupilId, (list = []));
    list.push(mark);
  }
  return byPupil;
}

/**
 * Each pupil's marks in a period, tallied by the database: one line per pupil per code, from an
 * index-only scan, so a year of a thousand pupils is a few thousand lines instead of four hundred
 * thousand. A period that spans 19 August 2024 is tallied in two parts, because the code sets
 * differ (a 2023 `J` is attendance). Pupils admitted or leaving inside the period are read
 * session by session instead, so that only their sessions on roll count.
 */
async function tallyByPupil(
  db: Kysely<Database>,
  school: SchoolContext,
  from: IsoDate,
  to: IsoDate,
): Promise<Map<string, SessionMark[]>> {
  const parts =
    from < CODE_SET_2024_FROM && CODE_SET_2024_FROM <= to
      ? [
          [from, addDays(CODE_SET_2024_FROM, -1)],
          [CODE_SET_2024_FROM, to],
        ]
      : [[from, to]];
  // Only pupils whose roll dates cut through the period's school days need reading one by one.
  const days = schoolDaysBetween(school.calendar, from, to);
  const first = days[0] ?? from;
  const last = days[days.length - 1] ?? to;
  const partial = [...school.pupils.values()]
    .filter((p) => p.admissionDate > first || (p.leavingDate !== null && p.leavingDate < last))
    .map((p) => p.id);
  const partialSet = new Set(partial);
  const lines: { pupilId: string; mark: SessionMark }[] = [];
  for (const [lo = from, hi = to] of parts) {
    const rows = await db
      .selectFrom('amendments')
      .select((eb) => ['pupil_id', 'code', eb.fn.countAll<string>().as('n')])
      .where('school_id', '=', school.id)
      .where('outcome', '=', 'current')
      .where('date', '>=', lo)
      .where('date', '<=', hi)
      .groupBy(['pupil_id', 'code'])
      .execute();
    for (const r of rows) {
      if (!partialSet.has(r.pupil_id))
        lines.push({
          pupilId: r.pupil_id,
          mark: { date: lo, session: 'AM', code: r.code, count: Number(r.n) },
        });
    }
  }
  const byPupil = groupByPupil(lines);
  if (partial.length > 0) {
    for (const [pupilId, marks] of await marksByPupil(db, school.id, from, to, partial))
      byPupil.set(pupilId, marks);
  }
  return byPupil;
}

function onRollDuring(pupil: PupilInfo, from: IsoDate, to: IsoDate): boolean {
  return pupil.admissionDate <= to && (pupil.leavingDate === null || pupil.leavingDate >= from);
}

function keysOf(pupil: PupilInfo, school: SchoolContext, by: ReportBy): string[] {
  switch (by) {
    case 'pupil':
      return [pupil.id];
    case 'group':
      return [pupil.groupId];
    case 'year':
      return [String(school.groups.get(pupil.groupId)?.yearGroup ?? '')];
    case 'cohort':
      return [
        'all',
        `sex:${pupil.sex}`,
        ...COHORT_FLAGS.filter((flag) => pupil.flags[flag] === true),
      ];
  }
}

export async function attendanceReport(
  db: Kysely<Database>,
  school: SchoolContext,
  from: IsoDate,
  to: IsoDate,
  by: ReportBy,
): Promise<Served<ReportRow[]>> {
  const marks = await tallyByPupil(db, school, from, to);
  const groups = new Map<string, SessionCounts[]>();
  for (const pupil of school.pupils.values()) {
    if (!onRollDuring(pupil, from, to)) continue;
    const counts = countSessions(marks.get(pupil.id) ?? [], {
      from,
      to,
      admissionDate: pupil.admissionDate,
      leavingDate: pupil.leavingDate,
    });
    if (!counts.ok) return err({ code: 'uncountable', message: counts.error.message });
    for (const key of keysOf(pupil, school, by))
      groups.set(key, [...(groups.get(key) ?? []), counts.value]);
  }
  return ok([...groups.entries()].map(([key, list]) => reportRow(school, by, key, list)));
}

/** The session counts every line of the report shows, for a pupil or a set of pupils. */
function figures(stats: PupilStatistics | GroupStatistics) {
  return {
    possible: stats.possible,
    attendance: stats.attendance,
    authorised: stats.authorised,
    unauthorised: stats.unauthorised,
    attendancePct: stats.attendancePct,
    absencePct: stats.absencePct,
  };
}

/** One line of the report: a pupil's figures (`by=pupil`), or a group's, year's or cohort's. */
function reportRow(
  school: SchoolContext,
  by: ReportBy,
  key: string,
  list: readonly SessionCounts[],
): ReportRow {
  const bands = school.settings.bands;
  if (by === 'pupil') {
    const pupil = school.pupils.get(key);
    const stats = describeCounts(
      list[0] ?? { possible: 0, attendance: 0, authorised: 0, unauthorised: 0 },
      bands,
    );
    return {
      key,
      name: pupil === undefined ? '' : pupilName(pupil),
      groupId: pupil?.groupId,
      ...figures(stats),
      persistent: stats.isPersistent,
      severe: stats.isSevere,
      band: stats.band,
    };
  }
  const stats = groupStatistics(list, bands);
  return {
    key,
    pupils: stats.pupils,
    ...figures(stats),
    persistent: stats.persistent,
    severe: stats.severe,
    band: stats.band,
  };
}

/**
 * Every alert as of `asOf`; each first-day row also carries the pupil's contacts as stored and the
 * calls already logged about them for that day, so the office rings from one list.
 */
export async function alertsReport(
  db: Kysely<Database>,
  school: SchoolContext,
  asOf: IsoDate,
): Promise<Served<Omit<AlertsReport, 'asOf'>>> {
  const { from, to } = alertsWindow(school.calendar, asOf);
  const marks = await marksByPupil(db, school.id, from, to);
  // In pupil id order (as a device's database lists them), so the rows come in a stable order.
  const byId = [...school.pupils.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const pupils = byId.map((p) => ({
    pupilId: p.id,
    marks: marks.get(p.id) ?? [],
    admissionDate: p.admissionDate,
    leavingDate: p.leavingDate,
  }));
  const alerts = computeAlerts({
    calendar: school.calendar,
    settings: school.settings,
    asOf,
    pupils,
  });
  if (!alerts.ok) return err({ code: 'uncountable', message: alerts.error.message });
  const calls = await callsOn(db, school.id, asOf);
  const firstDay = alerts.value.firstDay.map((row) => ({
    ...row,
    contacts: school.pupils.get(row.pupilId)?.contacts ?? [],
    calls: calls.get(row.pupilId) ?? [],
  }));
  return ok({ ...alerts.value, firstDay });
}

/** Quotes a CSV field, and defuses spreadsheet formulas (a name starting with = + - @). */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export async function marksCsv(
  db: Kysely<Database>,
  school: SchoolContext,
  from: IsoDate,
  to: IsoDate,
): Promise<string> {
  const rows = await db
    .selectFrom('amendments')
    .select(['pupil_id', 'date', 'session', 'code', 'minutes_late'])
    .where('school_id', '=', school.id)
    .where('outcome', '=', 'current')
    .where('date', '>=', from)
    .where('date', '<=', to)
    .execute();
  const recorded = new Map(rows.map((r) => [`${r.pupil_id}|${r.date}|${r.session}`, r]));
  const pupils = [...school.pupils.values()].sort(
    (a, b) =>
      a.familyName.localeCompare(b.familyName) ||
      a.givenName.localeCompare(b.givenName) ||
      a.id.localeCompare(b.id),
  );
  const lines = [MARKS_CSV_HEADER];
  for (const pupil of pupils) {
    const group = school.groups.get(pupil.groupId)?.name ?? pupil.groupId;
    for (const date of eachDate(from, to)) {
      const held = new Set(isOnRoll(pupil, date) ? sessionsOn(school.calendar, date) : []);
      for (const session of ['AM', 'PM'] as const) {
        const mark = recorded.get(`${pupil.id}|${date}|${session}`);
        if (!held.has(session) && mark === undefined) continue;
        const fields = [
          pupil.upn,
          pupil.id,
          pupil.familyName,
          pupil.givenName,
          group,
          date,
          session,
          mark?.code ?? '',
          mark?.minutes_late == null ? '' : String(mark.minutes_late),
        ];
        lines.push(fields.map(csvField).join(','));
      }
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
