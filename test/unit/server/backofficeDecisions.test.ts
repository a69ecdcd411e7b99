/**
 * The back office's rules without a database (server/backofficeDecisions.ts): the queue row and its
 * filters, when an organisation may be decided (404 / 409 with who decided), the reason rules,
 * marking an invoice paid, the catalog and legacy CSV checks and what a catalog import writes.
 */
import { describe, expect, it } from 'vitest';
import {
  byQueueOrder,
  catalogChanges,
  catalogModels,
  checkDecidable,
  checkLegacyRows,
  invoiceToMarkPaid,
  isOverdue,
  matchesPendingFilter,
  parseCsv,
  pendingRow,
  reasonFor,
  seenDetails,
} from '../../../server/backofficeDecisions';
import type { StoredDoc } from '../../../server/store';
import { HttpError } from '../../../server/errors';

function stored(collection: StoredDoc['collection'], id: string, data: Record<string, unknown>, meta: Record<string, unknown> = {}): StoredDoc {
  return { collection, id, data: { id, updatedAt: '2026-03-02T10:00:00.000000Z', ...data }, deleted: false, organisationId: id, dealerId: 'dealer-1', meta };
}

const org = stored('organisations', 'org-1', { name: 'Studio Licht', country: 'NL', status: 'pending-validation', email: 'info@licht.example' }, { submittedAt: '2026-03-02T09:00:00.000Z' });
const evidence = [stored('evidenceDocuments', 'ev-1', { kind: 'chamber-extract', fileName: 'kvk.pdf', sha256: 'ab'.repeat(32) })];

/** The HttpError `fn` throws (status and code), or null. */
async function refusal(fn: () => unknown): Promise<{ status: number; code: string; message: string } | null> {
  try {
    await fn();
    return null;
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    return { status: err.statusCode, code: err.code, message: err.message };
  }
}

describe('the validation queue', () => {
  it('builds the row with its age against the 2-business-day promise, and filters by country and evidence kind', () => {
    const row = pendingRow(org, evidence, '2026-03-05');
    expect(row).toMatchObject({ id: 'org-1', name: 'Studio Licht', country: 'NL', dealerId: 'dealer-1', submittedAt: '2026-03-02T09:00:00.000Z', ageBusinessDays: 3, dueOn: '2026-03-04', due: 'overdue' });
    expect(row.evidence).toEqual([{ id: 'ev-1', kind: 'chamber-extract', fileName: 'kvk.pdf', updatedAt: '2026-03-02T10:00:00.000000Z' }]);
    // a submission dated after today counts from its own day
    expect(pendingRow(org, [], '2026-03-01')).toMatchObject({ ageBusinessDays: 0, due: 'later' });
    expect(matchesPendingFilter(org, evidence, { country: 'nl', kind: 'chamber-extract' })).toBe(true);
    expect(matchesPendingFilter(org, evidence, { country: 'BE' })).toBe(false);
    expect(matchesPendingFilter(org, evidence, { kind: 'vat-certificate' })).toBe(false);
    const later = pendingRow(stored('organisations', 'org-0', { name: 'B' }, { submittedAt: '2026-03-03T00:00:00.000Z' }), [], '2026-03-05');
    expect([later, row].sort(byQueueOrder).map((r) => r.id)).toEqual(['org-1', 'org-0']);
  });
});

describe('deciding an organisation', () => {
  const last = { actor: 'clerk@cps.example', at: '2026-03-03T08:00:00.000Z', action: 'validate-organisation' };

  it('answers 404 for a missing or deleted organisation and 409 naming who decided it already', async () => {
    expect(await refusal(() => checkDecidable('org-x', null, {}, async () => undefined))).toMatchObject({ status: 404, code: 'not-found' });
    expect(await refusal(() => checkDecidable('org-1', { ...org, deleted: true }, {}, async () => undefined))).toMatchObject({ status: 404 });
    const decided = await refusal(() => checkDecidable('org-1', { ...org, data: { ...org.data, status: 'validated' } }, {}, async () => last));
    expect(decided).toEqual({ status: 409, code: 'already-decided', message: 'organisation org-1 was already validated by clerk@cps.example at 2026-03-03T08:00:00.000Z; nothing was changed' });
    expect(await refusal(() => checkDecidable('org-1', { ...org, data: { ...org.data, status: 'draft' } }, {}, async () => undefined))).toMatchObject({ status: 409, code: 'wrong-status' });
  });

  it('refuses a decision on a version other than the one the clerk opened, and asks the audit log only then', async () => {
    let asked = 0;
    const ask = async () => {
      asked++;
      return { ...last, action: 'request-evidence-document' };
    };
    expect(await checkDecidable('org-1', org, { organisationUpdatedAt: '2026-03-02T10:00:00.000000Z' }, ask)).toBe(org);
    expect(asked).toBe(0);
    const changed = await refusal(() => checkDecidable('org-1', org, { organisationUpdatedAt: '2026-03-01T00:00:00.000000Z' }, ask));
    expect(changed).toMatchObject({ status: 409, code: 'changed-since-opened' });
    expect(changed!.message).toContain('(request-evidence-document by clerk@cps.example at 2026-03-03T08:00:00.000Z)');
    expect(asked).toBe(1);
  });

  it('records the evidence as stored and as viewed', () => {
    expect(seenDetails(org, evidence, { evidence: [{ id: 'ev-1', sha256: 'cd'.repeat(32) }] })).toEqual({
      organisationUpdatedAt: '2026-03-02T10:00:00.000000Z',
      evidence: [{ id: 'ev-1', kind: 'chamber-extract', fileName: 'kvk.pdf', sha256: 'ab'.repeat(32), viewedSha256: 'cd'.repeat(32) }],
      vatCheck: null,
    });
  });

  it('needs a known reason of at most 350 characters', async () => {
    expect(await refusal(() => reasonFor({ text: '  ' }, 'NL', 'a rejection'))).toMatchObject({ status: 400, code: 'reason-required', message: 'a rejection needs a reason' });
    expect(await refusal(() => reasonFor('x'.repeat(351), 'NL', 'a rejection'))).toMatchObject({ code: 'reason-too-long' });
    expect(await refusal(() => reasonFor({ code: 'no-such-reason' as never }, 'NL', 'a rejection'))).toMatchObject({ code: 'unknown-reason' });
    expect(reasonFor('Het KvK-uittreksel is ouder dan een jaar', 'NL', 'a rejection')).toContain('Het KvK-uittreksel is ouder dan een jaar');
  });
});

describe('invoices', () => {
  const inv = stored('invoices', 'inv-1', { number: '2026-000001', status: 'open', dueDate: '2026-03-31' });

  it('marks an open invoice paid, leaves a paid one, refuses credit notes and cancelled invoices', async () => {
    expect(invoiceToMarkPaid('2026-000001', inv)).toBe(inv);
    expect(invoiceToMarkPaid('2026-000001', { ...inv, data: { ...inv.data, status: 'paid' } })).toBeNull();
    expect(await refusal(() => invoiceToMarkPaid('2026-000009', undefined))).toMatchObject({ status: 404 });
    expect(await refusal(() => invoiceToMarkPaid('CN-2026-000001', { ...inv, data: { ...inv.data, documentType: 'credit-note' } }))).toMatchObject({ status: 409, code: 'credit-note' });
    expect(await refusal(() => invoiceToMarkPaid('2026-000001', { ...inv, data: { ...inv.data, status: 'cancelled', creditNoteNumber: 'CN-2026-000001' } }))).toMatchObject({
      code: 'invoice-cancelled',
      message: 'invoice 2026-000001 was cancelled by credit note CN-2026-000001',
    });
  });

  it('is overdue only when open and due before today', () => {
    expect(isOverdue(inv.data, '2026-04-01')).toBe(true);
    expect(isOverdue(inv.data, '2026-03-31')).toBe(false);
    expect(isOverdue({ ...inv.data, status: 'paid' }, '2026-04-01')).toBe(false);
  });
});

describe('CSV imports', () => {
  const header = 'id,code,name,category,points,serialPattern,releasedOn,retired';

  it('reads catalog rows into product models and names the line of a bad row', async () => {
    const models = catalogModels(parseCsv(`${header}\nm1,X-1,Camera X1,body,120,^X1\\d{6}$,2025-01-01,false\n`, 'catalog CSV'));
    expect(models).toEqual([{ id: 'm1', code: 'X-1', name: 'Camera X1', category: 'body', points: 120, pointsFrom: null, serialPattern: '^X1\\d{6}$', releasedOn: '2025-01-01', retired: false }]);
    expect(await refusal(() => catalogModels(parseCsv(`${header}\nm1,X-1,Camera X1,body,many,^X1$,2025-01-01,false\n`, 'catalog CSV')))).toMatchObject({
      code: 'csv-invalid',
      message: 'catalog CSV line 2: points must be a whole number, got "many"',
    });
    expect(await refusal(() => catalogModels(parseCsv(`${header}\nm1,X-1,Camera X1,body,1,([,2025-01-01,false\n`, 'catalog CSV')))).toMatchObject({ message: 'catalog CSV line 2: serialPattern is not a valid regular expression' });
    expect(await refusal(() => parseCsv('a,b\n"unterminated', 'catalog CSV'))).toMatchObject({ status: 400, code: 'csv-invalid' });
  });

  it('writes only new and changed models', () => {
    const old = { id: 'm1', code: 'X-1', name: 'Camera X1', points: 100 };
    const result = catalogChanges(new Map<string, Record<string, unknown>>([['m1', old], ['m2', { id: 'm2', points: 5 }]]), [{ ...old, points: 120 }, { id: 'm2', points: 5 }, { id: 'm3', points: 1 }]);
    expect(result).toEqual({ writes: [{ ...old, points: 120 }, { id: 'm3', points: 1 }], created: 1, updated: 1, unchanged: 1 });
  });

  it('refuses a legacy row without an e-mail address or without model and serial', async () => {
    expect(() => checkLegacyRows([{ legacyEmail: 'a@b.nl', productModelId: 'm1', serialNumber: 'S1' }])).not.toThrow();
    expect(await refusal(() => checkLegacyRows([{ legacyEmail: 'a@b.nl', productModelId: 'm1', serialNumber: 'S1' }, { legacyEmail: 'nobody', productModelId: 'm1', serialNumber: 'S2' }]))).toMatchObject({
      message: 'legacy CSV line 3: legacyEmail is not an e-mail address',
    });
    expect(await refusal(() => checkLegacyRows([{ legacyEmail: 'a@b.nl', productModelId: '', serialNumber: 'S1' }]))).toMatchObject({ message: 'legacy CSV line 2: productModelId and serialNumber are required' });
  });
});
