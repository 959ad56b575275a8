import { useCallback, useId, useMemo } from 'react';
import { presentCode, toSchoolTime, type IsoDate, type Session } from '../../domain/index.ts';
import { useApp } from '../shared/AppContext.tsx';
import { cardModel, shownCell } from './cardModels.ts';
import { ConfirmChangeDialog } from './ConfirmChangeDialog.tsx';
import { restoreFor } from './intents.ts';
import { LateDialog } from './LateDialog.tsx';
import { LiveCard } from './LiveCard.tsx';
import { countMarks, markLabel } from './marks.ts';
import { MorningDialog } from './MorningDialog.tsx';
import { presentThisMorning } from './morning.ts';
import { usePaintedSnapshot } from './paintedMarks.ts';
import { registerPhase } from './phase.ts';
import { recordedStory } from './PupilCard.tsx';
import { RegisterHeader } from './RegisterHeader.tsx';
import type { RegisterData } from './registerData.ts';
import { RegisterSummary } from './RegisterSummary.tsx';
import { useTickValue, type Ticker } from '../shared/ticker.ts';
import { UndoBar } from './UndoBar.tsx';
import { useMarking } from './useMarking.ts';
import { useRegisterActions, type DialogState } from './useRegisterActions.ts';

export interface RegisterBodyProps {
  readonly data: RegisterData;
  readonly date: IsoDate;
  readonly session: Session;
  readonly ticker: Ticker;
}

const CHANGE_WORDS = { present: 'present', absent: 'absent', late: 'a late arrival' } as const;

/** The register once loaded: header, feedback, the cards, the summary and the dialogs. */
export function RegisterBody({ data, date, session, ticker }: RegisterBodyProps) {
  const { db, engine, auth } = useApp();
  const titleId = useId();
  const { times, isSchoolSession, knownOpIds } = data;
  const phase = useTickValue(ticker, (now) => registerPhase(times, date, isSchoolSession, now));
  const rows = useMemo(() => new Map(data.rows.map((row) => [row.pupilId, row])), [data.rows]);
  const marking = useMarking({ date, session, times, isSchoolSession, rows, knownOpIds });
  const { painted } = marking;
  // Read at the moment of asking (a tap), whatever the totals have caught up with.
  const shown = useCallback(
    (pupilId: string) => {
      const row = rows.get(pupilId);
      return row === undefined ? undefined : shownCell(row, painted.get(pupilId), knownOpIds);
    },
    [rows, painted, knownOpIds],
  );
  const caughtUp = usePaintedSnapshot(painted);
  const findPresentThisMorning = useCallback(
    (blanks: readonly string[]) =>
      presentThisMorning(db, blanks, date, auth.staff.id, toSchoolTime(engine.now()).time),
    [db, date, auth.staff.id, engine],
  );
  const actions = useRegisterActions({ rows, shown }, marking, {
    engine,
    presentCode: presentCode(session),
    onRefused: ticker.tick,
    ...(session === 'PM' ? { findPresentThisMorning } : {}),
  });
  // Counted from the painted marks as the transition has caught up with them.
  const counts = useMemo(() => {
    const models = data.rows.map((row) =>
      cardModel(row, shownCell(row, caughtUp.get(row.pupilId), knownOpIds), {
        phase,
        times,
        session,
      }),
    );
    return countMarks(
      models.map((m) => ({ code: m.code, pending: m.isUnsent })),
      date,
    );
  }, [data.rows, caughtUp, knownOpIds, phase, times, session, date]);
  const { lastAction } = actions;
  const canUndo =
    phase === 'open' &&
    lastAction?.items != null &&
    lastAction.items.some((item) => shown(item.pupilId)?.opId === item.opId);

  return (
    <section className="rc-register" aria-labelledby={titleId}>
      <RegisterHeader
        {...{ titleId, groupName: data.groupName, date, session, times, phase, ticker, engine }}
      />
      <p className="rc-visually-hidden" role="status">
        {phase === 'closed' ? 'The register has closed.' : ''}
      </p>
      {actions.notice?.tone === 'error' && (
        <p className="rc-error" role="alert">
          {actions.notice.text}
        </p>
      )}
      <div className="rc-feedback" role="status">
        {lastAction === null ? null : (
          <UndoBar text={lastAction.text} onUndo={canUndo ? () => void actions.undo() : null} />
        )}
      </div>
      {!data.canMark && (
        <p>
          You can view this register. Only its teachers can mark it; cover is assigned by the
          office.
        </p>
      )}
      {data.canMark && phase === 'open' && counts.notMarked > 0 && (
        <p className="rc-bulk-actions">
          {session === 'PM' && (
            <button
              type="button"
              className="rc-button"
              onClick={() => void actions.askPresentThisMorning()}
            >
              Present this morning…
            </button>
          )}
          <button
            type="button"
            className="rc-button rc-button-primary"
            onClick={() => void actions.markRestPresent()}
          >
            Mark the rest present ({counts.notMarked})
          </button>
        </p>
      )}
      <ul className="rc-cards" aria-label="Pupils">
        {data.rows.map((row) => (
          <LiveCard
            key={row.pupilId}
            row={row}
            painted={painted}
            knownOpIds={knownOpIds}
            phase={phase}
            times={times}
            session={session}
            date={date}
            canMark={data.canMark}
            onAction={actions.onAction}
          />
        ))}
      </ul>
      <RegisterSummary counts={counts} isClosed={phase === 'closed' || phase === 'ended'} />
      <RegisterDialog
        dialog={actions.dialog}
        data={data}
        date={date}
        session={session}
        onConfirm={actions.confirmChange}
        onLate={actions.confirmLate}
        onMorning={actions.confirmPresentThisMorning}
        onCancel={actions.closeDialog}
      />
    </section>
  );
}

interface RegisterDialogProps {
  readonly dialog: DialogState;
  readonly data: RegisterData;
  readonly date: IsoDate;
  readonly session: Session;
  readonly onConfirm: () => void;
  readonly onLate: (arrivedAt: string) => void;
  readonly onMorning: () => void;
  readonly onCancel: () => void;
}

/**
 * Whichever dialog is open: the confirmation for someone else's mark, the late arrival, or the
 * afternoon's "present this morning".
 */
function RegisterDialog(props: RegisterDialogProps) {
  const { dialog, data, date, session, onConfirm, onLate, onMorning, onCancel } = props;
  if (dialog === null) return null;
  if (dialog.kind === 'morning') {
    const names = new Map(data.rows.map((row) => [row.pupilId, row.name]));
    return (
      <MorningDialog
        names={dialog.pupilIds.map((id) => names.get(id) ?? id)}
        onConfirm={onMorning}
        onCancel={onCancel}
      />
    );
  }
  const row = data.rows.find((r) => r.pupilId === dialog.pupilId);
  if (row === undefined) return null;
  if (dialog.kind === 'late') {
    const now = toSchoolTime(dialog.openedAt);
    return (
      <LateDialog
        pupilName={row.name}
        times={data.times}
        session={session}
        nowTime={now.time}
        nowMinutes={now.minutes}
        onConfirm={onLate}
        onCancel={onCancel}
      />
    );
  }
  const by = row.recordedBy;
  const recorded = `${markLabel(row.code, date)}${by === null ? '' : recordedStory(by, date)}`;
  return (
    <ConfirmChangeDialog
      pupilName={row.name}
      recorded={recorded}
      change={CHANGE_WORDS[dialog.action]}
      isFinal={restoreFor(row.code, row.arrivedAt) === null}
      onConfirm={onConfirm}
      onCancel={onCancel}
    />
  );
}
