/** How many queued ops each member of staff has on this device; each is sent under its own login. */
import { useLiveQuery } from 'dexie-react-hooks';
import { useApp } from '../shared/AppContext.tsx';
import { plural } from '../shell/format.ts';

interface PersonQueue {
  readonly authorId: string;
  readonly name: string;
  readonly count: number;
}

/** A list of people with unsent marks here, the signed-in person first. */
export function QueueByPerson() {
  const { db, auth } = useApp();
  const queues = useLiveQuery(async (): Promise<PersonQueue[]> => {
    const counts = new Map<string, number>();
    await db.outbox.each((row) => {
      counts.set(row.authorId, (counts.get(row.authorId) ?? 0) + 1);
    });
    const ids = [...counts.keys()];
    const staff = await db.staff.bulkGet(ids);
    return ids
      .map((authorId, i) => ({
        authorId,
        name:
          authorId === auth.staff.id
            ? `${auth.staff.name} (you)`
            : (staff[i]?.name ?? 'Someone who signed in here before'),
        count: counts.get(authorId) ?? 0,
      }))
      .sort((a, b) =>
        a.authorId === auth.staff.id ? -1 : b.authorId === auth.staff.id ? 1 : b.count - a.count,
      );
  }, [db, auth.staff.id, auth.staff.name]);

  if (queues === undefined) return <p>Counting…</p>;
  if (queues.length === 0) return <p>None: everything recorded here has reached the server.</p>;
  return (
    <ul className="plain-list">
      {queues.map((queue) => (
        <li key={queue.authorId}>
          {queue.name}: {plural(queue.count, 'unsent mark')}
        </li>
      ))}
    </ul>
  );
}
