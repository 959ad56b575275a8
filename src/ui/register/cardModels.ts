/**
 * From the live register and the marks still being saved to what each card shows. A mark being
 * saved is painted at once; once the live query has seen its op, the live cell takes over.
 */
import type { Session, SessionTimes } from '../../domain/index.ts';
import type { CardModel } from './PupilCard.tsx';
import { minutesLateFor } from './marks.ts';
import type { RegisterPhase } from './phase.ts';
import type { PupilRow } from './registerData.ts';
import type { Optimistic } from './paintedMarks.ts';

export interface Shown {
  readonly code: string | null;
  readonly arrivedAt: string | null;
  /** The op the teacher sees as current: the live head, or their own mark not yet seen live. */
  readonly opId: string | null;
  readonly isOptimistic: boolean;
}

/** The cell as the teacher sees it right now. */
export function shownCell(
  row: PupilRow,
  optimistic: Optimistic | undefined,
  knownOpIds: ReadonlySet<string>,
): Shown {
  const isLive =
    optimistic === undefined || (optimistic.opId !== null && knownOpIds.has(optimistic.opId));
  if (isLive)
    return { code: row.code, arrivedAt: row.arrivedAt, opId: row.headOpId, isOptimistic: false };
  return {
    code: optimistic.code,
    arrivedAt: optimistic.arrivedAt,
    opId: optimistic.opId,
    isOptimistic: true,
  };
}

/** Is a blank shown as `N`? Once the register has closed, it is (docs/attendance-rules.md §1). */
function isLockedView(phase: RegisterPhase): boolean {
  return phase === 'closed' || phase === 'ended';
}

export function cardModel(
  row: PupilRow,
  shown: Shown,
  context: {
    readonly phase: RegisterPhase;
    readonly times: SessionTimes;
    readonly session: Session;
  },
): CardModel {
  const isClosedBlank = shown.code === null && isLockedView(context.phase);
  const isLate = shown.code === 'L' || shown.code === 'U';
  return {
    pupilId: row.pupilId,
    name: row.name,
    initials: row.initials,
    code: isClosedBlank ? 'N' : shown.code,
    isClosedBlank,
    arrivedAt: shown.arrivedAt,
    minutesLate: isLate ? minutesLateFor(context.times, context.session, shown.arrivedAt) : null,
    isSaving: shown.isOptimistic && shown.opId === null,
    isUnsent: shown.isOptimistic || row.pending,
    hasConflict: row.conflict,
    recordedBy: shown.isOptimistic ? null : row.recordedBy,
    movements: row.movements,
  };
}
