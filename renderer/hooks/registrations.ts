/**
 * Registrations in the local replica.
 */
import type { Registration } from '../../shared/schemas';
import { useApp } from '../app/context';
import { useLiveQuery } from './useLiveQuery';

/** Live registrations of one organisation (empty for ''). */
export function useRegistrations(organisationId: string): { docs: Registration[]; loading: boolean } {
  const { db } = useApp();
  return useLiveQuery(db.registrations, organisationId ? { selector: { organisationId } } : null, `regs:${organisationId}`);
}

/** Live registrations of any organisation holding `serialNumber` (already normalised; empty for ''), for the counter's duplicate hints. */
export function useSerialHolders(serialNumber: string): Registration[] {
  const { db } = useApp();
  return useLiveQuery(db.registrations, serialNumber ? { selector: { serialNumber } } : null, `dup:${serialNumber}`).docs;
}
