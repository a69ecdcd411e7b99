import { describe, expect, it } from 'vitest';
import { firstValueFrom, filter, timeout } from 'rxjs';
import { eventually, openClient, organisation, registration, serverDocs, type DeskClient, useSyncServer } from './harness';
import { uid, uniqueSerial } from '../../support/ids';
import { termsVersionInForce } from '../server/helpers';

// One test per conflict rule of shared/sync/conflicts.ts, end to end: the server decides, the
// client's conflict handler resolves, and the result is asserted on both sides.
const env = useSyncServer();
const org = 'org-demo-studio';
const serial = uniqueSerial;

async function client(email: string, collections?: Parameters<typeof openClient>[2]) {
  const c = await env.client(email, collections);
  await c.sync.awaitInitialReplication();
  return c;
}
const doc = async (c: DeskClient, collection: string, id: string) => (await c.db.collections[collection]!.findOne(id).exec())?.toJSON() as Record<string, unknown> | undefined;
const settled = (c: DeskClient) => eventually('the client to settle', async () => c.sync.status.pendingLocalChanges === 0 && c.sync.status.connection === 'online', 15_000);

describe('conflict rules end to end', () => {
  it('registrations, not confirmed: the local edit is kept, another device’s accepted edit too, status from the server', async () => {
    const a = await client('dealer@demo.test');
    const b = await client('dealer@demo.test');
    const id = uid('reg-incomplete');
    await a.db.collections.registrations!.insert(registration(id, org, serial(), { purchaseDate: null }));
    await settled(a);
    await eventually('B sees it', () => doc(b, 'registrations', id));
    expect((await doc(a, 'registrations', id))!.status).toBe('incomplete');

    a.net.offline = true;
    await (await a.db.collections.registrations!.findOne(id).exec())!.incrementalPatch({ dealerName: 'Edited on A (offline)' });
    await (await b.db.collections.registrations!.findOne(id).exec())!.incrementalPatch({ purchaseCountry: 'DE' });
    await settled(b);
    a.net.offline = false;
    await settled(a);
    await eventually('A and the server agree', async () => {
      const [local] = [await doc(a, 'registrations', id)];
      const remote = (await serverDocs(env.server.url, (await a.secrets.read('token'))!, 'registrations')).find((d) => d.id === id)!;
      return local?.dealerName === 'Edited on A (offline)' && local?.purchaseCountry === 'DE' && remote.dealerName === 'Edited on A (offline)' && remote.purchaseCountry === 'DE';
    });
    expect((await doc(a, 'registrations', id))!.status).toBe('incomplete');
  });

  it('registrations, confirmed: the master wins, a local edit of the serial is undone', async () => {
    const a = await client('dealer@demo.test');
    const id = uid('reg-confirmed');
    const s = serial();
    await a.db.collections.registrations!.insert(registration(id, org, s));
    await eventually('points assigned', async () => (await doc(a, 'registrations', id))?.status === 'points-assigned');
    await (await a.db.collections.registrations!.findOne(id).exec())!.incrementalPatch({ serialNumber: '999999999999', points: 5000 });
    await eventually('the master back', async () => {
      const d = await doc(a, 'registrations', id);
      return d?.serialNumber === s && d.points === 900 && d.status === 'points-assigned';
    });
    await settled(a);
  });

  it('registrations: a duplicate serial stays visible on the second client as rejected-duplicate with the reason', async () => {
    const a = await client('dealer@demo.test');
    const b = await client('dealer2@demo.test');
    const s = serial();
    const first = uid('reg-first');
    await a.db.collections.registrations!.insert(registration(first, org, s));
    await eventually('first holds the serial', async () => (await doc(a, 'registrations', first))?.status === 'points-assigned');

    const org2 = uid('org-dealer2');
    await b.db.collections.organisations!.insert(organisation(org2, 'dealer-demo-2'));
    const dup = uid('reg-dup');
    await b.db.collections.registrations!.insert(registration(dup, org2, s));
    await eventually('rejected-duplicate on B', async () => (await doc(b, 'registrations', dup))?.status === 'rejected-duplicate', 15_000);
    const local = (await doc(b, 'registrations', dup))!;
    expect(local.statusReason).toBe('registration.duplicate');
    expect(local.points).toBe(0);
    const item = await firstValueFrom(b.sync.itemState$('registrations', dup).pipe(filter((x) => x?.state === 'rejected'), timeout(5000)));
    expect(item!.reason).toBe('registration.duplicate'); // the code; the screens word it (renderer/app/reasons.ts)
    // It stays: after the push settled and another full pull, B's list of the organisation's
    // registrations (the query the screens run) still shows it, with the server's status and reason.
    await settled(b);
    b.sync.retryNow();
    await b.sync.awaitInSync();
    const listed = await b.db.collections.registrations!.find({ selector: { organisationId: org2 } }).exec();
    expect(listed.map((d) => ({ id: d.get('id'), status: d.get('status'), reason: d.get('statusReason') }))).toEqual([{ id: dup, status: 'rejected-duplicate', reason: local.statusReason }]);
  });

  it('organisations: status is the server’s; a draft keeps local edits, a validated account takes the master', async () => {
    const a = await client('dealer@demo.test');
    const id = uid('org-draft');
    await a.db.collections.organisations!.insert(organisation(id, 'dealer-demo-1', { status: 'validated', statusReason: 'self-approved' }));
    await eventually('status from the server', async () => (await doc(a, 'organisations', id))?.status === 'draft');
    await (await a.db.collections.organisations!.findOne(id).exec())!.incrementalPatch({ city: 'Assen' });
    await settled(a);
    const remote = (await serverDocs(env.server.url, (await a.secrets.read('token'))!, 'organisations')).find((d) => d.id === id)!;
    expect(remote).toMatchObject({ city: 'Assen', status: 'draft' });

    // the seeded organisation is validated: the client may no longer change its address
    const before = (await doc(a, 'organisations', org))!;
    await (await a.db.collections.organisations!.findOne(org).exec())!.incrementalPatch({ city: 'Elsewhere' });
    await eventually('validated account restored', async () => (await doc(a, 'organisations', org))?.city === before.city);
    await settled(a);
  });

  it('memberships: number, status and validity come from the server; after activation the master wins', async () => {
    const a = await client('dealer@demo.test', ['organisations', 'registrations', 'memberships', 'invoices']);
    const reg = uid('reg-for-membership');
    await a.db.collections.registrations!.insert(registration(reg, org, serial()));
    await eventually('points', async () => (await doc(a, 'registrations', reg))?.status === 'points-assigned');
    const id = uid('mem');
    const now = new Date().toISOString();
    await a.db.collections.memberships!.insert({
      id, organisationId: org, tierId: 'tier-silver', paymentMethod: 'bank-transfer', purchaseOrderNumber: 'PO-1', termsAcceptedAt: now, termsVersion: termsVersionInForce, status: 'active',
      statusReason: null, membershipNumber: '000000001', validFrom: null, validTo: null, createdAt: now, updatedAt: now,
    });
    const active = await eventually('activated by the server', async () => {
      const d = await doc(a, 'memberships', id);
      return d?.status === 'active' && d.membershipNumber !== '000000001' ? d : null;
    }, 15_000);
    expect(active.membershipNumber).toMatch(/^\d{9}$/);
    expect(active.validFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await eventually('its invoice', async () => (await a.db.collections.invoices!.find({ selector: { membershipId: id } }).exec()).length === 1);

    await (await a.db.collections.memberships!.findOne(id).exec())!.incrementalPatch({ purchaseOrderNumber: 'PO-CHANGED', tierId: 'tier-gold' });
    await eventually('master restored', async () => {
      const d = await doc(a, 'memberships', id);
      return d?.purchaseOrderNumber === 'PO-1' && d.tierId === 'tier-silver';
    });
    const item = await firstValueFrom(a.sync.itemState$('memberships', id).pipe(filter((x) => x?.state === 'confirmed'), timeout(5000)));
    expect(item!.state).toBe('confirmed');
  });
});
