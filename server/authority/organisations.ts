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
import { findDocs, getDoc, type WriteTx } from '../store';
import { encodeReason } from '../../shared/text/reasons';

/** statusReason of a submitted organisation still waiting for its evidence document (a reason code: shared/text/reasons.ts). */
export const waitingForEvidence = encodeReason('organisation.waiting-for-evidence');

async function hasEvidence(w: WriteTx, organisationId: string): Promise<boolean> {
  return (await findDocs(w.q, 'evidenceDocuments', 'organisationId', organisationId)).length > 0;
}

export const organisationAuthority: Authority = {
  defaults: () => ({ status: 'draft', statusReason: null, createdAt: new Date().toISOString() }),
  async decide({ w, master, incoming, doc, deleted }) {
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
