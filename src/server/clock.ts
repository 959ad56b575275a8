/**
 * The server's clock. Normally the machine's; `ROLLCALL_NOW` starts it at a given instant (it then
 * runs on in real time), and with `ROLLCALL_TEST_CLOCK=1` tests may move it (POST /api/test/clock).
 * Every rule that needs "now" (register status, token expiry, the close job) reads this clock.
 */
export class ServerClock {
  #offsetMs: number;

  constructor(startAt?: number) {
    this.#offsetMs = startAt === undefined ? 0 : startAt - Date.now();
  }

  now(): number {
    return Date.now() + this.#offsetMs;
  }

  nowIso(): string {
    return new Date(this.now()).toISOString();
  }

  /** Moves the clock so that `now()` returns `instant` at this moment, and runs on from there. */
  set(instant: number): void {
    this.#offsetMs = instant - Date.now();
  }
}
