/**
 * The heatmap's sessions as a table, a month at a time: a row per school day, the morning and
 * the afternoon each a button showing the mark, which opens the cell's history. This is the way
 * in for the keyboard, a finger and a screen reader (the picture's squares are too small).
 */
import { useId } from 'react';
import type { IsoDate, Session } from '../../domain/index.ts';
import { MEANINGS } from '../office/meaning.ts';
import { dayText } from '../shared/time.ts';
import type { HeatmapSession } from './SessionHeatmap.tsx';

export interface SessionTableProps {
  readonly sessions: readonly HeatmapSession[];
  /** `yyyy-MM` of the month shown. */
  readonly month: string;
  readonly onMonth: (month: string) => void;
  readonly selected: { readonly date: IsoDate; readonly session: Session } | null;
  readonly onSelect: (date: IsoDate, session: Session) => void;
}

const MONTH_NAME = new Intl.DateTimeFormat('en-GB', {
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const MONTH_SHORT = new Intl.DateTimeFormat('en-GB', { month: 'short', timeZone: 'UTC' });

export function monthOf(date: IsoDate): string {
  return date.slice(0, 7);
}

function monthDate(month: string): Date {
  return new Date(`${month}-01T00:00:00Z`);
}

/** The months the sessions cover, in order. */
export function monthsOf(sessions: readonly HeatmapSession[]): string[] {
  return [...new Set(sessions.map((s) => monthOf(s.date)))];
}

/** The words a screen reader hears for a session's button. */
export function sessionLabel(s: HeatmapSession): string {
  return `${dayText(s.date)} ${s.session}: ${s.code ?? 'no mark'} (${MEANINGS[s.meaning].label})`;
}

function SessionButton(props: {
  readonly s: HeatmapSession | undefined;
  readonly isSelected: boolean;
  readonly onSelect: (date: IsoDate, session: Session) => void;
}) {
  const { s, isSelected, onSelect } = props;
  if (s === undefined) return <span className="hint">No session</span>;
  return (
    <button
      type="button"
      className={isSelected ? 'session-button is-selected' : 'session-button'}
      aria-label={sessionLabel(s)}
      aria-current={isSelected ? 'true' : undefined}
      data-session={`${s.date}|${s.session}`}
      onClick={() => {
        onSelect(s.date, s.session);
      }}
    >
      <span className={`heatmap-swatch meaning-${s.meaning}`} aria-hidden="true" />
      <span aria-hidden={s.code === null}>{s.code ?? '–'}</span>
    </button>
  );
}

export function SessionTable({ sessions, month, onMonth, selected, onSelect }: SessionTableProps) {
  const id = useId();
  const days = new Map<IsoDate, Partial<Record<Session, HeatmapSession>>>();
  for (const s of sessions) {
    if (monthOf(s.date) !== month) continue;
    days.set(s.date, { ...days.get(s.date), [s.session]: s });
  }
  const isSelected = (date: IsoDate, session: Session) =>
    selected?.date === date && selected.session === session;
  return (
    <div className="session-table">
      <div className="month-choice" role="group" aria-label="Month shown in the table">
        {monthsOf(sessions).map((m) => (
          <button
            key={m}
            type="button"
            className="button month-button"
            aria-pressed={m === month}
            aria-label={MONTH_NAME.format(monthDate(m))}
            onClick={() => {
              onMonth(m);
            }}
          >
            {MONTH_SHORT.format(monthDate(m))}
          </button>
        ))}
      </div>
      <div className="table-wrap">
        <table className="table" aria-describedby={`${id}-how`}>
          <caption>Sessions in {MONTH_NAME.format(monthDate(month))}</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Morning</th>
              <th scope="col">Afternoon</th>
            </tr>
          </thead>
          <tbody>
            {[...days].map(([date, day]) => (
              <tr key={date}>
                <th scope="row">{dayText(date)}</th>
                <td>
                  <SessionButton
                    s={day.AM}
                    isSelected={isSelected(date, 'AM')}
                    onSelect={onSelect}
                  />
                </td>
                <td>
                  <SessionButton
                    s={day.PM}
                    isSelected={isSelected(date, 'PM')}
                    onSelect={onSelect}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p id={`${id}-how`} className="hint">
        Choose a session to see its history and amend its mark.
      </p>
    </div>
  );
}
