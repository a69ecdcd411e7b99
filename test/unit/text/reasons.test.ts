/**
 * Server reasons as codes with parameters in a document's statusReason: encoded, decoded back,
 * told apart from plain text, and given their English fallback.
 */
import { describe, expect, it } from 'vitest';
import { decodeReason, encodeReason, fillTemplate, reasonFallback, reasonFallbacks } from '../../../shared/text/reasons';

describe('reason codes', () => {
  it('encode and decode a code with parameters, names and values escaped', () => {
    const s = encodeReason('membership.not-enough-points', { tier: 'Corporate C', minPoints: 2500, points: 1600 });
    expect(s).toBe('membership.not-enough-points?tier=Corporate%20C&minPoints=2500&points=1600');
    expect(decodeReason(s)).toEqual({ code: 'membership.not-enough-points', params: { tier: 'Corporate C', minPoints: '2500', points: '1600' } });
    const tricky = encodeReason('membership.unknown-tier', { tierId: 'a&b=c?d%' });
    expect(decodeReason(tricky)).toEqual({ code: 'membership.unknown-tier', params: { tierId: 'a&b=c?d%' } });
    expect(decodeReason(encodeReason('registration.duplicate'))).toEqual({ code: 'registration.duplicate', params: {} });
  });
  it('leave plain text, the registration field list and malformed escapes alone', () => {
    expect(decodeReason('The invoice does not show the organisation name')).toBeNull();
    expect(decodeReason('serialNumber: serial-pattern; dealerName: required')).toBeNull();
    expect(decodeReason('Nieuw bewijsdocument gevraagd: pagina 2 ontbreekt')).toBeNull();
    expect(decodeReason('membership.replaced?membershipNumber=%E0%A4%A')).toBeNull();
    expect(decodeReason(null)).toBeNull();
    expect(decodeReason('')).toBeNull();
  });
  it('refuses to encode something that is not a code', () => {
    expect(() => encodeReason('Not a code' as never)).toThrow(RangeError);
  });
  it('give the English fallback of a known code, the code of an unknown one, plain text as it is', () => {
    expect(reasonFallback(encodeReason('membership.not-enough-points', { tier: 'Corporate C', minPoints: 2500, points: 1600 }))).toBe('Corporate C needs 2500 confirmed points; the organisation has 1600');
    expect(reasonFallback('membership.something-new?x=1')).toBe('membership.something-new');
    expect(reasonFallback('self-approved')).toBe('self-approved');
    expect(reasonFallback(null)).toBe('');
    expect(fillTemplate('{{a}} and {{ b }} and {{c}}', { a: 1, b: 'two' })).toBe('1 and two and {{c}}');
  });
  it('every fallback only uses {{name}} placeholders', () => {
    for (const text of Object.values(reasonFallbacks)) expect(text.replace(/\{\{[A-Za-z]+\}\}/g, '')).not.toMatch(/[{}]/);
  });
});
