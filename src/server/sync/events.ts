/**
 * Pokes over server-sent events (docs/sync-protocol.md §7 `GET /api/sync/events`): when something a
 * client can see changes, it is told to pull. A poke carries no pupil data — only that there is
 * news — so a tablet learns of an office phone-in within a second or two without polling.
 *
 * With PostgreSQL and several server processes, a change committed by one process reaches the
 * others by NOTIFY (open.ts); each process pokes its own connected clients.
 */
export interface Subscriber {
  /** Groups this client sees; null for the whole school. */
  readonly groups: ReadonlySet<string> | null;
  poke(): void;
}

export class EventHub {
  readonly #bySchool = new Map<string, Set<Subscriber>>();

  subscribe(schoolId: string, subscriber: Subscriber): () => void {
    let set = this.#bySchool.get(schoolId);
    if (set === undefined) {
      set = new Set();
      this.#bySchool.set(schoolId, set);
    }
    set.add(subscriber);
    return () => {
      set.delete(subscriber);
      if (set.size === 0) this.#bySchool.delete(schoolId);
    };
  }

  /** Pokes the school's clients that can see any of `groups` (null: a change everyone sees). */
  poke(schoolId: string, groups: ReadonlySet<string> | null): void {
    for (const subscriber of this.#bySchool.get(schoolId) ?? []) {
      const sees =
        subscriber.groups === null ||
        groups === null ||
        [...groups].some((g) => subscriber.groups?.has(g));
      if (sees) subscriber.poke();
    }
  }

  get size(): number {
    let n = 0;
    for (const set of this.#bySchool.values()) n += set.size;
    return n;
  }
}

/** NOTIFY payload: `schoolId` alone for a school-wide change, or `schoolId|g1,g2`. */
export function encodeNotice(schoolId: string, groups: ReadonlySet<string> | null): string {
  return groups === null ? schoolId : `${schoolId}|${[...groups].join(',')}`;
}

export function decodeNotice(payload: string): {
  schoolId: string;
  groups: ReadonlySet<string> | null;
} {
  const [schoolId = '', list] = payload.split('|');
  return {
    schoolId,
    groups: list === undefined ? null : new Set(list.split(',').filter((g) => g !== '')),
  };
}
