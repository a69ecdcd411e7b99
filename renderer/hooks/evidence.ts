/**
 * Evidence documents in the local replica and the upload state of their files
 * (renderer/sync/uploads.ts: waiting, uploading n %, stored, refused).
 */
import { useEffect, useState } from 'react';
import type { EvidenceDocument } from '../../shared/schemas';
import { useApp } from '../app/context';
import { useSession } from '../app/session';
import type { EvidenceUploadState } from '../sync/uploads';
import { useLiveQuery } from './useLiveQuery';

/** Live evidence documents: of one organisation, or all of them when `organisationId` is undefined. */
export function useEvidenceDocuments(organisationId?: string): { docs: EvidenceDocument[]; loading: boolean } {
  const { db } = useApp();
  return useLiveQuery(db.evidenceDocuments, { selector: organisationId === undefined ? {} : { organisationId } }, `evidence:${organisationId ?? '*all*'}`);
}

/** Upload state of every evidence document's file (empty while signed out: no sync, no uploads). */
export function useEvidenceUploadStates(): ReadonlyMap<string, EvidenceUploadState> {
  const { sync } = useSession();
  const [states, setStates] = useState<ReadonlyMap<string, EvidenceUploadState>>(new Map());
  useEffect(() => {
    if (!sync?.uploads) {
      setStates(new Map());
      return;
    }
    const sub = sync.uploads.states$.subscribe(setStates);
    return () => sub.unsubscribe();
  }, [sync]);
  return states;
}
