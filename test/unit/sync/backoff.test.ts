import { describe, expect, it } from 'vitest';
import { createBackoff } from '../../../renderer/sync/backoff';

function seeded(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('backoff with jitter', () => {
  it('grows exponentially within [d/2, d) and is capped', () => {
    const b = createBackoff({ baseMs: 100, maxMs: 1000, random: seeded(7) });
    const seen = Array.from({ length: 8 }, () => b.next());
    const ceilings = [100, 200, 400, 800, 1000, 1000, 1000, 1000];
    seen.forEach((d, i) => {
      expect(d).toBeGreaterThanOrEqual(ceilings[i]! / 2);
      expect(d).toBeLessThanOrEqual(ceilings[i]!);
    });
    expect(b.attempts).toBe(8);
    b.reset();
    expect(b.attempts).toBe(0);
    expect(b.next()).toBeLessThanOrEqual(100);
  });
  it('jitters: two clients with different random sources do not wait the same', () => {
    const a = createBackoff({ baseMs: 1000, random: seeded(1) });
    const b = createBackoff({ baseMs: 1000, random: seeded(2) });
    const da = [a.next(), a.next(), a.next()];
    const db = [b.next(), b.next(), b.next()];
    expect(da).not.toEqual(db);
  });
  it('rejects nonsense options', () => {
    expect(() => createBackoff({ baseMs: -1 })).toThrow(RangeError);
    expect(() => createBackoff({ baseMs: 10, maxMs: 5 })).toThrow(/maxMs/);
    expect(() => createBackoff({ factor: 0.5 })).toThrow(/factor/);
  });
});
