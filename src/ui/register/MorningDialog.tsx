import { Dialog } from '../shared/Dialog.tsx';

export interface MorningDialogProps {
  /** The pupils who would be marked present, by name, in register order. */
  readonly names: readonly string[];
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}

/** The teacher's confirmation before the afternoon's "present this morning" shortcut. */
export function MorningDialog({ names, onConfirm, onCancel }: MorningDialogProps) {
  const count = names.length === 1 ? '1 pupil' : `${String(names.length)} pupils`;
  return (
    <Dialog title="Mark present everyone here this morning?" onCancel={onCancel}>
      <p>
        {names.length === 1 ? 'This pupil was' : `These ${count} were`} present or late this morning
        and {names.length === 1 ? 'has' : 'have'} no mark this afternoon:
      </p>
      <p className="rc-name-list">{names.join(', ')}</p>
      <p>
        Anyone signed out at reception is left out. Look round the room first: change the mark of
        anyone who has gone home since.
      </p>
      <div className="rc-dialog-actions">
        <button type="button" className="rc-button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="rc-button rc-button-primary" onClick={onConfirm}>
          Mark {count} present
        </button>
      </div>
    </Dialog>
  );
}
