/**
 * A cell's history as the pupil page lists it: the first mark and every amendment in server
 * order, then this device's own marks not sent yet — each with the mark it found and the mark it
 * made, the reason, who reported the absence (flagged when not a listed contact allowed to report
 * it, judged against the pupil's contacts now, as the server's history does), who recorded it
 * with their position, on which device, when it was recorded and when the server received it,
 * what became of it, and whether it reached the server late (`lateSync`, docs/architecture.md:
 * recorded while the register was open, received after it closed).
 */
import { cellHistory, type Byline, type ListedContact } from '../../domain/index.ts';
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
  /** Empty for someone no longer on the staff list (`bylineOf`). */
  readonly byPosition: string;
  readonly deviceId: string;
  readonly recordedAt: string;
  /** Null for a mark still in this device's outbox. */
  readonly receivedAt: string | null;
  readonly outcome: Outcome | 'unsent';
  readonly lateSync: boolean;
}

/**
 * The cell's lines by the domain's `cellHistory` (the server's history runs it too), with this
 * device's unsent marks after the server's, by the person signed in.
 */
export function historyLines(
  history: CellHistory,
  staff: ReadonlyMap<string, StaffRecord>,
  contacts: readonly ListedContact[],
  me: Byline,
): HistoryLine[] {
  const lines = cellHistory({ staff, contacts }, history.amendments, {
    ops: history.pending,
    by: me,
  });
  const stored = lines.stored.map(({ entry: a, ...step }): HistoryLine => ({
    opId: a.opId,
    before: step.before,
    code: a.code,
    reason: a.reason,
    note: a.note,
    arrivedAt: a.arrivedAt,
    reportedBy: step.reportedBy,
    reportedByListed: step.reportedByListed,
    byName: step.by.name,
    byPosition: step.by.position,
    deviceId: a.deviceId,
    recordedAt: a.recordedAt,
    receivedAt: a.receivedAt,
    outcome: a.outcome,
    lateSync: a.lateSync,
  }));
  const unsent = lines.unsent.map(({ entry: op, ...step }): HistoryLine => ({
    opId: op.opId,
    before: step.before,
    code: op.code,
    reason: op.reason ?? null,
    note: op.note ?? null,
    arrivedAt: op.arrivedAt ?? null,
    reportedBy: step.reportedBy,
    reportedByListed: step.reportedByListed,
    byName: step.by.name,
    byPosition: step.by.position,
    deviceId: op.deviceId,
    recordedAt: op.recordedAt,
    receivedAt: null,
    outcome: 'unsent',
    lateSync: false,
  }));
  return [...stored, ...unsent];
}

/** "Tess Hughes, Class teacher"; the name alone when the school holds no position. */
export function bylineText(line: Pick<HistoryLine, 'byName' | 'byPosition'>): string {
  return line.byPosition === '' ? line.byName : `${line.byName}, ${line.byPosition}`;
}
