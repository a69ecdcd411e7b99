/** The back office's promise in business days, the standard reasons and the organisation's language. */
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  businessDaysBetween,
  isBusinessDay,
  organisationLanguage,
  reasonText,
  standardReasonCodes,
  standardReasons,
  validationDeadline,
} from '../../../shared/program/backOffice';

describe('business days', () => {
  it('counts Monday to Friday only', () => {
    expect(isBusinessDay('2026-12-04')).toBe(true); // Friday
    expect(isBusinessDay('2026-12-05')).toBe(false); // Saturday
    expect(businessDaysBetween('2026-12-04', '2026-12-07')).toBe(1); // Friday → Monday
    expect(businessDaysBetween('2026-12-01', '2026-12-01')).toBe(0);
    expect(businessDaysBetween('2026-12-07', '2026-12-01')).toBe(0);
    expect(businessDaysBetween('2026-11-02', '2026-12-01')).toBe(21); // Mon 2 Nov → Tue 1 Dec: 4 weeks + 1
    expect(businessDaysBetween('2026-12-05', '2026-12-06')).toBe(0); // a weekend
  });

  it('puts the 2-business-day promise after weekends', () => {
    expect(addBusinessDays('2026-12-01', 2)).toBe('2026-12-03'); // Tue → Thu
    expect(addBusinessDays('2026-12-03', 2)).toBe('2026-12-07'); // Thu → Mon
    expect(addBusinessDays('2026-12-05', 2)).toBe('2026-12-08'); // Sat → Tue
    expect(validationDeadline('2026-12-01', '2026-12-01')).toEqual({ ageBusinessDays: 0, dueOn: '2026-12-03', due: 'later' });
    expect(validationDeadline('2026-12-01', '2026-12-03')).toEqual({ ageBusinessDays: 2, dueOn: '2026-12-03', due: 'today' });
    expect(validationDeadline('2026-12-03', '2026-12-08')).toEqual({ ageBusinessDays: 3, dueOn: '2026-12-07', due: 'overdue' });
    expect(() => businessDaysBetween('2026-02-30', '2026-03-01')).toThrow(RangeError);
  });
});

describe('reasons and language', () => {
  it('writes to NL and BE organisations in Dutch, others in English', () => {
    expect(organisationLanguage('NL')).toBe('nl');
    expect(organisationLanguage(' be ')).toBe('nl');
    expect(organisationLanguage('DE')).toBe('en');
    expect(organisationLanguage(undefined)).toBe('en');
  });

  it('has every standard reason in both languages and joins it with the free text', () => {
    for (const c of standardReasonCodes) {
      expect(standardReasons[c].nl.length).toBeGreaterThan(10);
      expect(standardReasons[c].en.length).toBeGreaterThan(10);
      expect(standardReasons[c].nl).not.toBe(standardReasons[c].en);
    }
    expect(reasonText('unreadable', ' page 2 is missing ', 'en')).toBe('The evidence document cannot be read: page 2 is missing');
    expect(reasonText('unreadable', '', 'nl')).toBe('Het bewijsdocument is niet leesbaar');
    expect(reasonText(null, 'own words', 'nl')).toBe('own words');
  });
});
