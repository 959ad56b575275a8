import { useLiveQuery } from 'dexie-react-hooks';
import { useId } from 'react';
import { formatHhmm, type IsoDate } from '../../domain/index.ts';
import { useApp } from '../shared/AppContext.tsx';
import { countMarks, type RegisterCounts } from './marks.ts';
import { minutesLeftText, msUntilClose, registerPhase, type RegisterPhase } from './phase.ts';
import { dayText, schoolDateOf } from '../shared/time.ts';
import { SyncStatusLine } from './SyncStatusLine.tsx';
import { useTicker, useTickValue, type Ticker } from '../shared/ticker.ts';
import { loadToday, type GroupGlance, type RegisterGlance } from './todayData.ts';
import { REGISTER_PROBLEM_TEXT } from '../../text/staffText.ts';
import './register.css';

function stateText(phase: RegisterPhase, glance: RegisterGlance, minutesLeft: string | null) {
  const { times } = glance;
  if (times === null) return 'Session times could not be read';
  switch (phase) {
    case 'no-register':
      return 'No register today';
    case 'not-open':
      return `Not open yet: opens at ${formatHhmm(times.opens)}`;
    case 'open':
      return `Open: ${minutesLeft ?? ''} left, closes at ${formatHhmm(times.closes)}`;
    case 'closed':
    case 'ended':
      return `Closed at ${formatHhmm(times.closes)}`;
  }
}

function takenText(phase: RegisterPhase, taken: boolean): string {
  if (taken) return 'Taken';
  return phase === 'closed' || phase === 'ended' ? 'Not taken before the close' : 'Not taken yet';
}

function countsText(counts: RegisterCounts): string {
  const parts = [
    `${String(counts.present)} present`,
    `${String(counts.late)} late`,
    `${String(counts.absent)} absent`,
  ];
  if (counts.other > 0) parts.push(`${String(counts.other)} other`);
  if (counts.notMarked > 0) parts.push(`${String(counts.notMarked)} not marked`);
  if (counts.unsent > 0) parts.push(`${String(counts.unsent)} unsent`);
  return parts.join(' · ');
}

interface RegisterItemProps {
  readonly group: GroupGlance;
  readonly glance: RegisterGlance;
  readonly date: IsoDate;
  readonly ticker: Ticker;
}

/** One register on the Today screen: its state, whether it was taken, its counts, and a link. */
function RegisterItem({ group, glance, date, ticker }: RegisterItemProps) {
  const { times, isSchoolSession, session } = glance;
  const phase = useTickValue(ticker, (now) =>
    times === null ? 'no-register' : registerPhase(times, date, isSchoolSession, now),
  );
  const minutesLeft = useTickValue(ticker, (now) => {
    const ms = times === null ? null : msUntilClose(times, date, now);
    return ms === null ? null : minutesLeftText(ms);
  });
  const isLocked = phase === 'closed' || phase === 'ended';
  const counts = countMarks(
    glance.cells.map((c) => ({ code: c.code ?? (isLocked ? 'N' : null), pending: c.pending })),
    date,
  );
  return (
    <li className="rc-glance" data-phase={phase}>
      <a className="rc-glance-link" href={`#/register/${group.groupId}/${date}/${session}`}>
        {group.name} {session} register
      </a>
      <span className="rc-glance-state">{stateText(phase, glance, minutesLeft)}</span>
      {phase === 'no-register' ? null : (
        <>
          <span className="rc-glance-taken" data-taken={glance.taken}>
            {takenText(phase, glance.taken)}
          </span>
          <span className="rc-glance-counts">{countsText(counts)}</span>
        </>
      )}
    </li>
  );
}

/**
 * The teacher's day: each group they take the register for (their own, and any the office has
 * assigned them to cover: see `todayData.ts`), with the AM and PM registers.
 */
export function TodayScreen() {
  const { db, engine, auth } = useApp();
  const titleId = useId();
  const ticker = useTicker(engine);
  const date = useTickValue(ticker, schoolDateOf);
  const { id: staffId, groups: loginGroups } = auth.staff;
  const load = useLiveQuery(
    () => loadToday(db, staffId, loginGroups, date),
    [db, staffId, loginGroups, date],
  );
  return (
    <section className="rc-today" aria-labelledby={titleId}>
      <h1 id={titleId}>Today · {dayText(date)}</h1>
      <SyncStatusLine engine={engine} />
      {load === undefined ? (
        <p>Loading your registers…</p>
      ) : !load.ok ? (
        <p role="alert">{REGISTER_PROBLEM_TEXT[load.error]}</p>
      ) : load.value.length === 0 ? (
        <p>
          You have no groups to take the register for. The office can assign you a group or cover.
        </p>
      ) : (
        load.value.map((group) => (
          <section key={group.groupId} className="rc-group">
            <h2>{group.name ?? group.groupId}</h2>
            {group.name === null ? (
              <p>This group’s details have not reached this tablet yet. Connect to the network.</p>
            ) : (
              <ul className="rc-glances">
                {group.registers.map((glance) => (
                  <RegisterItem
                    key={glance.session}
                    group={group}
                    glance={glance}
                    date={date}
                    ticker={ticker}
                  />
                ))}
              </ul>
            )}
          </section>
        ))
      )}
    </section>
  );
}
