/**
 * The number series the server draws from, inside the write transaction that issues the document:
 * - invoice numbers `YYYY-NNNNNN` and credit-note numbers `CN-YYYY-NNNNNN`: gapless per year
 *   (a counter row in `invoice_counters` / `credit_note_counters`, rolled back with the
 *   transaction, so a failed push leaves no hole; EU VAT Directive 2006/112/EC art. 226(2):
 *   "a sequential number … which uniquely identifies the invoice");
 * - membership numbers: the one place the server draws one. The rule of the number itself
 *   (8-digit sequence + Luhn check digit) is `membershipNumberFromSequence` in
 *   `shared/program/membership.ts`; this module only supplies the sequence value.
 *
 * The membership-number value comes from the PostgreSQL sequence `membership_number_sequence` (migration 2).
 * `nextval` is atomic across sessions, so concurrent sign-ups and several server processes on one
 * database never draw the same value, and it is never rolled back, so a number is never handed out
 * twice even when the push that drew it fails (the sequence may have gaps; membership numbers need
 * not be gapless). Every call draws a new value: an organisation that signs up again gets a new
 * number. Each issued number is recorded in `membership_numbers`; a value whose number is already
 * there (numbers of the earlier random scheme) is skipped.
 */
import { membershipNumberFromSequence } from '../../shared/program/membership';
import type { Queryable } from '../db';

/** Next invoice number of `year`: `YYYY-NNNNNN`, gapless (the counter row rolls back with the transaction). */
export async function nextInvoiceNumber(q: Queryable, year: number): Promise<string> {
  const rows = await q.query<{ last: number }>(
    'insert into invoice_counters (year, last) values ($1, 1) on conflict (year) do update set last = invoice_counters.last + 1 returning last',
    [year],
  );
  return `${year}-${String(rows[0]!.last).padStart(6, '0')}`;
}

/** Next credit note number of `year`: `CN-YYYY-NNNNNN`, gapless (the counter row rolls back with the transaction). */
export async function nextCreditNoteNumber(q: Queryable, year: number): Promise<string> {
  const rows = await q.query<{ last: number }>(
    'insert into credit_note_counters (year, last) values ($1, 1) on conflict (year) do update set last = credit_note_counters.last + 1 returning last',
    [year],
  );
  return `CN-${year}-${String(rows[0]!.last).padStart(6, '0')}`;
}

/** PostgreSQL's SQLSTATE for "nextval: reached maximum value of sequence". */
const sequenceLimitExceeded = '2200H';

/**
 * Draws the next membership number and records it for `organisationId` / `membershipId`.
 * Run it inside the transaction that activates the membership, with that transaction's `q`.
 * @returns a 9-digit number that passes `hasValidMembershipCheckDigit` and was never issued before.
 * @throws Error "membership numbers are exhausted" when the sequence passed 89,999,999; other
 *   database errors as thrown by the driver.
 */
export async function allocateMembershipNumber(q: Queryable, organisationId: string, membershipId: string): Promise<string> {
  for (;;) {
    let value: number;
    try {
      const rows = await q.query<{ value: number }>(`select nextval('membership_number_sequence')::int as value`);
      value = rows[0]!.value;
    } catch (err) {
      if ((err as { code?: string }).code === sequenceLimitExceeded) throw new Error('membership numbers are exhausted (sequence value above 89999999)', { cause: err });
      throw err;
    }
    const number = membershipNumberFromSequence(value);
    const inserted = await q.query<{ number: string }>(
      'insert into membership_numbers (number, organisation_id, membership_id, issued_at) values ($1,$2,$3,$4) on conflict do nothing returning number',
      [number, organisationId, membershipId, new Date().toISOString()],
    );
    if (inserted.length === 1) return number;
  }
}
