/**
 * Replication protocol of the program server on real databases: pull paging over 10,000
 * documents with checkpoints (each exactly once), tombstones, stale assumedMasterState →
 * conflict, idempotent retries, the pull stream, and hostile input (4xx, nothing stored).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/testServer';
import { formatMicros } from '../../../server/store';
import { client, engines, organisationDoc, pullAll, readStream, registrationDoc, warnIfNoPostgres } from './helpers';

warnIfNoPostgres();

for (const engine of engines) {
  describe.skipIf(engine.skip)(`sync protocol on ${engine.name}`, () => {
    let srv: TestServer;
    let dealer: ReturnType<typeof client>;
    let dealerToken: string;
    beforeAll(async () => {
      srv = await startTestServer(engine.options);
      dealerToken = (await srv.login('dealer@demo.test')).token;
      dealer = client(srv.url, dealerToken);
    });
    afterAll(async () => srv?.close());

    it('pages 10,000 documents by checkpoint, each exactly once, in (updatedAt, id) order, with ties on updatedAt', async () => {
      // Bulk SQL insert: 10,000 registrations of the demo organisation, three per updatedAt value.
      const base = Date.parse('2026-01-01T00:00:00Z') * 1000;
      const docs = Array.from({ length: 10_000 }, (_, i) => {
        const updatedAt = formatMicros(base + Math.floor(i / 3));
        return { ...registrationDoc('org-demo-studio', { id: `bulk-${String((i * 7919) % 10_000).padStart(5, '0')}` }), updatedAt, status: 'points-assigned', points: 10 };
      });
      await srv.server.services.db.query(
        `insert into documents (collection, id, updated_at, deleted, organisation_id, dealer_id, data)
         select 'registrations', d->>'id', d->>'updatedAt', false, 'org-demo-studio', 'dealer-demo-1', d from jsonb_array_elements($1::jsonb) as d`,
        [JSON.stringify(docs)],
      );
      const seen = new Map<string, number>();
      let cp: { id: string; updatedAt: string } | null = null;
      let prev = '';
      let pages = 0;
      for (;;) {
        const r = await dealer.pull('registrations', cp, 777);
        expect(r.status).toBe(200);
        for (const d of r.body.documents) {
          const key = `${d.updatedAt}\u0000${d.id}`;
          expect(key > prev).toBe(true);
          prev = key;
          seen.set(d.id, (seen.get(d.id) ?? 0) + 1);
        }
        pages++;
        if (r.body.documents.length === 0) {
          expect(r.body.checkpoint).toEqual(cp); // an empty page keeps the checkpoint
          break;
        }
        cp = r.body.checkpoint;
        // A write in the middle of paging lands after the checkpoint and is seen once, too.
        if (pages === 3) expect((await dealer.push('registrations', [{ assumedMasterState: null, newDocumentState: registrationDoc('org-demo-studio', { id: 'bulk-late' }) }])).status).toBe(200);
      }
      const bulk = [...seen.keys()].filter((k) => k.startsWith('bulk-'));
      expect(bulk.length).toBe(10_001);
      expect([...seen.values()].every((n) => n === 1)).toBe(true);
    });

    it('replicates deletions as tombstones and rejects a stale assumedMasterState with the master', async () => {
      const reg = registrationDoc('org-demo-studio', { purchaseDate: null });
      const first = await dealer.push('registrations', [{ assumedMasterState: null, newDocumentState: reg }]);
      expect(first.status).toBe(200);
      const master = first.body[0]; // server decided `incomplete`: returned so the client learns it now
      expect(master.status).toBe('incomplete');
      expect(master.statusReason).toContain('purchaseDate: required');

      // Client A edits from the master; client B still assumes the original and edits differently.
      const a = { ...master, dealerName: 'Edited by A' };
      // Still incomplete, as the client sent it: answered with the stored document (its new updatedAt, docs/sync.md "Push answers").
      const edited = (await dealer.push('registrations', [{ assumedMasterState: master, newDocumentState: a }])).body;
      expect(edited).toEqual([{ ...a, updatedAt: edited[0]?.updatedAt }]);
      expect(edited[0].updatedAt > master.updatedAt).toBe(true);
      const stale = await dealer.push('registrations', [{ assumedMasterState: master, newDocumentState: { ...master, dealerName: 'Edited by B' } }]);
      expect(stale.status).toBe(200);
      expect(stale.body).toHaveLength(1);
      expect(stale.body[0].dealerName).toBe('Edited by A');

      // Delete (still editable while incomplete): a tombstone replicates with _deleted true.
      const current = stale.body[0];
      const del = await dealer.push('registrations', [{ assumedMasterState: current, newDocumentState: { ...current, _deleted: true } }]);
      expect(del.status).toBe(200);
      const all = await pullAll(dealer, 'registrations');
      const tomb = all.find((d) => d.id === reg.id);
      expect(tomb?._deleted).toBe(true);
      expect(tomb?.dealerName).toBe('Edited by A');
    });

    it('is idempotent: a retried push changes nothing twice and answers with the stored document; a push of exactly the stored document returns no conflict', async () => {
      const org = organisationDoc();
      const row = { assumedMasterState: null, newDocumentState: org };
      const first = await dealer.push('organisations', [row]);
      expect(first.status).toBe(200);
      const before = (await pullAll(dealer, 'organisations')).find((d) => d.id === org.id)!;
      // Taken as sent; the answer carries the server's timestamps (docs/sync.md "Push answers").
      expect(first.body).toEqual([before]);
      expect(before.updatedAt).not.toBe(org.updatedAt);
      const retry = await dealer.push('organisations', [row]);
      expect(retry.body).toEqual([before]);
      const after = (await pullAll(dealer, 'organisations')).find((d) => d.id === org.id)!;
      expect(after.updatedAt).toBe(before.updatedAt); // nothing written
      expect((await dealer.push('organisations', [{ assumedMasterState: before, newDocumentState: before }])).body).toEqual([]);
    });

    it('assigns updatedAt on the server, strictly increasing, ignoring the client clock', async () => {
      const org = organisationDoc({ updatedAt: '2999-01-01T00:00:00.000Z' });
      await dealer.push('organisations', [{ assumedMasterState: null, newDocumentState: org }]);
      const docs = await pullAll(dealer, 'organisations');
      const d = docs.find((x) => x.id === org.id)!;
      expect(d.updatedAt < '2999').toBe(true);
      expect(d.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    });

    it('streams changes over SSE: RESYNC first, then the batch with its checkpoint', async () => {
      const org = organisationDoc();
      const res = await readStream(`${srv.url}/sync/organisations/pull-stream`, dealerToken, {
        timeoutMs: 5000,
        onOpen: async () => {
          await dealer.push('organisations', [{ assumedMasterState: null, newDocumentState: org }]);
        },
        until: (ev) => ev.some((e) => typeof e === 'object' && (e as { documents: { id: string }[] }).documents.some((d) => d.id === org.id)),
      });
      expect(res.status).toBe(200);
      expect(res.events[0]).toBe('RESYNC');
      const batch = res.events.find((e) => typeof e === 'object') as { documents: { id: string; updatedAt: string }[]; checkpoint: { id: string; updatedAt: string } };
      expect(batch.documents.map((d) => d.id)).toContain(org.id);
      const last = batch.documents[batch.documents.length - 1]!;
      expect(batch.checkpoint).toEqual({ id: last.id, updatedAt: last.updatedAt });
    });

    it('answers hostile input with a clear 4xx and stores nothing', async () => {
      const count = async () => Number((await srv.server.services.db.query<{ n: number }>('select count(*)::int as n from documents'))[0]!.n);
      const before = await count();
      const raw = (body: string, type = 'application/json') => fetch(`${srv.url}/sync/organisations/push`, { method: 'POST', headers: { authorization: `Bearer ${dealerToken}`, 'content-type': type }, body });
      const malformed = await raw('[{"assumedMasterState": null, "newDocumentState": {');
      expect(malformed.status).toBe(400);
      expect(((await malformed.json()) as { code: string }).code).toBe('malformed-json');
      const poisoned = await raw(`[{"assumedMasterState": null, "newDocumentState": ${JSON.stringify(organisationDoc()).replace('{', '{"__proto__": {"admin": true},')}}]`);
      expect(poisoned.status).toBe(400);
      expect(await poisoned.json()).toMatchObject({ code: 'forbidden-key', message: expect.stringMatching(/the body contains a forbidden key __proto__/) });
      const escaped = await raw('[{"assumedMasterState": null, "newDocumentState": {"\\u005f_proto__": {}}}]');
      expect(((await escaped.json()) as { code: string }).code).toBe('forbidden-key');
      const plain = await raw(JSON.stringify([{ assumedMasterState: null, newDocumentState: organisationDoc() }]), 'text/plain');
      expect(plain.status).toBe(415);
      expect(((await plain.json()) as { message: string }).message).toMatch(/application\/json, got "text\/plain"/);
      const big = await raw(JSON.stringify([{ assumedMasterState: null, newDocumentState: organisationDoc({ name: 'x'.repeat(3 * 1024 * 1024) }) }]));
      expect(big.status).toBe(413);
      expect(((await big.json()) as { message: string }).message).toMatch(/larger than the limit/);
      // One valid and one schema-invalid document: the whole push is refused.
      const good = organisationDoc();
      const invalid = await dealer.push('organisations', [
        { assumedMasterState: null, newDocumentState: good },
        { assumedMasterState: null, newDocumentState: organisationDoc({ country: 'Netherlands', hacked: true }) },
      ]);
      expect(invalid.status).toBe(400);
      expect(invalid.body.code).toBe('schema-invalid');
      expect(invalid.body.message).toMatch(/row 1: organisations/);
      expect((await dealer.push('organisations', [{ assumedMasterState: null }] as never)).status).toBe(400);
      expect((await dealer.push('organisations', { not: 'an array' } as never)).status).toBe(400);
      const unknown = await dealer.push('secrets', []);
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('unknown-collection');
      expect((await dealer.pull('secrets')).status).toBe(404);
      expect((await dealer.pull('organisations', null, 999_999)).status).toBe(400);
      const badCheckpoint = await dealer.get('/sync/organisations/pull?updatedAt=garbage&id=x');
      expect(badCheckpoint.status).toBe(400);
      expect(badCheckpoint.body.code).toBe('bad-checkpoint');
      expect(badCheckpoint.body.message).toMatch(/updatedAt must be the server's format/);
      const halfCheckpoint = await dealer.get('/sync/organisations/pull?id=x');
      expect(halfCheckpoint.status).toBe(400);
      expect(halfCheckpoint.body.message).toMatch(/updatedAt and id must come together/);
      expect((await readStream(`${srv.url}/sync/secrets/pull-stream`, dealerToken, { timeoutMs: 2000, until: () => true })).status).toBe(404);
      expect(await count()).toBe(before);
    });
  });
}
