/**
 * Who brought or collected a pupil: the pupil's listed contacts offered as one-tap choices, or
 * anyone else typed in.
 */
import { useId } from 'react';
import type { PupilRecord } from '../../storage/records.ts';

export interface PersonFieldProps {
  readonly label: string;
  readonly contacts: PupilRecord['contacts'];
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** Extra description for the input (a warning shown below it). */
  readonly describedBy?: string | undefined;
}

export function PersonField({ label, contacts, value, onChange, describedBy }: PersonFieldProps) {
  const id = useId();
  return (
    <div className="field desk-person">
      <label htmlFor={`${id}-input`}>{label}</label>
      {contacts.length > 0 && (
        <div className="desk-choices" role="group" aria-label={`${label}: listed contacts`}>
          {contacts.map((contact, i) => (
            <button
              key={`${contact.name}-${String(i)}`}
              type="button"
              className="button desk-choice"
              aria-pressed={value.trim() === contact.name}
              onClick={() => {
                onChange(contact.name);
              }}
            >
              {contact.name}
              {contact.relationship !== '' && ` (${contact.relationship})`}
            </button>
          ))}
        </div>
      )}
      <input
        id={`${id}-input`}
        list={`${id}-contacts`}
        value={value}
        maxLength={200}
        autoComplete="off"
        aria-describedby={describedBy}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      />
      <datalist id={`${id}-contacts`}>
        {contacts.map((c) => (
          <option key={c.name} value={c.name}>
            {c.relationship}
          </option>
        ))}
      </datalist>
      {contacts.length === 0 && (
        <p className="hint">No contacts are listed for this pupil: type the person’s name.</p>
      )}
    </div>
  );
}
