/** Unit tests of server/config.ts: defaults and refusals of the environment's settings. */
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../../server/config';

describe('configuration', () => {
  it('has documented defaults and refuses malformed numbers by name', () => {
    const c = readConfig({});
    expect(c).toMatchObject({ host: '127.0.0.1', port: 8787, databaseUrl: undefined, tokenTtlMs: 12 * 3600_000, loginRateLimit: 10 });
    expect(c.dataDir.endsWith('data/server')).toBe(true);
    expect(readConfig({ PORT: '9000', DATABASE_URL: 'postgres://x' })).toMatchObject({ port: 9000, databaseUrl: 'postgres://x' });
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });
});
