/**
 * Finding a pupil as the office and the desk type: three letters of a given, preferred or family
 * name, a UPN, or a group's name ("3B"). Over the device's own copy of the school, so it works
 * with no network. Pure, so the screens and the tests share it.
 */

/** What search needs of a pupil. */
export interface SearchablePupil {
  readonly id: string;
  readonly upn: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly preferredName: string | null;
  readonly groupId: string;
}

/** A pupil found, ready to show: the name staff use and the group. */
export interface PupilMatch<P extends SearchablePupil> {
  readonly pupil: P;
  readonly name: string;
  readonly groupName: string;
}

/** Letters before a name search starts: fewer match half the school. */
export const MIN_QUERY_LETTERS = 3;

/** How many matches a list shows at most. */
export const MAX_MATCHES = 12;

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[’']/g, '').trim();
}

/** The name the school uses: preferred name if any, then family name. */
export function displayName(pupil: SearchablePupil): string {
  return `${pupil.preferredName ?? pupil.givenName} ${pupil.familyName}`;
}

/** A search index for one school's pupils: built once, asked on every keystroke. */
export interface PupilIndex<P extends SearchablePupil> {
  find(query: string): PupilMatch<P>[];
}

interface Entry<P extends SearchablePupil> {
  readonly match: PupilMatch<P>;
  /** Every word of every name, folded: "amelia", "jones", "mia". */
  readonly words: readonly string[];
  readonly upn: string;
  readonly group: string;
  /** The group's short name, its first word: "3b" of "3B (Year 3 Birch)". */
  readonly groupShort: string;
}

/**
 * Builds the index. A query matches a pupil when every word of it starts a word of their names
 * ("am jo" finds Amelia Jones), when it is the start of their UPN, or when it is their group's
 * name exactly or its short name, the first word ("3B" of "3B (Year 3 Birch)"). Name matches need `MIN_QUERY_LETTERS` letters; a UPN or a group any length.
 */
export function buildPupilIndex<P extends SearchablePupil>(
  pupils: readonly P[],
  groupNames: ReadonlyMap<string, string>,
): PupilIndex<P> {
  const entries: Entry<P>[] = pupils.map((pupil) => {
    const groupName = groupNames.get(pupil.groupId) ?? '';
    const names = [pupil.givenName, pupil.preferredName ?? '', pupil.familyName];
    return {
      match: { pupil, name: displayName(pupil), groupName },
      words: names.flatMap((n) => fold(n).split(/[\s-]+/)).filter((w) => w !== ''),
      upn: fold(pupil.upn),
      group: fold(groupName),
      groupShort: fold(groupName).split(/\s+/)[0] ?? '',
    };
  });
  entries.sort((a, b) => a.match.name.localeCompare(b.match.name));
  return {
    find(query) {
      const q = fold(query);
      if (q === '') return [];
      const parts = q.split(/\s+/);
      const letters = q.replace(/[^\p{L}]/gu, '').length;
      const found: PupilMatch<P>[] = [];
      for (const entry of entries) {
        const byName =
          letters >= MIN_QUERY_LETTERS &&
          parts.every((part) => entry.words.some((word) => word.startsWith(part)));
        const byUpn = q.length >= 4 && entry.upn.startsWith(q);
        const byGroup = entry.group !== '' && (entry.group === q || entry.groupShort === q);
        if (byName || byUpn || byGroup) found.push(entry.match);
        if (found.length >= MAX_MATCHES && !byGroup) break;
      }
      return found;
    },
  };
}
