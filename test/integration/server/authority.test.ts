/**
 * Server authority on real databases: registrations (points, incomplete, duplicates, a race of
 * 20 pushes of one serial), organisations (submission with evidence, back-office validation with
 * the set-password e-mail, rejection), memberships (server-side points, membership number,
 * invoice; 50 concurrent sign-ups with gapless invoice numbers), server-owned fields ignored,
 * back-office imports, legacy migration with dry run, and the audit log.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { uniqueSerial } from '../../support/ids';
import { eventually } from '../../support/wait';
import { markOverdueInvoices } from '../../../server/backoffice';
import { setPushPath } from '../../../server/push';
import { client, engines, membershipDoc, organisationDoc, pullAll, registrationDoc, useTestServer, validatedOrganisation, warnIfNoPostgres } from './helpers';

warnIfNoPostgres();

const serial = uniqueSerial;

for (const engine of engines) {
  describe.skipIf(engine.skip)(`server authority on ${engine.name}`, () => {
    const { srv, clients: [dealer, dealer2, office] } = useTestServer(engine.options, 'dealer@demo.test', 'dealer2@demo.test', 'office@demo.test');

    it('assigns the catalog’s points to a complete registration, lists what an incomplete one misses, and ignores client-set server fields', async () => {
      const complete = registrationDoc('org-demo-studio', { productModelId: 'pm-eos-r1', status: 'draft' });
      const r1 = await dealer.push('registrations', [{ assumedMasterState: null, newDocumentState: complete }]);
      expect(r1.body[0]).toMatchObject({ id: complete.id, status: 'points-assigned', points: 900, statusReason: null });

      const cheat = registrationDoc('org-demo-studio', { purchaseCountry: '', dealerName: '', serialNumber: 'NOT-A-SERIAL', status: 'points-assigned', points: 99999 });
      const r2 = await dealer.push('registrations', [{ assumedMasterState: null, newDocumentState: cheat }]);
      expect(r2.body[0].status).toBe('incomplete');
      expect(r2.body[0].points).toBe(0);
      expect(r2.body[0].statusReason).toBe('serialNumber: serial-pattern; purchaseCountry: required; dealerName: required');

      // Completing it later assigns the points.
      const fixed = { ...r2.body[0], serialNumber: serial(), purchaseCountry: 'DE', dealerName: 'Foto Berlin' };
      const r3 = await dealer.push('registrations', [{ assumedMasterState: r2.body[0], newDocumentState: fixed }]);
      expect(r3.body[0]).toMatchObject({ status: 'points-assigned', points: 500 });
      // Once confirmed it is locked: an edit comes back as a conflict with the master, unchanged.
      const locked = await dealer.push('registrations', [{ assumedMasterState: r3.body[0], newDocumentState: { ...r3.body[0], serialNumber: serial() } }]);
      expect(locked.body[0].serialNumber).toBe(fixed.serialNumber);
    });

    it('rejects a serial already registered by anyone as a duplicate (normalised: case, blanks, hyphens)', async () => {
      const s = serial();
      const first = registrationDoc('org-demo-studio', { serialNumber: s });
      expect((await dealer.push('registrations', [{ assumedMasterState: null, newDocumentState: first }])).body[0].status).toBe('points-assigned');
      const orgB = organisationDoc({ dealerId: 'dealer-demo-2' });
      await dealer2.push('organisations', [{ assumedMasterState: null, newDocumentState: orgB }]);
      const spaced = `${s.slice(0, 4)} ${s.slice(4, 8)}-${s.slice(8)}`;
      const dup = await dealer2.push('registrations', [{ assumedMasterState: null, newDocumentState: registrationDoc(String(orgB.id), { serialNumber: spaced }) }]);
      expect(dup.body[0]).toMatchObject({ status: 'rejected-duplicate', points: 0 });
      expect(dup.body[0].statusReason).toBe('registration.duplicate'); // a reason code (shared/text/reasons.ts)
      expect(dup.body[0].statusReason).not.toContain('org-demo-studio'); // no foreign details leak
    });

    it('gives exactly one winner when 20 clients push the same serial at once', async () => {
      const s = serial();
      const orgs = await Promise.all(
        Array.from({ length: 20 }, async (_, i) => {
          const o = organisationDoc({ dealerId: i % 2 ? 'dealer-demo-2' : 'dealer-demo-1' });
          await (i % 2 ? dealer2 : dealer).push('organisations', [{ assumedMasterState: null, newDocumentState: o }]);
          return o;
        }),
      );
      const results = await Promise.all(
        orgs.map((o, i) => (i % 2 ? dealer2 : dealer).push('registrations', [{ assumedMasterState: null, newDocumentState: registrationDoc(String(o.id), { serialNumber: s }) }])),
      );
      expect(results.every((r) => r.status === 200)).toBe(true);
      const statuses = results.map((r) => r.body[0].status).sort();
      expect(statuses.filter((x) => x === 'points-assigned')).toHaveLength(1);
      expect(statuses.filter((x) => x === 'rejected-duplicate')).toHaveLength(19);
    });

    it('moves a submitted organisation to pending-validation once its evidence arrives, in either order', async () => {
      const org = organisationDoc({ status: 'pending-validation' });
      const r = await dealer.push('organisations', [{ assumedMasterState: null, newDocumentState: org }]);
      expect(r.body[0]).toMatchObject({ status: 'draft', statusReason: 'organisation.waiting-for-evidence' });
      const ev = { id: crypto.randomUUID(), organisationId: org.id, kind: 'vat-certificate', fileName: 'btw.pdf', mimeType: 'application/pdf', updatedAt: 'x', _deleted: false };
      await dealer.push('evidenceDocuments', [{ assumedMasterState: null, newDocumentState: ev }]);
      const after = (await pullAll(dealer, 'organisations')).find((d) => d.id === org.id)!;
      expect(after.status).toBe('pending-validation');
      // A client cannot validate itself.
      const self = await dealer.push('organisations', [{ assumedMasterState: after, newDocumentState: { ...after, status: 'validated' } }]);
      expect(self.body[0].status).toBe('pending-validation');
      // A draft submitted later (only its status changes) is a submission too.
      const draft = organisationDoc();
      const stored = (await dealer.push('organisations', [{ assumedMasterState: null, newDocumentState: draft }])).body[0] ?? (await pullAll(dealer, 'organisations')).find((d) => d.id === draft.id)!;
      await dealer.push('evidenceDocuments', [{ assumedMasterState: null, newDocumentState: { ...ev, id: crypto.randomUUID(), organisationId: draft.id } }]);
      expect((await pullAll(dealer, 'organisations')).find((d) => d.id === draft.id)!.status).toBe('draft');
      const submitted = await dealer.push('organisations', [{ assumedMasterState: stored, newDocumentState: { ...stored, status: 'pending-validation' } }]);
      expect(submitted.body.map((d: Record<string, unknown>) => [d.id, d.status])).toEqual([[draft.id, 'pending-validation']]); // the stored document, with its new updatedAt
      expect((await pullAll(dealer, 'organisations')).find((d) => d.id === draft.id)!.status).toBe('pending-validation');
      const pending = await office.get('/admin/pending');
      expect(pending.body.find((p: { id: string }) => p.id === org.id).evidence).toHaveLength(1);
      // The submission without an assumed master state, as RxDB pushes it when the answer to the
      // draft's first push could not be written locally because the user had submitted meanwhile
      // (docs/sync.md, "Push answers"): it changes no client-owned field, so it is still a submission.
      const raced = organisationDoc();
      const racedStored = (await dealer.push('organisations', [{ assumedMasterState: null, newDocumentState: raced }])).body[0];
      expect(racedStored).toMatchObject({ id: raced.id, status: 'draft' });
      await dealer.push('evidenceDocuments', [{ assumedMasterState: null, newDocumentState: { ...ev, id: crypto.randomUUID(), organisationId: raced.id } }]);
      const racedSubmit = await dealer.push('organisations', [{ assumedMasterState: null, newDocumentState: { ...raced, status: 'pending-validation' } }]);
      expect(racedSubmit.body).toMatchObject([{ id: raced.id, status: 'pending-validation' }]);
      // …but a push without an assumed master that changes client-owned fields stays a conflict (answered with the master).
      const stale = await dealer.push('organisations', [{ assumedMasterState: null, newDocumentState: { ...raced, status: 'pending-validation', city: 'Elders' } }]);
      expect(stale.body).toMatchObject([{ id: raced.id, status: 'pending-validation', city: raced.city }]);
    });

    it('validates with a one-time set-password e-mail, and rejects only with a reason', async () => {
      const org = await validatedOrganisation(dealer, office);
      const pulled = (await pullAll(dealer, 'organisations')).find((d) => d.id === org.id)!;
      expect(pulled.status).toBe('validated');
      // The outbox writes the e-mail as .eml (no SMTP configured); it carries the one-time link.
      const eml = await eventually('the set-password e-mail', () => existsSync(srv.mailDir) && readdirSync(srv.mailDir).map((f) => readFileSync(join(srv.mailDir, f), 'utf8')).find((m) => m.includes(String(org.email)) && m.includes('set-password')), 5000);
      const decoded = eml.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))); // quoted-printable
      const token = /set-password\?lang=(?:nl|en)#token=([A-Za-z0-9_-]+)/.exec(decoded)![1]!;
      const set = await client(srv.url, null).post('/auth/set-password', { token, password: 'a-good-long-password' });
      expect(set.status).toBe(200);
      const studio = await srv.login(String(org.email), 'a-good-long-password');
      expect(studio.user).toMatchObject({ role: 'studio-manager', organisationId: org.id });
      expect((await client(srv.url, null).post('/auth/set-password', { token, password: 'another-password' })).status).toBe(401); // used once
      // Rejection.
      const org2 = organisationDoc({ status: 'pending-validation' });
      await dealer.push('organisations', [{ assumedMasterState: null, newDocumentState: org2 }]);
      await dealer.push('evidenceDocuments', [{ assumedMasterState: null, newDocumentState: { id: crypto.randomUUID(), organisationId: org2.id, kind: 'company-invoice', fileName: 'f.pdf', mimeType: 'application/pdf', updatedAt: 'x', _deleted: false } }]);
      expect((await office.post(`/admin/organisations/${String(org2.id)}/reject`, {})).status).toBe(400);
      expect((await office.post(`/admin/organisations/${String(org2.id)}/reject`, { reason: 'The invoice does not show the organisation name' })).status).toBe(200);
      const rejected = (await pullAll(dealer, 'organisations')).find((d) => d.id === org2.id)!;
      expect(rejected).toMatchObject({ status: 'rejected', statusReason: 'The invoice does not show the organisation name' });
      expect((await office.post(`/admin/organisations/${String(org2.id)}/validate`, {})).status).toBe(409);
    });

    // docs/program.md#business-account: a rejected account registers no gear until it is submitted
    // again. A registration reaches the server for one anyway when it was queued offline before the
    // rejection, or comes from a client that has not pulled the rejection yet.
    for (const path of ['set', 'row'] as const) {
      it(`assigns no points and claims no serial for gear of a rejected organisation; it waits and is decided when the organisation is submitted again (${path} push path)`, async () => {
        const db = srv.server.services.db;
        setPushPath(db, path);
        try {
          const org = organisationDoc({ status: 'pending-validation' });
          await dealer.push('organisations', [{ assumedMasterState: null, newDocumentState: org }]);
          await dealer.push('evidenceDocuments', [{ assumedMasterState: null, newDocumentState: { id: crypto.randomUUID(), organisationId: org.id, kind: 'company-invoice', fileName: 'f.pdf', mimeType: 'application/pdf', updatedAt: 'x', _deleted: false } }]);
          expect((await office.post(`/admin/organisations/${String(org.id)}/reject`, { reason: 'The invoice does not show the organisation name' })).status).toBe(200);

          const s = serial();
          const reg = registrationDoc(String(org.id), { productModelId: 'pm-eos-r1', serialNumber: s });
          const r = await dealer.push('registrations', [{ assumedMasterState: null, newDocumentState: reg }]);
          expect(r.status).toBe(200);
          const waiting = { status: 'draft', statusReason: 'registration.organisation-rejected', points: 0 };
          expect(r.body[0]).toMatchObject({ id: reg.id, ...waiting });
          // It holds no serial while it waits: another organisation may take that one.
          const taken = serial();
          const edited = await dealer.push('registrations', [{ assumedMasterState: r.body[0], newDocumentState: { ...r.body[0], serialNumber: taken } }]);
          expect(edited.body[0]).toMatchObject({ serialNumber: taken, ...waiting }); // still the client's to correct
          const other = registrationDoc('org-demo-studio', { productModelId: 'pm-eos-r1', serialNumber: s });
          expect((await dealer.push('registrations', [{ assumedMasterState: null, newDocumentState: other }])).body[0]).toMatchObject({ status: 'points-assigned', points: 900 });

          // Submitted again: the waiting registration is decided with the organisation's resubmission.
          const rejected = (await pullAll(dealer, 'organisations')).find((d) => d.id === org.id)!;
          expect((await dealer.push('organisations', [{ assumedMasterState: rejected, newDocumentState: { ...rejected, status: 'pending-validation', _deleted: false } }])).status).toBe(200);
          expect((await pullAll(dealer, 'organisations')).find((d) => d.id === org.id)).toMatchObject({ status: 'pending-validation' });
          expect((await pullAll(dealer, 'registrations')).find((d) => d.id === reg.id)).toMatchObject({ serialNumber: taken, status: 'points-assigned', points: 900, statusReason: null });
        } finally {
          setPushPath(db, 'set');
        }
      });
    }

    it('activates a membership on server-side points with a number and an invoice in one go; a new membership gets a new number', async () => {
      const org = await validatedOrganisation(dealer, office);
      const regs = [registrationDoc(String(org.id), { productModelId: 'pm-eos-r1' }), registrationDoc(String(org.id), { productModelId: 'pm-eos-r3' })]; // 900 + 700
      await dealer.push('registrations', regs.map((r) => ({ assumedMasterState: null, newDocumentState: r })));
      // Corporate C needs 2,500: refused, whatever points the client believes in.
      const tooHigh = await dealer.push('memberships', [{ assumedMasterState: null, newDocumentState: membershipDoc(String(org.id), 'tier-corporate-c') }]);
      expect(tooHigh.body[0]).toMatchObject({ status: 'rejected', statusReason: 'membership.not-enough-points?tier=Corporate%20C&minPoints=2500&points=1600', membershipNumber: null });
      const m = membershipDoc(String(org.id), 'tier-platinum', { paymentMethod: 'bank-transfer', purchaseOrderNumber: 'PO-77', status: 'active', membershipNumber: '123456789' });
      const r = await dealer.push('memberships', [{ assumedMasterState: null, newDocumentState: m }]);
      const active = r.body[0];
      expect(active.status).toBe('active');
      expect(active.membershipNumber).toMatch(/^[1-9]\d{8}$/);
      expect(active.membershipNumber).not.toBe('123456789');
      const inv = (await pullAll(dealer, 'invoices')).find((i) => i.membershipId === m.id)!;
      const today = new Date().toISOString().slice(0, 10);
      expect(inv).toMatchObject({ organisationId: org.id, issueDate: today, currency: 'EUR', netCents: 30000, vatCents: 6300, totalCents: 36300, paymentMethod: 'bank-transfer', status: 'open', purchaseOrderNumber: 'PO-77', reverseCharge: false });
      expect(inv.number).toMatch(new RegExp(`^${today.slice(0, 4)}-\\d{6}$`));
      expect(Date.parse(String(inv.dueDate)) - Date.parse(today)).toBe(30 * 86400_000);
      // Retrying the same push changes nothing: no second invoice.
      await dealer.push('memberships', [{ assumedMasterState: null, newDocumentState: m }]);
      expect((await pullAll(dealer, 'invoices')).filter((i) => i.membershipId === m.id)).toHaveLength(1);
      // A second membership of another tier the same day: a new number, and it replaces the first
      // (docs/program.md#changing-tier; credit notes: tierChange.test.ts).
      const m2 = membershipDoc(String(org.id), 'tier-gold');
      const second = (await dealer.push('memberships', [{ assumedMasterState: null, newDocumentState: m2 }])).body[0];
      expect(second.status).toBe('active');
      expect(second.membershipNumber).not.toBe(active.membershipNumber);
      const first = (await pullAll(dealer, 'memberships')).find((x) => x.id === m.id)!;
      expect(first).toMatchObject({ status: 'replaced', replacedByMembershipId: m2.id });
      expect((await pullAll(dealer, 'invoices')).find((i) => i.id === inv.id)!.status).toBe('cancelled');
      // The invoice of the new membership goes on below.
      const inv2 = (await pullAll(dealer, 'invoices')).find((i) => i.membershipId === m2.id)!;
      // Past its due date an open invoice becomes overdue (and can still be paid).
      await srv.server.services.db.query(`update documents set data = jsonb_set(data, '{dueDate}', '"2020-01-01"') where collection = 'invoices' and id = $1`, [inv2.id]);
      expect(await markOverdueInvoices(srv.server.services)).toEqual([inv2.number]);
      expect((await pullAll(dealer, 'invoices')).find((i) => i.number === inv2.number)!.status).toBe('overdue');
      // Paying the invoice.
      const paid = await office.post(`/admin/invoices/${String(inv2.number)}/mark-paid`, {});
      expect(paid.body).toEqual({ number: inv2.number, status: 'paid', changed: true });
      expect((await office.post(`/admin/invoices/${String(inv2.number)}/mark-paid`, {})).body.changed).toBe(false);
      expect((await pullAll(dealer, 'invoices')).find((i) => i.number === inv2.number)!.status).toBe('paid');
    });

    it('keeps a membership requested until the organisation is validated, then decides it', async () => {
      const org = organisationDoc({ status: 'pending-validation' });
      await dealer.push('organisations', [{ assumedMasterState: null, newDocumentState: org }]);
      await dealer.push('evidenceDocuments', [{ assumedMasterState: null, newDocumentState: { id: crypto.randomUUID(), organisationId: org.id, kind: 'chamber-extract', fileName: 'k.pdf', mimeType: 'application/pdf', updatedAt: 'x', _deleted: false } }]);
      await dealer.push('registrations', [{ assumedMasterState: null, newDocumentState: registrationDoc(String(org.id)) }]);
      const m = membershipDoc(String(org.id), 'tier-silver');
      const r = await dealer.push('memberships', [{ assumedMasterState: null, newDocumentState: m }]);
      expect(r.body[0]?.statusReason ?? 'none').toBe('membership.waiting-for-validation');
      expect((await office.post(`/admin/organisations/${String(org.id)}/validate`, {})).body.membershipsDecided).toBe(1);
      expect((await pullAll(dealer, 'memberships')).find((x) => x.id === m.id)!.status).toBe('active');
    });

    it('numbers invoices gapless and unique under 50 concurrent sign-ups', async () => {
      // 50 validated organisations with 500 points each, inserted in bulk.
      const orgs = Array.from({ length: 50 }, () => organisationDoc({ status: 'validated' }));
      await srv.server.services.db.query(
        `insert into documents (collection, id, updated_at, deleted, organisation_id, dealer_id, data)
         select 'organisations', d->>'id', '2026-01-01T00:00:00.000000Z', false, d->>'id', 'dealer-demo-1', d from jsonb_array_elements($1::jsonb) as d`,
        [JSON.stringify(orgs)],
      );
      const regs = orgs.map((o) => ({ ...registrationDoc(String(o.id)), status: 'points-assigned', points: 500 }));
      await srv.server.services.db.query(
        `insert into documents (collection, id, updated_at, deleted, organisation_id, dealer_id, data)
         select 'registrations', d->>'id', '2026-01-01T00:00:00.000000Z', false, d->>'organisationId', 'dealer-demo-1', d from jsonb_array_elements($1::jsonb) as d`,
        [JSON.stringify(regs)],
      );
      const results = await Promise.all(orgs.map((o) => dealer.push('memberships', [{ assumedMasterState: null, newDocumentState: membershipDoc(String(o.id), 'tier-silver') }])));
      expect(results.every((r) => r.status === 200 && r.body[0].status === 'active')).toBe(true);
      const year = new Date().toISOString().slice(0, 4);
      const numbers = (await pullAll(office, 'invoices')).map((i) => String(i.number)).filter((n) => n.startsWith(year));
      const seqs = numbers.map((n) => Number(n.slice(5))).sort((a, b) => a - b);
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
      expect(seqs.length).toBeGreaterThanOrEqual(50);
      const numbersIssued = new Set(results.map((r) => r.body[0].membershipNumber));
      expect(numbersIssued.size).toBe(50);
    });

    it('imports a catalog CSV (new and changed models replicate; a bad row stores nothing)', async () => {
      const csv = 'id,code,name,category,points,serialPattern,releasedOn,retired\n' + 'pm-test-new,TEST-1,Test Body,body,321,[0-9]{10},2026-01-01,false\n' + 'pm-eos-r3,EOS-R3,EOS R3,body,650,[0-9]{12},2021-11-01,false\n';
      const r = await office.post('/admin/catalog/import', csv, 'text/csv');
      expect(r.body).toEqual({ created: 1, updated: 1, unchanged: 0 });
      const models = await pullAll(dealer, 'productModels');
      expect(models.find((m) => m.id === 'pm-test-new')).toMatchObject({ points: 321, serialPattern: '[0-9]{10}' });
      expect(models.find((m) => m.id === 'pm-eos-r3')!.points).toBe(650);
      expect((await office.post('/admin/catalog/import', csv, 'text/csv')).body).toEqual({ created: 0, updated: 0, unchanged: 2 });
      const bad = await office.post('/admin/catalog/import', 'id,code,name,category,points,serialPattern,releasedOn,retired\npm-x,X,X,body,-5,[0-9],2026-01-01,false\n', 'text/csv');
      expect(bad.status).toBe(400);
      expect(bad.body.message).toMatch(/line 2: points/);
      expect((await pullAll(dealer, 'productModels')).some((m) => m.id === 'pm-x')).toBe(false);
    });

    it('migrates an old account once, with a dry run that reports moves, claims elsewhere and the points change', async () => {
      const legacyEmail = `old-${crypto.randomUUID().slice(0, 6)}@example.test`;
      const taken = serial();
      // Someone else already registered one of the old serials.
      await dealer.push('registrations', [{ assumedMasterState: null, newDocumentState: registrationDoc('org-demo-studio', { productModelId: 'pm-eos-r1', serialNumber: taken }) }]);
      const csv = `legacyEmail,productModelId,serialNumber,purchaseDate,purchaseCountry,dealerName\n${legacyEmail},pm-eos-r5,${serial()},2021-05-01,NL,Old Dealer\n${legacyEmail},pm-eos-r1,${taken},2025-01-01,NL,Old Dealer\n${legacyEmail},pm-eos-r5-ii,${serial()},2025-02-02,BE,Old Dealer\n`;
      expect((await office.post('/admin/legacy/import', csv, 'text/csv')).body).toEqual({ imported: 3, skipped: 0 });
      expect((await office.post('/admin/legacy/import', csv, 'text/csv')).body).toEqual({ imported: 0, skipped: 3 });
      const org = organisationDoc({ legacyEmail });
      await dealer.push('organisations', [{ assumedMasterState: null, newDocumentState: org }]);
      const dry = await dealer.post(`/organisations/${String(org.id)}/migrate-legacy`, { dryRun: true });
      expect(dry.status).toBe(200);
      expect(dry.body).toMatchObject({ dryRun: true, pointsBefore: 0, pointsAfter: 1100, pointsChange: 1100 });
      expect(dry.body.migrated).toHaveLength(2);
      expect(dry.body.claimedElsewhere).toHaveLength(1);
      expect((await pullAll(dealer, 'registrations')).filter((r) => r.organisationId === org.id)).toHaveLength(0); // dry run moved nothing
      const real = await dealer.post(`/organisations/${String(org.id)}/migrate-legacy`, {});
      expect(real.body).toMatchObject({ dryRun: false, pointsChange: 1100 });
      const moved = (await pullAll(dealer, 'registrations')).filter((r) => r.organisationId === org.id);
      expect(moved).toHaveLength(2);
      expect(moved.every((r) => r.migratedFrom === legacyEmail && r.status === 'points-assigned')).toBe(true);
      const again = await dealer.post(`/organisations/${String(org.id)}/migrate-legacy`, {});
      expect(again.body).toMatchObject({ pointsChange: 0, migrated: [] });
      expect(again.body.alreadyMigrated).toHaveLength(2);
      // Another organisation naming the same e-mail finds everything claimed.
      const other = organisationDoc({ legacyEmail });
      await dealer.push('organisations', [{ assumedMasterState: null, newDocumentState: other }]);
      const otherRun = await dealer.post(`/organisations/${String(other.id)}/migrate-legacy`, { dryRun: false });
      expect(otherRun.body.migrated).toHaveLength(0);
      expect(otherRun.body.claimedElsewhere).toHaveLength(3);
    });

    it('audits back-office actions with who, when and what', async () => {
      const log = await office.get('/admin/audit?limit=500');
      const actions = new Set(log.body.map((e: { action: string }) => e.action));
      for (const a of ['validate-organisation', 'reject-organisation', 'mark-invoice-paid', 'import-catalog', 'import-legacy', 'migrate-legacy', 'membership-activated', 'invoice-issued'])
        expect(actions.has(a)).toBe(true);
      const v = log.body.find((e: { action: string }) => e.action === 'validate-organisation');
      expect(v.actor).toBe('office@demo.test');
      expect(Date.parse(v.at)).toBeGreaterThan(Date.now() - 600_000);
    });
  });
}
