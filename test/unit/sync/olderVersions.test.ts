import { describe, expect, it } from 'vitest';
import { isOlderVersion, timestampKey } from '../../../renderer/sync/olderVersions';

describe('older server versions', () => {
  it('orders timestamps of different precision by time, not by their text', () => {
    // as text, '…30.291Z' sorts after '…30.291000Z' although both are the same time
    expect(timestampKey('2026-12-02T17:28:30.291Z')).toBe(timestampKey('2026-12-02T17:28:30.291000Z'));
    expect(timestampKey('2026-12-02T17:28:30.291Z')! < timestampKey('2026-12-02T17:28:30.291001Z')!).toBe(true);
    expect(timestampKey('2026-12-02T17:28:30Z')! < timestampKey('2026-12-02T17:28:30.000001Z')!).toBe(true);
    expect(timestampKey('2026-12-02T17:28:30.1Z')! > timestampKey('2026-12-02T17:28:30.099999Z')!).toBe(true);
  });

  it('reads only ISO 8601 UTC timestamps', () => {
    for (const v of [undefined, null, 5, '', '2026-12-02', '2026-12-02T17:28:30+01:00', 'yesterday']) expect(timestampKey(v), String(v)).toBeNull();
  });

  it('calls a version older only when both timestamps are readable and it is earlier', () => {
    const at = (updatedAt: unknown) => ({ id: 'a', updatedAt });
    expect(isOlderVersion(at('2026-12-02T17:28:30.291000Z'), at('2026-12-02T17:28:54.105Z'))).toBe(true);
    expect(isOlderVersion(at('2026-12-02T17:28:54.105Z'), at('2026-12-02T17:28:30.291000Z'))).toBe(false);
    expect(isOlderVersion(at('2026-12-02T17:28:30.291Z'), at('2026-12-02T17:28:30.291000Z'))).toBe(false);
    expect(isOlderVersion(at('2026-12-02T17:28:30.291Z'), undefined)).toBe(false);
    expect(isOlderVersion(at('garbage'), at('2026-12-02T17:28:30.291Z'))).toBe(false);
    expect(isOlderVersion(at('2026-12-02T17:28:30.291Z'), at(undefined))).toBe(false);
  });
});
