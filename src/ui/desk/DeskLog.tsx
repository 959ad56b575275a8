/**
 * Today's desk log: every late arrival and movement of the day, newest first, with who recorded
 * it, whether it has reached the server, and the pupil's mark for the session now.
 */
import {
  arrivalSession,
  authorName,
  parseHhmm,
  pupilName,
  type IsoDate,
  type Session,
} from '../../domain/index.ts';
import { movementText } from '../shared/movementText.ts';
import type { SchoolData } from '../shared/schoolData.ts';
import { dayText } from '../shared/time.ts';
import type { DeskDay, DeskEntry } from './deskData.ts';
import { dayTimesOf, pupilDay } from './deskWrites.ts';

export interface DeskLogProps {
  readonly school: SchoolData;
  /** Null while the day is read. */
  readonly day: DeskDay | null;
  readonly today: IsoDate;
}

const STATE_WORDS: Record<DeskEntry['state'], string> = {
  synced: 'Sent',
  unsent: 'Not sent yet',
  refused: 'Refused',
};

function whatText(entry: DeskEntry, day: DeskDay): string {
  if (entry.kind === 'arrival') {
    const parts = [`Late arrival ${entry.at}: ${entry.code ?? ''}`];
    if (entry.reason !== null) parts.push(entry.reason);
    if (entry.note !== null) parts.push(entry.note);
    return parts.join('. ');
  }
  const before = day.movements.get(entry.pupilId) ?? [];
  const isReturn =
    entry.kind === 'in' && before.some((m) => m.direction === 'out' && m.at <= entry.at);
  return movementText(
    {
      direction: entry.kind,
      at: entry.at,
      reason: entry.reason,
      accompaniedBy: entry.accompaniedBy,
    },
    isReturn,
  );
}

function sessionOf(entry: DeskEntry, school: SchoolData): Session | null {
  if (entry.session !== null) return entry.session;
  const pupil = school.pupils.get(entry.pupilId);
  const times = pupil === undefined ? null : dayTimesOf(school, pupil);
  const at = parseHhmm(entry.at);
  return times === null || !at.ok ? null : arrivalSession(times, at.value);
}

function LogLine({ entry, school, day }: { entry: DeskEntry; school: SchoolData; day: DeskDay }) {
  const pupil = school.pupils.get(entry.pupilId);
  const group = pupil === undefined ? '' : (school.groups.get(pupil.groupId)?.name ?? '');
  const session = sessionOf(entry, school);
  const mark = session === null ? null : pupilDay(day, entry.pupilId).marks[session];
  return (
    <li className="desk-log-line" data-state={entry.state}>
      <span className="desk-log-time">{entry.at}</span>
      <span className="desk-log-pupil">
        {pupil === undefined ? 'A pupil not on this device' : pupilName(pupil)}
        {group !== '' && <span className="desk-log-group"> · {group}</span>}
      </span>
      <span className="desk-log-what">{whatText(entry, day)}</span>
      <span className="desk-log-meta">
        {session === null ? '' : `${session} mark: ${mark ?? 'none yet'} · `}
        By {authorName(school.staff, entry.authorId)} ·{' '}
        <span className="desk-log-state">{STATE_WORDS[entry.state]}</span>
        {entry.refusal !== null && `: ${entry.refusal}`}
      </span>
    </li>
  );
}

export function DeskLog({ school, day, today }: DeskLogProps) {
  return (
    <section className="desk-log" aria-labelledby="desk-log-title">
      <h2 id="desk-log-title">Today’s desk log · {dayText(today)}</h2>
      {day === null ? (
        <p aria-busy="true">Reading today’s log…</p>
      ) : day.entries.length === 0 ? (
        <p className="hint">Nobody has been signed in or out today.</p>
      ) : (
        <ol className="desk-log-list" aria-label="Arrivals and movements, newest first">
          {day.entries.map((entry) => (
            <LogLine key={entry.opId} entry={entry} school={school} day={day} />
          ))}
        </ol>
      )}
    </section>
  );
}
