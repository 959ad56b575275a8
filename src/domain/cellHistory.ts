/**
 * A cell's history (docs/attendance-rules.md §4; docs/sync-protocol.md §8
 * `GET /api/marks/:pupilId/:date/:session/history`): every entry of one register cell, oldest
 * first, each with the mark it found and who made it. The law asks an amendment to keep the
 * original entry, the amended entry, the reason, when, and the name and position of the person
 * who made it; the reason and the times are the entry's own, the rest is worked out here.
 *
 * The server answers the history request with this, and a device builds the same list from the
 * amendments it holds plus its own marks not sent yet, so a cell's history reads the same online
 * and offline. The mark an entry found is the cell folded (`resolveCell`) over the entries before
 * it in server order, a device's unsent marks after them in the order they were recorded — the
 * register's own read-your-writes view (`foldPending`).
 */
import { isListedReporter, type ListedContact } from './contacts.ts';
import { authorName } from './people.ts';
import { resolveCell, sortByServerOrder, type CellAmendment } from './resolveCell.ts';

/** An entry the server holds, as the history reads it. */
export interface StoredEntry extends CellAmendment {
  readonly seq: number;
  /** The author's staff id; null for the register close job. */
  readonly authorId: string | null;
  /** Who reported the absence, on an office mark; missing or null when nobody was named. */
  readonly reportedBy?: string | null | undefined;
  /** What became of it; a `rejected` entry is listed but never folded. */
  readonly outcome: string;
}

/** A mark this device recorded and has not sent yet: its author is the person signed in. */
export interface UnsentEntry extends CellAmendment {
  readonly reportedBy?: string | null | undefined;
}

/** A name and position, as the law asks an amendment to record them. */
export interface Byline {
  readonly name: string;
  readonly position: string;
}

/** Who the history names: the school's staff, and the pupil's contacts as they stand now. */
export interface HistoryPeople {
  readonly staff: ReadonlyMap<string, Byline>;
  readonly contacts: readonly ListedContact[];
}

/** The position shown for the register close job, which has no member of staff. */
export const CLOSE_JOB_POSITION = 'System';

/** One entry of the history, with what the history adds to it. */
export interface HistoryStep<E> {
  readonly entry: E;
  /** The mark the cell showed before this entry; null for a first mark (or a blank cell). */
  readonly before: string | null;
  readonly by: Byline;
  /** Who reported the absence; null when nobody was named. */
  readonly reportedBy: string | null;
  /**
   * Whether `reportedBy` is one of the pupil's listed contacts who may report absence
   * (`isListedReporter`, judged against the contacts now); null when nobody was named.
   */
  readonly reportedByListed: boolean | null;
}

/** A cell's history: the server's entries in server order, then this device's unsent marks. */
export interface CellHistoryLines<S, U> {
  readonly stored: readonly HistoryStep<S>[];
  readonly unsent: readonly HistoryStep<U>[];
}

/**
 * Who wrote a stored entry: the member of staff's name and position, "Register close, System"
 * for the close job, and for someone no longer on the staff list `FORMER_STAFF_AUTHOR` with no
 * position (the school no longer holds it).
 */
export function bylineOf(staff: ReadonlyMap<string, Byline>, authorId: string | null): Byline {
  if (authorId === null) return { name: authorName(staff, null), position: CLOSE_JOB_POSITION };
  return { name: authorName(staff, authorId), position: staff.get(authorId)?.position ?? '' };
}

/** No unsent marks, so nobody to name for them. */
const NOBODY: Byline = { name: '', position: '' };

/**
 * The history of one cell. `stored` may come in any order: it is put in server order (`seq`).
 * `unsent` are this device's marks of the cell not yet sent, in the order they were recorded,
 * all by `unsent.by`; one the server already holds (same `opId`, sent but not yet cleared from
 * the outbox) is listed once, where the server put it. A `rejected` stored entry is listed with
 * the mark it found, but the entries after it find the cell as if it had never been sent.
 */
export function cellHistory<S extends StoredEntry, U extends UnsentEntry>(
  people: HistoryPeople,
  stored: readonly S[],
  unsent: { readonly ops: readonly U[]; readonly by: Byline } = { ops: [], by: NOBODY },
): CellHistoryLines<S, U> {
  const ordered = sortByServerOrder(stored);
  const onServer = new Set(ordered.map((a) => a.opId));
  const ops = unsent.ops.filter((op) => !onServer.has(op.opId));
  const folded: CellAmendment[] = [];
  const step = <E extends CellAmendment & { readonly reportedBy?: string | null | undefined }>(
    entry: E,
    by: Byline,
    isFolded: boolean,
  ): HistoryStep<E> => {
    const before = resolveCell(folded).code;
    if (isFolded) folded.push(entry);
    const reportedBy = entry.reportedBy ?? null;
    const reportedByListed =
      reportedBy === null ? null : isListedReporter(people.contacts, reportedBy);
    return { entry, before, by, reportedBy, reportedByListed };
  };
  return {
    stored: ordered.map((a) =>
      step(a, bylineOf(people.staff, a.authorId), a.outcome !== 'rejected'),
    ),
    unsent: ops.map((op) => step(op, unsent.by, true)),
  };
}
