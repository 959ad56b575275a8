/**
 * A pupil's alerts (the rows `computeAlerts` returns, docs/attendance-rules.md §6, §7) as the
 * office reads them on the pupil page: what was reached, with the numbers, and what it asks of
 * the school. `isDue` marks the ones the office must act on now.
 */
import type { Alerts } from '../../domain/index.ts';
import { dayText } from '../shared/time.ts';

export interface AlertLine {
  readonly key: string;
  readonly title: string;
  readonly detail: string;
  readonly isDue: boolean;
}

function days(n: number): string {
  return n === 1 ? '1 school day' : `${String(n)} school days`;
}

function sessions(n: number): string {
  return n === 1 ? '1 session' : `${String(n)} sessions`;
}

export function alertLines(alerts: Alerts): AlertLine[] {
  const lines: AlertLine[] = [];
  for (const row of alerts.firstDay)
    lines.push({
      key: 'first-day',
      title: 'Absent today with no reason',
      detail: `N for ${row.sessions.join(' and ')} today: call the family.`,
      isDue: true,
    });
  for (const row of alerts.penalty)
    lines.push({
      key: 'penalty',
      title: row.reached ? 'Penalty threshold reached' : 'Near the penalty threshold',
      detail:
        `${sessions(row.count)} of unauthorised absence (G, O, U) from ${dayText(row.windowStart)} to ${dayText(row.windowEnd)}` +
        (row.outstandingN > 0
          ? `, and ${sessions(row.outstandingN)} of N still to explain${row.wouldReach && !row.reached ? ' that would reach it' : ''}.`
          : '.'),
      isDue: row.reached,
    });
  for (const row of alerts.continuous20)
    lines.push({
      key: 'continuous-20',
      title: '20 continuous school days of unauthorised absence',
      detail: `${days(row.days)} since ${dayText(row.since)}: children missing education enquiries.`,
      isDue: true,
    });
  for (const row of alerts.continuous10)
    lines.push({
      key: 'continuous-10',
      title: '10 continuous school days of unauthorised absence',
      detail: `${days(row.days)} since ${dayText(row.since)}: tell the local authority.`,
      isDue: true,
    });
  for (const row of alerts.notBack10)
    lines.push({
      key: 'not-back',
      title: 'Not back after leave',
      detail: `Leave (${row.leaveCode}) ended ${dayText(row.leaveEnded)}; away ${days(row.days)} since: children missing education enquiries.`,
      isDue: true,
    });
  for (const row of alerts.suspension5)
    lines.push({
      key: 'suspension',
      title: 'Suspension longer than 5 days',
      detail: `${days(row.days)} from ${dayText(row.start)} to ${dayText(row.end)}: alternative provision from ${dayText(row.provisionFrom)}.`,
      isDue: row.reached,
    });
  for (const row of alerts.sickness15)
    lines.push({
      key: 'sickness',
      title: row.reached ? 'Sickness return due' : 'Sickness return coming',
      detail: row.reached
        ? `${String(row.daysToDate)} days of illness this school year.`
        : `${String(row.daysToDate)} days of illness so far; recorded illness reaches 15 days on ${dayText(row.reachesOn)}.`,
      isDue: row.reached,
    });
  for (const row of alerts.medicalEvidence)
    lines.push({
      key: 'medical',
      title: 'Ask for medical evidence',
      detail: `Ill for ${days(row.days)} in a row since ${dayText(row.since)}.`,
      isDue: true,
    });
  for (const row of alerts.homeVisit)
    lines.push({
      key: 'home-visit',
      title: row.visitDue ? 'Home visit due' : 'Absent: home visit made?',
      detail: `Away ${days(row.days)} in a row since ${dayText(row.since)}.`,
      isDue: row.visitDue,
    });
  for (const row of alerts.lateness)
    lines.push({
      key: 'lateness',
      title: 'Lateness letter',
      detail: `${String(row.count)} late arrivals in ${row.term} (${String(row.late)} L, ${String(row.lateAfterClose)} U).`,
      isDue: true,
    });
  return lines;
}
