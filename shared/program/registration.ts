/**
 * Registration completeness (docs/program.md#product-registration): a registration needs product model, serial
 * number, purchase date, country of purchase and dealer. Points are assigned only when all are
 * present and valid; this module says which are missing or invalid. A best-guess purchase date
 * (`purchaseDateEstimated: true`) is allowed and checked like an exact one.
 */
import type { ProductModel } from '../schemas';
import { validateCountryCode } from '../identifiers/countries';
import { upperCompact } from '../identifiers/result';
import { assertIsoDate, isIsoDate } from './dates';

/**
 * True while the client may still change or withdraw (delete) a registration of `status`: until
 * points are assigned. A `rejected-duplicate` is most often a mistyped serial, so it can be
 * corrected and is decided again; `points-assigned` and the back office's `rejected` are final
 * for the client (only the back office withdraws them). The replication's conflict rule
 * (shared/sync/conflicts.ts) and the server's push apply the same test.
 */
export function registrationEditable(status: string | null | undefined): boolean {
  return status === 'draft' || status === 'incomplete' || status === 'rejected-duplicate';
}

/** The client-owned fields of a registration that completeness looks at. */
export type RegistrationField = 'productModelId' | 'serialNumber' | 'purchaseDate' | 'purchaseCountry' | 'dealerName';

/** The required fields in the order the form shows them. */
export const requiredRegistrationFields: readonly RegistrationField[] = ['productModelId', 'serialNumber', 'purchaseDate', 'purchaseCountry', 'dealerName'];

/** What completeness needs of a registration; every field may still be empty while editing. */
export interface RegistrationInput {
  productModelId?: string | null;
  serialNumber?: string | null;
  purchaseDate?: string | null;
  purchaseDateEstimated?: boolean | null;
  purchaseCountry?: string | null;
  dealerName?: string | null;
}

/**
 * Stable reason codes of a problem (the UI translates them):
 * - `required` (kind `missing`): the field is empty;
 * - `model-unknown`: the product model id is not in the catalog;
 * - `serial-pattern`: the serial does not match the model's `serialPattern` in full;
 * - `serial-pattern-unusable`: the catalog's pattern is not a valid regular expression (catalog bug);
 * - `date-format`: not a real `YYYY-MM-DD` date;
 * - `date-future`: after `today`;
 * - `date-before-release`: before the model's `releasedOn`;
 * - `country-unknown`: not an assigned ISO 3166-1 alpha-2 code.
 */
export type RegistrationProblemReason =
  | 'required'
  | 'model-unknown'
  | 'serial-pattern'
  | 'serial-pattern-unusable'
  | 'date-format'
  | 'date-future'
  | 'date-before-release'
  | 'country-unknown';

/** One missing or invalid field. */
export interface RegistrationProblem {
  field: RegistrationField;
  kind: 'missing' | 'invalid';
  reason: RegistrationProblemReason;
}

/** Outcome of `checkRegistration`: complete when there are no problems. */
export interface RegistrationCheck {
  complete: boolean;
  problems: RegistrationProblem[];
}

/**
 * A serial number as the program compares it: upper case, without blanks, hyphens or dashes
 * (so `ab-123 456` and `AB123456` are the same serial). Non-strings give ''.
 */
export function normaliseSerial(serial: string | null | undefined): string {
  if (typeof serial !== 'string') return '';
  return upperCompact(serial, /[\s\u00A0\-\u2010-\u2015\u2212]/g);
}

const patternCache = new Map<string, RegExp | null>();

/** The model's serial pattern as a full-string RegExp `^(?:pattern)$`, or null if unusable. */
export function serialRegExp(pattern: string): RegExp | null {
  let re = patternCache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${pattern})$`, 'u');
    } catch {
      re = null;
    }
    if (patternCache.size > 1000) patternCache.clear();
    patternCache.set(pattern, re);
  }
  return re;
}

/**
 * True when `serial` (after `normaliseSerial`) matches `model.serialPattern` in full.
 * False for an empty serial or an unusable pattern.
 */
export function serialMatchesModel(serial: string | null | undefined, model: Pick<ProductModel, 'serialPattern'>): boolean {
  const s = normaliseSerial(serial);
  const re = serialRegExp(model.serialPattern);
  return s !== '' && re !== null && re.test(s);
}

const blank = (v: string | null | undefined): boolean => typeof v !== 'string' || v.trim() === '';

/**
 * Lists what keeps a registration from being complete (docs/program.md#product-registration).
 *
 * @param reg   the registration as edited (fields may be empty or null).
 * @param model the catalog's product model for `reg.productModelId`, or undefined when the id is
 *              not in the catalog (then `model-unknown`, and serial/release checks are skipped).
 * @param opts.today the local calendar date `YYYY-MM-DD`; a purchase date after it is invalid.
 * @returns `{ complete, problems }`, problems in form order (`requiredRegistrationFields`).
 * @throws RangeError when `opts.today` is not a real date (a programming error, not user input).
 */
export function checkRegistration(reg: RegistrationInput, model: ProductModel | undefined, opts: { today: string }): RegistrationCheck {
  assertIsoDate(opts.today, 'checkRegistration: opts.today');
  const problems: RegistrationProblem[] = [];

  if (blank(reg.productModelId)) problems.push({ field: 'productModelId', kind: 'missing', reason: 'required' });
  else if (!model || model.id !== reg.productModelId) problems.push({ field: 'productModelId', kind: 'invalid', reason: 'model-unknown' });

  const serial = normaliseSerial(reg.serialNumber);
  if (serial === '') problems.push({ field: 'serialNumber', kind: 'missing', reason: 'required' });
  else if (model && model.id === reg.productModelId) {
    const re = serialRegExp(model.serialPattern);
    if (re === null) problems.push({ field: 'serialNumber', kind: 'invalid', reason: 'serial-pattern-unusable' });
    else if (!re.test(serial)) problems.push({ field: 'serialNumber', kind: 'invalid', reason: 'serial-pattern' });
  }

  if (blank(reg.purchaseDate)) problems.push({ field: 'purchaseDate', kind: 'missing', reason: 'required' });
  else {
    const date = (reg.purchaseDate ?? '').trim();
    if (!isIsoDate(date)) problems.push({ field: 'purchaseDate', kind: 'invalid', reason: 'date-format' });
    else if (date > opts.today) problems.push({ field: 'purchaseDate', kind: 'invalid', reason: 'date-future' });
    else if (model && model.id === reg.productModelId && isIsoDate(model.releasedOn) && date < model.releasedOn) problems.push({ field: 'purchaseDate', kind: 'invalid', reason: 'date-before-release' });
  }

  if (blank(reg.purchaseCountry)) problems.push({ field: 'purchaseCountry', kind: 'missing', reason: 'required' });
  else if (!validateCountryCode(reg.purchaseCountry ?? '').valid) problems.push({ field: 'purchaseCountry', kind: 'invalid', reason: 'country-unknown' });

  if (blank(reg.dealerName)) problems.push({ field: 'dealerName', kind: 'missing', reason: 'required' });

  return { complete: problems.length === 0, problems };
}
