/**
 * A pupil's listed contacts and absence reports (docs/attendance-rules.md §7.2, "absences reported
 * only by a listed contact"). The office records who reported an absence (`reportedBy` on an
 * office mark); whether that person is one of the pupil's contacts allowed to report absence is
 * worked out when it is read, never when it is written: a report from anyone else is still an
 * amendment with a reason, only flagged for the office to follow up.
 */

/** A listed contact of a pupil, as far as this rule needs one. */
export interface ListedContact {
  readonly name: string;
  /** The school holds this person's word as enough to explain an absence. */
  readonly mayReportAbsence: boolean;
}

/**
 * A name as people say it: letter case, runs of spaces and full stops do not matter, so
 * "Mrs. J  Smith" is "mrs j smith". Nothing else is folded: "Jo" is not "Joanne", and accents are
 * kept, since a name typed from a phone call is compared with the name the school holds.
 */
function comparable(name: string): string {
  return name.toLowerCase().replace(/\./g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * True when `reportedBy` names one of `contacts` who may report an absence, compared ignoring
 * case, repeated spaces and full stops. A listed contact without that permission, or a name that
 * is not listed, is false. An empty name is never a match.
 */
export function isListedReporter(contacts: readonly ListedContact[], reportedBy: string): boolean {
  const wanted = comparable(reportedBy);
  if (wanted === '') return false;
  return contacts.some(
    (contact) => contact.mayReportAbsence && comparable(contact.name) === wanted,
  );
}
