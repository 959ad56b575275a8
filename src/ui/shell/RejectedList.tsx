/** The signed-in person's marks the server refused, with its reasons (docs/architecture.md §5). */
import { useLiveQuery } from 'dexie-react-hooks';
import { pupilName } from '../../domain/people.ts';
import { ok } from '../../domain/result.ts';
import { listRejected } from '../../storage/outbox.ts';
import type { RejectedEntry } from '../../storage/records.ts';
import { useApp } from '../shared/AppContext.tsx';
import { schoolTimeOf } from '../shared/time.ts';
import { dateTimeOf } from './format.ts';

export interface RejectedListProps {
  readonly authorId: string;
}

interface Row {
  readonly entry: RejectedEntry;
  readonly pupil: string;
}

function whatOf(entry: RejectedEntry): { when: string; what: string } {
  const { op } = entry;
  switch (op.kind) {
    case 'mark':
      return { when: `${op.date} ${op.session}`, what: op.code === null ? 'Cleared' : op.code };
    case 'movement':
      return {
        when: `${op.date} ${op.at}`,
        what: op.direction === 'in' ? 'Signed in' : 'Signed out',
      };
    case 'call':
      return { when: `${op.date} ${op.at}`, what: `Call to ${op.contact}` };
    case 'rollcall':
      return {
        when: `${op.date} ${schoolTimeOf(Date.parse(op.recordedAt))}`,
        what: ROLL_CALL_STEP_TEXT[op.action],
      };
  }
}

const ROLL_CALL_STEP_TEXT = {
  start: 'Roll call started',
  tick: 'Ticked off (roll call)',
  untick: 'Tick taken back (roll call)',
  end: 'Roll call ended',
} as const;

/** A table of refused ops, oldest first. */
export function RejectedList({ authorId }: RejectedListProps) {
  const { db } = useApp();
  const rows = useLiveQuery(async () => {
    const rejected = await listRejected(db);
    if (!rejected.ok) return rejected;
    const mine = rejected.value.filter((entry) => entry.authorId === authorId);
    const pupils = await db.pupils.bulkGet(mine.map((entry) => entry.op.pupilId ?? ''));
    const named: Row[] = mine.map((entry, i) => {
      const pupil = pupils[i];
      return {
        entry,
        pupil: pupil === undefined ? (entry.op.pupilId ?? '—') : pupilName(pupil),
      };
    });
    return ok(named);
  }, [db, authorId]);

  if (rows === undefined) return <p>Loading…</p>;
  if (!rows.ok) return <p className="error-text">{rows.error.message}</p>;
  if (rows.value.length === 0) return <p>The server has not refused any of your marks.</p>;
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Refused marks, oldest first</caption>
        <thead>
          <tr>
            <th scope="col">Pupil</th>
            <th scope="col">Date and session</th>
            <th scope="col">Mark</th>
            <th scope="col">Why it was refused</th>
            <th scope="col">Refused</th>
          </tr>
        </thead>
        <tbody>
          {rows.value.map(({ entry, pupil }) => {
            const { when, what } = whatOf(entry);
            return (
              <tr key={entry.opId}>
                <td>{pupil}</td>
                <td>{when}</td>
                <td>{what}</td>
                <td>
                  {entry.reason === '' ? entry.code : entry.reason}{' '}
                  <span className="code-tag">{entry.code}</span>
                </td>
                <td>{dateTimeOf(entry.at)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
