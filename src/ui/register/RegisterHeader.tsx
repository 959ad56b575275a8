import { formatHhmm, type IsoDate, type Session, type SessionTimes } from '../../domain/index.ts';
import type { SyncEngine } from '../../sync/types.ts';
import { formatCountdown, msUntilClose, type RegisterPhase } from './phase.ts';
import { dayText } from '../shared/time.ts';
import { SyncStatusLine } from './SyncStatusLine.tsx';
import { useTickValue, type Ticker } from '../shared/ticker.ts';

export interface RegisterHeaderProps {
  readonly titleId: string;
  readonly groupName: string;
  readonly date: IsoDate;
  readonly session: Session;
  readonly times: SessionTimes;
  readonly phase: RegisterPhase;
  readonly ticker: Ticker;
  readonly engine: SyncEngine;
}

/** Time left before the register closes, to the second; only this re-renders every tick. */
function Countdown({
  times,
  date,
  ticker,
}: Pick<RegisterHeaderProps, 'times' | 'date' | 'ticker'>) {
  const left = useTickValue(ticker, (now) => {
    const ms = msUntilClose(times, date, now);
    return ms === null ? null : formatCountdown(ms);
  });
  if (left === null) return null;
  return (
    <span className="rc-countdown">
      {' · '}
      <span aria-hidden="true">{left}</span>
      <span className="rc-visually-hidden">{left.replace(':', ' minutes ')} seconds</span> left
    </span>
  );
}

/** The words for the register's state: when it opens, closes, or that it has. */
export function phaseText(phase: RegisterPhase, times: SessionTimes): string {
  const closes = formatHhmm(times.closes);
  switch (phase) {
    case 'no-register':
      return 'No register: this is not a school session';
    case 'not-open':
      return `Not open yet: opens at ${formatHhmm(times.opens)}`;
    case 'open':
      return `Open until ${closes}`;
    case 'closed':
      return `Closed at ${closes}: late arrivals only, until ${formatHhmm(times.ends)}`;
    case 'ended':
      return 'Closed: the session has ended';
  }
}

/** The register's title, its state with a countdown while open, and the sync status. */
export function RegisterHeader(props: RegisterHeaderProps) {
  const { titleId, groupName, date, session, times, phase, ticker, engine } = props;
  return (
    <header className="rc-register-header">
      <p>
        <a href="#/today">Back to today</a>
      </p>
      <h1 id={titleId}>
        {groupName} · {session} register · {dayText(date)}
      </h1>
      <p className="rc-phase" data-phase={phase}>
        {phaseText(phase, times)}
        {phase === 'open' ? <Countdown times={times} date={date} ticker={ticker} /> : null}
      </p>
      <SyncStatusLine engine={engine} />
    </header>
  );
}
