import { describe, expect, it } from 'vitest';
import program from '../../../resources/program.json';
import { currentTerms, termsAcceptanceNeeded, termsLanguageOf, type TermsDocument } from '../../../shared/program/terms';
import { parseProgramData } from '../../../shared/program/programData';

const text = { title: 'T', sections: [{ heading: 'h', paragraphs: ['p'] }] };
const v = (version: string, effectiveOn: string, extra: Partial<TermsDocument> = {}): TermsDocument => ({ id: `t-${version}`, version, effectiveOn, texts: { nl: text, en: text }, ...extra });

describe('terms in force', () => {
  it('is the version with the latest effective date on or before today; future and deleted versions do not count', () => {
    const all = [v('2026-1', '2026-01-01'), v('2026-2', '2026-07-01'), v('2027-1', '2027-01-01'), v('2026-3', '2026-09-01', { _deleted: true })];
    expect(currentTerms(all, '2025-12-31')).toBeNull();
    expect(currentTerms(all, '2026-01-01')?.version).toBe('2026-1');
    expect(currentTerms(all, '2026-06-30')?.version).toBe('2026-1');
    expect(currentTerms(all, '2026-10-01')?.version).toBe('2026-2');
    expect(currentTerms(all, '2027-01-01')?.version).toBe('2027-1');
  });
  it('asks to accept again when nothing or another version was accepted', () => {
    const inForce = v('2026-2', '2026-07-01');
    expect(termsAcceptanceNeeded(null, inForce)).toBe(true);
    expect(termsAcceptanceNeeded('2026-1', inForce)).toBe(true);
    expect(termsAcceptanceNeeded('2026-2', inForce)).toBe(false);
    expect(termsAcceptanceNeeded('2026-2', null)).toBe(true);
  });
  it('picks Dutch for nl UIs and English otherwise', () => {
    expect(['nl', 'nl-BE', 'en', 'de', null].map(termsLanguageOf)).toEqual(['nl', 'nl', 'en', 'en', 'en']);
  });
  it('ships a version in force with both payment clauses in both languages, and refuses a version label twice', () => {
    const data = parseProgramData(program);
    const t = currentTerms(data.programTerms, '2026-12-01')!;
    const body = (l: 'nl' | 'en') => t.texts[l].sections.flatMap((s) => s.paragraphs).join('\n');
    expect(body('en')).toContain('Credit card — will be authorised with zero amount today; the subscription fee will be charged on the due date indicated on the invoice');
    expect(body('en')).toContain('Bank transfer — additional bank charges may apply; pay before the due date');
    expect(body('nl')).toContain('Creditcard — wordt vandaag geautoriseerd voor een bedrag van nul; het abonnementsgeld wordt afgeschreven op de vervaldatum die op de factuur staat');
    expect(body('nl')).toContain('Bankoverschrijving — er kunnen extra bankkosten in rekening worden gebracht; betaal vóór de vervaldatum');
    const twice = structuredClone(program);
    twice.programTerms.push({ ...twice.programTerms[0]!, id: 'terms-copy' });
    expect(() => parseProgramData(twice)).toThrow(/appears twice/);
  });
});
