/** Model search over the real catalog snapshot (resources/catalog.json): ranking and typo tolerance. */
import { describe, expect, it } from 'vitest';
import catalog from '../../../resources/catalog.json';
import type { ProductModel } from '../../../shared/schemas';
import { ModelSearchIndex, prefixDistance } from '../../../renderer/counter/modelSearch';

const models = (catalog as { productModels: ProductModel[] }).productModels;
const index = new ModelSearchIndex(models);
const codes = (q: string, limit?: number) => index.search(q, limit).map((m) => m.code);

describe('prefixDistance', () => {
  it('is the edit distance to the closest prefix, capped at max + 1', () => {
    expect(prefixDistance('mark', 'markii', 2)).toBe(0);
    expect(prefixDistance('mrk', 'mark', 1)).toBe(1);
    expect(prefixDistance('mrak', 'mark', 2)).toBe(2);
    expect(prefixDistance('xyz', 'mark', 1)).toBe(2);
    // longer strings after short ones reuse the buffers correctly
    expect(prefixDistance('a'.repeat(100), 'a'.repeat(99) + 'b', 2)).toBe(1);
    expect(prefixDistance('ab', 'ab', 0)).toBe(0);
  });
});

describe('ModelSearchIndex.search', () => {
  it('puts the exact code first, then code prefixes', () => {
    expect(codes('EOS-R5')[0]).toBe('EOS-R5');
    expect(codes('eos r5')[0]).toBe('EOS-R5');
    expect(codes('EOS-R5').slice(1, 5).every((c) => c.startsWith('EOS-R5'))).toBe(true);
  });

  it('tolerates typos and word order in names', () => {
    expect(codes('EOS R6 Mrk II')[0]).toBe('EOS-R6-II');
    expect(codes('24-70 2.8')[0]).toMatch(/24-70/);
  });

  it('returns at most `limit` results, best first, and nothing for an empty query', () => {
    expect(codes('e', 5)).toHaveLength(5);
    expect(codes('   ')).toEqual([]);
    expect(codes('zzzzqqq')).toEqual([]);
  });

  it('agrees with a full sort of the same scores (top-k selection keeps the order)', () => {
    const all = index.search('rf', 10_000).map((m) => m.code);
    expect(codes('rf', 8)).toEqual(all.slice(0, 8));
  });
});

describe('typing narrows incrementally without changing results', () => {
  it('gives, keystroke by keystroke, exactly what a fresh index gives for the same query', () => {
    const typed = new ModelSearchIndex(models);
    for (const query of ['EOS R5 Mark II', 'rf 24-70 2.8', 'C300-III', 'cn20x50', 'EOS R6 Mrk', 'speedlite el-1', 'ts-e 50', 'PRO-1100', 'xf6o5']) {
      for (let k = 1; k <= query.length; k++) {
        const prefix = query.slice(0, k);
        expect(typed.search(prefix).map((m) => m.code), prefix).toEqual(new ModelSearchIndex(models).search(prefix).map((m) => m.code));
      }
    }
  });
});
