/**
 * Company register numbers of the program's other markets (AT, FR, LU, GB, PL), the Belgian
 * establishment-unit number, and the national numbers printed next to them that are NOT the
 * organisation's VAT or register number (German/Austrian Steuernummer, French SIRET, Polish REGON,
 * UK UTR, Dutch BSN). Checksums come from `stdnum` (port of python-stdnum) where the number has one;
 * the others are checked for form only, with the source of the format.
 */
import { stdnum } from 'stdnum';
import { compactInput, fail, ok, type IdentifierResult } from './result';
import { validateKvkNumber } from './netherlands';
import { validateBelgianEnterpriseNumber } from './belgium';
import { validateHandelsregisterNumber } from './germany';

type StdnumModule = { validate: (s: string) => { isValid: boolean; error?: { name?: string } } } | undefined;

/** Runs a stdnum validator on already-compacted `s`, mapping its error to ours. */
function viaStdnum(mod: StdnumModule, s: string, normalised: string = s): IdentifierResult {
  if (s === '') return fail('', 'empty');
  const r = mod?.validate(s);
  if (r?.isValid) return ok(normalised);
  const name = r?.error?.name;
  return fail(s, name === 'InvalidChecksum' ? 'checksum' : name === 'InvalidLength' ? 'length' : name === 'InvalidComponent' ? 'component' : 'format');
}

/**
 * French SIREN (9 digits, Luhn; INSEE), the company's register number on a Kbis ("RCS Paris 123
 * 456 789"). Normalised to the 9 digits. Errors: `empty`, `format`, `length`, `checksum`.
 */
export function validateFrenchSiren(input: string): IdentifierResult {
  return viaStdnum(stdnum.FR?.siren, compactInput(input).replace(/^RCS/, ''));
}

/**
 * French SIRET (SIREN + 5-digit establishment number, Luhn; INSEE): identifies an ESTABLISHMENT,
 * never the company's register number or VAT number. Normalised to the 14 digits.
 */
export function validateFrenchSiret(input: string): IdentifierResult {
  return viaStdnum(stdnum.FR?.siret, compactInput(input));
}

/**
 * The SIREN inside a French VAT number (`FR` + 2-character key + SIREN), or undefined when the
 * input is not one. FR TVA numbers are derived from the SIREN (key = (12 + 3 × (SIREN mod 97)) mod 97).
 */
export function sirenOfFrenchVat(vat: string): string | undefined {
  const s = compactInput(vat);
  return /^FR[0-9A-Z]{2}\d{9}$/.test(s) ? s.slice(4) : undefined;
}

/** Check letters of the Firmenbuch number, indexed by the weighted digit sum mod 17. */
const FN_LETTERS = 'abdfghikmpstvwxyz';

/**
 * Austrian Firmenbuch number (Firmenbuchnummer, "FN 123456 a"): up to 6 digits and a check
 * letter. Form via stdnum `at.businessid` (which does not check the letter); the letter is
 * checked here: digits right-aligned to 6 with weights 6, 4, 14, 15, 10, 1, sum mod 17 indexes
 * `abdfghikmpstvwxyz` (FN 122119m: 76 mod 17 = 8 → m). Normalised to `FN 123456a`.
 * Errors: `empty`, `format`, `checksum`.
 */
export function validateAustrianFirmenbuchNumber(input: string): IdentifierResult {
  const s = compactInput(input).replace(/^FN/, '');
  if (s === '') return fail('', 'empty');
  if (!/^\d{1,6}[A-Z]$/.test(s)) return fail(s, 'format');
  const r = viaStdnum(stdnum.AT?.businessid, s);
  if (!r.valid) return r;
  const digits = s.slice(0, -1).padStart(6, '0');
  const sum = [6, 4, 14, 15, 10, 1].reduce((acc, w, i) => acc + w * Number(digits[i]), 0);
  if (FN_LETTERS[sum % 17] !== s.slice(-1).toLowerCase()) return fail(s, 'checksum');
  return ok(`FN ${s.slice(0, -1)}${s.slice(-1).toLowerCase()}`);
}

/**
 * Luxembourg RCS number (Luxembourg Business Registers): a section letter (B for commercial
 * companies, A sole traders, C–K other sections) and up to 6 digits, no check digit. Normalised
 * to `B123456`. Errors: `empty`, `format`, `length`.
 */
export function validateLuxembourgRcsNumber(input: string): IdentifierResult {
  const s = compactInput(input).replace(/^RCS(LUXEMBOURG)?/, '');
  if (s === '') return fail('', 'empty');
  if (!/^[A-K]\d+$/.test(s)) return fail(s, 'format');
  if (s.length > 7 || s[1] === '0') return fail(s, s.length > 7 ? 'length' : 'format');
  return ok(s);
}

/** Prefixes of UK company numbers (Companies House): SC Scotland, NI Northern Ireland, OC/SO/NC LLPs, others. */
const UK_COMPANY_PREFIXES = ['SC', 'NI', 'OC', 'SO', 'NC', 'R0', 'IP', 'SP', 'RS', 'LP', 'SL', 'NL', 'FC', 'SF', 'NF', 'GE', 'CE', 'CS'];

/**
 * UK company registration number (Companies House): 8 characters, either 8 digits (England and
 * Wales; shorter numbers get leading zeros) or a 2-letter prefix and 6 digits. No check digit.
 * Errors: `empty`, `format`, `length`.
 */
export function validateUkCompanyNumber(input: string): IdentifierResult {
  const s = compactInput(input).replace(/^(COMPANYNO|COMPANYNUMBER|NO)/, '');
  if (s === '') return fail('', 'empty');
  if (/^\d{1,8}$/.test(s)) return ok(s.padStart(8, '0'));
  if (/^\d+$/.test(s)) return fail(s, 'length');
  if (!/^[A-Z][A-Z0-9]\d{6}$/.test(s)) return fail(s, /^[A-Z]{2}\d+$/.test(s) ? 'length' : 'format');
  if (!UK_COMPANY_PREFIXES.includes(s.slice(0, 2))) return fail(s, 'format');
  return ok(s);
}

/** UK Unique Taxpayer Reference (10 digits with check digit; stdnum `gb.utr`): never a VAT or company number. */
export function validateUkUtr(input: string): IdentifierResult {
  return viaStdnum(stdnum.GB?.utr, compactInput(input));
}

/** Polish NIP (10 digits, weighted mod 11; stdnum `pl.nip`); the Polish VAT number is `PL` + NIP. */
export function validatePolishNip(input: string): IdentifierResult {
  return viaStdnum(stdnum.PL?.nip, compactInput(input).replace(/^PL/, ''));
}

/** Polish REGON (9 or 14 digits, weighted mod 11; stdnum `pl.regon`): a statistical number, neither VAT nor KRS. */
export function validatePolishRegon(input: string): IdentifierResult {
  return viaStdnum(stdnum.PL?.regon, compactInput(input));
}

/**
 * Polish KRS number (Krajowy Rejestr Sądowy): 10 digits, printed with its leading zeros
 * (`0000123456`); no check digit. Errors: `empty`, `format`, `length`.
 */
export function validatePolishKrs(input: string): IdentifierResult {
  let s = compactInput(input).replace(/^KRS/, '');
  if (s === '') return fail('', 'empty');
  if (!/^\d+$/.test(s)) return fail(s, 'format');
  if (s.length < 10 && s.length >= 6) s = s.padStart(10, '0');
  return s.length === 10 ? ok(s) : fail(s, 'length');
}

/**
 * German Steuernummer (tax number of the local Finanzamt, e.g. `181/815/08155`; stdnum `de.stnr`):
 * NOT the USt-IdNr. Normalised to its digits.
 */
export function validateGermanTaxNumber(input: string): IdentifierResult {
  return viaStdnum(stdnum.DE?.stnr, compactInput(input));
}

/**
 * Belgian establishment-unit number (vestigingseenheidsnummer / numéro d'unité d'établissement,
 * KBO/BCE): 10 digits starting 2–8, mod-97 check like the enterprise number. It identifies a
 * place of business, never the enterprise (and never its VAT number). Normalised `2.123.456.789`.
 */
export function validateBelgianEstablishmentNumber(input: string): IdentifierResult {
  const s = compactInput(input);
  if (s === '') return fail('', 'empty');
  if (!/^\d+$/.test(s)) return fail(s, 'format');
  if (s.length !== 10) return fail(s, 'length');
  if (!/^[2-8]/.test(s)) return fail(s, 'format');
  if (97 - (Number(s.slice(0, 8)) % 97) !== Number(s.slice(8))) return fail(s, 'checksum');
  return ok(`${s[0]}.${s.slice(1, 4)}.${s.slice(4, 7)}.${s.slice(7)}`);
}

/** Dutch BSN (citizen service number, elfproef; stdnum `nl.bsn`): a person's number, never a company identifier. */
export function validateBsn(input: string): IdentifierResult {
  return viaStdnum(stdnum.NL?.bsn, compactInput(input));
}

/**
 * The organisation's company register number for `country` (ISO 3166 alpha-2): NL KvK number, BE
 * enterprise number, DE Handelsregister number, AT Firmenbuch number, FR SIREN, LU RCS number,
 * GB company number, PL KRS number. Countries without a validator here: `unknown-country`.
 */
export function validateRegisterNumber(country: string, input: string): IdentifierResult {
  switch (country.toUpperCase()) {
    case 'NL': return validateKvkNumber(input);
    case 'BE': return validateBelgianEnterpriseNumber(input);
    case 'DE': return validateHandelsregisterNumber(input);
    case 'AT': return validateAustrianFirmenbuchNumber(input);
    case 'FR': return validateFrenchSiren(input);
    case 'LU': return validateLuxembourgRcsNumber(input);
    case 'GB': case 'UK': return validateUkCompanyNumber(input);
    case 'PL': return validatePolishKrs(input);
    default: return fail(compactInput(input), 'unknown-country');
  }
}
