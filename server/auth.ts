/**
 * Users, passwords and bearer tokens.
 *
 * Passwords: scrypt (memory-hard; N=2^15, r=8, p=1 → 32 MiB per hash, OWASP password storage
 * cheat sheet), stored as `scrypt$N$r$p$salt$hash` (base64url). Tokens: 32 random bytes, opaque to
 * the client, stored only as their SHA-256; they expire and can be revoked. Neither a password nor
 * a token is ever logged.
 */
import { randomBytes, scrypt as scryptCb, createHash, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Queryable } from './db';
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

/** Sets a user's password. */
export async function setPassword(q: Queryable, userId: string, password: string): Promise<void> {
  await q.query('update users set password_hash = $1 where id = $2', [await hashPassword(password), userId]);
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

/** Revokes a token (logout, or a used set-password link). */
export async function revokeToken(q: Queryable, token: string): Promise<void> {
  await q.query('update auth_tokens set revoked_at = $1 where token_hash = $2 and revoked_at is null', [new Date().toISOString(), tokenHash(token)]);
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
