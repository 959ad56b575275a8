/** Short, plain wording for counts and ages in the status bar and on the sync page. */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** `1 mark`, `9 marks`. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** How long ago `iso` was, from `now`: `under a minute`, `12 min`, `3 h`, `2 days`. */
export function ageOf(iso: string, now: number): string {
  const ms = Math.max(0, now - Date.parse(iso));
  if (Number.isNaN(ms) || ms < MINUTE) return 'under a minute';
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)} h`;
  return plural(Math.floor(ms / DAY), 'day');
}

/** How far a device clock may drift from the school's before staff are told. */
export const CLOCK_WARNING_MS = 2 * MINUTE;

/** A length of time in words: `3 min`, `5 h`, `2 days` (rounded down, at least a minute). */
function spanOf(ms: number): string {
  if (ms < HOUR) return `${Math.max(1, Math.floor(ms / MINUTE))} min`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)} h`;
  return plural(Math.floor(ms / DAY), 'day');
}

/**
 * `null` while the device clock is within `CLOCK_WARNING_MS` of the school's; otherwise what to
 * tell staff. `offsetMs` is server time minus device time, so a positive offset is a slow clock.
 */
export function clockWarningText(offsetMs: number): string | null {
  if (!Number.isFinite(offsetMs) || Math.abs(offsetMs) <= CLOCK_WARNING_MS) return null;
  const direction = offsetMs > 0 ? 'behind' : 'ahead of';
  return `This device’s clock is ${spanOf(Math.abs(offsetMs))} ${direction} the school’s. Rollcall uses the school’s time; ask for the clock to be set right.`;
}

/** `synced just now`, `synced 2 min ago`, `never synced`. */
export function syncedText(lastSyncAt: string | null, now: number): string {
  if (lastSyncAt === null) return 'Never synced';
  const age = ageOf(lastSyncAt, now);
  return age === 'under a minute' ? 'Synced just now' : `Synced ${age} ago`;
}

/** Whole seconds until `iso` (at least 0). */
export function secondsUntil(iso: string, now: number): number {
  const ms = Date.parse(iso) - now;
  return Number.isNaN(ms) ? 0 : Math.max(0, Math.ceil(ms / 1000));
}

/** `retrying in 20 s`, `retrying in 3 min`, `retrying now`. */
export function retryText(nextAttemptAt: string, now: number): string {
  const seconds = secondsUntil(nextAttemptAt, now);
  if (seconds === 0) return 'Retrying now';
  if (seconds < 120) return `Retrying in ${seconds} s`;
  return `Retrying in ${Math.ceil(seconds / 60)} min`;
}

/** A byte count as staff would read it: `312 KB`, `4.2 MB`, `1.5 GB`. */
export function sizeOf(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(0, Math.round(bytes / 1024))} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

/** An ISO instant as a local date and time: `2 Dec 2026, 09:05`. */
export function dateTimeOf(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}
