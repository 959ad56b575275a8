/**
 * A cell's history as the pupil page lists it: the first mark and every amendment in server
 * order, then this device's own marks not sent yet — each with the mark it found and the mark it
 * made, the reason, who reported the absence (flagged when not a listed contact allowed to report
 * it, judged against the pupil's contacts now, as the server's history does), who recorded it
 * with their position, on which device, when it was recorded and when the server received it,
 * what became of it, and whether it reached the server late (`lateSync`, docs/architecture.md:
 * recorded while the register was open, received after it closed).
 */
import {
  authorName,
  isListedReporter,
  resolveCell,
  type ListedContact,
} from '../../domain/index.ts';
import type { Outcome } from '../../schema/amendment.ts';
import type { StaffRecord } from '../../schema/reference.ts';
import type { CellHistory } from '../../storage/officeView.ts';

export interface HistoryLine {
  readonly opId: string;
  /** The mark the cell showed before; null for a first mark (or a blank cell). */
  readonly before: string | null;
  /** The mark recorded; null for a clear. */
  readonly code: string | null;
  readonly reason: string | null;
  readonly note: string | null;
  readonly arrivedAt: string | null;
  readonly reportedBy: string | null;
  /** Whether `reportedBy` may report absence; null when nobody was named. */
  readonly reportedByListed: boolean | null;
  readonly byName: string;
  readonly byPosition: string;
  readonly deviceId: string;
  readonly recordedAt: string;
  /** Null for a mark still in this device's outbox. */
  readonly receivedAt: string | null;
  readonly outcome: Outcome | 'unsent';
  readonly lateSync: boolean;
}

interface Entry {
  readonly opId: string;
  readonly code: string | null;
  readonly basedOn: string | null;
}

/** The cell's code before each entry, folded as the server folds it (rejected ones left out). */
function codesBefore(entries: readonly Entry[]): Map<string, string | null> {
  const before = new Map<string, string | null>();
  for (let i = 0; i < entries.length; i += 1) {
    const entry = entries[i];
    if (entry !== undefined && !before.has(entry.opId))
      before.set(entry.opId, resolveCell(entries.slice(0, i)).code);
  }
  return before;
}

export function historyLines(
  history: CellHistory,
  staff: ReadonlyMap<string, StaffRecord>,
  contacts: readonly ListedContact[],
  me: { readonly name: string; readonly position: string },
): HistoryLine[] {
  const onServer = new Set(history.amendments.map((a) => a.opId));
  const unsent = history.pending.filter((op) => !onServer.has(op.opId));
  const folded = history.amendments.filter((a) => a.outcome !== 'rejected');
  const before = codesBefore([...folded, ...unsent]);
  const listed = (name: string | null) => (name === null ? null : isListedReporter(contacts, name));
  const lines: HistoryLine[] = history.amendments.map((a) => {
    const reportedBy = a.reportedBy ?? null;
    return {
      opId: a.opId,
      before: before.get(a.opId) ?? null,
      code: a.code,
      reason: a.reason,
      note: a.note,
      arrivedAt: a.arrivedAt,
      reportedBy,
      reportedByListed: listed(reportedBy),
      byName: authorName(staff, a.authorId),
      byPosition:
        a.authorId === null
          ? 'System'
          : (staff.get(a.authorId)?.position ?? 'Not on the staff list'),
      deviceId: a.deviceId,
      recordedAt: a.recordedAt,
      receivedAt: a.receivedAt,
      outcome: a.outcome,
      lateSync: a.lateSync,
    };
  });
  for (const op of unsent) {
    const reportedBy = op.reportedBy ?? null;
    lines.push({
      opId: op.opId,
      before: before.get(op.opId) ?? null,
      code: op.code,
      reason: op.reason ?? null,
      note: op.note ?? null,
      arrivedAt: op.arrivedAt ?? null,
      reportedBy,
      reportedByListed: listed(reportedBy),
      byName: me.name,
      byPosition: me.position,
      deviceId: op.deviceId,
      recordedAt: op.recordedAt,
      receivedAt: null,
      outcome: 'unsent',
      lateSync: false,
    });
  }
  return lines;
}
