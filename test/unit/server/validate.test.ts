/** Unit tests of server/validate.ts: schema validation of pushed documents. */
import { describe, expect, it } from 'vitest';
import { validatePushedDocument } from '../../../server/validate';

describe('pushed documents', () => {
  it('validates against the collection schema and strips RxDB transport fields', () => {
    const org = { id: 'o1', name: 'N', country: 'NL', dealerId: 'd', status: 'draft', updatedAt: 'x', _deleted: false, _meta: { lwt: 1 }, _rev: '1-a' };
    const r = validatePushedDocument('organisations', org, 'row 0');
    expect(r.deleted).toBe(false);
    expect(Object.keys(r.data)).not.toContain('_meta');
    expect(() => validatePushedDocument('organisations', { ...org, country: 'Holland' }, 'row 3')).toThrow(/row 3: organisations o1: \/country/);
    expect(() => validatePushedDocument('organisations', { ...org, extra: 1 }, 'row 0')).toThrow(/extra/);
    expect(() => validatePushedDocument('organisations', { ...org, _deleted: 'yes' }, 'row 0')).toThrow(/_deleted/);
  });
});
