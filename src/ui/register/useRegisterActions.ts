/**
 * What the register's buttons do: marking, the confirmation before changing someone else's mark,
 * the late-arrival dialog, "mark the rest present", the afternoon's "present this morning"
 * (confirmed first), and undo of the last tap.
 *
 * Undo writes a new amendment based on the mistaken mark (marks are never deleted): it clears a
 * cell that was blank (`code: null`, which the server accepts from the teacher only while the
 * register is open) or writes the earlier present, `N` or late mark again. A mark someone else
 * recorded with another code (the office's `I`, `M`…) is not the teacher's to write, so a change
 * to one is confirmed first and cannot be undone from the register.
 */
import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { err } from '../../domain/index.ts';
import type { StorageResult } from '../../storage/errors.ts';
import type { SyncEngine } from '../../sync/types.ts';
import { restoreFor, type Intent } from './intents.ts';
import type { CardAction } from './PupilCard.tsx';
import type { PupilRow } from './registerData.ts';
import type { Shown } from './cardModels.ts';
import type { Marking } from './useMarking.ts';

export type DialogState =
  | { readonly kind: 'confirm'; readonly pupilId: string; readonly action: CardAction }
  | { readonly kind: 'late'; readonly pupilId: string; readonly openedAt: number }
  | { readonly kind: 'morning'; readonly pupilIds: readonly string[] }
  | null;

interface UndoItem {
  readonly pupilId: string;
  readonly opId: string;
  readonly restore: Intent;
}

/** The last thing done, for the feedback bar; `items` null when it cannot be undone. */
export interface LastAction {
  readonly text: string;
  readonly items: readonly UndoItem[] | null;
}

export interface Notice {
  readonly tone: 'info' | 'error';
  readonly text: string;
}

export interface RegisterView {
  readonly rows: ReadonlyMap<string, PupilRow>;
  readonly shown: (pupilId: string) => Shown | undefined;
}

function doneText(name: string, intent: Intent, code: string | null): string {
  switch (intent.kind) {
    case 'present':
      return `Marked ${name} present`;
    case 'absent':
      return `Marked ${name} absent`;
    case 'late':
      return code === 'L' || code === 'U'
        ? `Recorded ${name} arriving at ${intent.arrivedAt} (${code})`
        : `Recorded ${name} arriving at ${intent.arrivedAt}: present, not late`;
    case 'restore':
      return `Undone: ${name}`;
  }
}

/** True when a tap would change nothing (present on a present cell, absent on `N`). */
function changesNothing(shown: Shown, intent: Intent, presentCode: string): boolean {
  return (
    (intent.kind === 'present' && shown.code === presentCode) ||
    (intent.kind === 'absent' && shown.code === 'N')
  );
}

export function useRegisterActions(
  view: RegisterView,
  marking: Marking,
  options: {
    readonly engine: SyncEngine;
    readonly presentCode: string;
    readonly onRefused: () => void;
    /** Of these blank pupils, those here this morning (the afternoon register only). */
    readonly findPresentThisMorning?: (
      blankPupilIds: readonly string[],
    ) => Promise<StorageResult<string[]>>;
  },
) {
  const [dialog, setDialog] = useState<DialogState>(null);
  const [lastAction, setLastAction] = useState<LastAction | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const viewRef = useRef(view);
  useLayoutEffect(() => {
    viewRef.current = view;
  });
  const { write, writeAll } = marking;
  const { engine, presentCode, onRefused, findPresentThisMorning } = options;

  const record = useCallback(
    async (pupilId: string, intent: Intent) => {
      const shown = viewRef.current.shown(pupilId);
      const name = viewRef.current.rows.get(pupilId)?.name ?? 'This pupil';
      if (shown === undefined || changesNothing(shown, intent, presentCode)) return;
      const restore = restoreFor(shown.code, shown.arrivedAt);
      const outcome = await write(pupilId, intent);
      if (!outcome.ok) {
        setNotice({ tone: 'error', text: outcome.error });
        onRefused();
        return;
      }
      setNotice(null);
      const text = doneText(name, intent, outcome.value.code);
      setLastAction(
        restore === null
          ? { text: `${text}. Only the office can change it back.`, items: null }
          : { text, items: [{ pupilId, opId: outcome.value.opId, restore }] },
      );
    },
    [write, presentCode, onRefused],
  );

  const onAction = useCallback(
    (pupilId: string, action: CardAction) => {
      const row = viewRef.current.rows.get(pupilId);
      const shown = viewRef.current.shown(pupilId);
      if (row === undefined || shown === undefined) return;
      const isOthers =
        !shown.isOptimistic && row.recordedBy !== null && row.recordedBy.source !== 'system';
      if (isOthers) setDialog({ kind: 'confirm', pupilId, action });
      else if (action === 'late') setDialog({ kind: 'late', pupilId, openedAt: engine.now() });
      else void record(pupilId, { kind: action });
    },
    [engine, record],
  );

  const confirmChange = useCallback(() => {
    if (dialog?.kind !== 'confirm') return;
    const { pupilId, action } = dialog;
    if (action === 'late') setDialog({ kind: 'late', pupilId, openedAt: engine.now() });
    else {
      setDialog(null);
      void record(pupilId, { kind: action });
    }
  }, [dialog, engine, record]);

  const confirmLate = useCallback(
    (arrivedAt: string) => {
      if (dialog?.kind !== 'late') return;
      setDialog(null);
      void record(dialog.pupilId, { kind: 'late', arrivedAt });
    },
    [dialog, record],
  );

  /** Marks present those of `pupilIds` still blank, in one transaction, undoable together. */
  const markPresent = useCallback(
    async (pupilIds: readonly string[], why: string) => {
      const blanks = pupilIds.filter((id) => viewRef.current.shown(id)?.code === null);
      const written = await writeAll(
        blanks.map((pupilId) => ({ pupilId, intent: { kind: 'present' } as const })),
      );
      const outcomes = blanks.map((pupilId, i) => ({
        pupilId,
        outcome: written[i] ?? err('Not saved.'),
      }));
      const items: UndoItem[] = [];
      const failures: string[] = [];
      for (const { pupilId, outcome } of outcomes) {
        if (outcome.ok)
          items.push({
            pupilId,
            opId: outcome.value.opId,
            restore: { kind: 'restore', code: null, arrivedAt: null },
          });
        else failures.push(outcome.error);
      }
      const count = items.length === 1 ? '1 pupil' : `${String(items.length)} pupils`;
      setLastAction({ text: `Marked ${count} present${why}`, items });
      if (failures.length > 0) {
        setNotice({
          tone: 'error',
          text: `${String(failures.length)} not saved. ${failures[0] ?? ''}`,
        });
        onRefused();
      } else setNotice(null);
    },
    [writeAll, onRefused],
  );

  const markRestPresent = useCallback(
    () => markPresent([...viewRef.current.rows.keys()], ''),
    [markPresent],
  );

  /** Finds who was here this morning and asks the teacher before marking them. */
  const askPresentThisMorning = useCallback(async () => {
    if (findPresentThisMorning === undefined) return;
    const blanks = [...viewRef.current.rows.keys()].filter(
      (id) => viewRef.current.shown(id)?.code === null,
    );
    const found = await findPresentThisMorning(blanks);
    if (!found.ok) {
      setNotice({
        tone: 'error',
        text: `This morning’s register could not be read on this device. ${found.error.message}`,
      });
      return;
    }
    setNotice(null);
    if (found.value.length === 0)
      setLastAction({
        text: 'Everyone who was here this morning already has a mark this afternoon.',
        items: null,
      });
    else setDialog({ kind: 'morning', pupilIds: found.value });
  }, [findPresentThisMorning]);

  const confirmPresentThisMorning = useCallback(() => {
    if (dialog?.kind !== 'morning') return;
    setDialog(null);
    void markPresent(dialog.pupilIds, ' who were here this morning');
  }, [dialog, markPresent]);

  const undo = useCallback(async () => {
    const items = lastAction?.items ?? [];
    const current = items.filter((item) => viewRef.current.shown(item.pupilId)?.opId === item.opId);
    setLastAction(null);
    const outcomes = await writeAll(
      current.map((item) => ({ pupilId: item.pupilId, intent: item.restore })),
    );
    const failed = outcomes.find((outcome) => !outcome.ok);
    if (failed?.ok === false) {
      setNotice({ tone: 'error', text: failed.error });
      onRefused();
    } else setLastAction({ text: 'Undone', items: null });
  }, [lastAction, writeAll, onRefused]);

  return {
    dialog,
    closeDialog: useCallback(() => {
      setDialog(null);
    }, []),
    lastAction,
    notice,
    onAction,
    confirmChange,
    confirmLate,
    markRestPresent,
    askPresentThisMorning,
    confirmPresentThisMorning,
    undo,
  };
}
