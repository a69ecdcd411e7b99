/**
 * One chaos-test client, run as a child process (`node --import tsx chaosClient.ts`) so five RxDB
 * clients do not share one process (RxDB open core: ~13 open collections per process).
 * argv: serverUrl email password seed index durationMs. Talks to the parent over IPC:
 * sends `{type:'ready'}`; on `{type:'finish'}` pushes everything and sends `{type:'settled'}`; on
 * `{type:'dump'}` (once all clients settled) pulls the last changes and sends `{type:'result', …}`.
 */
import { openClientDb } from './clientDb';
import { CuttableFetch, organisation, registration } from './harness';
import { startSync } from '../../../renderer/sync/replication';
import { prng } from '../../support/prng';

const [serverUrl, email, password, seedArg, indexArg, durationArg] = process.argv.slice(2) as [string, string, string, string, string, string];
const seed = Number(seedArg);
const index = Number(indexArg);
const duration = Number(durationArg);

const rnd = prng(seed * 31 + index * 7919);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const send = (m: unknown) => process.send?.(m);

async function login(): Promise<{ token: string; user: { dealerId: string | null; organisationId: string | null } }> {
  for (;;) {
    try {
      const res = await fetch(`${serverUrl}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
      if (res.ok) return (await res.json()) as never;
    } catch {
      // server not up yet
    }
    await sleep(200);
  }
}

async function main() {
  let session = await login();
  const db = await openClientDb(`chaos-${seed}-${index}-${process.pid}`, ['organisations', 'registrations'], { validate: true });
  const net = new CuttableFetch();
  // Per-document trace (an organisation's city, a registration's dealer name, with updatedAt),
  // reported with the result so a lost edit or a stale copy can be followed.
  const trace = new Map<string, string[]>();
  const note = (id: string, line: string) => {
    const lines = trace.get(id) ?? [];
    lines.push(`${new Date().toISOString().slice(17, 23)} c${index} ${line}`);
    trace.set(id, lines);
  };
  const city = (d: unknown) => {
    if (!d || typeof d !== 'object') return String(d);
    const o = d as { city?: unknown; dealerName?: unknown; updatedAt?: unknown };
    return `${String('city' in o ? o.city : o.dealerName)}@${String(o.updatedAt).slice(11)}`;
  };
  const tracedFetch: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const isOrgPush = url.includes('/sync/organisations/push') || url.includes('/sync/registrations/push');
    const isOrgPull = url.includes('/sync/organisations/pull?') || url.includes('/sync/registrations/pull?');
    const rows = isOrgPush ? (JSON.parse(String(init?.body)) as { assumedMasterState: unknown; newDocumentState: { id: string } }[]) : [];
    const seq = Math.floor(Math.random() * 1e6);
    for (const r of rows) note(r.newDocumentState.id, `push#${seq} assumed=${r.assumedMasterState ? city(r.assumedMasterState) : 'null'} new=${city(r.newDocumentState)}`);
    try {
      const res = await net.fetch(input, init);
      if (isOrgPush || isOrgPull) {
        const body = (await res.clone().json().catch(() => null)) as unknown;
        if (isOrgPush) {
          const conflicts = Array.isArray(body) ? (body as { id: string }[]) : [];
          for (const r of rows) {
            const c = conflicts.find((x) => x.id === r.newDocumentState.id);
            note(r.newDocumentState.id, `push#${seq} → ${res.status} ${c ? `conflict master=${city(c)} @${(c as { updatedAt?: string }).updatedAt}` : 'ok'}`);
          }
        } else if (body && typeof body === 'object' && Array.isArray((body as { documents?: unknown }).documents)) {
          for (const d of (body as { documents: { id: string; updatedAt: string }[] }).documents) note(d.id, `pull got ${city(d)} @${d.updatedAt}`);
        }
      }
      return res;
    } catch (e) {
      for (const r of rows) note(r.newDocumentState.id, `push#${seq} failed ${String(e).slice(0, 80)}`);
      throw e;
    }
  };
  const sync = startSync({
    db,
    serverUrl,
    getToken: () => session.token,
    onUnauthorized: () => void login().then((s) => ((session = s), sync.signedIn())),
    collections: ['organisations', 'registrations'],
    fetch: tracedFetch,
    backoff: { baseMs: 100, maxMs: 1000 },
    waitForLeadership: false,
  });
  void sync.awaitInitialReplication().then(() => {
    for (const [name, r] of Object.entries(sync.replications))
      r!.error$.subscribe((e) => {
        const msg = String((e as { message?: string }).message ?? e);
        if (!/RC_PULL|RC_PUSH/.test(msg) || /writeError|VD2|schema/i.test(JSON.stringify((e as { parameters?: unknown }).parameters ?? {})))
          send({ type: 'log', message: `client ${index} ${name} replication error: ${msg.slice(0, 300)} ${JSON.stringify((e as { parameters?: unknown }).parameters ?? {}).slice(0, 600)}` });
      });
  });
  const orgs = db.collections.organisations!;
  orgs.eventBulks$.subscribe((bulk) => {
    for (const ev of bulk.events) note(ev.documentId, `write ${bulk.context} ${city(ev.documentData)} rev=${(ev.documentData as { _rev?: string })._rev?.split('-')[0]}`);
  });
  const regs = db.collections.registrations!;
  regs.eventBulks$.subscribe((bulk) => {
    for (const ev of bulk.events) note(ev.documentId, `write ${bulk.context} ${city(ev.documentData)} rev=${(ev.documentData as { _rev?: string })._rev?.split('-')[0]}`);
  });
  const created: { collection: string; id: string }[] = [];
  const lastEdit: Record<string, Record<string, unknown>> = {};
  const myOrgs: string[] = session.user.organisationId ? [session.user.organisationId] : session.user.dealerId === 'dealer-demo-1' ? ['org-demo-studio'] : [];
  const myRegs: string[] = [];
  const sharedSerials = Array.from({ length: 6 }, (_, i) => String(555000000000 + seed * 10 + i).slice(-12).padStart(12, '5'));
  let n = 0;
  let offlineUntil = 0;
  const end = Date.now() + duration;
  send({ type: 'ready' });
  while (Date.now() < end) {
    await sleep(40 + rnd() * 200);
    n++;
    const r = rnd();
    try {
      if (Date.now() > offlineUntil && net.offline) net.offline = false;
      if (r < 0.12 && session.user.dealerId) {
        const id = `chaos-org-${seed}-${index}-${n}`;
        await orgs.insert(organisation(id, session.user.dealerId));
        created.push({ collection: 'organisations', id });
        myOrgs.push(id);
      } else if (r < 0.55 && myOrgs.length > 0) {
        const id = `chaos-reg-${seed}-${index}-${n}`;
        const serial = rnd() < 0.35 ? pick(sharedSerials) : String(600000000000 + seed * 1000 + index * 100000 + n).slice(-12);
        await regs.insert(registration(id, pick(myOrgs), serial, rnd() < 0.25 ? { purchaseDate: null } : {}));
        created.push({ collection: 'registrations', id });
        myRegs.push(id);
      } else if (r < 0.8 && myRegs.length > 0) {
        const id = pick(myRegs);
        const doc = await regs.findOne(id).exec();
        const patch: Record<string, unknown> = { dealerName: `edit ${index}.${n}` };
        if (rnd() < 0.15) patch.purchaseDate = '2026-09-09';
        await doc!.incrementalPatch(patch);
        lastEdit[id] = { ...(lastEdit[id] ?? {}), ...patch };
      } else if (r < 0.9) {
        const mine = myOrgs.filter((o) => o.startsWith('chaos-org-'));
        if (mine.length > 0) {
          const id = pick(mine);
          const doc = await orgs.findOne(id).exec();
          await doc!.incrementalPatch({ city: `City ${index}.${n}` });
          lastEdit[id] = { city: `City ${index}.${n}` };
        }
      } else if (!net.offline) {
        net.offline = true;
        offlineUntil = Date.now() + 300 + rnd() * 2500;
      }
    } catch (e) {
      send({ type: 'log', message: `client ${index} op ${n} failed: ${String(e)}` });
    }
  }
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  net.offline = false;
  sync.retryNow();
  // settle: nothing queued, online, and a pass through every replication in sync
  for (let i = 0; i < 600; i++) {
    if (sync.status.pendingLocalChanges === 0 && sync.status.connection === 'online') break;
    await sleep(100);
  }
  await sync.awaitInSync();
  send({ type: 'settled', index });
  // every client has pushed everything: pull the last changes of the others, then report
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  sync.retryNow();
  await sync.awaitInSync();
  await sleep(500);
  await sync.awaitInSync();
  const dump = async (c: typeof orgs) => (await c.find().exec()).map((d) => d.toJSON());
  send({
    type: 'result',
    index,
    email,
    created,
    lastEdit,
    trace: Object.fromEntries([...trace].filter(([id]) => id.startsWith('chaos-org-') || id.startsWith('chaos-reg-'))),
    status: sync.status,
    requests: Object.fromEntries(net.counts),
    docs: { organisations: await dump(orgs), registrations: await dump(regs) },
  });
  await sync.stop();
  await db.close();
  process.exit(0);
}

main().catch((e) => {
  send({ type: 'error', message: String(e?.stack ?? e) });
  process.exit(1);
});
