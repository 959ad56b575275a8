import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isListedReporter, type ListedContact } from './contacts.ts';

const MUM: ListedContact = { name: 'Mrs J Smith', mayReportAbsence: true };
const GRAN: ListedContact = { name: 'Pat Smith', mayReportAbsence: false };
const CONTACTS = [MUM, GRAN];

describe('isListedReporter', () => {
  it('[listed-reporter] the exact name of a contact who may report absence', () => {
    expect(isListedReporter(CONTACTS, 'Mrs J Smith')).toBe(true);
  });

  it('[listed-reporter] case, repeated spaces, outer spaces and full stops do not matter', () => {
    for (const name of [
      'mrs j smith',
      'MRS J SMITH',
      '  Mrs   J  Smith ',
      'Mrs. J. Smith',
      'Mrs.J Smith',
    ])
      expect(isListedReporter(CONTACTS, name), name).toBe(true);
  });

  it('[listed-reporter] a listed contact without permission to report absence is not a match', () => {
    expect(isListedReporter(CONTACTS, 'Pat Smith')).toBe(false);
  });

  it('[listed-reporter] a name the school does not hold is not a match, however close', () => {
    for (const name of ['J Smith', 'Mrs Jo Smith', 'Mrs J Smyth', 'Mrs J Smith-Jones'])
      expect(isListedReporter(CONTACTS, name), name).toBe(false);
  });

  it('[listed-reporter] no contacts, or a name of only spaces and full stops, never matches', () => {
    expect(isListedReporter([], 'Mrs J Smith')).toBe(false);
    expect(isListedReporter([{ name: ' . ', mayReportAbsence: true }], ' ')).toBe(false);
    expect(isListedReporter(CONTACTS, '')).toBe(false);
  });

  it('[listed-reporter] property: any respelling by case, spacing and full stops still matches', () => {
    const word = fc.stringMatching(/^[A-Za-z'-]{1,8}$/);
    const respelling = fc.record({
      words: fc.array(word, { minLength: 1, maxLength: 4 }),
      upper: fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
      gaps: fc.array(fc.constantFrom(' ', '  ', '. ', '.', ' . '), { minLength: 4, maxLength: 4 }),
    });
    fc.assert(
      fc.property(respelling, ({ words, upper, gaps }) => {
        const listed = words.join(' ');
        const typed = words
          .map((w, i) => (i === 0 ? '' : (gaps[i] ?? ' ')) + w)
          .join('')
          .split('')
          .map((ch, i) => (upper[i % upper.length] === true ? ch.toUpperCase() : ch.toLowerCase()))
          .join('');
        expect(isListedReporter([{ name: listed, mayReportAbsence: true }], ` ${typed} `)).toBe(
          true,
        );
        expect(isListedReporter([{ name: listed, mayReportAbsence: false }], typed)).toBe(false);
      }),
    );
  });
});
