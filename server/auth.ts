/**
 * Users, passwords and bearer tokens.
 *
 * Passwords: scrypt (memory-hard; N=2^15, r=8, p=1 → 32 MiB per hash, OWASP password storage
 * cheat sheet), stored as `scrypt$N$r$p$salt$hash` (base64url). Tokens: 32 random bytes, opaque to
 * the client, stored only as their SHA-256; they expire and can be revoked. Neither a password nor
 * a token is ever logged.
 *
 * Session lookups are cached in memory for a short while (`TOKEN_CACHE_MS`, default
 * {@link defaultTokenCacheMs}; {@link cachedUserForToken}), so a
 * push costs no token query when its client sent another request just before. Revocation still
 * takes effect on the next request: {@link revokeToken} and {@link setPassword} drop the cached
 * entries of this process before they return and NOTIFY {@link tokensChannel}, which every other
 * server process on the same database listens to ({@link listenForRevocations}); should that
 * notification be lost, an entry lives that short while at most.
 */
import { randomBytes, scrypt as scryptCb, createHash, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Db, Queryable } from './db';
import type { UserRole, LoginResponse } from '../shared/sync/protocol';

const scryptParams = { N: 2 ** 15, r: 8, p: 1 } as const;

function scrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

/** Hashes a password with scrypt and a random 16-byte salt. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p } = scryptParams;
  const key = await scrypt(password, salt, 32, { N, r, p, maxmem: 128 * N * r * 2 });
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Checks a password against a stored hash in constant time; false for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split('$');
  if (alg !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const N = Number(n);
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, { N, r: Number(r), p: Number(p), maxmem: 128 * N * Number(r) * 2 });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** SHA-256 of a token (hex), the only form in which tokens are stored. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A user as the server sees it (no password hash). */
export interface User {
  id: string;
  email: string;
  role: UserRole;
  name: string;
  dealerId: string | null;
  organisationId: string | null;
}

interface UserRow {
  id: string;
  email: string;
  role: UserRole;
  name: string;
  dealer_id: string | null;
  organisation_id: string | null;
  password_hash: string | null;
}

const toUser = (r: UserRow): User => ({ id: r.id, email: r.email, role: r.role, name: r.name, dealerId: r.dealer_id, organisationId: r.organisation_id });

/**
 * The one form of an e-mail address used for storage, lookup and the login rate limit: trimmed,
 * Unicode NFC (so a composed and a decomposed "é" are one address; UAX #15), lower case.
 */
export function normaliseEmail(email: string): string {
  return email.trim().normalize('NFC').toLowerCase();
}

/** Creates a user (password optional: a studio manager gets one through the set-password link). Throws on a duplicate e-mail. */
export async function createUser(
  q: Queryable,
  u: { email: string; role: UserRole; name: string; dealerId?: string | null; organisationId?: string | null; password?: string | null },
): Promise<User> {
  const id = crypto.randomUUID();
  const hash = u.password ? await hashPassword(u.password) : null;
  await q.query(
    'insert into users (id, email, password_hash, role, name, dealer_id, organisation_id, created_at) values ($1,$2,$3,$4,$5,$6,$7,$8)',
    [id, normaliseEmail(u.email), hash, u.role, u.name, u.dealerId ?? null, u.organisationId ?? null, new Date().toISOString()],
  );
  return { id, email: normaliseEmail(u.email), role: u.role, name: u.name, dealerId: u.dealerId ?? null, organisationId: u.organisationId ?? null };
}

/** Finds a user by e-mail. */
export async function findUserByEmail(q: Queryable, email: string): Promise<(User & { passwordHash: string | null }) | null> {
  const rows = await q.query<UserRow>('select * from users where email = $1', [normaliseEmail(email)]);
  const r = rows[0];
  return r ? { ...toUser(r), passwordHash: r.password_hash } : null;
}

/**
 * Sets a user's password and revokes every session token of the user (a changed password signs
 * out everywhere; OWASP Session Management Cheat Sheet, "Renew the session ID after any privilege
 * level change").
 */
export async function setPassword(q: Queryable, userId: string, password: string): Promise<void> {
  const hash = await hashPassword(password);
  forgetCached((e) => e.user.id === userId);
  await q.query(
    `with p as (update users set password_hash = $1 where id = $2 returning id),
          r as (update auth_tokens set revoked_at = $3 where user_id = $2 and kind = 'session' and revoked_at is null returning 1)
     select pg_notify($4, 'u:' || $2), (select count(*) from p), (select count(*) from r)`,
    [hash, userId, new Date().toISOString(), tokensChannel],
  );
  forgetCached((e) => e.user.id === userId);
}

/**
 * Issues a token of `kind` (`session` for API access, `set-password` for the one-time e-mail link)
 * valid for `ttlMs` milliseconds. Returns the token (shown once) and its ISO expiry.
 */
export async function issueToken(q: Queryable, userId: string, ttlMs: number, kind: 'session' | 'set-password' = 'session'): Promise<{ token: string; expiresAt: string }> {
  const token = randomBytes(32).toString('base64url');
  const now = Date.now();
  const expiresAt = new Date(now + ttlMs).toISOString();
  await q.query('insert into auth_tokens (token_hash, user_id, kind, created_at, expires_at) values ($1,$2,$3,$4,$5)', [
    tokenHash(token),
    userId,
    kind,
    new Date(now).toISOString(),
    expiresAt,
  ]);
  return { token, expiresAt };
}

/** The user of a valid (known, unexpired, unrevoked) token of `kind`, or null. */
export async function userForToken(q: Queryable, token: string, kind: 'session' | 'set-password' = 'session'): Promise<User | null> {
  const rows = await q.query<UserRow>(
    `select u.* from auth_tokens t join users u on u.id = t.user_id
     where t.token_hash = $1 and t.kind = $2 and t.revoked_at is null and t.expires_at > $3`,
    [tokenHash(token), kind, new Date().toISOString()],
  );
  return rows[0] ? toUser(rows[0]) : null;
}

/** Revokes a token (logout, or a used set-password link); no process accepts it from then on. */
export async function revokeToken(q: Queryable, token: string): Promise<void> {
  const hash = tokenHash(token);
  forgetCached((_e, h) => h === hash);
  await q.query(
    `with r as (update auth_tokens set revoked_at = $1 where token_hash = $2 and revoked_at is null returning 1)
     select pg_notify($3, 't:' || $2), (select count(*) from r)`,
    [new Date().toISOString(), hash, tokensChannel],
  );
  forgetCached((_e, h) => h === hash);
}

// --- Session cache -------------------------------------------------------------------------------

/** How long a session lookup is reused without asking the database by default (milliseconds). */
export const defaultTokenCacheMs = 2000;
/** NOTIFY channel of revocations; payload `t:<token hash>` (one token) or `u:<user id>` (all of a user's). */
export const tokensChannel = 'cps_tokens_revoked';
const tokenCacheMax = 10_000;

interface CachedSession {
  /** The database the token was found in (a token of one server's database is nothing to another). */
  owner: object;
  user: User;
  /** Token expiry and end of this entry's life, ms since the epoch. */
  expiresAt: number;
  until: number;
}
const sessions = new Map<string, CachedSession>();
/** Bumped by every revocation, so a lookup that overlapped one is not cached. */
let revocations = 0;

function forgetCached(match: (e: CachedSession, hash: string) => boolean): void {
  revocations++;
  for (const [h, e] of sessions) if (match(e, h)) sessions.delete(h);
}

/**
 * The user of a valid session `token` like {@link userForToken}, answered from memory when the
 * same database confirmed it less than `cacheMs` milliseconds ago (0: always asks). Revoked tokens
 * are refused at once (see the module doc); an expired one as soon as it expires.
 */
export async function cachedUserForToken(db: Queryable, token: string, cacheMs = defaultTokenCacheMs): Promise<User | null> {
  const hash = tokenHash(token);
  const now = Date.now();
  const hit = sessions.get(hash);
  if (cacheMs > 0 && hit && hit.owner === db && hit.until > now && hit.expiresAt > now) return hit.user;
  const epoch = revocations;
  const rows = await db.query<UserRow & { expires_at: string }>(
    `select u.*, t.expires_at from auth_tokens t join users u on u.id = t.user_id
     where t.token_hash = $1 and t.kind = 'session' and t.revoked_at is null and t.expires_at > $2`,
    [hash, new Date(now).toISOString()],
  );
  const r = rows[0];
  if (!r) return null;
  const user = toUser(r);
  if (cacheMs > 0 && epoch === revocations) {
    if (sessions.size >= tokenCacheMax) sessions.delete(sessions.keys().next().value!);
    sessions.delete(hash);
    sessions.set(hash, { owner: db, user, expiresAt: Date.parse(r.expires_at), until: Date.now() + cacheMs });
  }
  return user;
}

/**
 * Drops cached sessions when another server process revokes them (PostgreSQL shared by several
 * instances: the NOTIFY of {@link revokeToken} / {@link setPassword}). Returns the unlisten function.
 */
export async function listenForRevocations(db: Pick<Db, 'listen'>): Promise<() => Promise<void>> {
  return db.listen(tokensChannel, (payload) => {
    const id = payload.slice(2);
    if (payload.startsWith('t:')) forgetCached((_e, h) => h === id);
    else if (payload.startsWith('u:')) forgetCached((e) => e.user.id === id);
  });
}

/** Checks e-mail + password; returns the login answer or null (unknown user, no password yet, or wrong password). */
export async function login(q: Queryable, email: string, password: string, ttlMs: number): Promise<LoginResponse | null> {
  const u = await findUserByEmail(q, email);
  if (!u || !u.passwordHash) {
    // Spend comparable time so response timing does not reveal which e-mails exist.
    await hashPassword(password);
    return null;
  }
  if (!(await verifyPassword(password, u.passwordHash))) return null;
  const { token, expiresAt } = await issueToken(q, u.id, ttlMs);
  const { passwordHash: _ph, ...user } = u;
  return { token, expiresAt, user };
}
