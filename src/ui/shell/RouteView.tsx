/**
 * The main area: the screen for the current path, or a plain page saying why there is none.
 * `#/` goes to the role's first screen.
 */
import { Suspense, useEffect, type ReactNode } from 'react';
import { hrefOf, navigate } from '../../state/route.ts';
import { FirstScreenMark } from '../shared/firstScreen.tsx';
import type { Resolved } from './routes.tsx';

export interface RouteViewProps {
  readonly resolved: Resolved;
}

function Notice({ title, children }: { readonly title: string; readonly children: ReactNode }) {
  return (
    <>
      <h1>{title}</h1>
      <p>{children}</p>
      <p>
        <a className="button" href={hrefOf('/')}>
          Go to your start page
        </a>
      </p>
      <FirstScreenMark />
    </>
  );
}

export function RouteView({ resolved }: RouteViewProps) {
  const home = resolved.kind === 'home' ? resolved.to : null;
  useEffect(() => {
    if (home !== null) navigate(home, { replace: true });
  }, [home]);

  switch (resolved.kind) {
    case 'screen':
      return (
        <Suspense fallback={<p>Loading…</p>}>
          {resolved.screen}
          <FirstScreenMark />
        </Suspense>
      );
    case 'home':
      return null;
    case 'forbidden':
      return <Notice title="Not available">This screen is not available for your role.</Notice>;
    case 'not-found':
      return <Notice title="Page not found">There is no page at this address.</Notice>;
  }
}
