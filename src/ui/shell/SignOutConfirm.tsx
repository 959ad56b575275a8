/**
 * Asked before signing out while the person still has unsent marks: they stay on this device
 * and go under this person's login next time, so nothing is lost, but they should know.
 */
import { useEffect, useRef } from 'react';
import { plural } from './format.ts';

export interface SignOutConfirmProps {
  readonly pending: number;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}

export function SignOutConfirm({ pending, onConfirm, onCancel }: SignOutConfirmProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    cancelRef.current?.focus();
  }, []);
  return (
    <section
      className="banner banner-warning"
      role="alertdialog"
      aria-labelledby="signout-title"
      aria-describedby="signout-text"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <h2 id="signout-title">Sign out with unsent marks?</h2>
      <p id="signout-text">
        {plural(pending, 'mark')} {pending === 1 ? 'has' : 'have'} not reached the server yet. They
        stay on this tablet and will be sent next time you sign in.
      </p>
      <div className="actions">
        <button type="button" className="button button-primary" onClick={onConfirm}>
          Sign out anyway
        </button>
        <button type="button" className="button" ref={cancelRef} onClick={onCancel}>
          Stay signed in
        </button>
      </div>
    </section>
  );
}
