import 'fake-indexeddb/auto';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readAuth } from '../../storage/auth.ts';
import { freshDb } from '../../storage/testing.ts';
import { createFakeFetch, type FakeAnswer } from '../testing/fakeFetch.ts';
import { teacherAuth } from '../testing/fixtures.ts';
import { SignInScreen } from './SignInScreen.tsx';

afterEach(cleanup);

function setup(answer: (body: Record<string, unknown>) => FakeAnswer, isOnline = true) {
  const db = freshDb();
  const fake = createFakeFetch((path, call) =>
    path === '/api/auth/login' ? answer(call.body as Record<string, unknown>) : undefined,
  );
  const onSignedIn = vi.fn();
  render(
    <SignInScreen
      deps={{ db, fetch: fake.fetch, baseUrl: '', isOnline: () => isOnline }}
      onSignedIn={onSignedIn}
    />,
  );
  return { db, calls: fake.calls, onSignedIn, user: userEvent.setup() };
}

async function fillIn(
  user: ReturnType<typeof userEvent.setup>,
  username: string,
  password: string,
) {
  await user.type(screen.getByLabelText('Username'), username);
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

const loginAnswer = (): FakeAnswer => {
  const { token, staff, school, expiresAt } = teacherAuth();
  return { status: 200, body: { token, staff, school, expiresAt } };
};

describe('SignInScreen', () => {
  it('signs in, stores the login on the device and hands it on', async () => {
    const { db, calls, onSignedIn, user } = setup(loginAnswer);
    await fillIn(user, 'r.hughes', 'larkspur-demo');
    await vi.waitFor(() => {
      expect(onSignedIn).toHaveBeenCalledOnce();
    });
    expect(calls[0]?.body).toEqual({ username: 'r.hughes', password: 'larkspur-demo' });
    const stored = await readAuth(db);
    expect(stored.ok && stored.value?.staff.name).toBe('Rhian Hughes');
  });

  it('says so when the username and password do not match, and clears the password', async () => {
    const { db, onSignedIn, user } = setup(() => ({
      status: 401,
      body: { error: 'wrong-credentials', message: 'That username and password do not match.' },
    }));
    await fillIn(user, 'r.hughes', 'wrong');
    expect((await screen.findByRole('alert')).textContent).toContain(
      'That username and password do not match.',
    );
    expect(screen.getByLabelText<HTMLInputElement>('Password').value).toBe('');
    expect(document.activeElement).toBe(screen.getByLabelText('Password'));
    expect(onSignedIn).not.toHaveBeenCalled();
    const stored = await readAuth(db);
    expect(stored.ok && stored.value).toBeUndefined();
  });

  it('asks to wait after too many attempts', async () => {
    const { user } = setup(() => ({
      status: 429,
      body: { error: 'too-many-attempts', message: 'Too many sign-in attempts.' },
    }));
    await fillIn(user, 'r.hughes', 'guess');
    expect((await screen.findByRole('alert')).textContent).toContain('Wait 15 minutes');
  });

  it('explains that the first sign-in needs the server when it cannot be reached', async () => {
    const { user } = setup(() => 'network');
    await fillIn(user, 'r.hughes', 'larkspur-demo');
    expect((await screen.findByRole('alert')).textContent).toContain(
      'The server cannot be reached.',
    );
  });

  it('says the device is offline when the browser has no network', async () => {
    const { user } = setup(() => 'network', false);
    await fillIn(user, 'r.hughes', 'larkspur-demo');
    expect((await screen.findByRole('alert')).textContent).toContain('This device is offline.');
  });

  it('says so when the server fails', async () => {
    const { user } = setup(() => ({ status: 503, body: null }));
    await fillIn(user, 'r.hughes', 'larkspur-demo');
    expect((await screen.findByRole('alert')).textContent).toContain(
      'The server could not sign you in just now.',
    );
  });

  it('asks for the school URN when the server holds several schools', async () => {
    const { calls, onSignedIn, user } = setup((body) =>
      body['school'] === undefined
        ? { status: 400, body: { error: 'school-required', message: 'Choose your school.' } }
        : body['school'] === '100001'
          ? loginAnswer()
          : { status: 400, body: { error: 'unknown-school', message: 'No such school.' } },
    );
    expect(screen.queryByLabelText('School URN')).toBeNull();
    await fillIn(user, 'r.hughes', 'larkspur-demo');
    const urn = await screen.findByLabelText('School URN');
    expect(screen.getByRole('alert').textContent).toContain('more than one school');
    expect(document.activeElement).toBe(urn);

    await user.type(urn, '999999');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByText(/No school with that URN/)).textContent).toBeTruthy();

    await user.clear(urn);
    await user.type(urn, '100001');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await vi.waitFor(() => {
      expect(onSignedIn).toHaveBeenCalledOnce();
    });
    expect(calls.at(-1)?.body).toEqual({
      username: 'r.hughes',
      password: 'larkspur-demo',
      school: '100001',
    });
  });

  it('asks for both fields before calling the server', async () => {
    const { calls, user } = setup(loginAnswer);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByRole('alert').textContent).toBe('Enter your username and password.');
    expect(calls).toHaveLength(0);
  });
});
