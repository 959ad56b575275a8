import { Dialog } from '../shared/Dialog.tsx';

export interface ConfirmChangeDialogProps {
  readonly pupilName: string;
  /** What is recorded now and by whom, e.g. "Illness, recorded by Olive Office at 08:12". */
  readonly recorded: string;
  /** What the tap would record, e.g. "present". */
  readonly change: string;
  /** The change cannot be undone from the register (the old code is the office's to write). */
  readonly isFinal: boolean;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}

/** The deliberate step before changing a mark someone else recorded. */
export function ConfirmChangeDialog(props: ConfirmChangeDialogProps) {
  const { pupilName, recorded, change, isFinal, onConfirm, onCancel } = props;
  return (
    <Dialog title={`Change ${pupilName}’s mark?`} onCancel={onCancel}>
      <p>{recorded}.</p>
      <p>
        Change it to <strong>{change}</strong>?
        {isFinal ? ' Only the office can change it back afterwards.' : ''}
      </p>
      <div className="rc-dialog-actions">
        <button type="button" className="rc-button" onClick={onCancel}>
          Keep it
        </button>
        <button type="button" className="rc-button rc-button-primary" onClick={onConfirm}>
          Change to {change}
        </button>
      </div>
    </Dialog>
  );
}
