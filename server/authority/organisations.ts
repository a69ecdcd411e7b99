/**
 * Organisations and evidence documents (docs/program.md#business-account).
 *
 * A client submits an organisation by pushing `status: 'pending-validation'`. The server records
 * the request (meta `submitRequested`) and moves the account to `pending-validation` once at least
 * one evidence document of it is on the server — whichever of the two arrives last triggers it,
 * since the collections replicate independently. Only the back office moves it on to `validated`
 * or `rejected` (server/backoffice.ts).
 */
import type { Authority } from './index';
import type { User } from '../auth';
import { HttpError } from '../errors';
import { findDocs, getDoc, type StoredDoc, type WriteTx } from '../store';
import { encodeReason } from '../../shared/text/reasons';

/** statusReason of a submitted organisation still waiting for its evidence document (a reason code: shared/text/reasons.ts). */
export const waitingForEvidence = encodeReason('organisation.waiting-for-evidence');

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

/** Whether pushing `incoming` submits draft organisation `master` (not asked before): it changes only `status`, yet asks for validation. */
export function submitsOrganisation(master: StoredDoc, incoming: Record<string, unknown>): boolean {
  return incoming.status === 'pending-validation' && master.data.status === 'draft' && !master.meta.submitRequested;
}

export const organisationAuthority: Authority = {
  defaults: () => ({ status: 'draft', statusReason: null, createdAt: new Date().toISOString() }),
  owner: (user, id, master, incoming) => ({ organisationId: id, dealerId: organisationDealer(user, master, incoming) }),
  isRequest: submitsOrganisation,
  async decide({ w, master, incoming, doc, deleted, dealerId }) {
    // The dealer is the server's decision (organisationDealer), whatever the client sent.
    doc.dealerId = dealerId;
    const meta = { ...(master?.meta ?? {}) };
    if (deleted) return { doc, meta };
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
