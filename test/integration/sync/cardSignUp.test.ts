/**
 * A card sign-up from a real desk client (RxDB + the renderer's sync) against the real server in
 * its demo mode (the server's own Stripe stand-in through the official SDK): written while offline
 * it waits as `queued` (no card step can start); online, the server accepts it and the client shows
 * `pending`; the `authoriseCard` action asks the server for the hosted page and opens it through the
 * platform API; completing the page activates the membership, which reaches the client by sync.
 */
import { termsVersionInForce } from '../../support/documents';
import { describe, expect, it } from 'vitest';
import { authoriseCard, cardStepOf } from '../../../renderer/actions/cards';
import { eventually, registration, useSyncServer } from './harness';

const env = useSyncServer();
const org = 'org-demo-studio';

describe('card sign-up from the desk client', () => {
  it('queued offline → pending once accepted → hosted page → active by sync', async () => {
    // the studio's gear (900 points), registered by its dealer
    const dealer = await env.client('dealer@demo.test');
    await dealer.sync.awaitInitialReplication();
    await dealer.db.collections.registrations!.insert(registration(`reg-card-${Date.now()}`, org, String(430000000000 + (Date.now() % 100000000))));
    const studio = await env.client('studio@demo.test', ['registrations', 'memberships']);
    await studio.sync.awaitInitialReplication();
    await eventually('the points on the studio', async () => (await studio.db.collections.registrations!.find().exec()).some((r) => r.get('status') === 'points-assigned'), 15_000);

    studio.net.offline = true;
    const id = `mem-card-${Date.now()}`;
    const now = new Date().toISOString();
    await studio.db.collections.memberships!.insert({ id, organisationId: org, tierId: 'tier-silver', paymentMethod: 'card', purchaseOrderNumber: null, termsAcceptedAt: now, termsVersion: termsVersionInForce, status: 'requested', statusReason: null, membershipNumber: null, validFrom: null, validTo: null, cardAuthorisation: null, cardAuthorisationReason: null, createdAt: now, updatedAt: now });
    const local = async () => (await studio.db.collections.memberships!.findOne(id).exec())!.toJSON() as never;
    expect(cardStepOf(await local())).toBe('queued');
    // the session's JSON request (renderer/actions/server.ts does the same with the signed-in token)
    const request = async <T,>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
      const res = await fetch(`${env.server.url}${path}`, { method, headers: { authorization: `Bearer ${await studio.secrets.read('token')}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const json = (await res.json()) as T & { message?: string };
      if (!res.ok) throw new Error(json.message ?? `HTTP ${res.status}`);
      return json;
    };
    const opened: string[] = [];
    const platform = { openExternal: async (url: string) => void opened.push(url) };
    // not accepted yet: the server refuses to open a card page for a membership it does not know
    await expect(authoriseCard(request, platform, id, 'en')).rejects.toThrow();
    expect(opened).toEqual([]);

    studio.net.offline = false;
    await eventually('the server accepted it', async () => cardStepOf(await local()) === 'pending', 15_000);
    await authoriseCard(request, platform, id, 'en');
    const standIn = env.server.server.payments.standIn!;
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatch(new RegExp(`^${standIn.url}/pay/cs_test_`));
    await standIn.completeHostedPage(opened[0]!.split('/pay/')[1]!, '4242424242424242');
    const active = await eventually('active by sync', async () => {
      const m = (await local()) as { status: string; membershipNumber: string | null; cardAuthorisation: string };
      return m.status === 'active' && m;
    }, 15_000);
    expect(active.membershipNumber).toMatch(/^\d{9}$/);
    expect(active.cardAuthorisation).toBe('authorised');
    expect(cardStepOf(active as never)).toBe('none');
  });
});
