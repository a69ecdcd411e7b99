/**
 * The session cache (server/auth.ts `cachedUserForToken`): repeated requests with one token cost
 * one token lookup, and revocation still takes effect on the very next request — after a sign-out,
 * after a password change (which signs out every session of the user), and when another server
 * process on the same database revokes the token (its NOTIFY reaches this process). The cache is
 * set to 60 s here, so a refusal within the test comes from the revocation, never from the entry
 * running out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/testServer';
import { issueToken, tokenHash, tokensChannel } from '../../../server/auth';
import type { Db } from '../../../server/db';
import { client, engines, sharedDatabase, warnIfNoPostgres } from './helpers';

warnIfNoPostgres();

/** Counts the token lookups sent through `db` outside transactions. */
function countTokenLookups(db: Db): { n: number } {
  const c = { n: 0 };
  const query = db.query.bind(db);
  (db as { query: Db['query'] }).query = (sql, params) => {
    if (/from auth_tokens t join users/.test(sql)) c.n++;
    return query(sql, params);
  };
  return c;
}

for (const engine of engines) {
  describe.skipIf(engine.skip)(`session cache on ${engine.name}`, () => {
    let shared: Awaited<ReturnType<typeof sharedDatabase>>;
    let srv: TestServer;
    let lookups: { n: number };

    beforeAll(async () => {
      shared = await sharedDatabase(engine.options);
      srv = await startTestServer({ db: shared.db, config: { tokenCacheMs: 60_000 } });
      lookups = countTokenLookups(shared.db);
    }, 180_000);
    afterAll(async () => {
      await srv?.close();
      await shared?.close();
    });

    it('answers repeated requests with one token lookup, and refuses the token right after sign-out', async () => {
      const { token } = await srv.login('dealer@demo.test');
      const c = client(srv.url, token);
      lookups.n = 0;
      for (let i = 0; i < 3; i++) expect((await c.pull('organisations')).status).toBe(200);
      expect(lookups.n).toBe(1);
      expect((await c.post('/auth/logout', {})).status).toBe(204);
      const after = await c.pull('organisations');
      expect(after.status).toBe(401);
      expect((after.body as unknown as { code: string }).code).toBe('unauthorised');
    }, 120_000);

    it('signs out every session of a user whose password is changed', async () => {
      const a = await srv.login('dealer2@demo.test');
      const b = await srv.login('dealer2@demo.test');
      for (const t of [a.token, b.token]) expect((await client(srv.url, t).pull('registrations')).status).toBe(200);
      const link = await issueToken(shared.db, a.user.id, 3600_000, 'set-password');
      const changed = await client(srv.url, null).post('/auth/set-password', { token: link.token, password: 'a-new-password-1234' });
      expect(changed.status).toBe(200);
      for (const t of [a.token, b.token]) expect((await client(srv.url, t).pull('registrations')).status).toBe(401);
      // The new password works, and its session is served.
      const fresh = await srv.login('dealer2@demo.test', 'a-new-password-1234');
      expect((await client(srv.url, fresh.token).pull('registrations')).status).toBe(200);
    }, 120_000); // four scrypt hashes (logins, the new password): slow on a loaded machine

    it('refuses a token that another server process revoked, long before the cache entry runs out', async () => {
      const { token } = await srv.login('office@demo.test');
      const c = client(srv.url, token);
      expect((await c.pull('organisations')).status).toBe(200);
      // What revokeToken does in another process: the update and its NOTIFY, nothing in this process's memory.
      await shared.db.query(
        `with r as (update auth_tokens set revoked_at = $1 where token_hash = $2 returning 1) select pg_notify($3, 't:' || $2), (select count(*) from r)`,
        [new Date().toISOString(), tokenHash(token), tokensChannel],
      );
      const t0 = Date.now();
      let status = 200;
      while (status === 200 && Date.now() - t0 < 20_000) {
        status = (await c.pull('organisations')).status;
        if (status === 200) await new Promise((r) => setTimeout(r, 50));
      }
      expect(status).toBe(401);
    }, 120_000);
  });
}
