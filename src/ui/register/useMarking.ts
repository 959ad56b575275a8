/**
 * Recording marks from the register. Each tap is painted at once as "saving", then becomes the
 * saved mark when `recordMark` has committed (mark, outbox op and `deviceSeq` in one
 * transaction); only then is it called saved, and the sync engine is asked to send it.
 *
 * Taps on one card are chained: each new mark is based on the teacher's previous mark of that
 * cell, even before the live query has caught up, so a quick correction is never mistaken for a
 * concurrent edit (design.md §3: a concurrent `N` or clear never replaces a mark).
 */
import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { toSchoolTime, type IsoDate, type Session, type SessionTimes } from '../../domain/index.ts';
import type { MarkOp } from '../../schema/op.ts';
import type { StorageError } from '../../storage/errors.ts';
import { recordMark } from '../../storage/outbox.ts';
import { useApp } from '../shared/AppContext.tsx';
import { planMark, refusalText, type Intent } from './intents.ts';
import { registerPhase } from './phase.ts';
import type { PupilRow } from './registerData.ts';

/** A mark painted before its write has been seen by the live query. */
export interface Optimistic {
  readonly code: string | null;
  readonly arrivedAt: string | null;
  /** Null while saving; the op id once committed. */
  readonly opId: string | null;
}

export type WriteOutcome =
  { readonly ok: true; readonly op: MarkOp } | { readonly ok: false; readonly message: string };

export interface MarkingContext {
  readonly date: IsoDate;
  readonly session: Session;
  readonly times: SessionTimes;
  readonly isSchoolSession: boolean;
  readonly rows: ReadonlyMap<string, PupilRow>;
  readonly knownOpIds: ReadonlySet<string>;
}

export interface Marking {
  readonly optimistic: ReadonlyMap<string, Optimistic>;
  /** Records one intent for one pupil; resolves after commit (or with the reason it was not). */
  readonly write: (pupilId: string, intent: Intent) => Promise<WriteOutcome>;
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
  const [optimistic, setOptimistic] = useState<ReadonlyMap<string, Optimistic>>(new Map());
  const contextRef = useRef(context);
  useLayoutEffect(() => {
    contextRef.current = context;
  });
  const chains = useRef(new Map<string, Promise<string | null>>());

  const paint = useCallback((pupilId: string, value: Optimistic | null, onlyIf?: Optimistic) => {
    setOptimistic((current) => {
      if (onlyIf !== undefined && current.get(pupilId) !== onlyIf) return current;
      const next = new Map(current);
      if (value === null) next.delete(pupilId);
      else next.set(pupilId, value);
      return next;
    });
  }, []);

  const basedOn = useCallback(async (pupilId: string): Promise<string | null> => {
    const previous = await chains.current.get(pupilId);
    const { rows, knownOpIds } = contextRef.current;
    const live = rows.get(pupilId)?.headOpId ?? null;
    return previous !== undefined && previous !== null && !knownOpIds.has(previous)
      ? previous
      : live;
  }, []);

  const write = useCallback(
    async (pupilId: string, intent: Intent): Promise<WriteOutcome> => {
      const { date, session, times, isSchoolSession, rows } = contextRef.current;
      const name = rows.get(pupilId)?.name ?? 'This pupil';
      const now = engine.now();
      const phase = registerPhase(times, date, isSchoolSession, now);
      const plan = planMark(intent, {
        phase,
        times,
        session,
        nowMinutes: toSchoolTime(now).minutes,
      });
      if (!plan.ok) return { ok: false, message: refusalText(plan.refusal) };
      const saving: Optimistic = { ...plan.value, opId: null };
      paint(pupilId, saving);
      let settle: (opId: string | null) => void = () => undefined;
      const based = basedOn(pupilId);
      chains.current.set(
        pupilId,
        new Promise((resolve) => {
          settle = resolve;
        }),
      );
      try {
        await afterPaint();
        const started = performance.now();
        const result = await recordMark(db, {
          authorId: auth.staff.id,
          now,
          pupilId,
          date,
          session,
          code: plan.value.code,
          basedOn: await based,
          source: 'register',
          ...(plan.value.arrivedAt === null ? {} : { arrivedAt: plan.value.arrivedAt }),
        });
        if (!result.ok) {
          settle(null);
          paint(pupilId, null, saving);
          return { ok: false, message: storageText(name, result.error) };
        }
        measureDurable(started);
        settle(result.value.opId);
        paint(pupilId, { ...saving, opId: result.value.opId }, saving);
        engine.request('write');
        return { ok: true, op: result.value };
      } catch {
        settle(null);
        paint(pupilId, null, saving);
        return {
          ok: false,
          message: `${name}: not saved. This device could not save it; try again.`,
        };
      }
    },
    [db, engine, auth.staff.id, paint, basedOn],
  );

  return { optimistic, write };
}
