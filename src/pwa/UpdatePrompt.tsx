/**
 * The "new version" banner. Updating reloads the page, so it is held back while a register is
 * open or marks are still waiting to be sent; the button says why.
 */
import { isRegisterPath } from '../state/route.ts';
import { useUpdate } from './updates.ts';

export interface UpdatePromptProps {
  /** The current route's path. */
  readonly path: string;
  /** The signed-in person's unsent ops. */
  readonly pending: number;
}

/** Why updating must wait, or null when it may go ahead. */
export function updateBlocker(path: string, pending: number): string | null {
  if (isRegisterPath(path)) return 'It will be ready to install when you leave the register.';
  if (pending > 0) return 'It will be ready to install once your marks have reached the server.';
  return null;
}

/** Shown only when a new version is waiting. */
export function UpdatePrompt({ path, pending }: UpdatePromptProps) {
  const { isWaiting, apply } = useUpdate();
  if (!isWaiting || apply === null) return null;
  const blocker = updateBlocker(path, pending);
  return (
    <section className="banner banner-info" aria-label="New version">
      <p>
        A new version of Rollcall is ready.{' '}
        {blocker !== null && <span id="update-blocked">{blocker}</span>}
      </p>
      <button
        type="button"
        className="button"
        disabled={blocker !== null}
        aria-describedby={blocker === null ? undefined : 'update-blocked'}
        onClick={apply}
      >
        Update
      </button>
    </section>
  );
}
