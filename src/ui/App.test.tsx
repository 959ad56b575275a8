import 'fake-indexeddb/auto';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readAuth, readDeviceSession, saveAuth } from '../storage/auth.ts';
import type { RollcallDb } from '../storage/db.ts';
import { setClockOffsetMs } from '../storage/meta.ts';
import { pendingCount, recordMark } from '../storage/outbox.ts';
import type { SignedIn } from '../schema/auth.ts';
import { freshDb, markInput } from '../storage/testing.ts';
import { App } from './App.tsx';
import { ALL_ROLES, defineRoute, ROUTES } from './shell/routes.tsx';
import { rememberUsername } from './signin/usernames.ts';
import { createFakeEngine, type FakeEngine } from './testing/fakeEngine.ts';
import { createFakeFetch } from './testing/fakeFetch.ts';
import { officeAuth, teacherAuth } from './testing/fixtures.ts';

afterEach(cleanup);
beforeEach(() => {
  window.history.replaceState(null, '', '#/');
  localStorage.clear();
});

const TEACHER = teacherAuth();

function loginBody(auth: SignedIn) {
  const { token, staff, school, expiresAt } = auth;
  return { token, staff, school, expiresAt };
}

interface Started {
  readonly db: RollcallDb;
  readonly engine: FakeEngine;
  readonly calls: ReturnType<typeof createFakeFetch>['calls'];
  readonly user: ReturnType<typeof userEvent.setup>;
}

async function startApp(
  options: { auth?: SignedIn; queued?: number; routes?: typeof ROUTES; answer?: SignedIn } = {},
): Promise<Started> {
  const db = freshDb();
  if (options.auth !== undefined) await saveAuth(db, options.auth);
  for (let i = 0; i < (options.queued ?? 0); i++)
    await recordMark(db, markInput({ authorId: TEACHER.staff.id, pupilId: `p-${String(i)}` }));
  const engine = createFakeEngine();
  const answer = options.answer ?? TEACHER;
  const fake = createFakeFetch((path) => {
    if (path === '/api/auth/login') return { status: 200, body: loginBody(answer) };
    if (path === '/api/auth/logout') return { status: 200, body: { ok: true } };
    return undefined;
  });
  render(
    <App
      db={db}
      makeEngine={() => engine}
      fetch={fake.fetch}
      storage={undefined}
      isOnline={() => true}
      {...(options.routes === undefined ? {} : { routes: options.routes })}
    />,
  );
  return { db, engine, calls: fake.calls, user: userEvent.setup() };
}

describe('App: signing in', () => {
  it('shows sign-in when nobody is signed in, then the shell', async () => {
    const { engine, user } = await startApp();
    expect(await screen.findByRole('heading', { level: 1, name: 'Rollcall' })).toBeDefined();
    await user.type(screen.getByLabelText('Username'), 'r.hughes');
    await user.type(screen.getByLabelText('Password'), 'larkspur-demo');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('status', { name: 'Sync status' })).toBeDefined();
    expect(screen.getByText('Rhian Hughes')).toBeDefined();
    // The engine starts in an effect just after the shell is drawn.
    await waitFor(() => {
      expect(engine.isStarted).toBe(true);
    });
  });

  it('opens straight into the shell when someone is signed in on this device', async () => {
    await startApp({ auth: officeAuth() });
    expect(await screen.findByRole('navigation', { name: 'Main' })).toBeDefined();
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Unexplained absences' }),
    ).toBeDefined();
  });
});

describe('App: navigation by role', () => {
  it('gives a teacher Today first, and opens it as home', async () => {
    await startApp({ auth: TEACHER });
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    const links = within(nav)
      .getAllByRole('link')
      .map((link) => link.textContent);
    expect(links).toEqual(['Today', 'Fire roll call', 'Sync', 'This device']);
    expect(await screen.findByRole('heading', { level: 1, name: /^Today/ })).toBeDefined();
    expect(window.location.hash).toBe('#/today');
    expect(within(nav).getByRole('link', { name: 'Today' }).getAttribute('aria-current')).toBe(
      'page',
    );
  });

  it('gives the office its screens, the worklist as home, with no register links', async () => {
    await startApp({ auth: officeAuth() });
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual([
      'Absences',
      'First-day calls',
      'Record absence',
      'Registers',
      'Pupils',
      'Fire roll call',
      'Sync',
      'This device',
    ]);
    await screen.findByRole('heading', { level: 1, name: 'Unexplained absences' });
    expect(window.location.hash).toBe('#/office');
  });

  it('gives reception the signing-in desk as home', async () => {
    await startApp({
      auth: { ...officeAuth(), staff: { ...officeAuth().staff, role: 'reception' } },
    });
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(['Signing-in desk', 'Fire roll call', 'Sync', 'This device']);
    expect(window.location.hash).toBe('#/desk');
  });

  it('tells the office the teacher screens are not for its role', async () => {
    window.history.replaceState(null, '', '#/today');
    await startApp({ auth: officeAuth() });
    expect(await screen.findByText('This screen is not available for your role.')).toBeDefined();
  });

  it('treats a register address with a bad date or session as not found', async () => {
    window.history.replaceState(null, '', '#/register/g-3b/2026-13-45/AM');
    await startApp({ auth: TEACHER });
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeDefined();
    cleanup();
    window.history.replaceState(null, '', '#/register/g-3b/2026-12-02/EVENING');
    await startApp({ auth: TEACHER });
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeDefined();
  });

  it('adds routes from the table in order, for the roles named', async () => {
    const routes = [
      defineRoute({
        pattern: '/office-test',
        title: 'Office',
        roles: ['office', 'admin'],
        inNav: true,
        render: () => <h1>Office work</h1>,
      }),
      ...ROUTES,
    ];
    await startApp({ auth: officeAuth(), routes });
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual([
      'Office',
      'Absences',
      'First-day calls',
      'Record absence',
      'Registers',
      'Pupils',
      'Fire roll call',
      'Sync',
      'This device',
    ]);
    expect(await screen.findByRole('heading', { level: 1, name: 'Office work' })).toBeDefined();
  });

  it('passes typed params from the path to the screen', async () => {
    const routes = [
      defineRoute({
        pattern: '/register/:groupId/:date/:session',
        title: 'Register',
        roles: ALL_ROLES,
        inNav: false,
        render: ({ groupId, date, session }) => <h1>{`${groupId} ${date} ${session}`}</h1>,
      }),
      ...ROUTES,
    ];
    window.history.replaceState(null, '', '#/register/g-3b/2026-12-02/AM');
    await startApp({ auth: TEACHER, routes });
    expect(await screen.findByRole('heading', { name: 'g-3b 2026-12-02 AM' })).toBeDefined();
  });

  it('says a screen is not available for the role', async () => {
    const routes = [
      defineRoute({
        pattern: '/office-test',
        title: 'Office',
        roles: ['office'],
        inNav: true,
        render: () => <h1>Office work</h1>,
      }),
      ...ROUTES,
    ];
    window.history.replaceState(null, '', '#/office');
    await startApp({ auth: TEACHER, routes });
    expect(await screen.findByText('This screen is not available for your role.')).toBeDefined();
    expect(screen.queryByRole('link', { name: 'Office' })).toBeNull();
  });

  it('says when there is no page at an address', async () => {
    window.history.replaceState(null, '', '#/no-such-screen');
    await startApp({ auth: TEACHER });
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeDefined();
  });

  it('moves between screens from the navigation', async () => {
    const { user } = await startApp({ auth: TEACHER });
    await user.click(await screen.findByRole('link', { name: 'This device' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'This device' })).toBeDefined();
  });
});

describe('App: session ended (401)', () => {
  it('asks the same person to sign in again and keeps everything', async () => {
    rememberUsername(TEACHER.staff.id, 'r.hughes');
    const { db, engine, calls, user } = await startApp({
      auth: TEACHER,
      queued: 2,
      answer: { ...TEACHER, token: 'token-fresh' },
    });
    await screen.findByRole('navigation', { name: 'Main' });
    act(() => {
      engine.setStatus({ phase: 'needs-sign-in', pending: 2 });
    });
    const prompt = await screen.findByRole('region', { name: 'Sign in again, Rhian Hughes' });
    const username = within(prompt).getByLabelText<HTMLInputElement>('Username');
    expect(username.value).toBe('r.hughes');
    expect(username.readOnly).toBe(true);
    expect(prompt.textContent).toContain('Your unsent marks are safe on this device');

    await user.type(within(prompt).getByLabelText('Password'), 'larkspur-demo');
    await user.click(within(prompt).getByRole('button', { name: 'Sign in again' }));
    await vi.waitFor(() => {
      expect(engine.requests).toContain('manual');
    });
    expect(calls.at(-1)?.body).toEqual({
      username: 'r.hughes',
      password: 'larkspur-demo',
      school: '100001',
    });
    const stored = await readAuth(db);
    expect(stored.ok && stored.value?.token).toBe('token-fresh');
    expect(await pendingCount(db)).toBe(2);
    expect(engine.stopCount).toBe(0);
  });

  it('refuses someone else’s login in the same-person prompt', async () => {
    const { db, engine, user } = await startApp({ auth: TEACHER, answer: officeAuth() });
    await screen.findByRole('navigation', { name: 'Main' });
    act(() => {
      engine.setStatus({ phase: 'needs-sign-in' });
    });
    const prompt = await screen.findByRole('region', { name: /Sign in again/ });
    await user.type(within(prompt).getByLabelText('Username'), 'office');
    await user.type(within(prompt).getByLabelText('Password'), 'larkspur-demo');
    await user.click(within(prompt).getByRole('button', { name: 'Sign in again' }));
    expect((await within(prompt).findByRole('alert')).textContent).toContain('someone else’s');
    const stored = await readAuth(db);
    expect(stored.ok && stored.value?.token).toBe(TEACHER.token);
  });

  it('lets someone else sign in instead, after the warning, keeping the marks', async () => {
    const { db, engine, user } = await startApp({ auth: TEACHER, queued: 3 });
    await screen.findByRole('navigation', { name: 'Main' });
    act(() => {
      engine.setStatus({ phase: 'needs-sign-in', pending: 3 });
    });
    await user.click(await screen.findByRole('button', { name: 'Sign in as someone else' }));
    await user.click(await screen.findByRole('button', { name: 'Sign out anyway' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeDefined();
    expect(await pendingCount(db, TEACHER.staff.id)).toBe(3);
  });
});

describe('App: signing out', () => {
  it('warns about unsent marks; cancelling keeps the person signed in', async () => {
    const { db, engine, user } = await startApp({ auth: TEACHER, queued: 2 });
    await screen.findByRole('navigation', { name: 'Main' });
    act(() => {
      engine.setStatus({ pending: 2 });
    });
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Sign out with unsent marks?' });
    expect(dialog.textContent).toContain(
      '2 marks have not reached the server yet. They stay on this tablet and will be sent next time you sign in.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Stay signed in' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    const stored = await readAuth(db);
    expect(stored.ok && stored.value?.staff.id).toBe(TEACHER.staff.id);
  });

  it('signing out anyway forgets the login but keeps the outbox', async () => {
    const { db, engine, calls, user } = await startApp({ auth: TEACHER, queued: 2 });
    await screen.findByRole('navigation', { name: 'Main' });
    act(() => {
      engine.setStatus({ pending: 2 });
    });
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    await user.click(await screen.findByRole('button', { name: 'Sign out anyway' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeDefined();
    expect(window.location.hash).toBe('#/');
    const stored = await readAuth(db);
    expect(stored.ok && stored.value).toBeUndefined();
    expect(await pendingCount(db, TEACHER.staff.id)).toBe(2);
    expect(engine.isStarted).toBe(false);
    expect(calls.find((call) => call.url === '/api/auth/logout')?.authorization).toBe(
      `Bearer ${TEACHER.token}`,
    );
  });

  it('signs out at once with nothing unsent, even when the server cannot be reached', async () => {
    const db = freshDb();
    await saveAuth(db, TEACHER);
    const engine = createFakeEngine();
    const fake = createFakeFetch(() => 'network');
    render(<App db={db} makeEngine={() => engine} fetch={fake.fetch} storage={undefined} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeDefined();
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });
});

describe('App: the corrected clock', () => {
  const TWO_DAYS = 2 * 86_400_000;

  it('[clock-restore] a reload starts the engine on the offset measured at the last sync', async () => {
    const db = freshDb();
    await saveAuth(db, TEACHER);
    await setClockOffsetMs(db, -TWO_DAYS);
    const offsets: number[] = [];
    const engine = createFakeEngine();
    render(
      <App
        db={db}
        makeEngine={(_, clockOffsetMs) => {
          offsets.push(clockOffsetMs);
          return engine;
        }}
        fetch={createFakeFetch(() => 'network').fetch}
        storage={undefined}
        isOnline={() => false}
      />,
    );
    expect(await screen.findByRole('status', { name: 'Sync status' })).toBeDefined();
    expect(offsets).toEqual([-TWO_DAYS]);
  });

  /** Signs in through the form against a server whose login answer is `body`. */
  async function signInWith(db: RollcallDb, body: object): Promise<number[]> {
    const offsets: number[] = [];
    const fake = createFakeFetch((path) =>
      path === '/api/auth/login' ? { status: 200, body } : undefined,
    );
    render(
      <App
        db={db}
        makeEngine={(_, clockOffsetMs) => {
          offsets.push(clockOffsetMs);
          return createFakeEngine();
        }}
        fetch={fake.fetch}
        storage={undefined}
        isOnline={() => true}
      />,
    );
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Username'), 'r.hughes');
    await user.type(screen.getByLabelText('Password'), 'larkspur-demo');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('status', { name: 'Sync status' })).toBeDefined();
    return offsets;
  }

  it('[clock-restore] a first sign-in measures the clock before the first screen', async () => {
    const db = freshDb();
    const serverTime = new Date(Date.now() + TWO_DAYS).toISOString();
    const offsets = await signInWith(db, { ...loginBody(TEACHER), serverTime });
    expect(offsets).toHaveLength(1);
    expect(Math.abs((offsets[0] ?? 0) - TWO_DAYS)).toBeLessThan(1000);
    const stored = await readDeviceSession(db);
    expect(stored.ok && stored.value.clockOffsetMs).toBe(offsets[0]);
  });

  it('[clock-restore] a sign-in from a server that sends no time keeps the offset already known', async () => {
    const db = freshDb();
    await setClockOffsetMs(db, 45_000);
    expect(await signInWith(db, loginBody(TEACHER))).toEqual([45_000]);
  });
});

describe('App: starting', () => {
  it('says so when this device’s storage cannot be opened, instead of asking to sign in', async () => {
    const db = freshDb();
    vi.spyOn(db, 'transaction').mockRejectedValueOnce(new DOMException('denied', 'UnknownError'));
    const engine = createFakeEngine();
    render(
      <App
        db={db}
        makeEngine={() => engine}
        fetch={createFakeFetch(() => 'network').fetch}
        storage={undefined}
      />,
    );
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /cannot open this device’s storage.*private window.*reload/,
    );
    expect(screen.queryByRole('heading', { name: 'Sign in' })).toBeNull();
  });
});
