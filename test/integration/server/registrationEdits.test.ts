/* eslint-disable @typescript-eslint/no-explicit-any -- pushed and pulled documents are inspected loosely */
/**
 * Fixing and withdrawing registrations on real databases, on both push paths (set-based and row by
 * row): an edited registration is decided again (its own serial is never its own duplicate, a
 * rejected duplicate can be corrected to another serial), a registration is withdrawn (deleted)
 * by the client while no points are assigned and its serial is free again, a points-assigned one
 * cannot be deleted by a client, and the back office withdraws it instead, audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/testServer';
import { setPushPath, type PushPath } from '../../../server/push';
import { auditLog } from '../../../server/backoffice';
import { client, engines, organisationDoc, pullAll, registrationDoc, warnIfNoPostgres } from './helpers';

warnIfNoPostgres();

const serial = () => String(100000000000 + Math.floor(Math.random() * 899999999999));
const paths: PushPath[] = ['set', 'row'];

for (const engine of engines) {
  describe.skipIf(engine.skip)(`fixing and withdrawing registrations on ${engine.name}`, () => {
    let srv: TestServer;
    let dealer: ReturnType<typeof client>;
    let dealer2: ReturnType<typeof client>;
    let orgB: Record<string, unknown>;
    beforeAll(async () => {
      srv = await startTestServer(engine.options);
      dealer = client(srv.url, (await srv.login('dealer@demo.test')).token);
      dealer2 = client(srv.url, (await srv.login('dealer2@demo.test')).token);
      orgB = organisationDoc({ dealerId: 'dealer-demo-2' });
      expect((await dealer2.push('organisations', [{ assumedMasterState: null, newDocumentState: orgB }])).status).toBe(200);
    });
    afterAll(async () => srv?.close());

    /** Pushes one registration row and returns the server's answer for it (the stored document, or null when taken as sent). */
    async function push(c: ReturnType<typeof client>, assumed: unknown, doc: Record<string, unknown>): Promise<any> {
      const r = await c.push('registrations', [{ assumedMasterState: assumed, newDocumentState: doc }]);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body[0] ?? null;
    }

    for (const path of paths) {
      describe(`${path} push path`, () => {
        beforeAll(() => setPushPath(srv.server.services.db, path));

        it('decides an edited incomplete registration again: its own serial, typed again in another form, is not its own duplicate', async () => {
          const s = serial();
          const first = await push(dealer, null, registrationDoc('org-demo-studio', { serialNumber: s, purchaseDate: null }));
          expect(first).toMatchObject({ status: 'incomplete', points: 0, statusReason: 'purchaseDate: required' });
          // The same serial typed again with blanks and a dash, the date completed.
          const fixed = await push(dealer, first, { ...first, serialNumber: `${s.slice(0, 4)} ${s.slice(4, 8)}-${s.slice(8)}`, purchaseDate: '2025-04-01', purchaseDateEstimated: true });
          expect(fixed).toMatchObject({ status: 'points-assigned', points: 500, statusReason: null });
          // Nobody else can take the serial now.
          const other = await push(dealer2, null, registrationDoc(String(orgB.id), { serialNumber: s }));
          expect(other.status).toBe('rejected-duplicate');
        });

        it('decides a registration with a wrong-format serial again once the serial is corrected', async () => {
          const wrong = await push(dealer, null, registrationDoc('org-demo-studio', { serialNumber: 'AB-12' }));
          expect(wrong).toMatchObject({ status: 'incomplete', statusReason: 'serialNumber: serial-pattern' });
          const fixed = await push(dealer, wrong, { ...wrong, serialNumber: serial() });
          expect(fixed).toMatchObject({ status: 'points-assigned', points: 500 });
        });

        it('lets a rejected duplicate be corrected to the right serial, and keeps it a duplicate while the serial stays taken', async () => {
          const s = serial();
          expect((await push(dealer2, null, registrationDoc(String(orgB.id), { serialNumber: s }))).status).toBe('points-assigned');
          const dup = await push(dealer, null, registrationDoc('org-demo-studio', { serialNumber: s }));
          expect(dup.status).toBe('rejected-duplicate');
          // Another field changed, the serial still someone else's: still a duplicate.
          const edit = { ...dup, dealerName: 'Foto Centrum' };
          const still = (await push(dealer, dup, edit)) ?? edit; // null: stored as sent
          expect(still).toMatchObject({ status: 'rejected-duplicate', dealerName: 'Foto Centrum', points: 0 });
          // The typo corrected: the serial is free, points are assigned.
          const corrected = await push(dealer, still, { ...still, serialNumber: serial() });
          expect(corrected).toMatchObject({ status: 'points-assigned', points: 500, statusReason: null });
        });

        it('accepts the withdrawal of a registration without points and frees its serial; refuses it once points are assigned', async () => {
          const s = serial();
          const incomplete = await push(dealer, null, registrationDoc('org-demo-studio', { serialNumber: s, dealerName: '' }));
          expect(incomplete.status).toBe('incomplete');
          // Answered with the stored deletion under its new updatedAt (docs/sync.md, "Push answers").
          const withdrawn = await push(dealer, incomplete, { ...incomplete, _deleted: true });
          expect(withdrawn).toMatchObject({ id: incomplete.id, _deleted: true, status: 'incomplete' });
          expect(withdrawn.updatedAt > incomplete.updatedAt).toBe(true);
          const pulled = (await pullAll(dealer, 'registrations')).find((d) => d.id === incomplete.id);
          expect(pulled?._deleted).toBe(true);
          // The serial it held is free for anyone.
          expect((await push(dealer2, null, registrationDoc(String(orgB.id), { serialNumber: s }))).status).toBe('points-assigned');

          const confirmed = await push(dealer, null, registrationDoc('org-demo-studio'));
          expect(confirmed.status).toBe('points-assigned');
          const refused = await push(dealer, confirmed, { ...confirmed, _deleted: true });
          expect(refused).toMatchObject({ id: confirmed.id, status: 'points-assigned', _deleted: false });
        });
      });
    }

    it('withdraws a points-assigned registration only by the back office (POST /admin/registrations/:id/withdraw), with a reason, audited; its serial is free again', async () => {
      const s = serial();
      const confirmed = await push(dealer, null, registrationDoc('org-demo-studio', { serialNumber: s }));
      expect(confirmed.status).toBe('points-assigned');
      const office = client(srv.url, (await srv.login('office@demo.test')).token);
      const path = `/admin/registrations/${String(confirmed.id)}/withdraw`;
      expect((await dealer.post(path, { reason: 'mine' })).status).toBe(403);
      expect((await office.post(path, { reason: '  ' })).body).toMatchObject({ statusCode: 400, code: 'reason-required' });
      expect((await office.post(path, {})).body).toMatchObject({ statusCode: 400, code: 'reason-required' });
      expect((await office.post('/admin/registrations/reg-that-does-not-exist/withdraw', { reason: 'entered by mistake' })).status).toBe(404);

      const done = await office.post(path, { reason: 'Registered for the wrong customer' });
      expect(done).toMatchObject({ status: 200, body: { id: confirmed.id, previousStatus: 'points-assigned', points: 500 } });
      const pulled = (await pullAll(dealer, 'registrations')).find((d) => d.id === confirmed.id);
      expect(pulled?._deleted).toBe(true);
      const [entry] = (await auditLog(srv.server.services.db, 20)).filter((e) => e.action === 'withdraw-registration' && e.subject === `registration ${String(confirmed.id)}`);
      expect(entry).toMatchObject({ actor: 'office@demo.test', details: { reason: 'Registered for the wrong customer', previousStatus: 'points-assigned', points: 500, serialNumber: s, organisationId: 'org-demo-studio' } });
      expect((await office.post(path, { reason: 'again' })).body).toMatchObject({ statusCode: 409, code: 'already-withdrawn' });
      expect((await push(dealer2, null, registrationDoc(String(orgB.id), { serialNumber: s }))).status).toBe('points-assigned');
    });
  });
}
