/**
 * VAT numbers of the EU member states plus GB (and XI, Northern Ireland), CH and NO, and the EU
 * OSS/IOSS scheme numbers (`EU…`). Checksums come from the `stdnum` package (a TypeScript port
 * of python-stdnum); the few places where stdnum 1.12.0 disagrees with the national rule are
 * corrected in ./vatFixes.ts, each with its source. Peer vectors: ../shared/data/vat-vectors.tsv.
 */
import { stdnum, type Validator } from 'stdnum';
import { compactInput, fail, ok, type IdentifierError, type IdentifierResult } from './result';
import { vatFixes } from './vatFixes';

/**
 * VAT prefix → [stdnum country module, validator name]. Greece uses the prefix `EL` (VIES) and
 * Northern Ireland `XI` on the UK VAT register (HMRC, Windsor Framework).
 */
const VAT_VALIDATORS: Readonly<Record<string, readonly [string, string]>> = {
  AT: ['AT', 'uid'], BE: ['BE', 'vat'], BG: ['BG', 'vat'], CY: ['CY', 'vat'], CZ: ['CZ', 'dic'],
  DE: ['DE', 'vat'], DK: ['DK', 'cvr'], EE: ['EE', 'kmkr'], EL: ['GR', 'vat'], ES: ['ES', 'nif'],
  FI: ['FI', 'alv'], FR: ['FR', 'tva'], HR: ['HR', 'oib'], HU: ['HU', 'anum'], IE: ['IE', 'vat'],
  IT: ['IT', 'iva'], LT: ['LT', 'pvm'], LU: ['LU', 'tva'], LV: ['LV', 'pvn'], MT: ['MT', 'vat'],
  NL: ['NL', 'btw'], PL: ['PL', 'nip'], PT: ['PT', 'nif'], RO: ['RO', 'cif'], SE: ['SE', 'vat'],
  SI: ['SI', 'ddv'], SK: ['SK', 'dph'],
  GB: ['GB', 'vat'], XI: ['GB', 'vat'], CH: ['CH', 'vat'], NO: ['NO', 'mva'],
};

/** ISO 3166 alpha-2 codes whose VAT prefix differs from the code itself. */
const PREFIX_OF_COUNTRY: Readonly<Record<string, string>> = { GR: 'EL' };

/** The VAT prefixes this module validates (EU member states, GB, XI, CH, NO; `EU` for OSS). */
export const vatPrefixes: readonly string[] = [...Object.keys(VAT_VALIDATORS), 'EU'];

/**
 * The VAT prefix for an ISO 3166 alpha-2 country code (`GR` → `EL`), or undefined when VAT
 * numbers of that country are not supported.
 */
export function vatPrefixForCountry(country: string): string | undefined {
  const cc = country.trim().toUpperCase();
  const prefix = PREFIX_OF_COUNTRY[cc] ?? cc;
  return prefix in VAT_VALIDATORS || prefix === 'EU' ? prefix : undefined;
}

/**
 * The ISO 3166 alpha-2 country of a VAT number's prefix (`EL…` → `GR`, `XI…` → `GB`, `CHE…` →
 * `CH`), or undefined for OSS numbers (`EU…`, no single country) and unknown prefixes. Use it to
 * check that an organisation's VAT number belongs to its country.
 */
export function vatNumberCountry(vatNumber: string): string | undefined {
  const prefix = compactInput(vatNumber).slice(0, 2);
  if (prefix === 'EL') return 'GR';
  if (prefix === 'XI') return 'GB';
  if (prefix === 'EU') return undefined;
  return prefix in VAT_VALIDATORS ? prefix : undefined;
}

const STDNUM_ERRORS: Readonly<Record<string, IdentifierError>> = {
  InvalidFormat: 'format',
  InvalidLength: 'length',
  InvalidChecksum: 'checksum',
  InvalidComponent: 'component',
};

function stdnumValidator(prefix: string): Validator | undefined {
  const entry = VAT_VALIDATORS[prefix];
  if (!entry) return undefined;
  return stdnum[entry[0]]?.[entry[1]];
}

/** Validate `national` (compact, without prefix) for `prefix`; returns the result with prefix. */
/**
 * VAT prefixes whose national numbers are digits only (Commission VIES format table). For these a
 * letter or stray character is reported as `format` before any length or checksum test, so the
 * user hears about the typo rather than a derived length error.
 */
const DIGITS_ONLY = new Set(['BE', 'BG', 'CZ', 'DE', 'DK', 'EE', 'EL', 'FI', 'HR', 'HU', 'IT', 'LT', 'LU', 'LV', 'MT', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK', 'EU']);

function validateNational(prefix: string, national: string): IdentifierResult {
  if (national === '') return fail(prefix, 'length');
  if (!/^[0-9A-Z]+$/.test(national) || (DIGITS_ONLY.has(prefix) && !/^[0-9]+$/.test(national))) return fail(prefix + national, 'format');
  if (prefix === 'CH' && !national.startsWith('E')) national = `E${national}`;
  const fix = vatFixes[prefix];
  if (fix) {
    const verdict = fix(national);
    if (verdict) return verdict.valid ? ok(prefix + verdict.compact) : fail(prefix + national, verdict.error);
  }
  const validator = stdnumValidator(prefix);
  if (!validator) return fail(prefix + national, 'unknown-country');
  // stdnum's Swiss validator wants the whole UID with its `CHE` prefix.
  const libraryInput = prefix === 'CH' ? `CH${national}` : national;
  let r;
  try {
    r = validator.validate(libraryInput);
  } catch {
    return fail(prefix + national, 'format');
  }
  if (!r.isValid) return fail(prefix + national, STDNUM_ERRORS[r.error?.name ?? ''] ?? 'format');
  // stdnum returns CH numbers with their `CHE` prefix; the others without.
  const compact = r.compact.startsWith(prefix) ? r.compact.slice(prefix.length) : r.compact;
  return ok(prefix + compact);
}

/** Strips a country prefix typed twice (`ATU ATU 650…`, `XI XI 432…`). */
function dropRepeatedPrefix(s: string): string {
  return s.replace(/^([A-Z]{2,3})\1/, '$1');
}

/**
 * Validates a VAT number (BTW-nummer) of an EU member state, GB/XI, CH or NO, or an EU OSS number.
 *
 * @param input   as typed or pasted: with or without the country prefix; blanks, dots, hyphens,
 *                colons and slashes are ignored, case does not matter, a prefix typed twice is
 *                tolerated.
 * @param country ISO 3166 alpha-2 country code (or VAT prefix, `EL`) to use when `input` has no
 *                prefix. When both are present and differ, the number is first tried as a
 *                national number of `country` (some national numbers start with letters).
 * @returns `{ valid, normalised, error? }`; `normalised` is prefix + compact national number,
 *          e.g. `NL004495445B01`, `ATU13585627`, `EL094259216`, `CHE107787577IVA`.
 *          Errors: `empty`, `unknown-country` (no usable prefix or country), and `format`,
 *          `length`, `checksum`, `component` from the national rule. Never throws.
 */
export function validateVatNumber(input: string, country?: string): IdentifierResult {
  const compact = dropRepeatedPrefix(compactInput(input));
  if (compact === '') return fail('', 'empty');
  if (typeof country !== 'string') country = undefined;
  const givenPrefix = country ? vatPrefixForCountry(country) : undefined;
  const typedPrefix = compact.slice(0, 2);
  const typedKnown = /^[A-Z]{2}$/.test(typedPrefix) && (typedPrefix in VAT_VALIDATORS || typedPrefix === 'EU');

  if (givenPrefix) {
    if (compact.startsWith(givenPrefix)) return validateNational(givenPrefix, dropRepeatedPrefix(compact.slice(2)));
    if (givenPrefix === 'EL' && compact.startsWith('GR')) return validateNational('EL', compact.slice(2));
    if (givenPrefix === 'XI' && compact.startsWith('GB')) return validateNational('XI', compact.slice(2));
    const asNational = validateNational(givenPrefix, compact);
    if (asNational.valid || !typedKnown) return asNational;
    return validateNational(typedPrefix, dropRepeatedPrefix(compact.slice(2)));
  }
  if (country && !givenPrefix && !typedKnown) return fail(compact, 'unknown-country');
  if (typedPrefix === 'GR') return validateNational('EL', compact.slice(2));
  if (typedKnown) return validateNational(typedPrefix, dropRepeatedPrefix(compact.slice(2)));
  return fail(compact, 'unknown-country');
}
