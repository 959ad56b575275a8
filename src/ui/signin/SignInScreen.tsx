/** The first screen when nobody is signed in on this device. */
import type { SignedInSession } from '../../storage/auth.ts';
import { SignInForm } from './SignInForm.tsx';
import type { SessionDeps } from './session.ts';

export interface SignInScreenProps {
  readonly deps: SessionDeps;
  readonly onSignedIn: (session: SignedInSession) => void;
}

export function SignInScreen({ deps, onSignedIn }: SignInScreenProps) {
  return (
    <main className="signin">
      <div className="signin-card">
        <h1 className="brand-title">
          <img className="brand-icon" src="/icon.svg" alt="" width="40" height="40" />
          Rollcall
        </h1>
        <h2>Sign in</h2>
        <SignInForm deps={deps} onSignedIn={onSignedIn} />
        <p className="hint">
          Marks are kept on this device when the Wi-Fi drops and are sent when it is back.
        </p>
      </div>
    </main>
  );
}
