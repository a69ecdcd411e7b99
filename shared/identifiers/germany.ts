/** German commercial register (Handelsregister) numbers. */
import { compactInput, fail, ok, type IdentifierResult } from './result';

/**
 * Register divisions (Abteilungen) of the Handelsregister and related registers
 * (Handelsregisterverordnung §3; GenRegV, PRV, VRV): HRA (sole traders, partnerships),
 * HRB (corporations), GnR (cooperatives), PR (partnerships of liberal professions), VR (associations).
 */
export const handelsregisterDivisions = ['HRA', 'HRB', 'GNR', 'PR', 'VR'] as const;

const DISPLAY: Readonly<Record<string, string>> = { HRA: 'HRA', HRB: 'HRB', GNR: 'GnR', PR: 'PR', VR: 'VR' };

/**
 * German Handelsregister number: division, 1–6 digit sequence without leading zero (digit groups
 * separated by blanks, dots or hyphens are joined: `HRB 12.345`), optional
 * one-letter suffix (e.g. the `B` of Berlin-Charlottenburg's `HRB 12345 B`), optionally preceded
 * or followed by the register court ("Amtsgericht München HRB 12345"). There is no check digit,
 * so this checks form only. Normalised to `HRB 12345` / `HRB 12345 B`; the court, if any, is
 * dropped from `normalised` (see `parseHandelsregisterNumber` to keep it).
 * Errors: `empty`, `component` (unknown division), `format`, `length` (more than 6 digits).
 * Never throws.
 */
export function validateHandelsregisterNumber(input: string): IdentifierResult {
  const p = parseHandelsregisterNumber(input);
  return p.valid ? ok(p.normalised) : fail(p.normalised, p.error ?? 'format');
}

/** Result of `parseHandelsregisterNumber`: the validation result plus the parts. */
export interface HandelsregisterParts extends IdentifierResult {
  division?: string;
  number?: string;
  suffix?: string;
  court?: string;
}

/**
 * Parses a Handelsregister number into division, number, suffix and court (text around the
 * number, e.g. "Amtsgericht Köln", trimmed). Same rules and errors as
 * `validateHandelsregisterNumber`. Never throws.
 */
export function parseHandelsregisterNumber(input: string): HandelsregisterParts {
  if (typeof input !== 'string' || compactInput(input) === '') return { valid: false, normalised: '', error: 'empty' };
  const text = input.normalize('NFKC').replace(/\s+/g, ' ').trim();
  const m = /(?:^|[\s,:(])(HRA|HRB|GNR|PR|VR)\s*[.:-]?\s*(\d+(?:\s*[.\-\s]\s*\d+)*)(?:\s*[-\s]\s*(\p{L})|(\p{L}))?(?![\p{L}\p{N}])/iu.exec(text);
  if (!m) {
    const anyDivision = /(?:^|[^\p{L}])\p{L}{1,4}\s*[.:-]?\s*\d+/u.exec(text);
    return { valid: false, normalised: compactInput(text), error: anyDivision ? 'component' : 'format' };
  }
  const division = (m[1] ?? '').toUpperCase();
  const digits = (m[2] ?? '').replace(/\D/g, '');
  const suffix = (m[3] ?? m[4])?.toUpperCase();
  const display = `${DISPLAY[division] ?? division} ${digits}${suffix ? ` ${suffix}` : ''}`;
  const court = (text.slice(0, m.index) + ' ' + text.slice(m.index + m[0].length)).replace(/[\s,:()]+/g, ' ').trim();
  const base: HandelsregisterParts = { valid: false, normalised: display, division: DISPLAY[division], number: digits, ...(suffix ? { suffix } : {}), ...(court ? { court } : {}) };
  if (digits.length > 6) return { ...base, error: 'length' };
  if (digits.startsWith('0')) return { ...base, error: 'format' };
  return { ...base, valid: true };
}
