export interface UndoBarProps {
  /** What the last tap did, e.g. "Marked Amelia Jones present". */
  readonly text: string;
  /** Null when it cannot be undone from the register (the text says why). */
  readonly onUndo: (() => void) | null;
}

/** The last tap, with Undo while the register is open. */
export function UndoBar({ text, onUndo }: UndoBarProps) {
  return (
    <div className="rc-undo">
      <span>{text}</span>
      {onUndo === null ? null : (
        <button type="button" className="rc-button" onClick={onUndo}>
          Undo
        </button>
      )}
    </div>
  );
}
