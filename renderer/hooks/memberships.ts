/**
 * Memberships and invoices in the local replica.
 */
import type { Invoice, Membership } from '../../shared/schemas';
import { useApp } from '../app/context';
import { useLiveQuery } from './useLiveQuery';

/** Live memberships of an organisation, newest first. */
export function useMemberships(organisationId: string): Membership[] {
  const { db } = useApp();
  const { docs } = useLiveQuery(db.memberships, organisationId ? { selector: { organisationId } } : null, `memberships:${organisationId}`);
  return [...docs].sort((a, b) => (b.createdAt ?? b.termsAcceptedAt).localeCompare(a.createdAt ?? a.termsAcceptedAt));
}

/** Live invoices: of one organisation (empty for ''), or all of them when `organisationId` is undefined. */
export function useInvoices(organisationId?: string): { docs: Invoice[]; loading: boolean } {
  const { db } = useApp();
  const query = organisationId === undefined ? { selector: {} } : organisationId ? { selector: { organisationId } } : null;
  return useLiveQuery(db.invoices, query, `invoices:${organisationId ?? '*all*'}`);
}
