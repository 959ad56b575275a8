/**
 * The pupil's late arrivals this year (their `L` and `U` marks, with the arrival time) and their
 * signings in and out at reception, newest first.
 */
import { authorName, type IsoDate } from '../../domain/index.ts';
import type { Movement } from '../../storage/records.ts';
import type { SchoolData } from '../shared/schoolData.ts';
import { dayText } from '../shared/time.ts';
import type { HeatmapSession } from './SessionHeatmap.tsx';

export interface LateArrival {
  readonly date: IsoDate;
  readonly session: string;
  readonly code: string;
  readonly arrivedAt: string | null;
}

export interface PupilMovementsProps {
  readonly late: readonly LateArrival[];
  readonly movements: readonly Movement[] | null;
  readonly school: SchoolData;
}

/** The late marks among the year's sessions, newest first. */
export function lateArrivals(
  sessions: readonly HeatmapSession[],
  arrivals: ReadonlyMap<string, string | null>,
): LateArrival[] {
  return sessions
    .filter((s) => s.code === 'L' || s.code === 'U')
    .map((s) => ({
      date: s.date,
      session: s.session,
      code: s.code ?? '',
      arrivedAt: arrivals.get(`${s.date}|${s.session}`) ?? null,
    }))
    .reverse();
}

export function PupilMovements({ late, movements, school }: PupilMovementsProps) {
  return (
    <section aria-labelledby="pupil-movements-title">
      <h2 id="pupil-movements-title">Late arrivals and movements</h2>
      <h3>Late arrivals this year</h3>
      {late.length === 0 ? (
        <p className="hint">No late arrivals this year.</p>
      ) : (
        <ul className="plain-list">
          {late.map((l) => (
            <li key={`${l.date}|${l.session}`}>
              {dayText(l.date)} {l.session}: {l.code}
              {l.arrivedAt === null ? '' : `, arrived ${l.arrivedAt}`}
            </li>
          ))}
        </ul>
      )}
      <h3>Signed in and out at reception</h3>
      {movements === null ? (
        <p aria-busy="true">Reading…</p>
      ) : movements.length === 0 ? (
        <p className="hint">No signings in or out on this device.</p>
      ) : (
        <ul className="plain-list">
          {movements.map((m) => (
            <li key={m.opId}>
              {dayText(m.date)} {m.at}: {m.direction === 'out' ? 'signed out' : 'signed in'}
              {m.reason === null ? '' : ` (${m.reason})`}
              {m.accompaniedBy === null
                ? ''
                : `, ${m.direction === 'out' ? 'collected by' : 'brought by'} ${m.accompaniedBy}`}
              <span className="hint"> · {authorName(school.staff, m.authorId)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
