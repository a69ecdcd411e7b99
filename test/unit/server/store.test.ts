/** Unit tests of server/store/index.ts: the updatedAt format and the pull checkpoint query. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatMicros, parseCheckpointQuery } from '../../../server/store';
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
