/**
 * The rules engine at a school's scale, in Node: a year of statistics and of alerts for 1,000
 * pupils, the work behind the reports and the alerts (medians of five runs after a warm-up).
 * Timed here rather than in the unit tests, where a busy machine would fail them.
 */
import {
  buildCalendar,
  computeAlerts,
  DEFAULT_SETTINGS,
  groupStatistics,
  pupilStatistics,
  schoolDaysBetween,
  sessionsOn,
  type SessionMark,
} from '../src/domain/index.ts';
import { median } from './measure.ts';

const YEAR_START = '2026-09-02';
const YEAR_END = '2027-07-21';

function timeOf(run: () => void): number {
  run(); // warm up
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    run();
    runs.push(performance.now() - start);
  }
  return Math.round(median(runs) * 10) / 10;
}

export function domainFigures(): Record<string, number> {
  const calendar = buildCalendar({
    terms: [
      { name: 'Autumn 1', start: '2026-09-02', end: '2026-10-23' },
      { name: 'Autumn 2', start: '2026-11-02', end: '2026-12-18' },
      { name: 'Spring 1', start: '2027-01-05', end: '2027-02-12' },
      { name: 'Spring 2', start: '2027-02-22', end: '2027-03-26' },
      { name: 'Summer 1', start: '2027-04-12', end: '2027-05-28' },
      { name: 'Summer 2', start: '2027-06-07', end: '2027-07-21' },
    ],
    closures: [{ date: '2026-11-27', sessions: ['AM', 'PM'], code: '#', note: 'INSET' }],
  });
  if (!calendar.ok) throw new Error(calendar.error.message);
  const year: SessionMark[] = schoolDaysBetween(calendar.value, YEAR_START, YEAR_END)
    .flatMap((date) => sessionsOn(calendar.value, date).map((session) => ({ date, session })))
    .map(({ date, session }, i) => ({
      date,
      session,
      code:
        i % 23 === 0
          ? 'O'
          : i % 31 === 0
            ? 'I'
            : i % 37 === 0
              ? 'L'
              : session === 'AM'
                ? '/'
                : '\\',
    }));
  const pupils = Array.from({ length: 1000 }, (_, i) => ({
    pupilId: `p${String(i)}`,
    marks: year,
  }));
  return {
    statisticsYear1000PupilsMs: timeOf(() => {
      const perPupil = pupils.map((p) => {
        const stats = pupilStatistics(p.marks);
        if (!stats.ok) throw new Error(stats.error.message);
        return stats.value;
      });
      groupStatistics(perPupil);
    }),
    alertsYear1000PupilsMs: timeOf(() => {
      const alerts = computeAlerts({
        calendar: calendar.value,
        settings: DEFAULT_SETTINGS,
        asOf: YEAR_END,
        pupils,
      });
      if (!alerts.ok) throw new Error(alerts.error.message);
    }),
  };
}
