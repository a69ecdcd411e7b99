/**
 * Corrections to `stdnum` 1.12.0 where its national VAT rule disagrees with the rule the tax
 * authority publishes (found with the python-stdnum peer vectors, ../shared/data/vat-vectors.tsv).
 * Each fix handles only the case the library gets wrong and defers everything else to stdnum;
 * person-number checksums (BG EGN/PNF) are still the library's. Candidates to upstream.
 */
import { stdnum } from 'stdnum';
import countries from 'i18n-iso-countries';
import type { IdentifierError } from './result';
import { euMemberStates } from './euMemberStates';

/** A fix's verdict on a compact national number; `undefined` = not handled, ask stdnum. */
export type VatFixVerdict = { valid: true; compact: string } | { valid: false; error: IdentifierError } | undefined;

const digits = (s: string): number[] => [...s].map(Number);
const weighted = (s: string, weights: readonly number[]): number =>
  digits(s).reduce((sum, d, i) => sum + d * (weights[i] ?? 0), 0);
const mod = (a: number, m: number): number => ((a % m) + m) % m;

/**
 * Bulgaria, 10-digit numbers (persons and other entities). Source: NRA (НАП) rules for the
 * ИН по ДДС: valid when the number is a valid EGN (citizen), a valid PNF/ЛНЧ (foreigner), or
 * carries the "other" check digit: weights 4,3,2,7,6,5,4,3,2, check = (11 − Σ mod 11) mod 11,
 * a result of 10 becoming 0. stdnum 1.12.0 inverts the last test, rejects first digits 4–8 and
 * does not check the birth date an EGN starts with (see `egnBirthDateExists`).
 */
function bulgaria(n: string): VatFixVerdict {
  if (!/^\d{10}$/.test(n)) return undefined;
  const bg = stdnum.BG;
  if ((bg?.egn?.validate(n).isValid && egnBirthDateExists(n)) || bg?.pnf?.validate(n).isValid) return { valid: true, compact: n };
  const check = mod(11 - mod(weighted(n.slice(0, 9), [4, 3, 2, 7, 6, 5, 4, 3, 2]), 11), 11) % 10;
  return String(check) === n[9] ? { valid: true, compact: n } : { valid: false, error: 'checksum' };
}

/**
 * An EGN (Bulgarian civil number, ЕГН) starts with the holder's birth date YYMMDD; the month is
 * given +20 for births in 1800–1899 and +40 for 2000–2099 (ГРАО, Закон за гражданската
 * регистрация). True when that date exists in the calendar.
 */
export function egnBirthDateExists(n: string): boolean {
  const yy = Number(n.slice(0, 2));
  let mm = Number(n.slice(2, 4));
  const dd = Number(n.slice(4, 6));
  let year = 1900 + yy;
  if (mm > 40) { mm -= 40; year = 2000 + yy; } else if (mm > 20) { mm -= 20; year = 1800 + yy; }
  if (mm < 1 || mm > 12 || dd < 1) return false;
  const date = new Date(Date.UTC(year, mm - 1, dd));
  return date.getUTCMonth() === mm - 1 && date.getUTCDate() === dd;
}

/**
 * Czech Republic, 9-digit DIČ starting with 6 (individuals without a birth number). Source:
 * Czech Ministry of Finance DIČ rules (confirmed by the peer vectors): Σ of digits 2–8 weighted
 * 8..2, mod 11 = s; check = (8 − (10 − s) mod 11) mod 10. stdnum 1.12.0 includes the leading 6
 * in the sum.
 */
function czechia(n: string): VatFixVerdict {
  if (!/^6\d{8}$/.test(n)) return undefined;
  const s = mod(weighted(n.slice(1, 8), [8, 7, 6, 5, 4, 3, 2]), 11);
  const check = mod(8 - mod(10 - s, 11), 10);
  return String(check) === n[8] ? { valid: true, compact: n } : { valid: false, error: 'checksum' };
}

/**
 * Slovakia, IČ DPH: 10 digits, first digit not 0, THIRD digit one of 2, 3, 4, 7, 8, 9, and the
 * whole number divisible by 11. Source: Finančná správa SR (the Slovak tax administration)
 * format of the IČ DPH; stdnum 1.12.0 tests the first digit instead of the third.
 */
function slovakia(n: string): VatFixVerdict {
  if (n.length !== 10) return { valid: false, error: 'length' };
  if (!/^\d{10}$/.test(n) || n[0] === '0' || !'234789'.includes(n[2] ?? '')) return { valid: false, error: 'format' };
  return BigInt(n) % 11n === 0n ? { valid: true, compact: n } : { valid: false, error: 'checksum' };
}

/**
 * Netherlands: the btw-identificatienummer ends in B01…B99; `B00` is never issued
 * (Belastingdienst). Everything else is stdnum's `nl.btw`.
 */
function netherlands(n: string): VatFixVerdict {
  return /^\d{9}B00$/.test(n) ? { valid: false, error: 'format' } : undefined;
}

/**
 * EU One-Stop-Shop (OSS/IOSS) identification number: `EU` + 9 digits, of which the first three
 * are the ISO 3166 numeric code of the member state of identification (e.g. 372 = Ireland,
 * 528 = Netherlands). Source: Council Implementing Regulation (EU) 2020/194 and the Commission's
 * OSS guidance; no public check digit, so only structure and member state are checked.
 */
function oneStopShop(n: string): VatFixVerdict {
  if (!/^\d+$/.test(n)) return { valid: false, error: 'format' };
  if (n.length !== 9) return { valid: false, error: 'length' };
  const state = countries.numericToAlpha2(n.slice(0, 3));
  if (!state || !euMemberStates.includes(state)) return { valid: false, error: 'component' };
  return { valid: true, compact: n };
}

/**
 * Austria: the UID is `U` + 8 digits (BMF); anything else is a format error (stdnum reports a
 * missing `U` as a component error). Valid shapes go on to stdnum's checksum.
 */
function austria(n: string): VatFixVerdict {
  return /^U[0-9]+$/.test(n) ? undefined : { valid: false, error: 'format' };
}

/**
 * Germany: the USt-IdNr is 9 digits and never starts with 0 (Bundeszentralamt für Steuern);
 * stdnum reports a leading 0 as a checksum error.
 */
function germany(n: string): VatFixVerdict {
  return n.length === 9 && n.startsWith('0') ? { valid: false, error: 'format' } : undefined;
}

/**
 * Switzerland: the VAT number is the enterprise UID `CHE-123.456.789` plus a language suffix
 * (MWST / TVA / IVA / TPV; Swiss Federal Tax Administration). Documents often print the UID
 * alone; it is accepted (UID checksum: stdnum `ch.uid`) and kept without a suffix, since which
 * of the four the customer uses cannot be guessed. With a suffix, stdnum's `ch.vat` decides.
 */
function switzerland(n: string): VatFixVerdict {
  if (!/^E[0-9]{9}$/.test(n)) return undefined;
  const r = stdnum.CH?.uid?.validate(`CH${n}`);
  if (r?.isValid) return { valid: true, compact: n };
  return { valid: false, error: r?.error?.name === 'InvalidChecksum' ? 'checksum' : 'format' };
}

/**
 * Norway: the VAT number is the 9-digit organisation number followed by `MVA` (Skatteetaten);
 * without the suffix it is completed, then stdnum's `no.mva` checks it.
 */
function norway(n: string): VatFixVerdict {
  if (!/^[0-9]{9}$/.test(n)) return undefined;
  const r = stdnum.NO?.mva?.validate(`${n}MVA`);
  if (r?.isValid) return { valid: true, compact: `${n}MVA` };
  return { valid: false, error: r?.error?.name === 'InvalidChecksum' ? 'checksum' : 'format' };
}

/** Fixes keyed by VAT prefix. */
export const vatFixes: Readonly<Record<string, (national: string) => VatFixVerdict>> = {
  AT: austria,
  DE: germany,
  CH: switzerland,
  NO: norway,
  BG: bulgaria,
  CZ: czechia,
  SK: slovakia,
  NL: netherlands,
  EU: oneStopShop,
};
