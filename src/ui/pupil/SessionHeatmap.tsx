/**
 * A pupil's year as a picture: one square per session (a column a week, Monday to Friday down,
 * the morning above the afternoon), coloured by what the mark means, the chosen session outlined.
 * A click or tap on a square opens the cell's history. The squares are too small to be the way
 * in for fingers and keyboards: the same sessions are in a table beside it (`SessionTable`), each
 * a button, which is also what a screen reader reads; the picture is one image with its summary.
 */
import { useId } from 'react';
import type { IsoDate, Session } from '../../domain/index.ts';
import { addDays, daysBetween, isoWeekday, mondayOf } from '../../domain/index.ts';
import { MEANINGS, type Meaning } from '../office/meaning.ts';
import { dayText } from '../shared/time.ts';

export interface HeatmapSession {
  readonly date: IsoDate;
  readonly session: Session;
  readonly code: string | null;
  readonly meaning: Meaning;
}

export interface SessionHeatmapProps {
  /** Every possible session of the period, in date order; blank ones with `code: null`. */
  readonly sessions: readonly HeatmapSession[];
  readonly label: string;
  /** The session whose history is open, outlined. */
  readonly selected: { readonly date: IsoDate; readonly session: Session } | null;
  readonly onSelect: (date: IsoDate, session: Session) => void;
}

const CELL = 9;
const GAP = 2;
const TOP = 14;
const LEFT = 28;

function position(first: IsoDate, s: HeatmapSession): { x: number; y: number } {
  const week = Math.floor(daysBetween(mondayOf(first), s.date) / 7);
  const day = isoWeekday(s.date) - 1;
  return {
    x: LEFT + week * (CELL + GAP),
    y: TOP + day * (2 * CELL + GAP + 1) + (s.session === 'PM' ? CELL + 1 : 0),
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Month names above the first week of each month, a week belonging to the month of its Thursday
 * (most of its school days), so two names never crowd one column.
 */
function monthLabels(first: IsoDate, last: IsoDate): { x: number; text: string }[] {
  const labels: { x: number; text: string }[] = [];
  let seen = '';
  for (let monday = mondayOf(first); monday <= last; monday = addDays(monday, 7)) {
    const month = addDays(monday, 3).slice(5, 7);
    if (month === seen) continue;
    seen = month;
    const week = Math.floor(daysBetween(mondayOf(first), monday) / 7);
    labels.push({ x: LEFT + week * (CELL + GAP), text: MONTHS[Number(month) - 1] ?? '' });
  }
  return labels;
}

export function SessionHeatmap({ sessions, label, selected, onSelect }: SessionHeatmapProps) {
  const titleId = useId();
  const first = sessions[0]?.date;
  const last = sessions[sessions.length - 1]?.date;
  if (first === undefined || last === undefined)
    return <p className="hint">No school sessions this year while the pupil was on roll.</p>;
  const weeks = Math.floor(daysBetween(mondayOf(first), last) / 7) + 1;
  const chosen =
    selected === null
      ? undefined
      : sessions.find((s) => s.date === selected.date && s.session === selected.session);
  const width = LEFT + weeks * (CELL + GAP);
  const height = TOP + 5 * (2 * CELL + GAP + 1);
  return (
    <figure className="heatmap">
      <svg
        role="img"
        aria-labelledby={titleId}
        viewBox={`0 0 ${String(width)} ${String(height)}`}
        width={width * 2}
        style={{ maxWidth: '100%', height: 'auto' }}
      >
        <title id={titleId}>{label}</title>
        {monthLabels(first, last).map((m) => (
          <text key={`${String(m.x)}-${m.text}`} x={m.x} y={9} className="heatmap-label">
            {m.text}
          </text>
        ))}
        {['Mon', 'Tue', 'Wed', 'Thu', 'Fri'].map((day, i) => (
          <text
            key={day}
            x={0}
            y={TOP + i * (2 * CELL + GAP + 1) + CELL + 3}
            className="heatmap-label"
          >
            {day}
          </text>
        ))}
        {sessions.map((s) => {
          const { x, y } = position(first, s);
          return (
            <rect
              key={`${s.date}-${s.session}`}
              x={x}
              y={y}
              width={CELL}
              height={CELL}
              className={`heatmap-cell meaning-${s.meaning}`}
              onClick={() => {
                onSelect(s.date, s.session);
              }}
            >
              <title>{`${dayText(s.date)} ${s.session}: ${s.code ?? 'no mark'} (${MEANINGS[s.meaning].label})`}</title>
            </rect>
          );
        })}
        {chosen !== undefined && (
          <rect
            x={position(first, chosen).x - 1}
            y={position(first, chosen).y - 1}
            width={CELL + 2}
            height={CELL + 2}
            className="heatmap-chosen"
          />
        )}
      </svg>
      <figcaption>
        <ul className="heatmap-legend" aria-label="Key">
          {(Object.keys(MEANINGS) as Meaning[]).map((meaning) => (
            <li key={meaning}>
              <span className={`heatmap-swatch meaning-${meaning}`} aria-hidden="true" />
              {MEANINGS[meaning].label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
