/**
 * shared/text: which characters may be stored (NUL, C0/C1 controls, DEL and unpaired surrogates
 * never; tab and line feed only in multi-line fields) and the cleaner the app applies at entry.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cleanText, describeTextProblem, findJsonTextProblem, findTextProblem } from '../../../shared/text/index';

describe('stored text', () => {
  it('finds the first character that may not be stored', () => {
    expect(findTextProblem('Foto Demo B.V. — Ñandú 📷')).toBeNull();
    expect(findTextProblem('ab\u0000c')).toEqual({ index: 2, codePoint: 0, kind: 'control' });
    expect(findTextProblem('a\ud800b')).toEqual({ index: 1, codePoint: 0xd800, kind: 'lone-surrogate' });
    expect(findTextProblem('a\udc00')).toEqual({ index: 1, codePoint: 0xdc00, kind: 'lone-surrogate' });
    expect(findTextProblem('\ud83d\udcf7')).toBeNull(); // a pair is fine
    expect(findTextProblem('a\nb')?.kind).toBe('line-break');
    expect(findTextProblem('a\nb\tc', { multiline: true })).toBeNull();
    expect(findTextProblem('a\r\nb', { multiline: true })?.codePoint).toBe(0x0d);
    expect(findTextProblem('a\u0085b', { multiline: true })?.codePoint).toBe(0x85);
    expect(findTextProblem('a\u007fb', { multiline: true })?.codePoint).toBe(0x7f);
    expect(describeTextProblem(findTextProblem('\u0000')!)).toBe('U+0000 (NUL)');
    expect(describeTextProblem(findTextProblem('\u0007')!)).toBe('the control character U+0007');
    expect(describeTextProblem(findTextProblem('\ud800')!)).toBe('an unpaired surrogate U+D800');
  });

  it('cleans text at entry: controls and lone surrogates go, line breaks become spaces in one-line fields', () => {
    expect(cleanText('NL00\u00004495\u200b445B01')).toBe('NL004495\u200b445B01');
    expect(cleanText('Damrak\r\n1')).toBe('Damrak 1');
    expect(cleanText('a\tb\n\nc')).toBe('a b c');
    expect(cleanText('x\ud800y\udfffz')).toBe('xyz');
    expect(cleanText('line\r\nnext\rlast\u0001', { multiline: true })).toBe('line\nnext\nlast');
    const clean = 'already clean';
    expect(cleanText(clean)).toBe(clean);
  });

  it('cleaned text always passes the check, and clean text is left as it is', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.boolean(), (s, multiline) => {
        const c = cleanText(s, { multiline });
        expect(findTextProblem(c, { multiline })).toBeNull();
        if (!findTextProblem(s, { multiline })) expect(c).toBe(s);
      }),
      { numRuns: 2000 },
    );
  });

  it('walks a JSON value to the offending string, key or value, without recursion', () => {
    expect(findJsonTextProblem([{ a: 'ok', b: ['x', 'y\u0000'] }])).toMatchObject({ pointer: '/0/b/1', inKey: false, codePoint: 0 });
    expect(findJsonTextProblem({ 'a/b~': { ['k\u0001']: 1 } })).toMatchObject({ pointer: '/a~1b~0/k\u0001', inKey: true });
    expect(findJsonTextProblem({ note: 'two\nlines\tok' })).toBeNull();
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findJsonTextProblem(deep)?.pointer.length).toBe(200_000);
  });
});
