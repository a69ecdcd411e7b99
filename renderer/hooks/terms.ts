/**
 * The terms and conditions in the local replica (pulled from the server, or the offline snapshot
 * of resources/program.json): the version in force today (UTC, as the server decides it),
 * shared/program/terms.ts `currentTerms`.
 */
import type { ProgramTerms } from '../../shared/schemas';
import { currentTerms } from '../../shared/program/terms';
import { useApp } from '../app/context';
import { useLiveQuery } from './useLiveQuery';

/** The terms version in force today, or null while none is on this computer. */
export function useTermsInForce(): { terms: ProgramTerms | null; loading: boolean } {
  const { db } = useApp();
  const { docs, loading } = useLiveQuery(db.programTerms, { selector: {} }, 'programTerms');
  return { terms: currentTerms(docs, new Date().toISOString().slice(0, 10)), loading };
}
