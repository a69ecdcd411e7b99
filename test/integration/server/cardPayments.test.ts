/**
 * Card payments end to end on the server, against the local Stripe stand-in through the official
 * `stripe` SDK (server/payments/): zero-amount authorisation on the hosted page → signed webhook →
 * membership active; a declined card (the provider's reason, nothing active, try again); an
 * abandoned page; forged, stale and replayed webhooks refused without effect; the due-date charge
 * (paid; a temporary failure retried with the same idempotency key; a final failure → overdue +
 * e-mail with a card update link → new card → paid); and the job run twice at once charging each
 * invoice once — on two server instances sharing one PostgreSQL database, and as two overlapping
 * runs in one process on PGlite (a single-process engine: it cannot be shared by two servers).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, createTestSchema, type TestServer } from '../../support/testServer';
import { openDatabase, type Db } from '../../../server/db';
import { markOverdueInvoices } from '../../../server/backoffice';
import { stripeProvider } from '../../../server/payments/stripeProvider';
import { startStripeStandIn, stripeSignature, type StripeStandIn } from '../../../server/payments/stripeStandIn';
import { waitingForCard } from '../../../server/payments/cardRecords';
import { client, databaseUrl, engines, membershipDoc, organisationDoc, pullAll, registrationDoc, warnIfNoPostgres } from './helpers';

warnIfNoPostgres();

const secretKey = 'sk_test_cardpayments';
const webhookSecret = 'whsec_test_cardpayments';
const ok = '4242 4242 4242 4242';

async function eventually<T>(fn: () => Promise<T | undefined | false>, timeoutMs = 5000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One server (or two on one database) with a Stripe stand-in the test owns. */
async function withStandIn(options: Parameters<typeof startTestServer>[0]) {
  const standIn = await startStripeStandIn({ secretKey, webhookSecret });
  const provider = stripeProvider({ secretKey, webhookSecret, apiBase: standIn.url });
  const srv = await startTestServer({ ...options, payments: { provider } });
  standIn.setWebhookUrl(`${srv.url}/payments/stripe/webhook`);
  return { standIn, provider, srv };
}

/** Helpers bound to one server: a validated organisation with `points`, a card sign-up, the hosted page. */
function flow(srv: TestServer, standIn: StripeStandIn, dealer: ReturnType<typeof client>, office: ReturnType<typeof client>) {
  return {
    async organisation() {
      const org = organisationDoc({ status: 'pending-validation' });
      expect((await dealer.push('organisations', [{ assumedMasterState: null, newDocumentState: org }])).status).toBe(200);
      const ev = { id: crypto.randomUUID(), organisationId: org.id, kind: 'chamber-extract', fileName: 'kvk.pdf', mimeType: 'application/pdf', updatedAt: 'x', _deleted: false };
      expect((await dealer.push('evidenceDocuments', [{ assumedMasterState: null, newDocumentState: ev }])).status).toBe(200);
      expect((await office.post(`/admin/organisations/${String(org.id)}/validate`, {})).status).toBe(200);
      const reg = registrationDoc(String(org.id), { productModelId: 'pm-eos-r1' });
      expect((await dealer.push('registrations', [{ assumedMasterState: null, newDocumentState: reg }])).body[0].status).toBe('points-assigned');
      return org;
    },
    async signUp(orgId: string, tier = 'tier-silver') {
      const m = membershipDoc(orgId, tier, { paymentMethod: 'card' });
      const r = await dealer.push('memberships', [{ assumedMasterState: null, newDocumentState: m }]);
      expect(r.status).toBe(200);
      return r.body[0] as Record<string, unknown>;
    },
    async openPage(membershipId: unknown) {
      const r = await dealer.post('/payments/card/setup', { membershipId, language: 'en' });
      expect(r.status).toBe(200);
      expect(r.body.url).toMatch(new RegExp(`^${standIn.url}/pay/cs_test_`));
      return r.body as { url: string; sessionId: string };
    },
    async membership(id: unknown) {
      return (await pullAll(dealer, 'memberships')).find((d) => d.id === id)!;
    },
    async invoiceOf(membershipId: unknown) {
      return (await pullAll(dealer, 'invoices')).find((d) => d.membershipId === membershipId);
    },
    /** A validated organisation, a card sign-up and the card `card` saved on the hosted page. */
    async activeCardMembership(card = ok) {
      const org = await this.organisation();
      const m = await this.signUp(String(org.id));
      const page = await this.openPage(m.id);
      expect((await standIn.completeHostedPage(page.sessionId, card)).status).toBe(303);
      const active = await eventually(async () => {
        const x = await this.membership(m.id);
        return x.status === 'active' && x;
      });
      const invoice = (await this.invoiceOf(m.id))!;
      return { org, membership: active, invoice };
    },
  };
}

for (const engine of engines) {
  describe.skipIf(engine.skip)(`card payments on ${engine.name}`, () => {
    let srv: TestServer;
    let standIn: StripeStandIn;
    let dealer: ReturnType<typeof client>;
    let office: ReturnType<typeof client>;
    let f: ReturnType<typeof flow>;
    beforeAll(async () => {
      ({ srv, standIn } = await withStandIn(engine.options));
      dealer = client(srv.url, (await srv.login('dealer@demo.test')).token);
      office = client(srv.url, (await srv.login('office@demo.test')).token);
      f = flow(srv, standIn, dealer, office);
    }, 180_000); // a first PGlite template (initdb) on a loaded machine
    afterAll(async () => {
      await srv?.close();
      await standIn?.close();
    });

    it('authorises zero on the hosted page; the webhook activates the membership with a card invoice', async () => {
      const org = await f.organisation();
      const m = await f.signUp(String(org.id));
      expect(m).toMatchObject({ status: 'requested', cardAuthorisation: 'pending', statusReason: waitingForCard, membershipNumber: null });
      expect(await f.invoiceOf(m.id)).toBeUndefined();
      const page = await f.openPage(m.id);
      // the hosted page is served by the provider (the stand-in), not by this server
      const html = await (await fetch(page.url)).text();
      expect(html).toContain('name="card"');
      const done = await standIn.completeHostedPage(page.sessionId, ok);
      expect(done.location).toBe(`${srv.url}/payments/card/done?session=${page.sessionId}`);
      const active = await eventually(async () => {
        const x = await f.membership(m.id);
        return x.status === 'active' && x;
      });
      expect(active).toMatchObject({ cardAuthorisation: 'authorised', cardAuthorisationReason: null, statusReason: null });
      expect(String(active.membershipNumber)).toMatch(/^\d{9}$/);
      const invoice = (await f.invoiceOf(m.id))!;
      expect(invoice).toMatchObject({ paymentMethod: 'card', status: 'open', totalCents: 10285 });
      // nothing was charged: a zero-amount authorisation only
      expect([...standIn.paymentIntents.values()].filter((p) => (p.metadata as Record<string, string>).invoiceId === invoice.id)).toHaveLength(0);
      const webhooks = standIn.deliveries.filter((d) => d.type === 'setup_intent.succeeded');
      expect(webhooks.at(-1)!.status).toBe(200);
    });

    it('shows a declined card with a reason code for the app to word (the provider’s message for the back office only), activates nothing, and succeeds on “try again”', async () => {
      const org = await f.organisation();
      const m = await f.signUp(String(org.id));
      const page = await f.openPage(m.id);
      expect((await standIn.completeHostedPage(page.sessionId, '4000 0000 0000 9995')).status).toBe(402);
      const declined = await eventually(async () => {
        const x = await f.membership(m.id);
        return x.cardAuthorisation === 'declined' && x;
      });
      // insufficient_funds → a reason the app words in nl/en (shared/text/cardDeclines.ts), never Stripe's English
      expect(declined).toMatchObject({ status: 'requested', membershipNumber: null, cardAuthorisationReason: 'card.insufficient-funds' });
      const { db } = srv.server.services;
      expect(await db.query(`select reason_code, reason from card_authorisations where session_id = $1`, [page.sessionId])).toEqual([{ reason_code: 'insufficient_funds', reason: 'Your card has insufficient funds.' }]);
      const audit = await db.query<{ details: unknown }>(`select details from audit_log where action = 'card-declined' and subject = $1`, [`membership ${String(m.id)}`]);
      expect(JSON.stringify(audit.map((a) => a.details))).toContain('Your card has insufficient funds.');
      expect(await f.invoiceOf(m.id)).toBeUndefined();
      // try again: a new hosted page, pending again, then a good card
      const again = await f.openPage(m.id);
      expect(again.sessionId).not.toBe(page.sessionId);
      expect((await f.membership(m.id)).cardAuthorisation).toBe('pending');
      await standIn.completeHostedPage(again.sessionId, ok);
      await eventually(async () => (await f.membership(m.id)).status === 'active');
    });

    it('marks a left hosted page abandoned (its return page ends the session)', async () => {
      const org = await f.organisation();
      const m = await f.signUp(String(org.id));
      const page = await f.openPage(m.id);
      const cancel = await standIn.completeHostedPage(page.sessionId, null);
      expect(cancel.location).toBe(`${srv.url}/payments/card/cancelled?session=${page.sessionId}`);
      expect((await fetch(cancel.location!)).status).toBe(200);
      await standIn.settled();
      const x = await eventually(async () => {
        const d = await f.membership(m.id);
        return d.cardAuthorisation === 'abandoned' && d;
      });
      expect(x.status).toBe('requested');
    });

    it('refuses forged and stale webhooks and takes a replayed one once: nothing changes', async () => {
      const org = await f.organisation();
      const m = await f.signUp(String(org.id));
      const page = await f.openPage(m.id);
      const before = await f.membership(m.id);
      const [row] = await srv.server.services.db.query<{ setup_intent_id: string }>('select setup_intent_id from card_authorisations where session_id = $1', [page.sessionId]);
      const body = JSON.stringify({
        id: 'evt_forged_1', object: 'event', created: Math.floor(Date.now() / 1000), type: 'setup_intent.succeeded',
        data: { object: { id: row!.setup_intent_id, object: 'setup_intent', status: 'succeeded', customer: 'cus_x', payment_method: 'pm_forged', metadata: { membershipId: m.id } } },
      });
      const post = (sig: string | null) =>
        fetch(`${srv.url}/payments/stripe/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', ...(sig ? { 'stripe-signature': sig } : {}) }, body });
      const forged = await post(stripeSignature(body, 'whsec_not_the_secret'));
      expect(forged.status).toBe(400);
      expect(((await forged.json()) as { code: string }).code).toBe('bad-signature');
      expect((await post(null)).status).toBe(400);
      // the right secret but a timestamp 10 minutes old (outside the 300 s tolerance)
      expect((await post(stripeSignature(body, webhookSecret, Math.floor(Date.now() / 1000) - 600))).status).toBe(400);
      const tampered = await fetch(`${srv.url}/payments/stripe/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': stripeSignature(body, webhookSecret) }, body: body.replace('pm_forged', 'pm_other') });
      expect(tampered.status).toBe(400);
      expect(await f.membership(m.id)).toEqual(before);
      const [seen] = await srv.server.services.db.query<{ n: number }>(`select count(*)::int as n from payment_webhook_events where event_id = 'evt_forged_1'`);
      expect(seen!.n).toBe(0);

      // a real event, then the same signed request replayed: taken once
      await standIn.completeHostedPage(page.sessionId, ok);
      const active = await eventually(async () => {
        const x = await f.membership(m.id);
        return x.status === 'active' && x;
      });
      const ev = standIn.deliveries.filter((d) => d.type === 'setup_intent.succeeded').at(-1)!;
      const invoicesBefore = (await pullAll(dealer, 'invoices')).length;
      const auditBefore = (await office.get('/admin/audit?limit=500')).body.length;
      const replay = await fetch(`${srv.url}/payments/stripe/webhook`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': ev.signature }, body: ev.body });
      expect(replay.status).toBe(200);
      expect(await replay.json()).toEqual({ received: true, duplicate: true });
      expect(await f.membership(m.id)).toEqual(active);
      expect((await pullAll(dealer, 'invoices')).length).toBe(invoicesBefore);
      expect((await office.get('/admin/audit?limit=500')).body.length).toBe(auditBefore);
    });

    it('charges the saved card on the due date (not before), once; the invoice becomes paid', async () => {
      const { invoice } = await f.activeCardMembership();
      const due = String(invoice.dueDate);
      const dayBefore = new Date(Date.parse(`${due}T00:00:00Z`) - 3600_000);
      expect((await srv.server.payments.runCharges(dayBefore)).paid).not.toContain(invoice.number);
      const onDue = new Date(`${due}T06:00:00Z`);
      expect((await srv.server.payments.runCharges(onDue)).paid).toContain(invoice.number);
      expect((await f.invoiceOf(invoice.membershipId))!.status).toBe('paid');
      const intents = [...standIn.paymentIntents.values()].filter((p) => (p.metadata as Record<string, string>).invoiceId === invoice.id);
      expect(intents).toHaveLength(1);
      expect(intents[0]).toMatchObject({ status: 'succeeded', amount: invoice.totalCents, currency: 'eur', off_session: true });
      expect(standIn.requests.filter((r) => r.path === '/v1/payment_intents').some((r) => r.idempotencyKey === `cps-invoice-${String(invoice.id)}-0`)).toBe(true);
      // a second run finds nothing to charge
      const calls = standIn.requests.length;
      expect((await srv.server.payments.runCharges(new Date(`${due}T12:00:00Z`))).paid).not.toContain(invoice.number);
      expect(standIn.requests.length).toBe(calls);
    });

    it('retries a temporary failure with the same idempotency key; the invoice is not overdue meanwhile', async () => {
      const { invoice } = await f.activeCardMembership();
      const t0 = new Date(`${String(invoice.dueDate)}T06:00:00Z`);
      standIn.failNext('/v1/payment_intents', 1, 503);
      const first = await srv.server.payments.runCharges(t0);
      expect(first.retrying).toContain(invoice.number);
      expect((await f.invoiceOf(invoice.membershipId))!.status).toBe('open');
      // the next day's overdue sweep leaves a card invoice whose charge is still scheduled alone
      const sweep = await markOverdueInvoices({ ...srv.server.services, today: () => String(invoice.dueDate).replace(/\d\d$/, (d) => String(Number(d) + 1).padStart(2, '0')) });
      expect(sweep).not.toContain(invoice.number);
      expect((await srv.server.payments.runCharges(new Date(t0.getTime() + 30 * 60_000))).paid).not.toContain(invoice.number);
      const later = await srv.server.payments.runCharges(new Date(t0.getTime() + 61 * 60_000));
      expect(later.paid).toContain(invoice.number);
      const keys = standIn.requests.filter((r) => r.path === '/v1/payment_intents' && r.idempotencyKey?.startsWith(`cps-invoice-${String(invoice.id)}-`)).map((r) => r.idempotencyKey);
      expect(keys).toEqual([`cps-invoice-${String(invoice.id)}-0`, `cps-invoice-${String(invoice.id)}-0`]);
      expect([...standIn.paymentIntents.values()].filter((p) => (p.metadata as Record<string, string>).invoiceId === invoice.id)).toHaveLength(1);
      expect((await f.invoiceOf(invoice.membershipId))!.status).toBe('paid');
    });

    it('a final failure makes the invoice overdue and e-mails a card update link; a new card is charged', async () => {
      const { org, invoice } = await f.activeCardMembership('4000 0000 0000 0341');
      const t0 = new Date(`${String(invoice.dueDate)}T06:00:00Z`);
      expect((await srv.server.payments.runCharges(t0)).failed).toContain(invoice.number);
      expect((await f.invoiceOf(invoice.membershipId))!.status).toBe('overdue');
      const mail = await eventually(async () => {
        const files = readdirSync(srv.mailDir).map((n) => readFileSync(join(srv.mailDir, n), 'utf8').replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))));
        return files.find((t) => t.includes(String(org.email)) && t.includes('/payments/card/update#token='));
      });
      // in the organisation's language (NL: Dutch), the reason worded for the customer, not the provider's message
      expect(mail).toContain('De bank heeft de kaart geweigerd zonder reden op te geven.');
      expect(mail).not.toContain('Your card was declined');
      const token = /\/payments\/card\/update#token=([A-Za-z0-9_-]+)/.exec(mail)![1]!;
      expect((await fetch(`${srv.url}/payments/card/update`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: 'wrong' }) })).status).toBe(401);
      const upd = await fetch(`${srv.url}/payments/card/update`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
      expect(upd.status).toBe(200);
      const { url } = (await upd.json()) as { url: string };
      await standIn.completeHostedPage(url.split('/pay/')[1]!, ok);
      const run = await eventually(async () => {
        const r = await srv.server.payments.runCharges(new Date(t0.getTime() + 24 * 3600_000));
        return (r.paid.includes(String(invoice.number)) || (await f.invoiceOf(invoice.membershipId))!.status === 'paid') && r;
      });
      expect(run).toBeTruthy();
      expect((await f.invoiceOf(invoice.membershipId))!.status).toBe('paid');
      expect((await fetch(`${srv.url}/payments/card/update`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) })).status).toBe(409);
    });

    it('two overlapping runs of the job charge each due invoice once', async () => {
      const invoices = [];
      for (let i = 0; i < 3; i++) invoices.push((await f.activeCardMembership()).invoice);
      const at = new Date(`${String(invoices[0]!.dueDate)}T06:00:00Z`);
      const [a, b] = await Promise.all([srv.server.payments.runCharges(at, 1), srv.server.payments.runCharges(at, 1)]);
      for (const inv of invoices) {
        expect([...a.paid, ...b.paid].filter((n) => n === inv.number)).toHaveLength(1);
        expect(standIn.requests.filter((r) => r.path === '/v1/payment_intents' && r.idempotencyKey?.startsWith(`cps-invoice-${String(inv.id)}-`))).toHaveLength(1);
      }
    });
  });
}

describe.skipIf(!databaseUrl)('the due-date charge job on two server instances sharing one PostgreSQL', () => {
  let schema: Awaited<ReturnType<typeof createTestSchema>>;
  let dbA: Db;
  let dbB: Db;
  let a: Awaited<ReturnType<typeof withStandIn>>;
  let b: TestServer;
  beforeAll(async () => {
    schema = await createTestSchema(databaseUrl!);
    dbA = await openDatabase({ databaseUrl: schema.url });
    dbB = await openDatabase({ databaseUrl: schema.url });
    a = await withStandIn({ db: dbA });
    b = await startTestServer({ db: dbB, payments: { provider: a.provider } });
  }, 60_000);
  afterAll(async () => {
    await b?.close();
    await a?.srv.close();
    await a?.standIn.close();
    await dbA?.close();
    await dbB?.close();
    await schema?.drop();
  });

  it('charges every due invoice exactly once when both instances run the job at the same moment', async () => {
    const dealer = client(a.srv.url, (await a.srv.login('dealer@demo.test')).token);
    const office = client(a.srv.url, (await a.srv.login('office@demo.test')).token);
    const f = flow(a.srv, a.standIn, dealer, office);
    const invoices = [];
    for (let i = 0; i < 6; i++) invoices.push((await f.activeCardMembership()).invoice);
    const at = new Date(`${String(invoices[0]!.dueDate)}T06:00:00Z`);
    // one charge per claim, so the two instances interleave claim after claim
    const [ra, rb] = await Promise.all([a.srv.server.payments.runCharges(at, 1), b.server.payments.runCharges(at, 1)]);
    console.log(`two instances: A charged ${ra.paid.length}, B charged ${rb.paid.length} of ${invoices.length}`);
    for (const inv of invoices) {
      expect([...ra.paid, ...rb.paid].filter((n) => n === inv.number)).toHaveLength(1);
      expect(a.standIn.requests.filter((r) => r.path === '/v1/payment_intents' && r.idempotencyKey?.startsWith(`cps-invoice-${String(inv.id)}-`))).toHaveLength(1);
      expect((await f.invoiceOf(inv.membershipId))!.status).toBe('paid');
    }
  });
});
