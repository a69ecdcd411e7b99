/**
 * Values written into SQL as literals (server/db.ts `sqlLiteral`): the set-based push sends its read
 * with BEGIN and its writes with COMMIT as statements without parameters. Each text below reads back
 * unchanged from PostgreSQL (also with `standard_conforming_strings` off, where a backslash in a
 * plain literal would escape), and a registration whose client-owned text holds quotes, backslashes,
 * dollar quotes and SQL is pushed, stored and pulled back exactly as sent.
 */
import { describe, expect, it } from 'vitest';
import { demoLogins, engines, registrationDoc, useTestServer, warnIfNoPostgres } from './helpers';
import { sqlLiteral } from '../../../server/db';

warnIfNoPostgres();

const texts = [
  '',
  "O'Brien",
  "''",
  'back\\slash',
  "\\'; drop table documents; --",
  '$$ dollar $tag$',
  'E\'x\'',
  'line\nbreak\ttab',
  'émoji 📷 ß',
  JSON.stringify({ a: "it's", b: 'c:\\path', c: '\u0001' }),
];

for (const engine of engines) {
  describe.skipIf(engine.skip)(`SQL literals on ${engine.name}`, () => {
    const {
      srv,
      clients: [dealer],
    } = useTestServer(engine.options, demoLogins.dealer);

    it('reads every text back unchanged, with standard_conforming_strings on and off', async () => {
      const db = srv.server.services.db;
      for (const conforming of ['on', 'off']) {
        const got = await db.transaction(async (tx) => {
          await tx.query(`set local standard_conforming_strings = ${conforming}`);
          const rows = await tx.query<{ v: string }>(`select ${texts.map((t) => sqlLiteral(t)).join(' as v union all select ')} as v`);
          return rows.map((r) => r.v);
        });
        expect(got, `standard_conforming_strings ${conforming}`).toEqual(texts);
      }
      expect(() => sqlLiteral('nul\u0000')).toThrow(/NUL/);
    });

    it('stores a pushed registration with such text exactly as sent', async () => {
      const doc = registrationDoc('org-demo-studio', { dealerName: "Foto O'Brien \\ $$ '); drop table documents; --" });
      const pushed = await dealer.push('registrations', [{ assumedMasterState: null, newDocumentState: doc }]);
      expect(pushed.status).toBe(200);
      const stored = (pushed.body as Record<string, unknown>[]).find((d) => d.id === doc.id)!;
      expect(stored.dealerName).toBe(doc.dealerName);
      const pulled = await dealer.pull('registrations', null, 1000);
      expect(pulled.body.documents.find((d) => d.id === doc.id)?.dealerName).toBe(doc.dealerName);
    });
  });
}
