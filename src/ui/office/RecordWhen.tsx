/**
 * Which sessions a phone-in covers: today PM, today, today to Friday (the quick choices, one
 * keystroke each with the arrow keys), or from a first session to a last one.
 */
import { useId } from 'react';
import type { IsoDate, Session } from '../../domain/index.ts';
import { dayText } from '../shared/time.ts';
import { fridayOf, type RangeFields, type When, type WhenKind } from './recordSessions.ts';

export interface RecordWhenProps {
  readonly when: When;
  readonly today: IsoDate;
  readonly onChange: (when: When) => void;
}

function choices(today: IsoDate): readonly { kind: WhenKind; label: string }[] {
  return [
    { kind: 'today-pm', label: `Today PM (${dayText(today)})` },
    { kind: 'today', label: 'Today (AM and PM)' },
    { kind: 'to-friday', label: `Today to Friday (${dayText(fridayOf(today))})` },
    { kind: 'range', label: 'From … to …' },
  ];
}

function SessionSelect(props: {
  readonly id: string;
  readonly label: string;
  readonly value: Session;
  readonly onChange: (session: Session) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select
        id={props.id}
        value={props.value}
        onChange={(event) => {
          props.onChange(event.target.value === 'PM' ? 'PM' : 'AM');
        }}
      >
        <option value="AM">AM</option>
        <option value="PM">PM</option>
      </select>
    </div>
  );
}

export function RecordWhen({ when, today, onChange }: RecordWhenProps) {
  const id = useId();
  const setRange = (change: Partial<RangeFields>) => {
    onChange({ ...when, range: { ...when.range, ...change } });
  };
  return (
    <fieldset className="choices record-when">
      <legend>Sessions</legend>
      <div className="choices-inline">
        {choices(today).map((choice) => (
          <label key={choice.kind} className="choice">
            <input
              type="radio"
              name={`${id}-when`}
              value={choice.kind}
              checked={when.kind === choice.kind}
              onChange={() => {
                onChange({ ...when, kind: choice.kind });
              }}
            />
            {choice.label}
          </label>
        ))}
      </div>
      {when.kind === 'range' && (
        <div className="record-range">
          <div className="field">
            <label htmlFor={`${id}-from`}>First day</label>
            <input
              id={`${id}-from`}
              type="date"
              value={when.range.fromDate}
              onChange={(event) => {
                setRange({ fromDate: event.target.value });
              }}
            />
          </div>
          <SessionSelect
            id={`${id}-from-session`}
            label="From session"
            value={when.range.fromSession}
            onChange={(fromSession) => {
              setRange({ fromSession });
            }}
          />
          <div className="field">
            <label htmlFor={`${id}-to`}>Last day</label>
            <input
              id={`${id}-to`}
              type="date"
              value={when.range.toDate}
              onChange={(event) => {
                setRange({ toDate: event.target.value });
              }}
            />
          </div>
          <SessionSelect
            id={`${id}-to-session`}
            label="To session"
            value={when.range.toSession}
            onChange={(toSession) => {
              setRange({ toSession });
            }}
          />
        </div>
      )}
    </fieldset>
  );
}
