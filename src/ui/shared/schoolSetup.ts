/**
 * The school details the register screens need, read from the device database: session times
 * and the calendar. The school record keeps both as the server sent them (`settings` and
 * `calendar` are unknown JSON), so they are checked with the bundle's zod schemas and turned into
 * domain objects here, the way the server's school context does it.
 */
import {
  buildCalendar,
  err,
  ok,
  timesFor,
  type Result,
  type SchoolCalendar,
  type SchoolSessionTimes,
  type Session,
  type SessionTimes,
} from '../../domain/index.ts';
import { calendarInputSchema } from '../../schema/reference.ts';
import { storedSessionTimesSchema } from '../../schema/sessionTimes.ts';
import { SINGLE_KEY, type RollcallDb } from '../../storage/db.ts';
import type { SchoolSetupProblem } from '../../text/staffText.ts';
import { parseRow, schoolRecordSchema, type GroupRecord } from '../../storage/records.ts';

/** What the screens know about the school. */
export interface SchoolSetup {
  readonly name: string;
  readonly sessionTimes: SchoolSessionTimes;
  readonly calendar: SchoolCalendar;
}

export type { SchoolSetupProblem };

/** The school's details, or why they cannot be used yet. */
export type SchoolSetupResult = Result<SchoolSetup, SchoolSetupProblem>;

/** Reads and checks the school record; `not-downloaded` before the first sync. */
export async function readSchoolSetup(db: RollcallDb): Promise<SchoolSetupResult> {
  const row = parseRow('school', schoolRecordSchema, await db.school.get(SINGLE_KEY), SINGLE_KEY);
  if (!row.ok) return err('unreadable');
  if (row.value === undefined) return err('not-downloaded');
  const settings = storedSessionTimesSchema.safeParse(row.value.settings);
  const calendarInput = calendarInputSchema.safeParse(row.value.calendar);
  if (!settings.success || !calendarInput.success) return err('unreadable');
  const calendar = buildCalendar(calendarInput.data);
  if (!calendar.ok) return err('unreadable');
  return ok({
    name: row.value.name,
    sessionTimes: settings.data.sessionTimes,
    calendar: calendar.value,
  });
}

/** A group's times for a session: its own override, else the school's (domain `timesFor`). */
export function groupSessionTimes(
  school: SchoolSetup,
  group: GroupRecord,
  session: Session,
): SessionTimes | null {
  const times = timesFor(school.sessionTimes, group.sessionTimes, session);
  return times.ok ? times.value : null;
}
