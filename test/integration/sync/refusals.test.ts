import { describe, expect, it } from 'vitest';
import { firstValueFrom, filter, timeout } from 'rxjs';
import { eventually, openClient, organisation, registration, serverDocs, useSyncServer, type DeskClient } from './harness';

// A document the server refuses for good (here 403: a registration for another dealer's
// organisation) must not block the collection's queue, must stay visible with the server's reason,
// survive a restart, and go through once the user fixes it.
const env = useSyncServer();
let seq = 0;
const uid = (p: string) => `${p}-${process.pid}-${Date.now()}-${seq++}`;
const serial = () => String(530000000000 + (process.pid % 1000) * 100000 + seq++ * 7).slice(0, 12);
const onServer = async (c: DeskClient, id: string) => (await serverDocs(env.server.url, (await c.secrets.read('token'))!, 'registrations')).find((d) => d.id === id);

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
    expect(refusal!.document).toMatchObject({ organisationId: 'org-demo-studio', dealerName: 'typed by the user' });
    const state = await firstValueFrom(c.sync.itemState$('registrations', bad).pipe(filter((s) => s?.state === 'refused'), timeout(5000)));
    expect(state!.reason).toMatch(/outside your scope/);
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
