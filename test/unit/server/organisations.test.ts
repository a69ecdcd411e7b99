/**
 * Unit tests of server/authority/organisations.ts: which dealer serves a pushed organisation, who
 * may create one, and when a status-only push is a submission (the push asks; the authority decides).
 */
import { describe, expect, it } from 'vitest';
import { organisationDealer, submitsOrganisation, organisationAuthority } from '../../../server/authority/organisations';
import type { User } from '../../../server/auth';
import type { StoredDoc } from '../../../server/store';
import { HttpError } from '../../../server/errors';

const user = (role: User['role'], over: Partial<User> = {}): User => ({ id: `u-${role}`, email: `${role}@example.test`, role, name: role, dealerId: null, organisationId: null, ...over });
const stored = (status: string, meta: Record<string, unknown> = {}): StoredDoc =>
  ({ id: 'org-1', data: { id: 'org-1', status }, deleted: false, organisationId: 'org-1', dealerId: 'dealer-a', meta }) as unknown as StoredDoc;

describe('organisation ownership', () => {
  it('keeps a stored organisation with its dealer, whoever pushes it', () => {
    expect(organisationDealer(user('dealer', { dealerId: 'dealer-b' }), stored('draft'), { dealerId: 'dealer-c' })).toBe('dealer-a');
    expect(organisationDealer(user('studio-manager', { organisationId: 'org-1' }), stored('validated'), {})).toBe('dealer-a');
  });
  it('gives a new organisation to the dealer creating it, or the dealer the back office names', () => {
    expect(organisationDealer(user('dealer', { dealerId: 'dealer-b' }), null, { dealerId: 'dealer-c' })).toBe('dealer-b');
    expect(organisationDealer(user('back-office'), null, { dealerId: 'dealer-c' })).toBe('dealer-c');
    expect(organisationAuthority.owner!(user('dealer', { dealerId: 'dealer-b' }), 'org-9', null, {})).toEqual({ organisationId: 'org-9', dealerId: 'dealer-b' });
  });
  it('refuses a new organisation from a studio manager with 403', () => {
    let err: unknown;
    try {
      organisationDealer(user('studio-manager', { organisationId: 'org-1' }), null, {});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({ statusCode: 403, code: 'studio-manager-cannot-create', message: 'a studio manager cannot create organisations' });
  });
  it('treats pushing pending-validation onto a draft not yet submitted as a request', () => {
    expect(submitsOrganisation(stored('draft'), { status: 'pending-validation' })).toBe(true);
    expect(submitsOrganisation(stored('draft', { submitRequested: true }), { status: 'pending-validation' })).toBe(false);
    expect(submitsOrganisation(stored('validated'), { status: 'pending-validation' })).toBe(false);
    expect(submitsOrganisation(stored('draft'), { status: 'draft' })).toBe(false);
    expect(organisationAuthority.isRequest).toBe(submitsOrganisation);
  });
});
