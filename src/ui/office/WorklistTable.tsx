/**
 * The unexplained-absence worklist as a table: oldest deadline first, overdue rows in red with
 * their box to tick for the bulk change to `O`, each pupil's name a button that opens the row.
 */
import type { UnexplainedRow } from '../../domain/index.ts';
import { dayText } from '../shared/time.ts';

/** A worklist row as the screen shows it. */
export interface WorklistRow extends UnexplainedRow {
  readonly key: string;
  readonly groupName: string;
  /** "Register close", or the name of whoever recorded the `N`. */
  readonly recordedBy: string;
}

export interface WorklistTableProps {
  readonly rows: readonly WorklistRow[];
  readonly chosen: ReadonlySet<string>;
  readonly openKey: string | null;
  readonly onChoose: (key: string, isChosen: boolean) => void;
  readonly onOpen: (row: WorklistRow) => void;
}

/** "3 school days left", "due today", "2 school days overdue". */
export function daysLeftText(left: number): string {
  if (left === 0) return 'Due today';
  const days = Math.abs(left) === 1 ? '1 school day' : `${String(Math.abs(left))} school days`;
  return left > 0 ? `${days} left` : `${days} overdue`;
}

function recordedText(row: WorklistRow): string {
  if (row.recordedAt === null) return row.recordedBy;
  const at = new Date(row.recordedAt);
  const time = at.toLocaleTimeString('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/London',
  });
  return `${row.recordedBy}, ${time}`;
}

export function WorklistTable({ rows, chosen, openKey, onChoose, onOpen }: WorklistTableProps) {
  return (
    <div className="table-wrap">
      <table className="table worklist">
        <caption className="visually-hidden">
          Unexplained absences, oldest deadline first. Overdue ones can be chosen for changing to O.
        </caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Choose</span>
            </th>
            <th scope="col">Pupil</th>
            <th scope="col">Group</th>
            <th scope="col">Session</th>
            <th scope="col">Deadline</th>
            <th scope="col">Left</th>
            <th scope="col">Recorded by</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={row.key}
              className={[
                row.overdue ? 'is-overdue' : '',
                row.key === openKey ? 'is-open' : '',
              ].join(' ')}
            >
              <td>
                {row.overdue && (
                  <input
                    type="checkbox"
                    className="check"
                    aria-label={`Choose ${row.name}, ${dayText(row.date)} ${row.session}`}
                    checked={chosen.has(row.key)}
                    onChange={(event) => {
                      onChoose(row.key, event.target.checked);
                    }}
                  />
                )}
              </td>
              <th scope="row">
                <button
                  type="button"
                  className="button-link row-open"
                  data-row={row.key}
                  aria-expanded={row.key === openKey}
                  onClick={() => {
                    onOpen(row);
                  }}
                >
                  {row.name}
                </button>
                {row.priority && <span className="tag tag-priority">Priority</span>}
              </th>
              <td>{row.groupName}</td>
              <td>
                {dayText(row.date)} {row.session}
              </td>
              <td>{dayText(row.deadline)}</td>
              <td className={row.overdue ? 'overdue-text' : ''}>
                {daysLeftText(row.schoolDaysLeft)}
              </td>
              <td>{recordedText(row)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
