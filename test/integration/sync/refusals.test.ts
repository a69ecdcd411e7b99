import { describe, expect, it } from 'vitest';
import { firstValueFrom, filter, timeout } from 'rxjs';
import { storageOverride } from './storageOverride';
import { CuttableFetch, eventually, openClient, organisation, registration, serverDocs, useSyncServer, type DeskClient } from './harness';
import { uid, uniqueSerial } from '../../support/ids';

// A document the server refuses for good (here 403: a registration for another dealer's
// organisation) must not block the collection's queue, must stay visible with the server's reason,
// survive a restart, and go through once the user fixes it.

/**
 * A server rule the real server does not have for updates (its refusals for good are about scope
 * and schema): this fetch answers a push carrying `vatNumber: 'NL-BAD'`, or the deletion of
 * `refuseDeleteOf`, the way the server answers a refusal (422 with an error body); everything else
 * goes to the real server. `hold` delays the pushes of one collection (to order them); `slowMs`
 * delays every push without a refused row; `pushes` counts push requests.
 */
class RuleFetch extends CuttableFetch {
  hold: { collection: string; until: Promise<void> } | null = null;
  slowMs = 0;
  refuseDeleteOf: string | null = null;
  pushes = 0;
  constructor() {
    super();
    const inner = this.fetch;
    (this as { fetch: typeof fetch }).fetch = async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (url.endsWith('/push') && typeof init?.body === 'string' && !this.offline) {
        this.pushes++;
        if (this.hold && url.endsWith(`/sync/${this.hold.collection}/push`)) await this.hold.until;
        const rows = JSON.parse(init.body) as { newDocumentState: Record<string, unknown> }[];
        if (rows.some((r) => r.newDocumentState.vatNumber === 'NL-BAD' || (r.newDocumentState._deleted && r.newDocumentState.id === this.refuseDeleteOf)))
          return new Response(JSON.stringify({ statusCode: 422, code: 'invalid-vat', message: 'VAT number NL-BAD is invalid' }), { status: 422, headers: { 'content-type': 'application/json' } });
        if (this.slowMs) await new Promise((r) => setTimeout(r, this.slowMs));
      }
      return inner(input, init);
    };
  }
}

const env = useSyncServer();
const serial = uniqueSerial;
const onServer = async (c: DeskClient, id: string, collection: 'organisations' | 'registrations' = 'registrations') =>
  (await serverDocs(env.server.url, (await c.secrets.read('token'))!, collection)).find((d) => d.id === id);

describe('documents the server refuses for good', () => {
  it('are isolated, shown with the reason, kept across a restart, and sent again once fixed', async () => {
    const name = uid('refusals-db');
    const c = await env.client('dealer2@demo.test', ['organisations', 'registrations'], { name });
    await c.sync.awaitInitialReplication();
    const own = uid('org-dealer2');
    await c.db.collections.organisations!.insert(organisation(own, 'dealer-demo-2'));
    await c.sync.awaitInSync();

    // Offline: two good registrations around one for an organisation outside dealer2's scope.
    c.net.offline = true;
    const good1 = uid('reg-good');
    const bad = uid('reg-foreign');
    const good2 = uid('reg-good');
    const regs = c.db.collections.registrations!;
    await regs.insert(registration(good1, own, serial()));
    await regs.insert(registration(bad, 'org-demo-studio', serial(), { dealerName: 'typed by the user' }));
    await regs.insert(registration(good2, own, serial()));
    const pushesBefore = c.net.count('/sync/registrations/push');
    c.net.offline = false;
    c.sync.retryNow();

    await eventually('both good registrations on the server', async () => (await onServer(c, good1)) && (await onServer(c, good2)), 15_000);
    await eventually('the refusal recorded', async () => c.sync.status.refusedDocuments === 1);
    expect(await onServer(c, bad)).toBeUndefined();
    expect(c.sync.status.collections.registrations?.refusedDocuments).toBe(1);
    expect(c.net.count('/sync/registrations/push') - pushesBefore, 'the batch was split, not retried forever').toBeLessThanOrEqual(6);
    const [refusal] = await firstValueFrom(c.sync.refusals$);
    expect(refusal).toMatchObject({ collection: 'registrations', id: bad, httpStatus: 403, code: 'forbidden' });
    expect(refusal!.message).toMatch(/outside your scope/);
    // the server's parameters are kept with it: the app words the refusal with them (renderer/app/reasons.ts), never with the message
    expect(refusal!.params).toEqual({ collection: 'registrations', id: bad, organisationId: 'org-demo-studio' });
    expect(refusal!.document).toMatchObject({ organisationId: 'org-demo-studio', dealerName: 'typed by the user' });
    const state = await firstValueFrom(c.sync.itemState$('registrations', bad).pipe(filter((s) => s?.state === 'refused'), timeout(5000)));
    expect(state!.reason).toMatch(/outside your scope/);
    expect(state!.refusal).toEqual({ code: 'forbidden', params: { collection: 'registrations', id: bad, organisationId: 'org-demo-studio' }, organisationId: 'org-demo-studio' });
    expect((await regs.findOne(bad).exec())?.get('dealerName'), 'the refused document stays as the user typed it').toBe('typed by the user');

    // The queue is not blocked: a later registration goes through.
    const good3 = uid('reg-good');
    await regs.insert(registration(good3, own, serial()));
    await eventually('a later registration on the server', () => onServer(c, good3), 15_000);
    await c.close();

    // After a restart the refusal is still listed.
    const again = await openClient(env.server, 'dealer2@demo.test', ['organisations', 'registrations'], { name });
    try {
      await again.sync.awaitInitialReplication();
      await eventually('the refusal survived the restart', async () => again.sync.status.refusedDocuments === 1);
      // The user fixes it (the right organisation): it is sent again and accepted; the refusal clears.
      await (await again.db.collections.registrations!.findOne(bad).exec())!.incrementalPatch({ organisationId: own });
      await eventually('the fixed registration on the server', () => onServer(again, bad), 15_000);
      await eventually('the refusal cleared', async () => again.sync.status.refusedDocuments === 0);
      const fixed = await firstValueFrom(again.sync.itemState$('registrations', bad).pipe(filter((s) => s !== null && s.state !== 'refused' && s.state !== 'queued'), timeout(10_000)));
      expect(['sent', 'confirmed']).toContain(fixed!.state);
    } finally {
      await again.close();
    }
  });
});

/**
 * Device B renames organisation `id`; once both devices settled (`settleMs` for the pull), A's copy
 * still holds its refused edit (city Delft, VAT NL-BAD). Returns A's document.
 */
async function renamedByBKeepsRefusedEdit(a: DeskClient, b: DeskClient, id: string, settleMs: number, what: string) {
  await (await b.db.collections.organisations!.findOne(id).exec())!.incrementalPatch({ name: 'Renamed by B' });
  await b.sync.awaitInSync();
  await new Promise((r) => setTimeout(r, settleMs));
  await a.sync.awaitInSync();
  const typed = (await a.db.collections.organisations!.findOne(id).exec())!;
  expect({ city: typed.get('city'), vat: typed.get('vatNumber') }, what).toEqual({ city: 'Delft', vat: 'NL-BAD' });
  return typed;
}

describe('a refused change of an existing document', () => {
  it('stays as typed, is not overwritten by later server changes, and merges against the right base once fixed', async () => {
    const a = await env.client('dealer@demo.test', ['organisations'], { net: new RuleFetch() });
    const b = await env.client('dealer@demo.test', ['organisations']);
    await Promise.all([a.sync.awaitInitialReplication(), b.sync.awaitInitialReplication()]);
    const id = uid('org-upd');
    const aOrgs = a.db.collections.organisations!;
    await aOrgs.insert(organisation(id, 'dealer-demo-1', { city: 'Leiden' }));
    await a.sync.awaitInSync();
    await eventually('B has it', async () => (await b.db.collections.organisations!.findOne(id).exec()) !== null);

    // offline, so the refused edit travels in one push with a good one (split, then answered)
    const other = uid('org-other');
    await aOrgs.insert(organisation(other, 'dealer-demo-1', { city: 'Gouda' }));
    await a.sync.awaitInSync();
    a.net.offline = true;
    await (await aOrgs.findOne(id).exec())!.incrementalPatch({ city: 'Delft', vatNumber: 'NL-BAD' });
    await (await aOrgs.findOne(other).exec())!.incrementalPatch({ city: 'Zwolle' });
    a.net.offline = false;
    a.sync.retryNow();
    await eventually('refused', async () => a.sync.status.refusedDocuments === 1, 15_000);
    await eventually('the good edit on the server', async () => (await onServer(a, other, 'organisations'))?.city === 'Zwolle', 15_000);
    await eventually('nothing pending', async () => a.sync.status.pendingLocalChanges === 0);
    // another device renames it meanwhile; A's refused edit is not overwritten by the pull
    const typed = await renamedByBKeepsRefusedEdit(a, b, id, 500, 'what the user typed is still there');

    // the user fixes the VAT number only: the city edit goes with it, B's rename is kept (three-way merge on the right base)
    await typed.incrementalPatch({ vatNumber: 'NL123456789B01' });
    await eventually('on the server', async () => (await onServer(a, id, 'organisations'))?.vatNumber === 'NL123456789B01', 15_000);
    const server = (await onServer(a, id, 'organisations'))!;
    expect({ city: server.city, name: server.name }).toEqual({ city: 'Delft', name: 'Renamed by B' });
    await eventually('refusal cleared', async () => a.sync.status.refusedDocuments === 0);
    await eventually('A converged', async () => (await aOrgs.findOne(id).exec())?.get('name') === 'Renamed by B');
  });
});

describe('documents refused with their organisation', () => {
  it('are sent again once the organisation is fixed and accepted', async () => {
    const c = await env.client('dealer2@demo.test', ['organisations', 'registrations'], { net: new RuleFetch() });
    await c.sync.awaitInitialReplication();
    const org = uid('org-bad');
    const reg = uid('reg-of-bad');
    c.net.offline = true;
    await c.db.collections.organisations!.insert(organisation(org, 'dealer-demo-2', { vatNumber: 'NL-BAD' }));
    await c.db.collections.registrations!.insert(registration(reg, org, serial()));
    c.net.offline = false;
    c.sync.retryNow();
    await eventually('both refused', async () => c.sync.status.refusedDocuments === 2, 15_000);
    const [dependent] = (await firstValueFrom(c.sync.refusals$)).filter((r) => r.id === reg);
    expect(dependent?.code).toBe('organisation-refused');

    await (await c.db.collections.organisations!.findOne(org).exec())!.incrementalPatch({ vatNumber: 'NL123456789B01' });
    await eventually('organisation on the server', () => onServer(c, org, 'organisations'), 15_000);
    await eventually('registration on the server', () => onServer(c, reg), 15_000);
    await eventually('no refusal left', async () => c.sync.status.refusedDocuments === 0);
  });

  it('a registration for an organisation fixed offline is not refused with the old refusal', async () => {
    const net = new RuleFetch();
    const c = await env.client('dealer2@demo.test', ['organisations', 'registrations'], { net });
    await c.sync.awaitInitialReplication();
    const org = uid('org-bad');
    await c.db.collections.organisations!.insert(organisation(org, 'dealer-demo-2', { vatNumber: 'NL-BAD' }));
    await eventually('organisation refused', async () => c.sync.status.refusedDocuments === 1);

    c.net.offline = true;
    let release!: () => void;
    net.hold = { collection: 'organisations', until: new Promise<void>((r) => (release = r)) }; // the registration reaches the server first
    await (await c.db.collections.organisations!.findOne(org).exec())!.incrementalPatch({ vatNumber: 'NL123456789B01' });
    const reg = uid('reg-late');
    await c.db.collections.registrations!.insert(registration(reg, org, serial()));
    c.net.offline = false;
    c.sync.retryNow();
    // Wait for the client to act on the server's answer to the registration (409: its organisation
    // is not there yet): either kept for a retry (the collection's last error) or refused.
    const refusedIds = async () => (await firstValueFrom(c.sync.refusals$)).map((r) => r.id);
    await eventually('the client acted on the 409 answer', async () => c.sync.status.collections.registrations?.lastError?.code === 'unknown-organisation' || (await refusedIds()).includes(reg), 15_000);
    expect(await refusedIds(), 'the registration waits (409), it is not refused').not.toContain(reg);
    expect(c.sync.status.collections.registrations?.lastError?.code).toBe('unknown-organisation');
    release();
    await eventually('organisation on the server', () => onServer(c, org, 'organisations'), 15_000);
    await eventually('registration on the server', () => onServer(c, reg), 15_000);
  });
});

describe('a refused edit sent in one push with a slow good one', () => {
  it('keeps a refused edit when RxDB writes its meta more than 10 ms after the refusal (bisection with a slow good half)', async () => {
    const name = uid('restore-db');
    const net = new RuleFetch();
    let a = await openClient(env.server, 'dealer@demo.test', ['organisations'], { name, net });
    const b = await env.client('dealer@demo.test', ['organisations']);
    await Promise.all([a.sync.awaitInitialReplication(), b.sync.awaitInitialReplication()]);
    const x = uid('org-x');
    const y = uid('org-y');
    await a.db.collections.organisations!.bulkInsert([organisation(x, 'dealer-demo-1', { city: 'Leiden' }), organisation(y, 'dealer-demo-1', { city: 'Leiden' })]);
    await eventually('both on the server', async () => (await onServer(a, x, 'organisations')) && (await onServer(a, y, 'organisations')), 15_000);
    await a.sync.awaitInSync();
    await eventually('B has X', async () => (await b.db.collections.organisations!.findOne(x).exec()) !== null);
    // both edits made while sync was not running: RxDB's upstream sends them in one push at start
    await a.sync.stop();
    await (await a.db.collections.organisations!.findOne(x).exec())!.incrementalPatch({ city: 'Delft', vatNumber: 'NL-BAD' });
    await (await a.db.collections.organisations!.findOne(y).exec())!.incrementalPatch({ city: 'Gouda' });
    await a.db.close();
    net.slowMs = 300;
    a = await openClient(env.server, 'dealer@demo.test', ['organisations'], { name, net });
    try {
      await eventually('Y on the server', async () => (await onServer(a, y, 'organisations'))?.city === 'Gouda', 15_000);
      await eventually('X refused', async () => a.sync.status.refusedDocuments === 1);
      net.slowMs = 0;
      await new Promise((r) => setTimeout(r, 2500)); // restore is done or gave up

      await renamedByBKeepsRefusedEdit(a, b, x, 1500, 'the refused edit is still there');
    } finally {
      await a.close();
    }
  });
});

describe('a refused deletion', () => {
  it('is sent again by "Send again" (a new deleted revision)', async () => {
    const net = new RuleFetch();
    const a = await env.client('dealer@demo.test', ['organisations'], { net });
    await a.sync.awaitInitialReplication();
    const x = uid('org-del');
    const orgs = a.db.collections.organisations!;
    await orgs.insert(organisation(x, 'dealer-demo-1'));
    await a.sync.awaitInSync();
    net.refuseDeleteOf = x;
    await (await orgs.findOne(x).exec())!.remove();
    await eventually('deletion refused', async () => a.sync.status.refusedDocuments === 1);
    const [r] = await firstValueFrom(a.sync.refusals$);
    expect(r!.document._deleted).toBe(true);

    net.refuseDeleteOf = null; // the server would take it now
    const before = net.pushes;
    await a.sync.resendRefused('organisations', x);
    await eventually('the deletion on the server', async () => (await onServer(a, x, 'organisations'))?._deleted === true, 15_000);
    expect(net.pushes - before).toBeGreaterThan(0);
    expect((await firstValueFrom(a.sync.refusals$)).length).toBe(0);
  });
});

/**
 * Wraps a storage so that, while `hook.fail` is set, RxDB's replication meta instances refuse the
 * write that puts a refused edit's base back (context `cps-refusal-restore-base`, refusals.ts) —
 * what a database closed or a disk full during the restore's wait looks like.
 */
function failingRestoreStorage() {
  const hook = { fail: false, failures: 0 };
  const wrap = storageOverride(
    (params) => params.collectionName.startsWith('rx-replication-meta-'),
    (instance) => {
      // RxDB's validation wrapper replaces `bulkWrite` on the instance later; keep the storage's own.
      const ownBulkWrite = instance.bulkWrite.bind(instance);
      return {
        bulkWrite: (rows: never, context: string) => {
          if (hook.fail && context === 'cps-refusal-restore-base') {
            hook.failures++;
            return Promise.reject(new Error('test: the meta write failed'));
          }
          return ownBulkWrite(rows, context);
        },
      };
    },
  );
  return { hook, wrap };
}

describe('a failure while restoring a refused edit', () => {
  it('is logged with what failed, not left as an unhandled rejection, and sync goes on', async () => {
    const { hook, wrap } = failingRestoreStorage();
    const logged: { what: string; error: unknown }[] = [];
    const a = await env.client('dealer@demo.test', ['organisations'], { net: new RuleFetch(), wrapStorage: wrap, sync: { log: (what, error) => logged.push({ what, error }) } });
    await a.sync.awaitInitialReplication();
    const id = uid('org-restore-fails');
    const orgs = a.db.collections.organisations!;
    await orgs.insert(organisation(id, 'dealer-demo-1', { city: 'Leiden' }));
    await a.sync.awaitInSync();
    hook.fail = true;
    await (await orgs.findOne(id).exec())!.incrementalPatch({ city: 'Delft', vatNumber: 'NL-BAD' });
    await eventually('refused', async () => a.sync.status.refusedDocuments === 1, 15_000);
    await eventually('the failure logged', async () => logged.length > 0, 15_000);
    expect(hook.failures).toBeGreaterThan(0);
    expect(logged[0]!.what).toBe(`restoring the server state of refused organisations ${id}`);
    expect((logged[0]!.error as Error).message).toBe('test: the meta write failed');
    // sync goes on: a later change reaches the server
    hook.fail = false;
    const later = uid('org-after');
    await orgs.insert(organisation(later, 'dealer-demo-1'));
    await eventually('a later organisation on the server', () => onServer(a, later, 'organisations'), 15_000);
  });
});
