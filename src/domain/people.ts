/**
 * Pupils and staff as the register names them, who is on roll on a date, and who takes which
 * register. The server (the read API, the close job, op validation) and the device (the register's
 * cards) both use these, so a pupil is on the same register and under the same name on either
 * side.
 */
import type { IsoDate } from './dates.ts';
import type { Role } from './roles.ts';

/** What "on roll" reads of a pupil: the admission date and the last day on roll, both inclusive. */
export interface Enrolment {
  readonly admissionDate: IsoDate;
  /** The last day on roll, or null while the pupil is still at the school. */
  readonly leavingDate: IsoDate | null;
}

/**
 * Is the pupil on roll on `date`: admitted by then and not yet left (docs/attendance-rules.md
 * §1.4: the close job writes `N` only for pupils on roll). Both ends are inclusive.
 */
export function isOnRoll(pupil: Enrolment, date: IsoDate): boolean {
  return pupil.admissionDate <= date && (pupil.leavingDate === null || date <= pupil.leavingDate);
}

/** The parts of a pupil's name the register shows. */
export interface PupilNames {
  readonly givenName: string;
  readonly familyName: string;
  readonly preferredName: string | null;
}

/** "Sam Example": the preferred name if the school gave one, else the given name, then family. */
export function pupilName(pupil: PupilNames): string {
  return `${pupil.preferredName ?? pupil.givenName} ${pupil.familyName}`;
}

/** Register order: by family name, then given name. */
export function compareByName(a: PupilNames, b: PupilNames): number {
  return a.familyName.localeCompare(b.familyName) || a.givenName.localeCompare(b.givenName);
}

/** The author the close job's amendments show (they have no member of staff). */
export const CLOSE_JOB_AUTHOR = 'Register close';

/** An author no longer among the school's staff. */
export const FORMER_STAFF_AUTHOR = 'Former member of staff';

/**
 * Who wrote an amendment, as the register and a cell's history show it: the member of staff's
 * name, or the close job for a null author (docs/sync-protocol.md §8).
 */
export function authorName(
  staff: ReadonlyMap<string, { readonly name: string }>,
  authorId: string | null,
): string {
  if (authorId === null) return CLOSE_JOB_AUTHOR;
  return staff.get(authorId)?.name ?? FORMER_STAFF_AUTHOR;
}

/** A member of staff as the rights read them: their role, and the groups they take the register of. */
export interface Author {
  readonly role: Role;
  readonly groups: readonly string[];
}

/**
 * Does this member of staff take the register of `groupId`: a teacher with the group on their
 * record, their own or one the office gave them to cover (docs/sync-protocol.md §5.3)?
 */
export function takesRegister(author: Author, groupId: string): boolean {
  return author.role === 'teacher' && author.groups.includes(groupId);
}
