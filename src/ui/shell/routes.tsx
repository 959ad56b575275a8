/**
 * The route table: which screen each path shows, to which roles, and which appear in the
 * navigation. Screens load lazily so the first screen stays small.
 *
 * Adding a screen is one entry: `defineRoute({ pattern: '/office', title: 'Office',
 * roles: ['office', 'admin'], inNav: true, render: () => <OfficeScreen /> })`, its component
 * made with `lazy()` as below. Entries in the navigation come in table order, and a role's home
 * (`#/`) is its first navigation entry. `render` may return null for params that are not valid,
 * which shows "Page not found".
 */
import { use, type ComponentType, type ReactNode } from 'react';
import { isSession } from '../../domain/calendar.ts';
import { isIsoDate } from '../../domain/dates.ts';
import type { Role } from '../../schema/reference.ts';
import { matchPath, REGISTER_PATTERN, type PathParams } from '../../state/route.ts';

export interface ScreenRoute {
  readonly pattern: string;
  /** The navigation label, and the page's title. */
  readonly title: string;
  readonly roles: readonly Role[];
  readonly inNav: boolean;
  /** The screen for a path that matched, or null when its params are not valid. */
  readonly render: (path: string) => ReactNode;
  /** Starts loading the screen's code (see `preloadScreen`). */
  readonly preload?: () => unknown;
}

interface RouteSpec<P extends string> {
  readonly pattern: P;
  readonly title: string;
  readonly roles: readonly Role[];
  readonly inNav: boolean;
  readonly render: (params: PathParams<P>) => ReactNode;
  readonly preload?: () => unknown;
}

/** A table entry whose `render` gets its pattern's params, typed. */
export function defineRoute<P extends string>(spec: RouteSpec<P>): ScreenRoute {
  return {
    ...spec,
    render: (path) => {
      const params = matchPath(spec.pattern, path);
      return params === null ? null : spec.render(params);
    },
  };
}

export const ALL_ROLES: readonly Role[] = ['teacher', 'office', 'reception', 'admin'];

/**
 * A screen loaded on first use, whose loading can also be started early. Unlike `lazy()`, a
 * screen whose code has already arrived renders at once instead of suspending first (React holds
 * back content that follows a fallback for a moment, which would delay the first screen).
 */
export function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>) {
  let loading: Promise<ComponentType<P>> | null = null;
  const start = (): Promise<ComponentType<P>> => {
    const promise = load().then(
      (component) => {
        // Marked the way React's `use` reads a settled promise at once, without suspending.
        Object.assign(promise as object, { status: 'fulfilled', value: component });
        return component;
      },
      (error: unknown) => {
        loading = null; // a later visit tries again
        throw error;
      },
    );
    return promise;
  };
  const preload = () => (loading ??= start());
  function Screen(props: P) {
    const Loaded = use(preload());
    return <Loaded {...props} />;
  }
  return { Screen, preload };
}

// Today and the register load separately: Today is a teacher's first screen, and its chunk is
// part of the first screen's JavaScript budget.
const today = lazyScreen(async () => (await import('../register/TodayScreen.tsx')).TodayScreen);
const register = lazyScreen(
  async () => (await import('../register/RegisterScreen.tsx')).RegisterScreen,
);
const worklist = lazyScreen(
  async () => (await import('../office/WorklistScreen.tsx')).WorklistScreen,
);
const calls = lazyScreen(async () => (await import('../office/CallsScreen.tsx')).CallsScreen);
const record = lazyScreen(async () => (await import('../office/RecordScreen.tsx')).RecordScreen);
const registers = lazyScreen(
  async () => (await import('../office/RegistersScreen.tsx')).RegistersScreen,
);
const pupils = lazyScreen(async () => (await import('../pupil/PupilsScreen.tsx')).PupilsScreen);
const pupil = lazyScreen(async () => (await import('../pupil/PupilScreen.tsx')).PupilScreen);
const desk = lazyScreen(async () => (await import('../desk/DeskScreen.tsx')).DeskScreen);
const rollCall = lazyScreen(
  async () => (await import('../rollcall/RollCallScreen.tsx')).RollCallScreen,
);
const sync = lazyScreen(async () => (await import('./SyncScreen.tsx')).SyncScreen);
const device = lazyScreen(async () => (await import('../device/DeviceScreen.tsx')).DeviceScreen);

export const ROUTES: readonly ScreenRoute[] = [
  defineRoute({
    pattern: '/today',
    title: 'Today',
    roles: ['teacher'],
    inNav: true,
    render: () => <today.Screen />,
    preload: today.preload,
  }),
  defineRoute({
    pattern: REGISTER_PATTERN,
    title: 'Register',
    roles: ['teacher'],
    inNav: false,
    render: ({ groupId, date, session }) =>
      isIsoDate(date) && isSession(session) ? (
        <register.Screen groupId={groupId} date={date} session={session} />
      ) : null,
    preload: register.preload,
  }),
  defineRoute({
    pattern: '/desk',
    title: 'Signing-in desk',
    roles: ['reception'],
    inNav: true,
    render: () => <desk.Screen />,
    preload: desk.preload,
  }),
  defineRoute({
    pattern: '/office',
    title: 'Absences',
    roles: ['office', 'admin'],
    inNav: true,
    render: () => <worklist.Screen />,
    preload: worklist.preload,
  }),
  defineRoute({
    pattern: '/office/calls',
    title: 'First-day calls',
    roles: ['office', 'admin'],
    inNav: true,
    render: () => <calls.Screen />,
    preload: calls.preload,
  }),
  defineRoute({
    pattern: '/office/record',
    title: 'Record absence',
    roles: ['office', 'admin'],
    inNav: true,
    render: () => <record.Screen />,
    preload: record.preload,
  }),
  defineRoute({
    pattern: '/office/registers',
    title: 'Registers',
    roles: ['office', 'admin'],
    inNav: true,
    render: () => <registers.Screen />,
    preload: registers.preload,
  }),
  defineRoute({
    pattern: '/pupils',
    title: 'Pupils',
    roles: ['office', 'admin'],
    inNav: true,
    render: () => <pupils.Screen />,
    preload: pupils.preload,
  }),
  defineRoute({
    pattern: '/pupils/:pupilId',
    title: 'Pupil',
    roles: ['office', 'admin'],
    inNav: false,
    render: ({ pupilId }) => <pupil.Screen pupilId={pupilId} />,
    preload: pupil.preload,
  }),
  defineRoute({
    pattern: '/rollcall',
    title: 'Fire roll call',
    roles: ALL_ROLES,
    inNav: true,
    render: () => <rollCall.Screen />,
    preload: rollCall.preload,
  }),
  defineRoute({
    pattern: '/sync',
    title: 'Sync',
    roles: ALL_ROLES,
    inNav: true,
    render: () => <sync.Screen />,
    preload: sync.preload,
  }),
  defineRoute({
    pattern: '/device',
    title: 'This device',
    roles: ALL_ROLES,
    inNav: true,
    render: () => <device.Screen />,
    preload: device.preload,
  }),
];

/** What a path shows to someone with `role`. */
export type Resolved =
  | { readonly kind: 'screen'; readonly route: ScreenRoute; readonly screen: ReactNode }
  | { readonly kind: 'home'; readonly to: string }
  | { readonly kind: 'forbidden' }
  | { readonly kind: 'not-found' };

/**
 * Starts loading the code of the screen at `path`, before anyone is known to be signed in: the
 * app calls it at start, so the screen's chunk arrives while the device database opens.
 */
export function preloadScreen(routes: readonly ScreenRoute[], path: string): void {
  routes.find((route) => matchPath(route.pattern, path) !== null)?.preload?.();
}

/** The navigation entries `role` sees, in table order. */
export function navFor(routes: readonly ScreenRoute[], role: Role): ScreenRoute[] {
  return routes.filter((route) => route.inNav && route.roles.includes(role));
}

export function resolveRoute(routes: readonly ScreenRoute[], path: string, role: Role): Resolved {
  if (path === '/') {
    const first = navFor(routes, role)[0];
    return first === undefined ? { kind: 'not-found' } : { kind: 'home', to: first.pattern };
  }
  for (const route of routes) {
    if (matchPath(route.pattern, path) === null) continue;
    if (!route.roles.includes(role)) return { kind: 'forbidden' };
    const screen = route.render(path);
    return screen === null ? { kind: 'not-found' } : { kind: 'screen', route, screen };
  }
  return { kind: 'not-found' };
}
