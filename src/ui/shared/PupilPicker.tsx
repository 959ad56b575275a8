/**
 * A search box that finds a pupil as you type (three letters of a name, a UPN or a group) and
 * offers the matches below it: arrow keys move, Enter picks, Escape clears. The ARIA combobox
 * pattern, so a screen reader hears how many match and which one is chosen.
 */
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import {
  MIN_QUERY_LETTERS,
  type PupilIndex,
  type PupilMatch,
  type SearchablePupil,
} from './pupilSearch.ts';
import './picker.css';

export interface PupilPickerProps<P extends SearchablePupil> {
  readonly index: PupilIndex<P>;
  readonly label?: string;
  readonly onPick: (match: PupilMatch<P>) => void;
  /** Called with each change of the text, after the matches are worked out. */
  readonly onQuery?: (query: string) => void;
  readonly autoFocus?: boolean;
}

export function PupilPicker<P extends SearchablePupil>(props: PupilPickerProps<P>) {
  const { index, label = 'Find a pupil', onPick, onQuery, autoFocus = false } = props;
  const id = useId();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const matches = useMemo(() => index.find(query), [index, query]);
  const isOpen = matches.length > 0;
  const hint =
    query.trim() === ''
      ? `Type ${String(MIN_QUERY_LETTERS)} letters of a name, a UPN or a group.`
      : matches.length === 0
        ? 'No pupil matches.'
        : `${String(matches.length)} ${matches.length === 1 ? 'pupil matches' : 'pupils match'}.`;

  function pick(match: PupilMatch<P> | undefined): void {
    if (match === undefined) return;
    onPick(match);
    setQuery('');
    setActive(0);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>): void {
    if (event.key === 'ArrowDown' && isOpen) {
      event.preventDefault();
      setActive((i) => (i + 1) % matches.length);
    } else if (event.key === 'ArrowUp' && isOpen) {
      event.preventDefault();
      setActive((i) => (i - 1 + matches.length) % matches.length);
    } else if (event.key === 'Enter' && isOpen) {
      event.preventDefault();
      pick(matches[active]);
    } else if (event.key === 'Escape') {
      setQuery('');
    }
  }

  return (
    <div className="picker">
      <label htmlFor={`${id}-input`}>{label}</label>
      <input
        id={`${id}-input`}
        className="picker-input"
        type="search"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        aria-expanded={isOpen}
        aria-controls={`${id}-list`}
        aria-describedby={`${id}-hint`}
        aria-activedescendant={isOpen ? `${id}-option-${String(active)}` : undefined}
        value={query}
        // The desk and the office open on this box, ready to type.
        autoFocus={autoFocus}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
          onQuery?.(event.target.value);
        }}
        onKeyDown={onKeyDown}
      />
      <p id={`${id}-hint`} className="hint" aria-live="polite">
        {hint}
      </p>
      <ul id={`${id}-list`} role="listbox" aria-label="Matching pupils" className="picker-list">
        {matches.map((match, i) => (
          <li
            key={match.pupil.id}
            id={`${id}-option-${String(i)}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'picker-option is-active' : 'picker-option'}
            onMouseDown={(event) => {
              event.preventDefault();
              pick(match);
            }}
          >
            <span className="picker-name">{match.name}</span>
            <span className="picker-group">{match.groupName}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
