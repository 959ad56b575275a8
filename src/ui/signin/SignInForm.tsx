/**
 * Username, password and — when the server holds several schools — the school's URN. Used by the
 * sign-in screen and, with the username fixed, to sign the same person in again after a 401.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { SignedInSession } from '../../storage/auth.ts';
import { signIn, type SessionDeps } from './session.ts';
import { rememberUsername } from './usernames.ts';

/** The person who must sign in again, when a session has ended. */
export interface ReturningPerson {
  readonly staffId: string;
  /** Null when this device never saw their username; they type it. */
  readonly username: string | null;
  readonly schoolUrn: string;
}

export interface SignInFormProps {
  readonly deps: SessionDeps;
  /** Called with the stored login and the corrected clock. */
  readonly onSignedIn: (session: SignedInSession) => void;
  readonly returning?: ReturningPerson;
  /** Text of the submit button. */
  readonly submitLabel?: string;
}

/** The form; shows its own errors above the fields, read out as they appear. */
export function SignInForm({
  deps,
  onSignedIn,
  returning,
  submitLabel = 'Sign in',
}: SignInFormProps) {
  const id = useId();
  const [username, setUsername] = useState(returning?.username ?? '');
  const [password, setPassword] = useState('');
  const [school, setSchool] = useState(returning?.schoolUrn ?? '');
  const [needsSchool, setNeedsSchool] = useState(false);
  const [isBusy, setIsBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const schoolRef = useRef<HTMLInputElement>(null);
  const isLocked = returning?.username != null;

  useEffect(() => {
    if (needsSchool) schoolRef.current?.focus();
  }, [needsSchool]);

  async function submit(): Promise<void> {
    if (username.trim() === '' || password === '') {
      setError('Enter your username and password.');
      return;
    }
    if (needsSchool && school.trim() === '') {
      setError('Enter your school’s URN.');
      schoolRef.current?.focus();
      return;
    }
    setIsBusy(true);
    setError(null);
    const result = await signIn(deps, { username, password, school }, returning?.staffId);
    setIsBusy(false);
    if (result.ok) {
      rememberUsername(result.value.auth.staff.id, username.trim());
      onSignedIn(result.value.session);
      return;
    }
    const { failure, message } = result.error;
    setError(message);
    if (failure === 'school-required' || failure === 'unknown-school') {
      setNeedsSchool(true);
      schoolRef.current?.focus();
    } else if (failure === 'wrong-credentials') {
      setPassword('');
      passwordRef.current?.focus();
    }
  }

  return (
    <form
      className="signin-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      {error !== null && (
        <p className="error-box" role="alert">
          {error}
        </p>
      )}
      <div className="field">
        <label htmlFor={`${id}-username`}>Username</label>
        <input
          id={`${id}-username`}
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          readOnly={isLocked}
          aria-describedby={isLocked ? `${id}-locked` : undefined}
          value={username}
          onChange={(event) => {
            setUsername(event.target.value);
          }}
        />
        {isLocked && (
          <p className="hint" id={`${id}-locked`}>
            Signing in again as the same person keeps their unsent marks with them.
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>Password</label>
        <input
          id={`${id}-password`}
          ref={passwordRef}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => {
            setPassword(event.target.value);
          }}
        />
      </div>
      {needsSchool && (
        <div className="field">
          <label htmlFor={`${id}-school`}>School URN</label>
          <input
            id={`${id}-school`}
            ref={schoolRef}
            name="school"
            inputMode="numeric"
            autoComplete="off"
            aria-describedby={`${id}-school-hint`}
            value={school}
            onChange={(event) => {
              setSchool(event.target.value);
            }}
          />
          <p className="hint" id={`${id}-school-hint`}>
            The school’s six-digit unique reference number; the office knows it.
          </p>
        </div>
      )}
      <button type="submit" className="button button-primary" disabled={isBusy}>
        {isBusy ? 'Signing in…' : submitLabel}
      </button>
    </form>
  );
}
