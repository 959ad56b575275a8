/** A cell's history, oldest first: each mark with why, who, where, when, and what became of it. */
import type { ReactNode } from 'react';
import { toSchoolTime } from '../../domain/index.ts';
import { dayText } from '../shared/time.ts';
import { bylineText, type HistoryLine } from './historyLines.ts';

const OUTCOME_TEXT: Readonly<Record<HistoryLine['outcome'], string>> = {
  current: 'Applied: the mark shown',
  superseded: 'Superseded',
  conflict: 'In conflict',
  rejected: 'Rejected by the server',
  unsent: 'Not sent yet',
};

/** "Mon 30 Nov 16:40", on the school's clock. */
export function instantText(iso: string): string {
  const at = toSchoolTime(Date.parse(iso));
  return `${dayText(at.date)} ${at.time}`;
}

function changeText(line: HistoryLine): string {
  const code = line.code ?? 'cleared';
  return line.before === null ? `First mark: ${code}` : `${line.before} → ${code}`;
}

function Fact({ term, children }: { readonly term: string; readonly children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function CellHistoryList({ lines }: { readonly lines: readonly HistoryLine[] }) {
  if (lines.length === 0) return <p className="hint">Nobody has recorded a mark here yet.</p>;
  return (
    <ol className="history" aria-label="History of this session, oldest first">
      {lines.map((line) => (
        <li key={line.opId} className={`history-entry outcome-${line.outcome}`}>
          <p className="history-change">
            <strong>{changeText(line)}</strong>{' '}
            <span className={line.outcome === 'rejected' ? 'tag tag-warning' : 'tag'}>
              {OUTCOME_TEXT[line.outcome]}
            </span>
            {line.lateSync && (
              <span className="tag tag-warning">
                Late sync: recorded while the register was open, received after it closed
              </span>
            )}
          </p>
          <dl className="history-facts">
            <Fact term="Reason">{line.reason ?? 'None given'}</Fact>
            {line.arrivedAt !== null && <Fact term="Arrived">{line.arrivedAt}</Fact>}
            {line.note !== null && <Fact term="Note">{line.note}</Fact>}
            {line.reportedBy !== null && (
              <Fact term="Reported by">
                {line.reportedBy}
                {line.reportedByListed === false && (
                  <span className="tag tag-warning">
                    Not a listed contact who may report absence
                  </span>
                )}
              </Fact>
            )}
            <Fact term="By">{bylineText(line)}</Fact>
            <Fact term="Device">{line.deviceId}</Fact>
            <Fact term="Recorded">{instantText(line.recordedAt)}</Fact>
            <Fact term="Received">
              {line.receivedAt === null ? 'Not yet' : instantText(line.receivedAt)}
            </Fact>
          </dl>
        </li>
      ))}
    </ol>
  );
}
