/** Unit tests of server/push.ts: the push body's shape and the comparison of client-owned fields. */
import { describe, expect, it } from 'vitest';
import { parsePushBody, sameClientState, clientFields } from '../../../server/push';
import { HttpError } from '../../../server/errors';

describe('push body and documents', () => {
  it('accepts an array of rows and names the bad row otherwise', () => {
    expect(parsePushBody([])).toEqual([]);
    expect(() => parsePushBody({})).toThrow(/JSON array/);
    expect(() => parsePushBody([{ assumedMasterState: null, newDocumentState: {} }, { foo: 1 }])).toThrow(/row 1/);
    expect(() => parsePushBody([{ assumedMasterState: 'x', newDocumentState: {} }])).toThrow(HttpError);
  });
  it('compares client-owned fields only (server-owned status/points are not the client’s)', () => {
    expect(clientFields('registrations')).not.toContain('status');
    expect(clientFields('registrations')).toContain('serialNumber');
    const a = { id: 'r', serialNumber: '1', status: 'draft', points: 0, _deleted: false };
    expect(sameClientState('registrations', a, { ...a, status: 'points-assigned', points: 500 })).toBe(true);
    expect(sameClientState('registrations', a, { ...a, serialNumber: '2' })).toBe(false);
    expect(sameClientState('registrations', a, { ...a, _deleted: true })).toBe(false);
    expect(sameClientState('registrations', { ...a, dealerName: null }, a)).toBe(true); // missing = null
  });
});
