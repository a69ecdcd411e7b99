import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { conflictHandlers, conflictRules, documentsEqual, resolveConflict } from '../../../shared/sync/conflicts';

const t0 = '2026-11-29T10:00:00.000Z';
const t1 = '2026-11-29T11:00:00.000Z';
const reg = (over: Record<string, unknown> = {}) => ({
  id: 'r1', organisationId: 'o1', productModelId: 'pm-eos-r5', serialNumber: '123456789012', purchaseDate: '2026-01-02',
  purchaseDateEstimated: false, purchaseCountry: 'NL', dealerName: 'Foto Centrum', status: 'draft', statusReason: null,
  points: 0, migratedFrom: null, updatedAt: t0, _deleted: false, ...over,
});

describe('registrations rule', () => {
  it('keeps the local client-owned edit while not confirmed, and takes every server-owned field from the master', () => {
    const local = reg({ dealerName: 'Camera Shop Zuid', serialNumber: '999999999999', points: 500, status: 'points-assigned' });
    const master = reg({ status: 'incomplete', statusReason: 'purchase date missing', updatedAt: t1 });
    const out = resolveConflict('registrations', { newDocumentState: local, realMasterState: master });
    expect(out.dealerName).toBe('Camera Shop Zuid');
    expect(out.serialNumber).toBe('999999999999');
    expect(out.status).toBe('incomplete');
    expect(out.statusReason).toBe('purchase date missing');
    expect(out.points).toBe(0);
    expect(out.updatedAt).toBe(t1);
  });
  it('three-way: a field the client did not touch takes the master’s (another device’s) edit', () => {
    const assumed = reg({ status: 'incomplete' });
    const local = reg({ status: 'incomplete', dealerName: 'Edited here' });
    const master = reg({ status: 'incomplete', purchaseCountry: 'DE', updatedAt: t1 });
    const out = resolveConflict('registrations', { assumedMasterState: assumed, newDocumentState: local, realMasterState: master });
    expect(out).toMatchObject({ dealerName: 'Edited here', purchaseCountry: 'DE', updatedAt: t1 });
  });
  it('takes the master wholesale once points are assigned', () => {
    const local = reg({ dealerName: 'Camera Shop Zuid' });
    const master = reg({ status: 'points-assigned', points: 640, updatedAt: t1 });
    expect(resolveConflict('registrations', { newDocumentState: local, realMasterState: master })).toEqual(master);
  });
  it('keeps a rejected-duplicate registration visible with its reason (not deleted)', () => {
    const local = reg({ purchaseDate: '2026-02-02' });
    const master = reg({ status: 'rejected-duplicate', statusReason: 'Serial 123456789012 is already registered by another organisation', updatedAt: t1 });
    const out = resolveConflict('registrations', { newDocumentState: local, realMasterState: master });
    expect(out._deleted).toBe(false);
    expect(out.status).toBe('rejected-duplicate');
    expect(out.statusReason).toMatch(/already registered/);
  });
  it('keeps the local correction of a rejected duplicate (status and reason still the server’s), and its local withdrawal', () => {
    const master = reg({ status: 'rejected-duplicate', statusReason: 'This serial number is already registered for this product model.', updatedAt: t1 });
    const out = resolveConflict('registrations', { newDocumentState: reg({ serialNumber: '987654321098' }), assumedMasterState: reg(), realMasterState: master });
    expect(out).toMatchObject({ serialNumber: '987654321098', status: 'rejected-duplicate', updatedAt: t1 });
    expect(resolveConflict('registrations', { newDocumentState: reg({ _deleted: true }), realMasterState: master })._deleted).toBe(true);
    expect(resolveConflict('registrations', { newDocumentState: reg({ serialNumber: '987654321098' }), realMasterState: reg({ status: 'rejected', statusReason: 'x' }) }).serialNumber).not.toBe('987654321098');
  });
  it('a master deletion wins; a local deletion of a draft is kept; of a confirmed one is not', () => {
    expect(resolveConflict('registrations', { newDocumentState: reg({ dealerName: 'x' }), realMasterState: reg({ _deleted: true }) })._deleted).toBe(true);
    expect(resolveConflict('registrations', { newDocumentState: reg({ _deleted: true }), realMasterState: reg({ status: 'incomplete' }) })._deleted).toBe(true);
    expect(resolveConflict('registrations', { newDocumentState: reg({ _deleted: true }), realMasterState: reg({ status: 'points-assigned', points: 10 }) })._deleted).toBe(false);
  });
});

describe('organisations rule', () => {
  const org = (over: Record<string, unknown> = {}) => ({ id: 'o1', name: 'Studio Noord B.V.', country: 'NL', city: 'Groningen', dealerId: 'd1', status: 'draft', statusReason: null, updatedAt: t0, _deleted: false, ...over });
  it('keeps the local address while pending validation, status from the master', () => {
    const out = resolveConflict('organisations', { newDocumentState: org({ city: 'Assen', status: 'validated', dealerId: 'evil' }), realMasterState: org({ status: 'pending-validation', updatedAt: t1 }) });
    expect(out).toMatchObject({ city: 'Assen', status: 'pending-validation', dealerId: 'd1', updatedAt: t1 });
  });
  it('takes the master once validated', () => {
    const master = org({ status: 'validated', updatedAt: t1 });
    expect(resolveConflict('organisations', { newDocumentState: org({ city: 'Assen' }), realMasterState: master })).toEqual(master);
  });
  it('keeps the correction of a rejected account (to be submitted again), status and reason from the master', () => {
    const master = org({ status: 'rejected', statusReason: 'VAT certificate unreadable', updatedAt: t1 });
    const out = resolveConflict('organisations', { newDocumentState: org({ city: 'Assen', status: 'pending-validation' }), realMasterState: master, assumedMasterState: org({ status: 'rejected', updatedAt: t0 }) });
    expect(out).toMatchObject({ city: 'Assen', status: 'rejected', statusReason: 'VAT certificate unreadable', updatedAt: t1 });
  });
});

describe('memberships rule', () => {
  const mem = (over: Record<string, unknown> = {}) => ({ id: 'm1', organisationId: 'o1', tierId: 'tier-gold', paymentMethod: 'card', purchaseOrderNumber: null, termsAcceptedAt: t0, status: 'requested', statusReason: null, membershipNumber: null, validFrom: null, validTo: null, updatedAt: t0, _deleted: false, ...over });
  it('keeps the local tier and PO number while requested', () => {
    const out = resolveConflict('memberships', { newDocumentState: mem({ purchaseOrderNumber: 'PO-17', membershipNumber: '123456789' }), realMasterState: mem({ updatedAt: t1 }) });
    expect(out).toMatchObject({ purchaseOrderNumber: 'PO-17', membershipNumber: null, updatedAt: t1 });
  });
  it('takes the master once active (membership number, validity)', () => {
    const master = mem({ status: 'active', membershipNumber: '204518730', validFrom: '2026-11-29', validTo: '2027-11-28', updatedAt: t1 });
    expect(resolveConflict('memberships', { newDocumentState: mem({ purchaseOrderNumber: 'PO-17' }), realMasterState: master })).toEqual(master);
  });
});

describe('pull-only collections and evidence documents', () => {
  it('catalog, tiers and invoices: the master always wins', () => {
    for (const c of ['productModels', 'programTiers', 'invoices'] as const) {
      const master = { id: 'x', points: 100, updatedAt: t1, _deleted: false };
      expect(resolveConflict(c, { newDocumentState: { id: 'x', points: 999, updatedAt: t0, _deleted: false }, realMasterState: master })).toEqual(master);
      expect(conflictRules[c].pullOnly).toBe(true);
    }
  });
  it('evidence documents keep the local extraction, timestamp from the master', () => {
    const out = resolveConflict('evidenceDocuments', {
      newDocumentState: { id: 'e1', fileName: 'kvk.pdf', extracted: { name: { value: 'A', confidence: 1, page: 1, bbox: [0, 0, 1, 1] } }, updatedAt: t0, _deleted: false },
      realMasterState: { id: 'e1', fileName: 'kvk.pdf', updatedAt: t1, _deleted: false },
    });
    expect(out.extracted).toBeDefined();
    expect(out.updatedAt).toBe(t1);
  });
});

describe('properties', () => {
  const statuses = ['draft', 'incomplete', 'points-assigned', 'rejected-duplicate', 'rejected'];
  const arbReg = fc.record({
    dealerName: fc.string({ maxLength: 8 }), serialNumber: fc.stringMatching(/^[0-9]{4,12}$/), status: fc.constantFrom(...statuses),
    statusReason: fc.option(fc.string({ maxLength: 8 })), points: fc.nat(2000), updatedAt: fc.constantFrom(t0, t1), _deleted: fc.boolean(),
  });
  it('server-owned fields of the result always equal the master’s; resolving twice changes nothing', () => {
    fc.assert(
      fc.property(arbReg, arbReg, (l, m) => {
        const local = reg(l);
        const master = reg(m);
        const out = resolveConflict('registrations', { newDocumentState: local, realMasterState: master });
        for (const f of conflictRules.registrations.serverOwned) expect((out as Record<string, unknown>)[f]).toEqual((master as Record<string, unknown>)[f]);
        const again = resolveConflict('registrations', { newDocumentState: out, realMasterState: master });
        expect(documentsEqual(again, out)).toBe(true);
      }),
    );
  });
  it('documentsEqual ignores _meta and _rev, compares attachments by digest', () => {
    expect(documentsEqual({ a: 1, _rev: '1-x', _meta: { lwt: 1 } }, { a: 1, _rev: '2-y' })).toBe(true);
    expect(documentsEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] })).toBe(false);
    expect(documentsEqual({ _attachments: { file: { digest: 'd1', data: 'x' } } }, { _attachments: { file: { digest: 'd1' } } })).toBe(true);
    expect(documentsEqual({ _attachments: { file: { digest: 'd1' } } }, { _attachments: { file: { digest: 'd2' } } })).toBe(false);
  });
  it('conflict handlers wrap the rules', async () => {
    const h = conflictHandlers.registrations;
    const master = reg({ status: 'points-assigned', points: 5 });
    expect(h.isEqual(reg(), reg({ _rev: '3-abc' }), 'test')).toBe(true);
    await expect(h.resolve({ newDocumentState: reg({ dealerName: 'x' }), realMasterState: master }, 'test')).resolves.toEqual(master);
  });
});
