/**
 * The input of an invoice PDF: `{ invoice, organisation, supplier }`, validated with
 * zod. `invoice` and `organisation` are the docs/documents.md documents (only the fields an invoice shows
 * are required here; extra fields such as `updatedAt` are accepted and ignored); `supplier` is the
 * program configuration's seller block (`resources/program.json` → `supplier`).
 *
 * Besides shape, {@link parseInvoiceInput} checks what makes an invoice legally complete and
 * internally consistent (Wet OB art. 35a; EU VAT directive 2006/112/EC art. 226): a full customer
 * address, the customer's VAT number under reverse charge, the supplier's bank details for bank
 * transfer, and that every line and total adds up in cents. Errors name the field as a dotted path
 * (`invoice.lines.0.netCents`, `organisation.postcode`).
 */
import { z } from 'zod';
import { vatCents as programVatCents, invoiceTotals } from '../program/money';
import { validateBic, validateIban, validateVatNumber } from '../identifiers';
import { deriveVatTreatment } from './vat';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be an ISO date YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a real calendar date');
const nonBlank = (max: number) => z.string().trim().min(1, 'is required').max(max);
const country = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as NL');
const cents = z.number().int('must be whole cents');
/** A VAT rate in percent: 0–100 with at most two decimals (21, 5.5, 9.25), as shared/program/money `rateHundredths` needs. */
const percent = z
  .number()
  .min(0, 'must be at least 0')
  .max(100, 'must be at most 100')
  .refine((r) => Math.abs(Math.round(r * 100) - r * 100) <= 1e-6, 'must have at most two decimals (e.g. 21 or 5.5)');

/**
 * The seller block of the program configuration (`resources/program.json` → `supplier`).
 * `vatRate` in percent (e.g. 21), `paymentTermDays` in days. IBAN/BIC are shown for bank transfer.
 */
export const supplierSchema = z.object({
  name: nonBlank(200),
  street: nonBlank(120),
  houseNumber: nonBlank(20),
  postcode: nonBlank(16),
  city: nonBlank(80),
  country,
  vatNumber: nonBlank(20),
  chamberNumber: nonBlank(20),
  iban: nonBlank(34),
  bic: z.string().trim().regex(/^[A-Z0-9]{8}([A-Z0-9]{3})?$/, 'must be an 8 or 11 character BIC'),
  email: z.string().trim().email('must be an e-mail address'),
  vatRate: percent,
  paymentTermDays: z.number().int().min(0).max(365),
});
/** The supplier (seller) of every invoice; see {@link supplierSchema}. */
export type Supplier = z.infer<typeof supplierSchema>;

/** One invoice line (docs/documents.md): amounts in integer cents, `vatRate` in percent. */
export const invoiceLineInputSchema = z.object({
  description: nonBlank(300),
  quantity: z.number().int().min(1),
  unitPriceCents: cents,
  vatRate: percent,
  netCents: cents,
  vatCents: cents,
});
/** An invoice line as the PDF needs it. */
export type InvoiceLineInput = z.infer<typeof invoiceLineInputSchema>;

/** The invoice document fields an invoice PDF shows (docs/documents.md `invoices`, plus period, reverse charge, payment reference). */
export const invoiceDocumentInputSchema = z.object({
  id: z.string().optional(),
  number: nonBlank(20),
  organisationId: z.string().optional(),
  membershipId: z.string().optional(),
  issueDate: isoDate,
  dueDate: isoDate,
  periodStart: isoDate.nullish(),
  periodEnd: isoDate.nullish(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR'),
  lines: z.array(invoiceLineInputSchema).min(1, 'needs at least one line'),
  netCents: cents,
  vatCents: cents,
  totalCents: cents,
  reverseCharge: z.boolean().optional().default(false),
  paymentMethod: z.enum(['card', 'bank-transfer']),
  paymentReference: z.string().trim().max(40).nullish(),
  status: z.enum(['open', 'paid', 'overdue', 'cancelled', 'settled', 'refund-due']).optional(),
  purchaseOrderNumber: z.string().trim().max(60).nullish(),
  /** EN 16931 BT-3: `invoice` (380, the default) or `credit-note` (381). */
  documentType: z.enum(['invoice', 'credit-note']).optional().default('invoice'),
  /** BT-25 / BT-26: the invoice a credit note cancels (required for a credit note). */
  precedingInvoiceNumber: z.string().trim().max(20).nullish(),
  precedingInvoiceIssueDate: isoDate.nullish(),
});
/** The invoice part of the input, after defaults (`reverseCharge` false when absent). */
export type InvoiceDocumentInput = z.infer<typeof invoiceDocumentInputSchema>;

/** The customer (docs/documents.md `organisations`): an invoice needs the full postal address, not a PO box only. */
export const organisationInputSchema = z.object({
  id: z.string().optional(),
  name: nonBlank(200),
  legalForm: z.string().trim().max(60).nullish(),
  street: nonBlank(120),
  houseNumber: nonBlank(20),
  postcode: nonBlank(16),
  city: nonBlank(80),
  country,
  vatNumber: z.string().trim().max(20).nullish(),
  chamberNumber: z.string().trim().max(20).nullish(),
  email: z.string().trim().max(254).nullish(),
});
/** The organisation part of the input. */
export type OrganisationInput = z.infer<typeof organisationInputSchema>;

/** The whole input of one invoice PDF, e.g. the JSON file the CLI reads. */
export const invoiceInputSchema = z.object({
  invoice: invoiceDocumentInputSchema,
  organisation: organisationInputSchema,
  supplier: supplierSchema,
});
/** A validated invoice input; see {@link parseInvoiceInput}. */
export type InvoiceInput = z.infer<typeof invoiceInputSchema>;

/** A refused invoice input. `field` is the dotted path of the first bad field (`invoice.number`). */
export class InvoiceInputError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
    /** Every problem found, `field: problem`, for a full report. */
    readonly problems: string[] = [`${field}: ${problem}`],
  ) {
    super(`invalid invoice input: ${field} ${problem}${problems.length > 1 ? ` (and ${problems.length - 1} more: ${problems.slice(1).join('; ')})` : ''}`);
    this.name = 'InvoiceInputError';
  }
}

/** Words for a zod issue that name the problem plainly ("is required" for a missing field). */
function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  let value: unknown = input;
  for (const key of issue.path) value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key as PropertyKey] : undefined;
  if (value === undefined) return 'is required';
  if (issue.message.startsWith('Invalid input: expected')) return `has the wrong type (${issue.message.slice('Invalid input: '.length)})`;
  return issue.message;
}

/**
 * Validates an invoice input (e.g. parsed JSON) and returns it typed.
 * Checks beyond shape (cents, percent; rules from Wet OB art. 35a and directive 2006/112/EC):
 * - each line: `netCents = quantity × unitPriceCents`, `vatCents` = shared/program `vatCents`
 *   (per line, half away from zero — the server's rule);
 * - totals agree with shared/program `invoiceTotals` (never negative);
 * - the supplier's VAT number, IBAN and BIC, and the customer's VAT number when given, pass the
 *   shared/identifiers validators (checksums);
 * - `invoice.netCents` = Σ line net, `invoice.vatCents` = Σ line VAT, `totalCents` = net + VAT;
 * - reverse charge: every line at 0 %, the customer has a VAT number, and the customer's country
 *   differs from the supplier's (art. 196, 44);
 * - the VAT treatment of 0 % lines follows shared/program's rule (`deriveVatTreatment` in vat.ts):
 *   reverse charge is derived when `reverseCharge` is left out, a contradicting input is refused;
 * - `dueDate` not before `issueDate`; `periodEnd` not before `periodStart`;
 * - no text contains control characters, lone surrogates or noncharacters (see
 *   {@link controlCharacterProblems}): they would reach the PDF's text and the Factur-X XML
 *   differently (XML 1.0 §2.2 cannot carry most of them), so they are refused for both alike.
 * @throws InvoiceInputError naming the first bad field; nothing is written by this function.
 */
export function parseInvoiceInput(value: unknown): InvoiceInput {
  const parsed = invoiceInputSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${describeIssue(i, value)}`);
    const first = parsed.error.issues[0]!;
    throw new InvoiceInputError(first.path.join('.') || '(root)', describeIssue(first, value), problems);
  }
  const input = parsed.data;
  const problems: Array<[string, string]> = controlCharacterProblems(input, '');
  const { invoice, organisation, supplier } = input;
  // VAT treatment from the program's rule (vat.ts deriveVatTreatment): may set reverseCharge.
  const treatment = deriveVatTreatment(input, typeof (value as { invoice?: { reverseCharge?: unknown } }).invoice?.reverseCharge === 'boolean');
  invoice.reverseCharge = treatment.reverseCharge;
  problems.push(...treatment.problems);
  invoice.lines.forEach((line, i) => {
    if (line.netCents !== line.quantity * line.unitPriceCents) problems.push([`invoice.lines.${i}.netCents`, `is ${line.netCents} but quantity × unitPriceCents is ${line.quantity * line.unitPriceCents}`]);
    let expectedVat: number;
    try {
      expectedVat = programVatCents(line.netCents, line.vatRate);
    } catch (e) {
      problems.push([`invoice.lines.${i}.netCents`, (e as Error).message]);
      return;
    }
    if (line.vatCents !== expectedVat) problems.push([`invoice.lines.${i}.vatCents`, `is ${line.vatCents} but ${line.vatRate}% of ${line.netCents} is ${expectedVat}`]);
    if (invoice.reverseCharge && line.vatRate !== 0) problems.push([`invoice.lines.${i}.vatRate`, `must be 0 under reverse charge, is ${line.vatRate}`]);
  });
  let net = 0;
  let vat = 0;
  try {
    ({ netCents: net, vatCents: vat } = invoiceTotals(invoice.lines));
  } catch (e) {
    problems.push(['invoice.lines', (e as Error).message]);
  }
  if (invoice.netCents !== net) problems.push(['invoice.netCents', `is ${invoice.netCents} but the lines add up to ${net}`]);
  if (invoice.vatCents !== vat) problems.push(['invoice.vatCents', `is ${invoice.vatCents} but the lines add up to ${vat}`]);
  if (invoice.totalCents !== invoice.netCents + invoice.vatCents) problems.push(['invoice.totalCents', `is ${invoice.totalCents} but netCents + vatCents is ${invoice.netCents + invoice.vatCents}`]);
  if (invoice.documentType === 'credit-note') {
    // A credit note names the invoice it cancels (EN 16931 BG-3, BT-25/BT-26; docs/program.md#changing-tier).
    if (!invoice.precedingInvoiceNumber) problems.push(['invoice.precedingInvoiceNumber', 'is required for a credit note (the invoice it cancels)']);
    if (!invoice.precedingInvoiceIssueDate) problems.push(['invoice.precedingInvoiceIssueDate', 'is required for a credit note (the date of the invoice it cancels)']);
    else if (invoice.precedingInvoiceIssueDate > invoice.issueDate) problems.push(['invoice.precedingInvoiceIssueDate', `(${invoice.precedingInvoiceIssueDate}) is after the credit note's issueDate (${invoice.issueDate})`]);
  }
  if (invoice.dueDate < invoice.issueDate) problems.push(['invoice.dueDate', `(${invoice.dueDate}) is before issueDate (${invoice.issueDate})`]);
  if (invoice.periodStart && invoice.periodEnd && invoice.periodEnd < invoice.periodStart) problems.push(['invoice.periodEnd', `(${invoice.periodEnd}) is before periodStart (${invoice.periodStart})`]);
  const vatChecks: Array<[string, string | null | undefined, string | undefined]> = [
    ['supplier.vatNumber', supplier.vatNumber, supplier.country],
    ['organisation.vatNumber', organisation.vatNumber, organisation.country],
  ];
  for (const [field, value, country] of vatChecks) {
    if (!value) continue;
    const r = validateVatNumber(value, country);
    if (!r.valid) problems.push([field, `is not a valid VAT number (${r.error}): ${value}`]);
  }
  const iban = validateIban(supplier.iban);
  if (!iban.valid) problems.push(['supplier.iban', `is not a valid IBAN (${iban.error}): ${supplier.iban}`]);
  const bic = validateBic(supplier.bic);
  if (!bic.valid) problems.push(['supplier.bic', `is not a valid BIC (${bic.error}): ${supplier.bic}`]);
  if (invoice.reverseCharge) {
    if (!organisation.vatNumber) problems.push(['organisation.vatNumber', 'is required for a reverse-charge invoice']);
    if (organisation.country === supplier.country) problems.push(['invoice.reverseCharge', `cannot apply: customer and supplier are both in ${supplier.country}`]);
  }
  if (problems.length) {
    const [field, problem] = problems[0]!;
    throw new InvoiceInputError(field, problem, problems.map(([f, p]) => `${f}: ${p}`));
  }
  return input;
}

/**
 * Characters no invoice text may hold: C0 controls except LF, DEL, C1 controls, lone surrogates
 * and the noncharacters U+FFFE/U+FFFF. XML 1.0 (§2.2 Char) refuses C0 controls and U+FFFE/U+FFFF
 * outright; the others render as nothing or as boxes in the PDF.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const FORBIDDEN_TEXT = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;

/** Fields whose text may span lines (LF); everywhere else a line break is refused too. */
const MULTILINE_FIELD = /^invoice\.lines\.\d+\.description$/;

/**
 * Every string of `value` (recursively; `path` is the dotted path so far) that holds a forbidden
 * character, as `[field, problem]` naming the character (U+XXXX) and its position (1-based).
 */
export function controlCharacterProblems(value: unknown, path: string): Array<[string, string]> {
  if (typeof value === 'string') {
    const m = FORBIDDEN_TEXT.exec(value) ?? (MULTILINE_FIELD.test(path) ? null : /\n/.exec(value));
    if (!m) return [];
    const code = value.charCodeAt(m.index);
    const what = code === 0x0a ? 'a line break' : `the character U+${code.toString(16).toUpperCase().padStart(4, '0')}, which invoice text cannot hold,`;
    return [[path, `contains ${what} at position ${m.index + 1}; remove it`]];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => controlCharacterProblems(v, path ? `${path}.${i}` : String(i)));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => controlCharacterProblems(v, path ? `${path}.${k}` : k));
  return [];
}

/** The payment reference shown and put in the XML (BT-83): the invoice's own, else its number. */
export function paymentReferenceOf(invoice: InvoiceDocumentInput): string {
  return invoice.paymentReference?.trim() || invoice.number;
}

/**
 * The customer's name as invoiced: `name`, followed by `legalForm` when the name does not already
 * end with it ("Müller & Söhne" + "GmbH" → "Müller & Söhne GmbH"; "Ærø Fotografie ApS" stays).
 */
export function customerDisplayName(org: Pick<OrganisationInput, 'name' | 'legalForm'>): string {
  const name = org.name.trim();
  const form = org.legalForm?.trim();
  if (!form || name.toLowerCase().endsWith(form.toLowerCase())) return name;
  return `${name} ${form}`;
}

/** True when the input is a credit note (EN 16931 BT-3 = 381) rather than an invoice (380). */
export function isCreditNoteInput(invoice: Pick<InvoiceDocumentInput, 'documentType'>): boolean {
  return invoice.documentType === 'credit-note';
}
