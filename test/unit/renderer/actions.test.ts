/**
 * The renderer's actions (renderer/actions): each builds its document with the server-owned
 * fields at their defaults, checks it with the rules in shared/program and writes nothing when
 * they refuse. Real RxDB on Dexie (fake-indexeddb).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { createDeskDatabase, type DeskDatabase } from '../../../renderer/db/database';
import { ActionRefused } from '../../../renderer/actions/errors';
import { replaceEvidenceFile } from '../../../renderer/actions/evidence';
import { requestMembership } from '../../../renderer/actions/memberships';
import { submitOrganisation, type OrganisationApplication } from '../../../renderer/actions/organisations';
import { registerProduct } from '../../../renderer/actions/registrations';
import type { ProgramTier } from '../../../shared/schemas';

let n = 0;
const open: DeskDatabase[] = [];
async function freshDb() {
  const db = await createDeskDatabase({ name: `actions-${Date.now()}-${n++}`, storage: getRxStorageDexie({ indexedDB, IDBKeyRange }), devMode: true, multiInstance: false });
  open.push(db);
  return db;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => (db.closed ? undefined : db.close())));
});

const tiers = [{ id: 'silver', name: 'Silver', kind: 'individual', minPoints: 500, maxPoints: 999, annualFeeCents: 8500, currency: 'EUR', updatedAt: '2026-01-01T00:00:00.000Z' }] as ProgramTier[];

describe('registerProduct', () => {
  it('writes a draft registration with the server-owned fields at their defaults and the serial normalised', async () => {
    const db = await freshDb();
    const r = await registerProduct(db, { organisationId: 'org-1', productModelId: 'eos-r5', serialNumber: ' 0123 4567 ', purchaseDate: '', purchaseDateEstimated: true, purchaseCountry: 'NL', dealerName: ' Foto Centrum ' });
    const stored = (await db.registrations.findOne(r.id).exec())!.toJSON();
    expect(stored).toMatchObject({ organisationId: 'org-1', productModelId: 'eos-r5', serialNumber: '01234567', purchaseDate: null, purchaseDateEstimated: true, dealerName: 'Foto Centrum', status: 'draft', statusReason: null, points: 0, migratedFrom: null });
  });

  it('refuses without organisation, model or serial and writes nothing', async () => {
    const db = await freshDb();
    const refused = registerProduct(db, { organisationId: '', productModelId: 'eos-r5', serialNumber: '  ', purchaseDate: '2026-11-01', purchaseDateEstimated: false, purchaseCountry: 'NL', dealerName: '' });
    await expect(refused).rejects.toBeInstanceOf(ActionRefused);
    await expect(refused).rejects.toMatchObject({ problems: ['organisationId', 'serialNumber'] });
    expect(await db.registrations.count().exec()).toBe(0);
  });
});

describe('requestMembership', () => {
  it('writes a requested membership without number or validity; the PO number is trimmed', async () => {
    const db = await freshDb();
    const m = await requestMembership(db, { organisationId: 'org-1', tierId: 'silver', paymentMethod: 'bank-transfer', purchaseOrderNumber: ' PO-7 ', termsAccepted: true, termsVersion: '2026-1', confirmedPoints: 640 }, tiers);
    expect((await db.memberships.findOne(m.id).exec())!.toJSON()).toMatchObject({ status: 'requested', membershipNumber: null, validFrom: null, validTo: null, purchaseOrderNumber: 'PO-7', tierId: 'silver', termsVersion: '2026-1' });
  });

  it('refuses a sign-up with no terms version to accept (none on this computer), and writes nothing', async () => {
    const db = await freshDb();
    await expect(requestMembership(db, { organisationId: 'org-1', tierId: 'silver', paymentMethod: 'card', purchaseOrderNumber: '', termsAccepted: true, termsVersion: null, confirmedPoints: 640 }, tiers)).rejects.toMatchObject({ problems: ['terms'] });
    expect(await db.memberships.count().exec()).toBe(0);
  });

  it('refuses a tier the confirmed points do not reach, without the terms, and writes nothing', async () => {
    const db = await freshDb();
    await expect(requestMembership(db, { organisationId: 'org-1', tierId: 'silver', paymentMethod: 'card', purchaseOrderNumber: '', termsAccepted: false, termsVersion: '2026-1', confirmedPoints: 499 }, tiers)).rejects.toMatchObject({ problems: ['tier', 'terms'] });
    expect(await db.memberships.count().exec()).toBe(0);
  });
});

describe('submitOrganisation and replaceEvidenceFile', () => {
  const file = { name: 'kvk.pdf', mimeType: 'application/pdf', bytes: new TextEncoder().encode('%PDF-1.4 extract') };
  const application: OrganisationApplication = {
    ids: { organisation: 'org-9', evidence: 'ev-9' },
    draft: { name: ' Fotostudio Zuid ', legalForm: '', street: 'Markt', houseNumber: '1', postcode: '1234 AB', city: 'Utrecht', country: 'NL', vatNumber: 'nl 004495445 b01', chamberNumber: '', email: '', legacyEmail: ' ' },
    evidenceKind: 'vat-certificate',
    file,
    scanFields: { name: { value: 'Fotostudio\u0007 Zuid', confidence: 0.9, page: 1, bbox: [1, 2, 3, 4] } },
    dealerId: 'd1',
  };

  it('writes the organisation pending validation with the normalised VAT number and the cleaned scan fields', async () => {
    const db = await freshDb();
    await submitOrganisation(db, application);
    expect((await db.organisations.findOne('org-9').exec())!.toJSON()).toMatchObject({ name: 'Fotostudio Zuid', vatNumber: 'NL004495445B01', legacyEmail: null, status: 'pending-validation', dealerId: 'd1' });
    const evidence = (await db.evidenceDocuments.findOne('ev-9').exec())!;
    expect(evidence.toJSON().extracted).toEqual({ name: { value: 'Fotostudio Zuid', confidence: 0.9, page: 1, bbox: [1, 2, 3, 4] } });
    expect(evidence.getAttachment('file')).not.toBeNull();
  });

  it('refuses an application the shared rule refuses, and writes nothing', async () => {
    const db = await freshDb();
    await expect(submitOrganisation(db, { ...application, draft: { ...application.draft, email: 'info@studio' } })).rejects.toMatchObject({ problems: ['email'] });
    expect(await db.organisations.count().exec()).toBe(0);
  });

  it('replaces an evidence document file and what was read from it', async () => {
    const db = await freshDb();
    await submitOrganisation(db, application);
    const next = { name: 'kvk-2.png', mimeType: 'image/png', bytes: new Uint8Array([137, 80, 78, 71]) };
    expect(await replaceEvidenceFile(db, 'ev-9', next, {})).toBe(true);
    const evidence = (await db.evidenceDocuments.findOne('ev-9').exec())!;
    expect(evidence.toJSON()).toMatchObject({ fileName: 'kvk-2.png', mimeType: 'image/png', extracted: {} });
    expect(new Uint8Array(await (await evidence.getAttachment('file')!.getData()).arrayBuffer())).toEqual(next.bytes);
    expect(await replaceEvidenceFile(db, 'gone', next, {})).toBe(false);
  });
});

describe('actions that need a validated account (shared/program/organisation.ts)', () => {
  const org = (status: 'pending-validation' | 'validated' | 'rejected') => ({ id: `org-${status}`, name: `Studio ${status}`, country: 'NL', dealerId: 'd1', status, statusReason: null, updatedAt: '2026-11-01T00:00:00.000000Z' });

  it('registerProduct refuses a rejected organisation (until it is submitted again) and writes nothing; a pending one registers', async () => {
    const db = await freshDb();
    await db.organisations.bulkInsert([org('rejected'), org('pending-validation')]);
    const input = { productModelId: 'eos-r5', serialNumber: '01234567', purchaseDate: '2026-11-01', purchaseDateEstimated: false, purchaseCountry: 'NL', dealerName: 'Foto Centrum' };
    await expect(registerProduct(db, { ...input, organisationId: 'org-rejected' })).rejects.toMatchObject({ problems: ['organisation-rejected'] });
    expect(await db.registrations.count().exec()).toBe(0);
    await registerProduct(db, { ...input, organisationId: 'org-pending-validation' });
    expect(await db.registrations.count().exec()).toBe(1);
  });

  it('requestMembership refuses an organisation that is not validated and writes nothing; a validated one signs up', async () => {
    const db = await freshDb();
    await db.organisations.bulkInsert([org('rejected'), org('pending-validation'), org('validated')]);
    const input = { tierId: 'silver', paymentMethod: 'bank-transfer' as const, purchaseOrderNumber: '', termsAccepted: true, termsVersion: '2026-1', confirmedPoints: 640 };
    for (const id of ['org-rejected', 'org-pending-validation']) await expect(requestMembership(db, { ...input, organisationId: id }, tiers)).rejects.toMatchObject({ problems: ['organisation-not-validated'] });
    expect(await db.memberships.count().exec()).toBe(0);
    await requestMembership(db, { ...input, organisationId: 'org-validated' }, tiers);
    expect(await db.memberships.count().exec()).toBe(1);
  });
});
