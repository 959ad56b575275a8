/** Dates and times as every screen shows them, on the school's clock (Europe/London). */
import { toSchoolTime, type IsoDate } from '../../domain/index.ts';

/** The school's wall-clock time at an instant, `HH:mm`. */
export function schoolTimeOf(instantMs: number): string {
  return toSchoolTime(instantMs).time;
}

/** The school's date at an instant, `yyyy-MM-dd`. */
export function schoolDateOf(instantMs: number): IsoDate {
  return toSchoolTime(instantMs).date;
}

const DAY_FORMAT = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});

/** "Wed 2 Dec" for an ISO date (a calendar label, so read in UTC where it has no offset). */
export function dayText(date: IsoDate): string {
  return DAY_FORMAT.format(new Date(`${date}T00:00:00Z`));
}
