/**
 * Shown when the server said 401: the same person signs in again, and nothing recorded is lost.
 * Anyone else must sign out first ("Sign in as someone else"), which keeps the marks for later.
 */
import type { SignedInSession } from '../../storage/auth.ts';
import type { SignedIn } from '../../schema/auth.ts';
import { SignInForm } from './SignInForm.tsx';
import type { SessionDeps } from './session.ts';
import { rememberedUsername } from './usernames.ts';

export interface ReSignInProps {
  readonly deps: SessionDeps;
  readonly auth: SignedIn;
  /** Called with the new login once it is stored. */
  readonly onSignedIn: (session: SignedInSession) => void;
  readonly onSwitchPerson: () => void;
  /** The person's unsent ops. */
  readonly pending: number;
}

export function ReSignIn({ deps, auth, onSignedIn, onSwitchPerson, pending }: ReSignInProps) {
  return (
    <section className="banner banner-warning" aria-labelledby="resignin-title">
      <h2 id="resignin-title">Sign in again, {auth.staff.name}</h2>
      <p>
        Your session has ended, so nothing can be sent to the server.{' '}
        {pending > 0
          ? 'Your unsent marks are safe on this device and will be sent once you sign in.'
          : 'You can keep working; what you record is kept on this device.'}
      </p>
      <SignInForm
        deps={deps}
        onSignedIn={onSignedIn}
        returning={{
          staffId: auth.staff.id,
          username: rememberedUsername(auth.staff.id),
          schoolUrn: auth.school.urn,
        }}
        submitLabel="Sign in again"
      />
      <button type="button" className="button button-link" onClick={onSwitchPerson}>
        Sign in as someone else
      </button>
    </section>
  );
}
