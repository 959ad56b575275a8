/** A clock for ages on screen ("synced 2 min ago"): re-renders every `everyMs`. */
import { useEffect, useState } from 'react';

export function useNow(read: () => number, everyMs: number): number {
  const [now, setNow] = useState(read);
  useEffect(() => {
    const tick = () => {
      setNow(read());
    };
    // Read again at once when the pace changes, not only a full interval later: the first
    // reading may predate the clock correction loaded from the database, which would show
    // "retrying in 336 min" on a device whose own clock is hours out.
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, everyMs);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [read, everyMs]);
  return now;
}
