import { describe, expect, it } from 'vitest';
import { buildPupilIndex, MAX_MATCHES, type SearchablePupil } from './pupilSearch.ts';

function pupil(
  id: string,
  givenName: string,
  familyName: string,
  groupId = 'g3b',
  preferredName: string | null = null,
): SearchablePupil {
  return { id, upn: `A12345678901${id.slice(-1)}`, givenName, familyName, preferredName, groupId };
}

const GROUPS = new Map([
  ['g3b', '3B'],
  ['g4h', '4H'],
]);

const index = buildPupilIndex(
  [
    pupil('p-1', 'Amelia', 'Jones'),
    pupil('p-2', 'Noah', 'Khan', 'g4h'),
    pupil('p-3', 'Zoë', 'O’Brien'),
    pupil('p-4', 'Alexander', 'Amesbury-Clarke', 'g4h', 'Sandy'),
  ],
  GROUPS,
);

const names = (query: string) => index.find(query).map((m) => m.name);

describe('pupil search', () => {
  it('[search] three letters of a given or family name find the pupil, with the group', () => {
    expect(names('Ame')).toEqual(['Amelia Jones', 'Sandy Amesbury-Clarke']);
    expect(index.find('kha')[0]).toMatchObject({ name: 'Noah Khan', groupName: '4H' });
  });

  it('[search] fewer than three letters find nobody by name', () => {
    expect(names('am')).toEqual([]);
    expect(names('')).toEqual([]);
  });

  it('[search] every word must start a name; accents, case and apostrophes do not matter', () => {
    expect(names('am jo')).toEqual(['Amelia Jones']);
    expect(names('zoe obr')).toEqual(['Zoë O’Brien']);
    expect(names('clarke')).toEqual(['Sandy Amesbury-Clarke']);
    expect(names('sandy')).toEqual(['Sandy Amesbury-Clarke']);
    expect(names('alex')).toEqual(['Sandy Amesbury-Clarke']);
  });

  it('[search] a UPN prefix or a group name finds pupils', () => {
    expect(names('a123456789012')).toEqual(['Noah Khan']);
    expect(names('4h')).toEqual(['Noah Khan', 'Sandy Amesbury-Clarke']);
  });

  it('[search] a group named in full with its year finds its pupils by the short name too', () => {
    const index = buildPupilIndex(
      [pupil('p-1', 'Isla', 'Begum', 'g3b'), pupil('p-2', 'Noah', 'Khan', 'g4h')],
      new Map([
        ['g3b', '3B (Year 3 Birch)'],
        ['g4h', '4H (Year 4 Hazel)'],
      ]),
    );
    expect(index.find('3b').map((m) => m.name)).toEqual(['Isla Begum']);
    expect(index.find('3B (Year 3 Birch)').map((m) => m.name)).toEqual(['Isla Begum']);
    expect(index.find('3')).toEqual([]);
  });

  it('[search] at most a screenful of name matches', () => {
    const many = buildPupilIndex(
      Array.from({ length: 30 }, (_, i) => pupil(`p-${String(i)}`, 'Sam', `Smith${String(i)}`)),
      GROUPS,
    );
    expect(many.find('sam')).toHaveLength(MAX_MATCHES);
  });
});
