/**
 * The form rules of a business-account application and a membership sign-up
 * (shared/program/application.ts), used by the screens and by the renderer's actions, and the one
 * e-mail rule the server's legacy import uses too.
 */
import { describe, expect, it } from 'vitest';
import { checkMembershipRequest, checkOrganisationApplication, isEmailAddress, type OrganisationApplicationDraft } from '../../../shared/program';
import type { ProgramTier } from '../../../shared/schemas';

const draft: OrganisationApplicationDraft = { name: 'Fotostudio Zuid', street: 'Markt', city: 'Utrecht', country: 'NL', vatNumber: '', chamberNumber: '', email: '', legacyEmail: '', evidenceKind: 'chamber-extract', hasEvidenceFile: true };

describe('isEmailAddress', () => {
  it('needs a local part, an @ and a domain with a dot; surrounding blanks are ignored', () => {
    expect(isEmailAddress('info@studio.nl')).toBe(true);
    expect(isEmailAddress('  old.account@example.test ')).toBe(true);
    // the server's legacy import used to accept these (no dot in the domain), the form refused them
    expect(isEmailAddress('info@localhost')).toBe(false);
    expect(isEmailAddress('info@studio')).toBe(false);
    expect(isEmailAddress('in fo@studio.nl')).toBe(false);
    expect(isEmailAddress('info@@studio.nl')).toBe(false);
    expect(isEmailAddress('')).toBe(false);
  });
});

describe('checkOrganisationApplication', () => {
  it('accepts a complete application', () => {
    expect(checkOrganisationApplication(draft).problems).toEqual([]);
  });

  it('lists every problem in form order', () => {
    const check = checkOrganisationApplication({ ...draft, name: ' ', street: '', vatNumber: 'NL123', chamberNumber: '1234', hasEvidenceFile: false, legacyEmail: 'old@studio' });
    expect(check.problems.map((p) => p.code)).toEqual(['name', 'vat', 'kvk', 'evidence', 'email']);
    expect(check.vat?.valid).toBe(false);
    expect(check.kvk?.valid).toBe(false);
  });

  it('needs an address without a VAT number, and the VAT number with a VAT certificate', () => {
    expect(checkOrganisationApplication({ ...draft, city: '' }).problems).toEqual([{ code: 'address' }]);
    expect(checkOrganisationApplication({ ...draft, evidenceKind: 'vat-certificate' }).problems).toEqual([{ code: 'vatRequired' }]);
  });

  it('normalises a valid VAT number and checks the KvK number only for NL', () => {
    const check = checkOrganisationApplication({ ...draft, vatNumber: 'nl 004495445 b01', street: '', city: '' });
    expect(check.problems).toEqual([]);
    expect(check.vat).toEqual({ valid: true, normalised: 'NL004495445B01' });
    expect(checkOrganisationApplication({ ...draft, country: 'BE', chamberNumber: '1234' }).kvk).toBeNull();
  });
});

describe('checkMembershipRequest', () => {
  const tiers: ProgramTier[] = [
    { id: 'silver', name: 'Silver', kind: 'individual', minPoints: 500, maxPoints: 999, annualFeeCents: 8500, currency: 'EUR', updatedAt: '2026-01-01T00:00:00.000Z' } as ProgramTier,
    { id: 'gold', name: 'Gold', kind: 'individual', minPoints: 1000, maxPoints: 1599, annualFeeCents: 17000, currency: 'EUR', updatedAt: '2026-01-01T00:00:00.000Z' } as ProgramTier,
  ];
  it('needs a tier the confirmed points reach, a payment method and the terms', () => {
    expect(checkMembershipRequest({ tierId: 'silver', paymentMethod: 'card', termsAccepted: true, confirmedPoints: 600 }, tiers)).toEqual([]);
    expect(checkMembershipRequest({ tierId: 'gold', paymentMethod: 'card', termsAccepted: true, confirmedPoints: 600 }, tiers)).toEqual(['tier']);
    expect(checkMembershipRequest({ tierId: null, paymentMethod: null, termsAccepted: false, confirmedPoints: 600 }, tiers)).toEqual(['tier', 'method', 'terms']);
  });
});
