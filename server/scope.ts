/**
 * Who sees and writes what (docs/sync.md): a dealer the organisations it serves (organisation
 * `dealerId` = the dealer's id) and their registrations, memberships, invoices and evidence; a
 * studio manager only its own organisation; the back office everything.
 */
import type { User } from './auth';
import { isGlobalCollection, type Scope, type StoredDoc } from './store';

/** The read/write scope of a user. */
export function scopeOf(user: User): Scope {
  if (user.role === 'back-office') return { kind: 'all' };
  if (user.role === 'dealer') return { kind: 'dealer', dealerId: user.dealerId ?? '\u0000none' };
  return { kind: 'organisation', organisationId: user.organisationId ?? '\u0000none' };
}

/** True when an organisation (by id and dealer) is inside `scope`. */
export function organisationInScope(scope: Scope, organisationId: string, dealerId: string | null): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'dealer') return dealerId === scope.dealerId;
  return organisationId === scope.organisationId;
}

/** True when a stored organisation-scoped document is inside `scope`. */
export function docInScope(scope: Scope, doc: StoredDoc): boolean {
  if (isGlobalCollection(doc.collection)) return true;
  return organisationInScope(scope, doc.organisationId ?? '', doc.dealerId);
}
