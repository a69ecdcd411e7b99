/**
 * The tier-change rule (shared/program/tierChange.ts, docs/program.md#changing-tier): a first
 * membership starts; another tier within 14 days of the start replaces the current one; the same
 * tier, or another tier later, is refused with the day the new tier can start; an ended membership
 * expires (renewal).
 */
import { describe, expect, it } from 'vitest';
import { decideTierChange, lastTierChangeDay, TIER_CHANGE_WINDOW_DAYS, type TierChangeMembership } from '../../../shared/program';

const platinum: TierChangeMembership = { id: 'm-1', tierId: 'tier-platinum', status: 'active', validFrom: '2026-12-01', validTo: '2027-11-30' };

describe('decideTierChange', () => {
  it('starts a first membership', () => {
    expect(decideTierChange([], 'tier-gold', '2026-12-01')).toEqual({ kind: 'start', expire: [] });
    // Rejected and requested memberships are not current.
    const others = [{ ...platinum, status: 'rejected' }, { id: 'm-2', tierId: 'tier-gold', status: 'requested', validFrom: null, validTo: null }];
    expect(decideTierChange(others, 'tier-gold', '2026-12-01')).toEqual({ kind: 'start', expire: [] });
  });

  it('replaces the current membership on the same day and up to 14 days after its start, up or down', () => {
    expect(TIER_CHANGE_WINDOW_DAYS).toBe(14);
    expect(lastTierChangeDay('2026-12-01')).toBe('2026-12-15');
    for (const today of ['2026-12-01', '2026-12-08', '2026-12-15'])
      for (const tier of ['tier-corporate-c', 'tier-silver'])
        expect(decideTierChange([platinum], tier, today)).toEqual({ kind: 'replace', replaced: platinum, expire: [] });
    // Across a month and a year end.
    expect(lastTierChangeDay('2026-12-25')).toBe('2027-01-08');
  });

  it('refuses another tier after the window: the new tier starts when the current one ends', () => {
    expect(decideTierChange([platinum], 'tier-corporate-c', '2026-12-16')).toEqual({
      kind: 'refused',
      code: 'tier-change-window-passed',
      current: platinum,
      lastChangeDay: '2026-12-15',
      startsFrom: '2027-12-01',
    });
  });

  it('refuses the tier the organisation already holds', () => {
    expect(decideTierChange([platinum], 'tier-platinum', '2026-12-01')).toEqual({ kind: 'refused', code: 'tier-already-held', current: platinum, validTo: '2027-11-30' });
  });

  it('lets an ended membership expire and starts the new one (renewal), whatever its tier', () => {
    const ended = { ...platinum, validFrom: '2025-11-01', validTo: '2026-10-31' };
    expect(decideTierChange([ended], 'tier-platinum', '2026-12-01')).toEqual({ kind: 'start', expire: [ended] });
    // Its last day still counts as current.
    expect(decideTierChange([ended], 'tier-gold', '2026-10-31').kind).toBe('refused');
  });

  it('replaces the latest running membership and ends any older one', () => {
    const older = { ...platinum, id: 'm-0', tierId: 'tier-gold', validFrom: '2026-11-30' };
    const ended = { ...platinum, id: 'm-x', validFrom: '2025-01-01', validTo: '2025-12-31' };
    expect(decideTierChange([older, platinum, ended], 'tier-corporate-c', '2026-12-02')).toEqual({ kind: 'replace', replaced: platinum, expire: [ended, older] });
  });

  it('refuses a malformed date instead of deciding on it', () => {
    expect(() => decideTierChange([platinum], 'tier-gold', '2026-13-01')).toThrow(RangeError);
    expect(() => decideTierChange([{ ...platinum, validFrom: '1-12-2026' }], 'tier-gold', '2026-12-01')).toThrow(RangeError);
  });
});
