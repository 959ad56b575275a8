import { useId } from 'react';
import type { RegisterCounts } from './marks.ts';

export interface RegisterSummaryProps {
  readonly counts: RegisterCounts;
  readonly isClosed: boolean;
}

/** The register's tallies; "Register complete" once every pupil has a mark. */
export function RegisterSummary({ counts, isClosed }: RegisterSummaryProps) {
  const headingId = useId();
  const isComplete = counts.total > 0 && counts.notMarked === 0;
  const title = isClosed ? 'Register closed' : isComplete ? 'Register complete' : 'Summary';
  const items: readonly (readonly [string, number])[] = [
    ['Present', counts.present],
    ['Late', counts.late],
    ['Absent', counts.absent],
    ...(counts.other > 0 ? [['Other', counts.other] as const] : []),
    ['Not yet marked', counts.notMarked],
    ['Unsent', counts.unsent],
  ];
  return (
    <section className="rc-summary" aria-labelledby={headingId} data-complete={isComplete}>
      <h2 id={headingId}>{title}</h2>
      <dl>
        {items.map(([label, value]) => (
          <div key={label} className="rc-summary-item">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
