/**
 * Unit tests of the server's pure parts: the updatedAt format, password hashing, push-body shape
 * checks, client-owned field comparison, schema validation of pushed documents, membership
 * validity dates, and configuration parsing.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatMicros, parseCheckpointQuery } from '../../../server/store';
import { hashPassword, verifyPassword, tokenHash } from '../../../server/auth';
import { parsePushBody, sameClientState, clientFields } from '../../../server/push';
import { validatePushedDocument } from '../../../server/validate';
import { oneYearFrom } from '../../../server/authority/memberships';
import { readConfig } from '../../../server/config';
import { HttpError } from '../../../server/errors';

describe('updatedAt format', () => {
  it('is fixed-width ISO 8601 with microseconds, so text order equals time order', () => {
    expect(formatMicros(Date.parse('2026-11-29T16:41:59.123Z') * 1000 + 456)).toBe('2026-11-29T16:41:59.123456Z');
    fc.assert(
      fc.property(fc.integer({ min: 946_684_800_000_000, max: 4_102_444_800_000_000 }), fc.integer({ min: 1, max: 10_000_000 }), (us, d) => {
        const a = formatMicros(us);
        const b = formatMicros(us + d);
        return a.length === 27 && b.length === 27 && a < b;
      }),
    );
  });
});

describe('pull checkpoint query', () => {
  it('takes both or neither of updatedAt and id, and only the server updatedAt format', () => {
    expect(parseCheckpointQuery({})).toBeNull();
    expect(parseCheckpointQuery({ updatedAt: '', id: '' })).toBeNull();
    expect(parseCheckpointQuery({ updatedAt: '2026-11-29T16:41:59.123456Z', id: 'x' })).toEqual({ updatedAt: '2026-11-29T16:41:59.123456Z', id: 'x' });
    const refused = (q: Record<string, unknown>, msg: RegExp) => {
      let err: unknown;
      try {
        parseCheckpointQuery(q);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(HttpError);
      expect((err as HttpError).statusCode).toBe(400);
      expect((err as HttpError).code).toBe('bad-checkpoint');
      expect((err as HttpError).message).toMatch(msg);
    };
    refused({ updatedAt: 'garbage', id: 'x' }, /updatedAt must be the server's format.*got "garbage"/);
    refused({ updatedAt: '2026-11-29T16:41:59.123Z', id: 'x' }, /server's format/); // milliseconds only
    refused({ updatedAt: '2026-13-45T16:41:59.123456Z', id: 'x' }, /server's format/); // no such date
    refused({ updatedAt: '2026-11-29T16:41:59.123456Z' }, /must come together/);
    refused({ id: 'x' }, /must come together/);
    refused({ updatedAt: ['2026-11-29T16:41:59.123456Z', '2026-11-29T16:41:59.123457Z'], id: 'x' }, /once each/);
  });
});

describe('passwords and tokens', () => {
  it('hashes with scrypt and a random salt; verifies only the right password', async () => {
    const h1 = await hashPassword('correct horse battery');
    const h2 = await hashPassword('correct horse battery');
    expect(h1).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(h1).not.toBe(h2);
    expect(await verifyPassword('correct horse battery', h1)).toBe(true);
    expect(await verifyPassword('correct horse batterY', h1)).toBe(false);
    expect(await verifyPassword('x', 'md5$abc')).toBe(false);
  });
  it('stores tokens as SHA-256 hex', () => {
    expect(tokenHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('push body and documents', () => {
  it('accepts an array of rows and names the bad row otherwise', () => {
    expect(parsePushBody([])).toEqual([]);
    expect(() => parsePushBody({})).toThrow(/JSON array/);
    expect(() => parsePushBody([{ assumedMasterState: null, newDocumentState: {} }, { foo: 1 }])).toThrow(/row 1/);
    expect(() => parsePushBody([{ assumedMasterState: 'x', newDocumentState: {} }])).toThrow(HttpError);
  });
  it('validates against the collection schema and strips RxDB transport fields', () => {
    const org = { id: 'o1', name: 'N', country: 'NL', dealerId: 'd', status: 'draft', updatedAt: 'x', _deleted: false, _meta: { lwt: 1 }, _rev: '1-a' };
    const r = validatePushedDocument('organisations', org, 'row 0');
    expect(r.deleted).toBe(false);
    expect(Object.keys(r.data)).not.toContain('_meta');
    expect(() => validatePushedDocument('organisations', { ...org, country: 'Holland' }, 'row 3')).toThrow(/row 3: organisations o1: \/country/);
    expect(() => validatePushedDocument('organisations', { ...org, extra: 1 }, 'row 0')).toThrow(/extra/);
    expect(() => validatePushedDocument('organisations', { ...org, _deleted: 'yes' }, 'row 0')).toThrow(/_deleted/);
  });
  it('compares client-owned fields only (server-owned status/points are not the client’s)', () => {
    expect(clientFields('registrations')).not.toContain('status');
    expect(clientFields('registrations')).toContain('serialNumber');
    const a = { id: 'r', serialNumber: '1', status: 'draft', points: 0, _deleted: false };
    expect(sameClientState('registrations', a, { ...a, status: 'points-assigned', points: 500 })).toBe(true);
    expect(sameClientState('registrations', a, { ...a, serialNumber: '2' })).toBe(false);
    expect(sameClientState('registrations', a, { ...a, _deleted: true })).toBe(false);
    expect(sameClientState('registrations', { ...a, dealerName: null }, a)).toBe(true); // missing = null
  });
});

describe('membership validity', () => {
  it('runs one year less a day, and from 29 February to 28 February', () => {
    expect(oneYearFrom('2026-11-29')).toBe('2027-11-28');
    expect(oneYearFrom('2026-01-01')).toBe('2026-12-31');
    expect(oneYearFrom('2028-02-29')).toBe('2029-02-28');
  });
});

describe('configuration', () => {
  it('has documented defaults and refuses malformed numbers by name', () => {
    const c = readConfig({});
    expect(c).toMatchObject({ host: '127.0.0.1', port: 8787, databaseUrl: undefined, tokenTtlMs: 12 * 3600_000, loginRateLimit: 10 });
    expect(c.dataDir.endsWith('data/server')).toBe(true);
    expect(readConfig({ PORT: '9000', DATABASE_URL: 'postgres://x' })).toMatchObject({ port: 9000, databaseUrl: 'postgres://x' });
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });
});
