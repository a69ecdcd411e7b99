/** Unit tests of server/authority/memberships.ts: membership validity dates. */
import { describe, expect, it } from 'vitest';
import { oneYearFrom } from '../../../server/authority/memberships';

describe('membership validity', () => {
  it('runs one year less a day, and from 29 February to 28 February', () => {
    expect(oneYearFrom('2026-11-29')).toBe('2027-11-28');
    expect(oneYearFrom('2026-01-01')).toBe('2026-12-31');
    expect(oneYearFrom('2028-02-29')).toBe('2029-02-28');
  });
});
