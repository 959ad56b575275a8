/**
 * The sessions a phone-in will write, before it is written: each one, and the mark it replaces
 * (or that the pupil is not on roll that day), so the office sees what the save will do.
 */
import { useId } from 'react';
import { codeOn } from '../../domain/index.ts';
import { dayText } from '../shared/time.ts';
import { sessionCount, spanText, type PreviewRow } from './recordSessions.ts';

export interface RecordPreviewProps {
  readonly rows: readonly PreviewRow[];
  /** The pupil's name, or null before one is chosen. */
  readonly pupilName: string | null;
}

function markText(row: PreviewRow): string {
  if (!row.isOnRoll) return 'Not on roll';
  if (row.currentCode === null) return 'No mark yet';
  const info = codeOn(row.currentCode, row.date);
  const meaning = info.ok ? ` — ${info.value.meaning}` : '';
  return `${row.currentCode}${meaning} · ${row.currentBy ?? ''}`;
}

function rowClass(row: PreviewRow): string | undefined {
  if (!row.isOnRoll) return 'is-off-roll';
  return row.currentCode === null ? undefined : 'is-replaced';
}

function summary(rows: readonly PreviewRow[], pupilName: string | null): string {
  const span = `${sessionCount(rows.length)}: ${spanText(rows)}.`;
  if (pupilName === null) return `${span} Find the pupil to see their marks.`;
  const off = rows.filter((row) => !row.isOnRoll).length;
  const marked = rows.filter((row) => row.isOnRoll && row.currentCode !== null).length;
  const parts = [span];
  if (off > 0) parts.push(`${pupilName} is not on roll for ${sessionCount(off)}.`);
  if (marked > 0)
    parts.push(
      `${sessionCount(marked)} already ${marked === 1 ? 'has' : 'have'} a mark, which this replaces.`,
    );
  return parts.join(' ');
}

export function RecordPreview({ rows, pupilName }: RecordPreviewProps) {
  const captionId = useId();
  return (
    <div className="record-preview">
      <p className="record-summary">{summary(rows, pupilName)}</p>
      {pupilName !== null && (
        <div
          className="table-wrap record-sessions"
          role="region"
          aria-labelledby={captionId}
          tabIndex={0}
        >
          <table className="table">
            <caption id={captionId} className="visually-hidden">
              Sessions to record for {pupilName}
            </caption>
            <thead>
              <tr>
                <th scope="col">Session</th>
                <th scope="col">Mark it replaces</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key} className={rowClass(row)}>
                  <th scope="row">
                    {dayText(row.date)} {row.session}
                  </th>
                  <td>{markText(row)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
