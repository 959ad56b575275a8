import { act, cleanup, render, screen } from '@testing-library/react';
import { Suspense } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { lazyScreen, preloadScreen, type ScreenRoute } from './routes.tsx';

afterEach(cleanup);

function Hello({ name }: { readonly name: string }) {
  return <h1>Hello {name}</h1>;
}

function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

describe('lazyScreen', () => {
  it('shows the fallback until the code arrives, then the screen', async () => {
    const code = deferred<typeof Hello>();
    const { Screen } = lazyScreen(() => code.promise);
    // Rendered in an awaited act, as React asks of screens that suspend.
    await act(async () => {
      render(
        <Suspense fallback={<p>Loading…</p>}>
          <Screen name="Ada" />
        </Suspense>,
      );
      await Promise.resolve();
    });
    expect(screen.getByText('Loading…')).toBeDefined();
    expect(screen.queryByRole('heading')).toBeNull();
    await act(async () => {
      code.resolve(Hello);
      await code.promise;
    });
    expect(await screen.findByRole('heading', { name: 'Hello Ada' })).toBeDefined();
    expect(screen.queryByText('Loading…')).toBeNull();
  });

  it('renders at once, with no fallback, when preloaded code has arrived; loads once', async () => {
    let loads = 0;
    const { Screen, preload } = lazyScreen(() => {
      loads += 1;
      return Promise.resolve(Hello);
    });
    await preload();
    await preload();
    render(
      <Suspense fallback={<p>Loading…</p>}>
        <Screen name="Bo" />
      </Suspense>,
    );
    expect(screen.getByRole('heading', { name: 'Hello Bo' })).toBeDefined();
    expect(screen.queryByText('Loading…')).toBeNull();
    expect(loads).toBe(1);
  });

  it('tries again after the code could not be fetched', async () => {
    let attempt = 0;
    const { preload } = lazyScreen(() => {
      attempt += 1;
      return attempt === 1 ? Promise.reject(new Error('offline')) : Promise.resolve(Hello);
    });
    await expect(preload()).rejects.toThrow('offline');
    await expect(preload()).resolves.toBe(Hello);
    expect(attempt).toBe(2);
  });
});

describe('preloadScreen', () => {
  it('starts loading only the screen whose pattern matches the path', () => {
    const asked: string[] = [];
    const route = (pattern: string): ScreenRoute => ({
      pattern,
      title: pattern,
      roles: ['teacher'],
      inNav: true,
      render: () => null,
      preload: () => asked.push(pattern),
    });
    const routes = [route('/today'), route('/register/:groupId/:date/:session'), route('/sync')];
    preloadScreen(routes, '/register/g-3b/2026-12-02/AM');
    preloadScreen(routes, '/nowhere');
    expect(asked).toEqual(['/register/:groupId/:date/:session']);
  });
});
