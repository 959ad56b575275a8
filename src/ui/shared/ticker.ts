/**
 * One clock per screen: a single interval reads the corrected clock (`engine.now()`), and each
 * part of the screen subscribes to the value it needs (the countdown to seconds, the register's
 * phase to its changes), so a tick re-renders only what changed.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { SyncEngine } from '../../sync/types.ts';

export interface Ticker {
  /** The corrected time read at the last tick, epoch ms. */
  readonly now: () => number;
  readonly subscribe: (listener: () => void) => () => void;
  /** Reads the clock again at once (e.g. when a tap finds the register has just closed). */
  readonly tick: () => void;
}

function createTicker(read: () => number): Ticker {
  let current = read();
  const listeners = new Set<() => void>();
  return {
    now: () => current,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    tick: () => {
      current = read();
      for (const listener of listeners) listener();
    },
  };
}

/** The screen's clock, ticking every `intervalMs` while the screen is shown. */
export function useTicker(engine: SyncEngine, intervalMs = 1000): Ticker {
  const [ticker] = useState(() => createTicker(() => engine.now()));
  useEffect(() => {
    ticker.tick();
    const id = setInterval(ticker.tick, intervalMs);
    return () => {
      clearInterval(id);
    };
  }, [ticker, intervalMs]);
  return ticker;
}

/** A value derived from the time; the component re-renders only when it changes. */
export function useTickValue<T extends string | number | boolean | null>(
  ticker: Ticker,
  select: (nowMs: number) => T,
): T {
  return useSyncExternalStore(ticker.subscribe, () => select(ticker.now()));
}
