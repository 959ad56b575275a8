import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  codeSchema,
  findUnstorableText,
  idSchema,
  isoDateSchema,
  nameSchema,
  shortTextSchema,
  storedTextSchema,
  unstorableIn,
} from './primitives.ts';

/** Judged without the code under test: NUL, or text that does not survive a UTF-8 round trip. */
const isStorable = (text: string): boolean =>
  !text.includes('\u0000') && Buffer.from(text, 'utf8').toString('utf8') === text;

describe('unstorableIn', () => {
  it('names NUL and each lone surrogate, and passes pairs, emoji and other control characters', () => {
    expect(unstorableIn('')).toBeNull();
    expect(unstorableIn('Phoned in 🤒 — “ill”\u202e\u0001\t')).toBeNull();
    expect(unstorableIn('a\u0000b')).toBe('a NUL character (U+0000)');
    expect(unstorableIn('x\ud800')).toBe('a lone UTF-16 surrogate (U+D800)');
    expect(unstorableIn('\udbffx')).toBe('a lone UTF-16 surrogate (U+DBFF)');
    expect(unstorableIn('\udc00')).toBe('a lone UTF-16 surrogate (U+DC00)');
    expect(unstorableIn('\ud83d\ud83d\ude00')).toBe('a lone UTF-16 surrogate (U+D83D)');
    expect(unstorableIn('\ud83d\ude00\ude00')).toBe('a lone UTF-16 surrogate (U+DE00)');
  });

  it('agrees with a UTF-8 round trip on any string of UTF-16 code units', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)) }),
        (text) => {
          expect(unstorableIn(text) === null).toBe(isStorable(text));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('findUnstorableText', () => {
  it('finds the first bad string or key at any depth, and names where', () => {
    expect(findUnstorableText({ a: 'ok', b: [1, null, { c: 'ok' }] })).toBeNull();
    expect(findUnstorableText('a\u0000')).toEqual({
      path: '',
      problem: 'a NUL character (U+0000)',
    });
    expect(findUnstorableText({ reason: 'ok', note: 'x\ud800' })).toEqual({
      path: 'note',
      problem: 'a lone UTF-16 surrogate (U+D800)',
    });
    expect(
      findUnstorableText({ pupils: [{ id: 'p1' }, { contacts: [{ name: '\u0000' }] }] }),
    ).toMatchObject({ path: 'pupils[1].contacts[0].name' });
    expect(findUnstorableText({ ok: { 'bad\udc00key': 1 } })).toEqual({
      path: 'ok."bad\\udc00key"',
      problem: 'a lone UTF-16 surrogate (U+DC00)',
    });
    expect(findUnstorableText({ 'odd key': '\u0000' })).toMatchObject({ path: '"odd key"' });
  });

  it('copes with very deep nesting without running out of stack', () => {
    let deep: unknown = '\u0000';
    for (let i = 0; i < 200_000; i += 1) deep = [deep];
    expect(findUnstorableText(deep)?.problem).toBe('a NUL character (U+0000)');
  });

  it('the path it gives is always storable text itself', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (value, key) => {
        const found = findUnstorableText({ [`${key}\u0000`]: value });
        expect(found).not.toBeNull();
        expect(isStorable(found?.path ?? '\u0000')).toBe(true);
      }),
    );
  });
});

describe('storedTextSchema and the schemas built on it', () => {
  it('refuse such text with one message naming the character, and never change it', () => {
    for (const schema of [
      storedTextSchema,
      idSchema,
      isoDateSchema,
      codeSchema,
      shortTextSchema,
      nameSchema,
    ]) {
      const result = schema.safeParse('ab\u0000');
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((issue) => issue.message)).toEqual([
        'must not contain a NUL character (U+0000)',
      ]);
    }
    expect(shortTextSchema.safeParse(' \ud800 ').error?.issues[0]?.message).toBe(
      'must not contain a lone UTF-16 surrogate (U+D800)',
    );
    expect(shortTextSchema.parse(' Phoned in 🤒 ')).toBe('Phoned in 🤒');
  });
});
