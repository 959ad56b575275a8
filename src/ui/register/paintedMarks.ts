/**
 * Marks painted at the tap, before the live query has seen them, kept outside React state so a
 * tap re-renders only its own card: each card subscribes to its pupil, and the register's totals
 * follow in a transition, after the tapped card is on screen.
 */
import { startTransition, useEffect, useState, useSyncExternalStore } from 'react';

/** A mark painted before its write has been seen by the live query. */
export interface Optimistic {
  readonly code: string | null;
  readonly arrivedAt: string | null;
  /** Null while saving; the op id once committed. */
  readonly opId: string | null;
}

export interface PaintedMarks {
  get(pupilId: string): Optimistic | undefined;
  /** Paints (or with null, clears) a pupil's mark; with `onlyIf`, only over that very mark. */
  set(pupilId: string, value: Optimistic | null, onlyIf?: Optimistic): void;
  /** Told when this pupil's mark changes. */
  subscribe(pupilId: string, listener: () => void): () => void;
  /** Told after any change. */
  subscribeAll(listener: () => void): () => void;
  /** Every painted mark now, as a map that never changes afterwards. */
  snapshot(): ReadonlyMap<string, Optimistic>;
}

export function createPaintedMarks(): PaintedMarks {
  const marks = new Map<string, Optimistic>();
  const perPupil = new Map<string, Set<() => void>>();
  const everyone = new Set<() => void>();
  return {
    get: (pupilId) => marks.get(pupilId),
    set(pupilId, value, onlyIf) {
      if (onlyIf !== undefined && marks.get(pupilId) !== onlyIf) return;
      if (value === null) {
        if (!marks.delete(pupilId)) return;
      } else marks.set(pupilId, value);
      for (const listener of perPupil.get(pupilId) ?? []) listener();
      for (const listener of everyone) listener();
    },
    subscribe(pupilId, listener) {
      const listeners = perPupil.get(pupilId) ?? new Set();
      perPupil.set(pupilId, listeners);
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    subscribeAll(listener) {
      everyone.add(listener);
      return () => everyone.delete(listener);
    },
    snapshot: () => new Map(marks),
  };
}

/** One pupil's painted mark; the card re-renders at once when it changes. */
export function usePaintedMark(marks: PaintedMarks, pupilId: string): Optimistic | undefined {
  return useSyncExternalStore(
    (listener) => marks.subscribe(pupilId, listener),
    () => marks.get(pupilId),
  );
}

/**
 * Every painted mark, updated in a transition: what depends on every card (the totals, "mark the
 * rest", undo) catches up just after the tapped card has been painted.
 */
export function usePaintedSnapshot(marks: PaintedMarks): ReadonlyMap<string, Optimistic> {
  const [snapshot, setSnapshot] = useState(() => marks.snapshot());
  useEffect(() => {
    const update = () => {
      startTransition(() => {
        setSnapshot(marks.snapshot());
      });
    };
    update();
    return marks.subscribeAll(update);
  }, [marks]);
  return snapshot;
}
