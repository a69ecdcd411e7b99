/** Hash routes of the app shell (renderer/app/route.ts). */
import { describe, expect, it } from 'vitest';
import { hrefFor, routeFromHash } from '../../../renderer/app/route';

describe('routeFromHash / hrefFor', () => {
  it('parses screen and item id, and round-trips ids with reserved characters', () => {
    expect(routeFromHash('#/organisations/0190-abc')).toEqual({ screen: 'organisations', id: '0190-abc' });
    expect(routeFromHash('#/invoices')).toEqual({ screen: 'invoices', id: null });
    const id = 'a/b c?d';
    expect(routeFromHash(hrefFor('membership', id))).toEqual({ screen: 'membership', id });
  });

  it('falls back to the Counter for empty or unknown hashes', () => {
    expect(routeFromHash('')).toEqual({ screen: 'counter', id: null });
    expect(routeFromHash('#/nope/1')).toEqual({ screen: 'counter', id: null });
    expect(hrefFor('sync')).toBe('#/sync');
  });
});
