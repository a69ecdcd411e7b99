import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  hasValidMembershipCheckDigit, isAcceptableNewMembershipNumber, isMembershipNumber, luhnCheckDigit, membershipNumberFromSequence, membershipNumberNeedsRenewal,
} from '../../../shared/program';

describe('membership number format (9 digits)', () => {
  it.each([
    ['123456789', true],
    ['000000001', true],
    ['12345678', false],
    ['1234567890', false],
    ['12345678a', false],
    ['123 456 789', false],
    ['١٢٣٤٥٦٧٨٩', false], // Arabic-Indic digits are not ASCII digits
    ['', false],
  ])('%s → %s', (s, ok) => expect(isMembershipNumber(s)).toBe(ok));

  it('rejects non-strings', () => {
    expect(isMembershipNumber(123456789)).toBe(false);
    expect(isMembershipNumber(null)).toBe(false);
  });
});

describe('a new membership after an earlier one gets a new number', () => {
  const earlier = [
    { membershipNumber: '100000009', status: 'expired' },
    { membershipNumber: null, status: 'rejected' },
  ];
  it('needs a new number when the organisation held a numbered membership before', () => {
    expect(membershipNumberNeedsRenewal(earlier)).toBe(true);
    expect(membershipNumberNeedsRenewal([{ membershipNumber: null, status: 'rejected' }])).toBe(false);
    expect(membershipNumberNeedsRenewal([])).toBe(false);
    expect(membershipNumberNeedsRenewal([{ membershipNumber: '100000009', _deleted: true }])).toBe(false);
  });
  it('refuses to reissue an earlier number', () => {
    expect(isAcceptableNewMembershipNumber('100000009', earlier)).toBe(false);
    expect(isAcceptableNewMembershipNumber('100000017', earlier)).toBe(true);
    expect(isAcceptableNewMembershipNumber('10000001', earlier)).toBe(false);
  });
});

describe('numbers from the server sequence (8-digit body + Luhn)', () => {
  it('issues known values', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3); // the classic Luhn example 79927398713
    expect(membershipNumberFromSequence(1)).toBe('100000009');
    expect(membershipNumberFromSequence(2)).toBe('100000017');
    expect(membershipNumberFromSequence(89_999_999)).toBe('999999980');
    expect(() => membershipNumberFromSequence(0)).toThrow(RangeError);
    expect(() => membershipNumberFromSequence(90_000_000)).toThrow(RangeError);
    expect(() => membershipNumberFromSequence(1.5)).toThrow(RangeError);
  });

  it('always gives distinct, valid 9-digit numbers whose check digit catches a single changed digit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 89_999_999 }), fc.integer({ min: 1, max: 89_999_999 }), fc.nat({ max: 8 }), fc.integer({ min: 1, max: 9 }), (a, b, pos, delta) => {
        const n = membershipNumberFromSequence(a);
        expect(isMembershipNumber(n)).toBe(true);
        expect(hasValidMembershipCheckDigit(n)).toBe(true);
        if (a !== b) expect(membershipNumberFromSequence(b)).not.toBe(n);
        const typo = n.slice(0, pos) + String((Number(n[pos]) + delta) % 10) + n.slice(pos + 1);
        expect(hasValidMembershipCheckDigit(typo)).toBe(false);
      }),
    );
  });
});
