import { memo } from 'react';
import type { IsoDate, Session, SessionTimes } from '../../domain/index.ts';
import { cardModel, shownCell } from './cardModels.ts';
import { markKind } from './marks.ts';
import { usePaintedMark, type PaintedMarks } from './paintedMarks.ts';
import type { RegisterPhase } from './phase.ts';
import { PupilCard, type CardAction, type CardActions, type CardModel } from './PupilCard.tsx';
import type { PupilRow } from './registerData.ts';

function actionsFor(
  model: CardModel,
  canMark: boolean,
  phase: RegisterPhase,
  date: IsoDate,
): CardActions {
  if (!canMark) return 'none';
  if (phase === 'open') return 'all';
  // After the close only a late arrival can be recorded, and only for a pupil marked absent.
  return phase === 'closed' && markKind(model.code, date) === 'absent' ? 'late-only' : 'none';
}

interface LiveCardProps {
  readonly row: PupilRow;
  readonly painted: PaintedMarks;
  readonly knownOpIds: ReadonlySet<string>;
  readonly phase: RegisterPhase;
  readonly times: SessionTimes;
  readonly session: Session;
  readonly date: IsoDate;
  readonly canMark: boolean;
  readonly onAction: (pupilId: string, action: CardAction) => void;
}

/**
 * A card and its pupil's painted mark: a tap re-renders this card alone, at once; the rest of the
 * register follows in a transition.
 */
function LiveCardView({
  row,
  painted,
  knownOpIds,
  phase,
  times,
  session,
  date,
  canMark,
  onAction,
}: LiveCardProps) {
  const mark = usePaintedMark(painted, row.pupilId);
  const model = cardModel(row, shownCell(row, mark, knownOpIds), { phase, times, session });
  return (
    <PupilCard
      model={model}
      actions={actionsFor(model, canMark, phase, date)}
      date={date}
      onAction={onAction}
    />
  );
}

/**
 * Whether the card would show the same: its row, the register's state, and whether its painted
 * mark has been seen live (the set of known ops is new after every read; the answer seldom is).
 */
function sameCard(prev: LiveCardProps, next: LiveCardProps): boolean {
  const opId = next.painted.get(next.row.pupilId)?.opId ?? null;
  return (
    prev.row === next.row &&
    prev.painted === next.painted &&
    prev.phase === next.phase &&
    prev.times === next.times &&
    prev.session === next.session &&
    prev.date === next.date &&
    prev.canMark === next.canMark &&
    prev.onAction === next.onAction &&
    (prev.knownOpIds === next.knownOpIds ||
      opId === null ||
      prev.knownOpIds.has(opId) === next.knownOpIds.has(opId))
  );
}

export const LiveCard = memo(LiveCardView, sameCard);
