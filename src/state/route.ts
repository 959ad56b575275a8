/**
 * A tiny hash router: the path is everything after `#` (`#/sync` → `/sync`), read with
 * `useSyncExternalStore`, so it works offline from the precached shell with no server routes.
 * Which screen a path shows, and for whom, is the route table's business (src/ui/shell/routes.tsx).
 */
import { useSyncExternalStore } from 'react';

/** The path of a hash: `#/register/g-3b/2026-12-02/AM` → `/register/g-3b/2026-12-02/AM`. */
export function pathOfHash(hash: string): string {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  const path = raw.split('?')[0] ?? '';
  if (path === '' || path === '/') return '/';
  const withSlash = path.startsWith('/') ? path : `/${path}`;
  return withSlash.length > 1 && withSlash.endsWith('/') ? withSlash.slice(0, -1) : withSlash;
}

/** The `href` that opens `path`. */
export function hrefOf(path: string): string {
  return `#${path}`;
}

/** The names of a pattern's `:params`: `'/register/:groupId/:date'` → `'groupId' | 'date'`. */
export type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

export type PathParams<P extends string> = { readonly [K in ParamNames<P>]: string };

/**
 * Matches `path` against `pattern` (`/register/:groupId/:date/:session`): the decoded params, or
 * null. Segments must all match; an empty or undecodable segment never matches a param.
 */
export function matchPath<P extends string>(pattern: P, path: string): PathParams<P> | null {
  const want = pattern.split('/');
  const have = path.split('/');
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    const actual = have[i] ?? '';
    if (segment.startsWith(':')) {
      if (actual === '') return null;
      try {
        params[segment.slice(1)] = decodeURIComponent(actual);
      } catch {
        return null;
      }
    } else if (segment !== actual) return null;
  }
  return params as PathParams<P>;
}

/** The path of the register screen; the update prompt holds back while one is open. */
export const REGISTER_PATTERN = '/register/:groupId/:date/:session';

export function isRegisterPath(path: string): boolean {
  return matchPath(REGISTER_PATTERN, path) !== null;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => {
    window.removeEventListener('hashchange', onChange);
  };
}

function currentPath(): string {
  return pathOfHash(window.location.hash);
}

/** The current path; re-renders when the hash changes. */
export function usePath(): string {
  return useSyncExternalStore(subscribe, currentPath, () => '/');
}

/** Opens `path`; `replace` swaps the history entry (a redirect) rather than adding one. */
export function navigate(path: string, options: { readonly replace?: boolean } = {}): void {
  const href = hrefOf(path);
  if (options.replace === true) {
    window.history.replaceState(window.history.state, '', href);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else window.location.hash = path;
}
