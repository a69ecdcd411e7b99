/**
 * A rejected business account submitted again (docs/program.md#business-account), on PGlite and
 * PostgreSQL: the applicant corrects a field while it stays rejected, attaches a new evidence
 * document and submits again; the same organisation goes back to the queue with a new submission
 * time, marked as a resubmission with the rejection's reason; the review keeps the history
 * (rejection, resubmission); the back office validates it. A validated account stays locked.
 */
import { describe, expect, it } from 'vitest';
import { engines, organisationDoc, pullAll, useTestServer, warnIfNoPostgres } from './helpers';

warnIfNoPostgres();

const evidence = (organisationId: unknown, fileName: string) => ({ id: crypto.randomUUID(), organisationId, kind: 'chamber-extract', fileName, mimeType: 'application/pdf', updatedAt: 'x', _deleted: false });

for (const engine of engines) {
  describe.skipIf(engine.skip)(`resubmission after rejection on ${engine.name}`, () => {
    const { clients: [dealer, office] } = useTestServer(engine.options, 'dealer@demo.test', 'office@demo.test');

    it('corrects and submits the same organisation again; the desk sees the resubmission and why it was rejected; validation follows', async () => {
      const org = organisationDoc({ status: 'pending-validation', city: 'Amsterdm' });
      await dealer.push('organisations', [{ assumedMasterState: null, newDocumentState: org }]);
      await dealer.push('evidenceDocuments', [{ assumedMasterState: null, newDocumentState: evidence(org.id, 'kvk-old.pdf') }]);
      const firstSubmission = (await office.get('/admin/pending')).body.find((p: { id: string }) => p.id === org.id);
      expect(firstSubmission).toMatchObject({ resubmission: null });
      expect((await office.post(`/admin/organisations/${String(org.id)}/reject`, { reasonCode: null, reason: 'De plaats op het uittreksel verschilt van de aanvraag' })).status).toBe(200);
      const rejected = (await pullAll(dealer, 'organisations')).find((d) => d.id === org.id)!;
      expect(rejected).toMatchObject({ status: 'rejected', statusReason: 'De plaats op het uittreksel verschilt van de aanvraag' });

      // A correction alone is kept; the account stays rejected until it is submitted again.
      const corrected = { ...rejected, city: 'Amsterdam', _deleted: false };
      const c1 = await dealer.push('organisations', [{ assumedMasterState: rejected, newDocumentState: corrected }]);
      expect(c1.status).toBe(200);
      const stillRejected = (await pullAll(dealer, 'organisations')).find((d) => d.id === org.id)!;
      expect(stillRejected).toMatchObject({ status: 'rejected', city: 'Amsterdam' });
      expect((await office.get('/admin/pending')).body.some((p: { id: string }) => p.id === org.id)).toBe(false);

      // A new scan, then submit again (only the status changes: still a request, not a no-op).
      await dealer.push('evidenceDocuments', [{ assumedMasterState: null, newDocumentState: evidence(org.id, 'kvk-new.pdf') }]);
      const again = await dealer.push('organisations', [{ assumedMasterState: stillRejected, newDocumentState: { ...stillRejected, status: 'pending-validation', _deleted: false } }]);
      expect(again.status).toBe(200);
      const pending = (await pullAll(dealer, 'organisations')).find((d) => d.id === org.id)!;
      expect(pending).toMatchObject({ id: org.id, status: 'pending-validation', statusReason: null, city: 'Amsterdam' });

      const row = (await office.get('/admin/pending')).body.find((p: { id: string }) => p.id === org.id);
      expect(row.resubmission).toMatchObject({ count: 1, previousRejection: { reason: 'De plaats op het uittreksel verschilt van de aanvraag', by: 'office@demo.test' } });
      expect(row.submittedAt > firstSubmission.submittedAt).toBe(true);
      expect(row.evidence.map((e: { fileName: string }) => e.fileName).sort()).toEqual(['kvk-new.pdf', 'kvk-old.pdf']);
      const review = (await office.get(`/admin/organisations/${String(org.id)}/review`)).body;
      expect(review.resubmission.previousRejection.reason).toBe('De plaats op het uittreksel verschilt van de aanvraag');
      expect(review.decisions.map((d: { action: string }) => d.action)).toEqual(['reject-organisation', 'organisation-resubmitted']);

      expect((await office.post(`/admin/organisations/${String(org.id)}/validate`, { seen: { organisationUpdatedAt: pending.updatedAt } })).status).toBe(200);
      const validated = (await pullAll(dealer, 'organisations')).find((d) => d.id === org.id)!;
      expect(validated.status).toBe('validated');
      // Once validated, the account is locked again: an edit or a "submit again" returns the master.
      const locked = await dealer.push('organisations', [{ assumedMasterState: validated, newDocumentState: { ...validated, city: 'Utrecht', status: 'pending-validation', _deleted: false } }]);
      expect(locked.body[0]).toMatchObject({ status: 'validated', city: 'Amsterdam' });
    });
  });
}
