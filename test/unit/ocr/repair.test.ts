import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { repairIdentifier } from '../../../shared/ocr/repair';
import { validateRsin, validateVatNumber } from '../../../shared/identifiers';

describe('repairIdentifier', () => {
  it('accepts a valid value as read without marking it repaired', () => {
    expect(repairIdentifier('NL004495445B01', (s) => validateVatNumber(s), { keepPrefix: 2 })).toMatchObject({ value: 'NL004495445B01', valid: true, repaired: false });
  });
  it('flags ambiguity instead of guessing', () => {
    // Every digit of an all-look-alike RSIN can flip; if two repairs validate, none is chosen.
    const r = repairIdentifier('SSSSSSSSS', validateRsin);
    if (r.valid) expect(validateRsin(r.value).valid).toBe(true);
    else expect(r.value).toBe('SSSSSSSSS');
  });
  it('never returns a checksum-invalid value as valid (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^NL[0-9OIlSB]{9}B[0-9OISl]{2}$/), (s) => {
        const r = repairIdentifier(s, (x) => validateVatNumber(x), { keepPrefix: 2 });
        if (r.valid) expect(validateVatNumber(r.value).valid).toBe(true);
        else expect(r.repaired).toBe(false);
      }),
      { numRuns: 25 },
    );
  });
  it('undoes a single injected look-alike in a valid number, or flags it (property)', () => {
    const swaps: Record<string, string> = { '0': 'O', '1': 'l', '5': 'S', '8': 'B' };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8 }), (pos) => {
        const valid = 'NL004495445B01';
        const i = 2 + pos;
        const c = valid[i]!;
        if (!swaps[c]) return;
        const read = valid.slice(0, i) + swaps[c] + valid.slice(i + 1);
        const r = repairIdentifier(read, (x) => validateVatNumber(x), { keepPrefix: 2 });
        expect(r.valid ? r.value : 'flagged').toMatch(/^(NL004495445B01|flagged)$/);
      }),
    );
  });
});
