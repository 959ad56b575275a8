/** A pupil's listed contacts: who they are, a number to ring, and whether they may report absence. */

export interface ContactView {
  readonly name: string;
  readonly relationship: string;
  readonly phone: string;
  readonly mayReportAbsence: boolean;
}

export interface ContactListProps {
  readonly contacts: readonly ContactView[];
}

/** `tel:` wants digits and a leading plus only. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}

export function ContactList({ contacts }: ContactListProps) {
  if (contacts.length === 0)
    return <p className="hint">No contacts are listed for this pupil: ask the office manager.</p>;
  return (
    <ul className="contacts">
      {contacts.map((contact, i) => (
        <li key={`${contact.name}-${String(i)}`} className="contact">
          <span className="contact-name">
            {contact.name}
            {contact.relationship !== '' && (
              <span className="contact-relation"> ({contact.relationship})</span>
            )}
          </span>
          {contact.phone === '' ? (
            <span className="hint">No number</span>
          ) : (
            <a className="button contact-phone" href={telHref(contact.phone)}>
              Call {contact.phone}
            </a>
          )}
          <span className={contact.mayReportAbsence ? 'tag' : 'tag tag-warning'}>
            {contact.mayReportAbsence ? 'May report absence' : 'May not report absence'}
          </span>
        </li>
      ))}
    </ul>
  );
}
