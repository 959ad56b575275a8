/** A clock for ages on screen ("synced 2 min ago"): re-renders every `everyMs`. */
import { useEffect, useState } from 'react';

export function useNow(read: () => number, everyMs: number): number {
  const [now, setNow] = useState(read);
  useEffect(() => {
    const timer = setInterval(() => {
      setNow(read());
    }, everyMs);
    return () => {
      clearInterval(timer);
    };
  }, [read, everyMs]);
  return now;
}
