/**
 * Organisations and evidence documents (docs/program.md#business-account).
 *
 * A client submits an organisation by pushing `status: 'pending-validation'`. The server records
 * the request (meta `submitRequested`) and moves the account to `pending-validation` once at least
 * one evidence document of it is on the server — whichever of the two arrives last triggers it,
 * since the collections replicate independently. Only the back office moves it on to `validated`
 * or `rejected` (server/backoffice.ts).
 *
 * A rejected organisation is corrected (its client-owned fields are editable again, see
 * shared/sync/conflicts.ts) and submitted again by pushing `status: 'pending-validation'`: the same
 * organisation goes back to `pending-validation` at once (it already has its evidence; a new scan
 * replaces or joins it), with a new submission time for the 2-business-day promise. The history is
 * kept: the rejection stays in the audit log, and meta `resubmission` = {@link Resubmission} tells
 * the back office's desk that this is a resubmission and why it was rejected before.
 */
import type { Authority } from './index';
import type { User } from '../auth';
import { HttpError } from '../errors';
import { findDocs, getDoc, type StoredDoc, type WriteTx } from '../store';
import { encodeReason } from '../../shared/text/reasons';
import type { Resubmission } from '../../shared/sync/desk';
import { decideWaitingRegistrations } from './registrations';

/** statusReason of a submitted organisation still waiting for its evidence document (a reason code: shared/text/reasons.ts). */
export const waitingForEvidence = encodeReason('organisation.waiting-for-evidence');

/** The rejection a resubmitted organisation answers (kept in meta `lastRejection` by the back office's reject). */
export interface Rejection {
  reason: string;
  by: string;
  at: string;
}

/** Meta `resubmission` of an organisation submitted again after a rejection (the desk's wire type). */
export type { Resubmission };

async function hasEvidence(w: WriteTx, organisationId: string): Promise<boolean> {
  return (await findDocs(w.q, 'evidenceDocuments', 'organisationId', organisationId)).length > 0;
}

/**
 * The dealer serving an organisation: once stored, its own; a new one is served by the dealer that
 * creates it, or by the dealer the back office names. A studio manager cannot create organisations
 * (its own exists already).
 * @throws HttpError 403 `studio-manager-cannot-create` when a studio manager pushes an organisation the server does not have.
 */
export function organisationDealer(user: User, master: StoredDoc | null, incoming: Record<string, unknown>): string | null {
  if (master) return master.dealerId;
  if (user.role === 'studio-manager') throw new HttpError(403, 'studio-manager-cannot-create', 'a studio manager cannot create organisations', { collection: 'organisations', id: String(incoming.id ?? '') });
  return user.role === 'dealer' ? user.dealerId : user.role === 'back-office' ? String(incoming.dealerId ?? '') : null;
}

/**
 * Whether pushing `incoming` submits organisation `master`: a draft not submitted before, or a
 * rejected one submitted again. It changes only `status` (server-owned), yet asks for validation.
 */
export function submitsOrganisation(master: StoredDoc, incoming: Record<string, unknown>): boolean {
  if (incoming.status !== 'pending-validation') return false;
  return (master.data.status === 'draft' && !master.meta.submitRequested) || master.data.status === 'rejected';
}

export const organisationAuthority: Authority = {
  defaults: () => ({ status: 'draft', statusReason: null, createdAt: new Date().toISOString() }),
  owner: (user, id, master, incoming) => ({ organisationId: id, dealerId: organisationDealer(user, master, incoming) }),
  isRequest: submitsOrganisation,
  async decide({ services, w, master, incoming, doc, deleted, dealerId }) {
    // The dealer is the server's decision (organisationDealer), whatever the client sent.
    doc.dealerId = dealerId;
    const meta = { ...(master?.meta ?? {}) };
    if (deleted) return { doc, meta };
    if (incoming.status === 'pending-validation' && master?.data.status === 'rejected') {
      // Submitted again after a rejection: same organisation, back to the queue.
      const previous = (meta.resubmission as Resubmission | undefined)?.count ?? 0;
      const at = new Date().toISOString();
      const resubmission: Resubmission = { count: previous + 1, at, previousRejection: (meta.lastRejection as Rejection | undefined) ?? null };
      meta.resubmission = resubmission;
      meta.submittedAt = at;
      delete meta.documentRequest;
      delete meta.vatCheck; // the VAT number may have been corrected: the desk checks again
      doc.status = 'pending-validation';
      doc.statusReason = null;
      await w.audit('organisation-resubmitted', `organisation ${String(doc.id)}`, { count: resubmission.count, previousRejection: resubmission.previousRejection });
      // Gear registered while it was rejected waited for this (server/authority/registrations.ts).
      return { doc, meta, after: async () => void (await decideWaitingRegistrations(w, String(doc.id), services.today())) };
    }
    if (incoming.status === 'pending-validation' && doc.status === 'draft') meta.submitRequested = true;
    if (meta.submitRequested && doc.status === 'draft') {
      if (await hasEvidence(w, String(doc.id))) {
        doc.status = 'pending-validation';
        doc.statusReason = null;
        meta.submittedAt = new Date().toISOString();
        await w.audit('organisation-submitted', `organisation ${String(doc.id)}`, {});
      } else {
        doc.statusReason = waitingForEvidence;
      }
    }
    return { doc, meta };
  },
};

export const evidenceAuthority: Authority = {
  defaults: () => ({}),
  async decide({ w, doc, deleted, organisationId }) {
    return {
      doc,
      after: async () => {
        if (deleted) return;
        const org = await getDoc(w.q, 'organisations', organisationId);
        if (org && !org.deleted && org.data.status === 'draft' && org.meta.submitRequested) {
          const { updatedAt: _u, _deleted: _d, ...data } = org.data;
          await w.put('organisations', { ...data, status: 'pending-validation', statusReason: null }, {
            organisationId: org.id,
            dealerId: org.dealerId,
            meta: { ...org.meta, submittedAt: new Date().toISOString() },
          });
          await w.audit('organisation-submitted', `organisation ${org.id}`, { evidence: String(doc.id) });
        }
      },
    };
  },
};
