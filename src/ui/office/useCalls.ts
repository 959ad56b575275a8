import { useLiveQuery } from 'dexie-react-hooks';
import { authorName, type IsoDate } from '../../domain/index.ts';
import { callsFor } from '../../storage/calls.ts';
import type { CallView } from './CallLog.tsx';
import type { OfficeContext } from './officeWrites.ts';

/** Today's calls to one pupil's family, live from the device (unsent ones included). */
export function useCalls(context: OfficeContext, pupilId: string, date: IsoDate): CallView[] {
  const { db, auth, school } = context;
  const calls = useLiveQuery(
    () => callsFor(db, { authorId: auth.staff.id, pupilId, date }),
    [db, auth.staff.id, pupilId, date],
  );
  if (calls?.ok !== true) return [];
  return calls.value.map((call) => ({
    opId: call.opId,
    at: call.at,
    contact: call.contact,
    phone: call.phone,
    outcome: call.outcome,
    note: call.note,
    by: authorName(school.staff, call.authorId),
    isUnsent: call.isPending,
  }));
}
