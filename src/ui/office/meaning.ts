/** What a mark means at a glance, for colours and keys: one word per kind of session. */
import { codeOn, type IsoDate } from '../../domain/index.ts';

export type Meaning =
  | 'present'
  | 'late'
  | 'off-site'
  | 'authorised'
  | 'unexplained'
  | 'unauthorised'
  | 'not-counted'
  | 'blank';

/** Each meaning's words in the key; colours are in office.css (`.meaning-…`). */
export const MEANINGS: Readonly<Record<Meaning, { readonly label: string }>> = {
  present: { label: 'Present' },
  late: { label: 'Late (L)' },
  'off-site': { label: 'Educated off site' },
  authorised: { label: 'Authorised absence' },
  unexplained: { label: 'No reason yet (N)' },
  unauthorised: { label: 'Unauthorised absence' },
  'not-counted': { label: 'Not counted' },
  blank: { label: 'No mark' },
};

/** The meaning of `code` on `date` (the code set of that date decides). */
export function meaningOf(code: string | null, date: IsoDate): Meaning {
  if (code === null) return 'blank';
  if (code === 'N') return 'unexplained';
  if (code === 'L') return 'late';
  const info = codeOn(code, date);
  if (!info.ok) return 'blank';
  switch (info.value.category) {
    case 'present':
      return 'present';
    case 'approved-activity':
      return 'off-site';
    case 'leave-of-absence':
    case 'authorised-other':
      return 'authorised';
    case 'unauthorised':
      return 'unauthorised';
    case 'not-possible':
      return 'not-counted';
  }
}
