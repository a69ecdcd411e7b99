/** What a registration still needs, per row: the "needs attention" filter, the problems named, the field focused first. */
import { describe, expect, it } from 'vitest';
import catalog from '../../../resources/catalog.json';
import type { ProductModel, Registration } from '../../../shared/schemas';
import { registrationAttention } from '../../../renderer/registrations/attention';

const models = (catalog as { productModels: ProductModel[] }).productModels;
const r5 = models.find((m) => m.id === 'pm-eos-r5')!;
const today = '2026-12-01';
const reg = (over: Partial<Registration> = {}) => ({
  productModelId: 'pm-eos-r5', serialNumber: '012345678901', purchaseDate: '2025-03-01', purchaseDateEstimated: false, purchaseCountry: 'NL', dealerName: 'Foto Demo',
  status: 'draft' as Registration['status'], statusReason: null, ...over,
});

describe('registrationAttention', () => {
  it('a complete draft and a points-assigned registration need nothing; only the draft is editable', () => {
    expect(registrationAttention(reg(), r5, today)).toEqual({ needsAttention: false, problems: [], focus: null, editable: true });
    expect(registrationAttention(reg({ status: 'points-assigned' }), r5, today)).toEqual({ needsAttention: false, problems: [], focus: null, editable: false });
  });
  it('a draft saved without purchase date names it and focuses it, before the server decides', () => {
    expect(registrationAttention(reg({ purchaseDate: null }), r5, today)).toMatchObject({ needsAttention: true, problems: [{ field: 'purchaseDate', reason: 'required' }], focus: 'purchaseDate' });
  });
  it('an incomplete one names the server’s problems in form order and focuses the first', () => {
    const a = registrationAttention(reg({ status: 'incomplete', statusReason: 'dealerName: required; serialNumber: serial-pattern', serialNumber: 'AB-12', dealerName: '' }), r5, today);
    expect(a).toMatchObject({ needsAttention: true, focus: 'serialNumber', problems: [{ field: 'serialNumber', reason: 'serial-pattern' }, { field: 'dealerName', reason: 'required' }] });
  });
  it('falls back to the local check when the server’s reason has another shape', () => {
    expect(registrationAttention(reg({ status: 'incomplete', statusReason: 'Purchase date missing', purchaseDate: null }), r5, today).problems).toEqual([{ field: 'purchaseDate', reason: 'required' }]);
  });
  it('a rejected duplicate needs its serial corrected; the back office’s rejection is final', () => {
    expect(registrationAttention(reg({ status: 'rejected-duplicate', statusReason: 'already registered' }), r5, today)).toMatchObject({ needsAttention: true, focus: 'serialNumber', editable: true });
    expect(registrationAttention(reg({ status: 'rejected', statusReason: 'fraud' }), r5, today)).toMatchObject({ needsAttention: false, editable: false });
  });
});
