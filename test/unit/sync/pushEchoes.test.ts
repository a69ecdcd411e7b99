import { describe, expect, it } from 'vitest';
import { PushEchoes } from '../../../renderer/sync/pushEchoes';

const doc = (id: string, updatedAt: string, over: Record<string, unknown> = {}) => ({ id, updatedAt, status: 'points-assigned', points: 900, _deleted: false, ...over });

describe('PushEchoes', () => {
  it('leaves out a pulled document equal to the recorded answer, once', () => {
    const e = new PushEchoes();
    e.record([doc('a', '2026-12-02T10:00:00.000001Z'), doc('b', '2026-12-02T10:00:00.000002Z')]);
    const pulled = [doc('x', '2026-12-02T09:00:00.000000Z'), doc('a', '2026-12-02T10:00:00.000001Z'), doc('b', '2026-12-02T10:00:00.000002Z')];
    expect(e.drop(pulled).map((d) => d.id)).toEqual(['x']);
    expect(e.size).toBe(0);
    // the same versions pulled again (a pull from an older checkpoint) go to RxDB as usual
    expect(e.drop(pulled).map((d) => d.id)).toEqual(['x', 'a', 'b']);
  });

  it('keeps a pulled version that differs from the answer in updatedAt or in any field, and forgets the answer', () => {
    const e = new PushEchoes();
    e.record([doc('a', '2026-12-02T10:00:00.000001Z'), doc('b', '2026-12-02T10:00:00.000002Z'), doc('c', '2026-12-02T10:00:00.000003Z')]);
    const newer = doc('a', '2026-12-02T10:00:05.000000Z');
    const otherFields = doc('b', '2026-12-02T10:00:00.000002Z', { points: 0 });
    const deleted = doc('c', '2026-12-02T10:00:00.000003Z', { _deleted: true });
    expect(e.drop([newer, otherFields, deleted])).toEqual([newer, otherFields, deleted]);
    expect(e.size).toBe(0);
  });

  it('keeps at most `max` answers, forgetting the oldest first', () => {
    const e = new PushEchoes(2);
    e.record([doc('a', 't1'), doc('b', 't2')]);
    e.record([doc('c', 't3')]);
    expect(e.size).toBe(2);
    expect(e.drop([doc('a', 't1'), doc('b', 't2'), doc('c', 't3')]).map((d) => d.id)).toEqual(['a']);
  });
});
