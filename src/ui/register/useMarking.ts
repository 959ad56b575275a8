/**
 * Recording marks from the register. Each tap is painted at once as "saving", then becomes the
 * saved mark when `recordMarks` has committed (mark, outbox op and `deviceSeq` in one
 * transaction); only then is it called saved, and the sync engine is asked to send it.
 *
 * Taps on one card are chained: each new mark is based on the teacher's previous mark of that
 * cell, even before the live query has caught up, so a quick correction is never mistaken for a
 * concurrent edit (docs/attendance-rules.md §4.3: a concurrent `N` or clear never replaces a mark).
 */
import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import {
  err,
  ok,
  toSchoolTime,
  type IsoDate,
  type Result,
  type Session,
  type SessionTimes,
} from '../../domain/index.ts';
import type { MarkOp } from '../../schema/op.ts';
import type { StorageError } from '../../storage/errors.ts';
import { recordMarks } from '../../storage/outbox.ts';
import { useApp } from '../shared/AppContext.tsx';
import { REFUSAL_TEXT } from '../../text/staffText.ts';
import { planMark, type Intent } from './intents.ts';
import { createPaintedMarks, type Optimistic, type PaintedMarks } from './paintedMarks.ts';
import { registerPhase } from './phase.ts';
import type { PupilRow } from './registerData.ts';

/** The op a mark was recorded as, or the sentence saying why it was not. */
export type WriteOutcome = Result<MarkOp, string>;

export interface MarkingContext {
  readonly date: IsoDate;
  readonly session: Session;
  readonly times: SessionTimes;
  readonly isSchoolSession: boolean;
  readonly rows: ReadonlyMap<string, PupilRow>;
  readonly knownOpIds: ReadonlySet<string>;
}

export interface Marking {
  /** Marks painted at the tap and not yet seen by the live query, per pupil. */
  readonly painted: PaintedMarks;
  /** Records one intent for one pupil; resolves after commit (or with the reason it was not). */
  readonly write: (pupilId: string, intent: Intent) => Promise<WriteOutcome>;
  /**
   * Records several in one transaction ("mark the rest present", undoing it): the outcomes in
   * the order asked; those the rules allow are all saved, or none is.
   */
  readonly writeAll: (items: readonly MarkRequest[]) => Promise<WriteOutcome[]>;
}

export interface MarkRequest {
  readonly pupilId: string;
  readonly intent: Intent;
}

/** A mark painted and waiting for its write. */
interface Planned {
  /** Where its outcome goes. */
  readonly index: number;
  readonly pupilId: string;
  readonly name: string;
  readonly saving: Optimistic;
  readonly based: Promise<string | null>;
  readonly settle: (opId: string | null) => void;
}

/**
 * Resolves once the browser has had a chance to paint (the frame after this one), or after 50 ms
 * when frames are not running (a hidden tab). The tap's mark is painted first and written just
 * after, so the write's work never delays the paint; its time was taken at the tap.
 */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, 50);
    requestAnimationFrame(() => {
      setTimeout(() => {
        clearTimeout(fallback);
        resolve();
      }, 0);
    });
  });
}

/** The name of the User Timing measure of each mark's write, read by `npm run bench`. */
export const MARK_DURABLE_MEASURE = 'rollcall:mark-durable';

/** Records how long a mark took from the write starting to its commit. */
function measureDurable(started: number): void {
  if (typeof performance.measure === 'function')
    performance.measure(MARK_DURABLE_MEASURE, { start: started, end: performance.now() });
}

function storageText(name: string, error: StorageError): string {
  return `${name}: not saved. ${error.message}`;
}

/** The register's writer; `context` is read at the moment of each tap. */
export function useMarking(context: MarkingContext): Marking {
  const { db, engine, auth } = useApp();
  const [painted] = useState(createPaintedMarks);
  const contextRef = useRef(context);
  useLayoutEffect(() => {
    contextRef.current = context;
  });
  const chains = useRef(new Map<string, Promise<string | null>>());

  const basedOn = useCallback(async (pupilId: string): Promise<string | null> => {
    const previous = await chains.current.get(pupilId);
    const { rows, knownOpIds } = contextRef.current;
    const live = rows.get(pupilId)?.headOpId ?? null;
    return previous !== undefined && previous !== null && !knownOpIds.has(previous)
      ? previous
      : live;
  }, []);

  const writeAll = useCallback(
    async (items: readonly MarkRequest[]): Promise<WriteOutcome[]> => {
      const { date, session, times, isSchoolSession, rows } = contextRef.current;
      const now = engine.now();
      const context = {
        phase: registerPhase(times, date, isSchoolSession, now),
        times,
        date,
        session,
        now: toSchoolTime(now),
      };
      const outcomes: WriteOutcome[] = [];
      const planned: Planned[] = [];
      for (const { pupilId, intent } of items) {
        const plan = planMark(intent, context);
        if (!plan.ok) {
          outcomes.push(err(REFUSAL_TEXT[plan.error]));
          continue;
        }
        const saving: Optimistic = { ...plan.value, opId: null };
        painted.set(pupilId, saving);
        const based = basedOn(pupilId);
        let settle: (opId: string | null) => void = () => undefined;
        chains.current.set(
          pupilId,
          new Promise((resolve) => {
            settle = resolve;
          }),
        );
        const name = rows.get(pupilId)?.name ?? 'This pupil';
        planned.push({ index: outcomes.length, pupilId, name, saving, based, settle });
        outcomes.push(err(`${name}: not saved.`));
      }
      if (planned.length === 0) return outcomes;
      const fail = (message: (p: Planned) => string) => {
        for (const p of planned) {
          p.settle(null);
          painted.set(p.pupilId, null, p.saving);
          outcomes[p.index] = err(message(p));
        }
        return outcomes;
      };
      try {
        await afterPaint();
        const started = performance.now();
        const marks = await Promise.all(
          planned.map(async (p) => ({
            pupilId: p.pupilId,
            date,
            session,
            code: p.saving.code,
            basedOn: await p.based,
            source: 'register' as const,
            ...(p.saving.arrivedAt === null ? {} : { arrivedAt: p.saving.arrivedAt }),
          })),
        );
        const result = await recordMarks(db, { authorId: auth.staff.id, now }, marks);
        if (!result.ok) return fail((p) => storageText(p.name, result.error));
        measureDurable(started);
        for (const [i, op] of result.value.entries()) {
          const p = planned[i];
          if (p === undefined) continue;
          p.settle(op.opId);
          painted.set(p.pupilId, { ...p.saving, opId: op.opId }, p.saving);
          outcomes[p.index] = ok(op);
        }
        engine.request('write');
        return outcomes;
      } catch {
        return fail((p) => `${p.name}: not saved. This device could not save it; try again.`);
      }
    },
    [db, engine, auth.staff.id, painted, basedOn],
  );

  const write = useCallback(
    async (pupilId: string, intent: Intent): Promise<WriteOutcome> => {
      const [outcome] = await writeAll([{ pupilId, intent }]);
      return outcome ?? err('Not saved. Try again.');
    },
    [writeAll],
  );

  return { painted, write, writeAll };
}
