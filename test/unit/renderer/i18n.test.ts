/**
 * The UI catalogs (renderer/i18n/en.json and nl.json): the same keys, no empty values, the same
 * {{placeholders}} per key, and every literal key the screens use exists.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../../renderer/i18n/en.json';
import nl from '../../../renderer/i18n/nl.json';

type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

const enKeys = flatten(en as Tree);
const nlKeys = flatten(nl as Tree);
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(name) ? [p] : [];
  });
}

describe('UI translations', () => {
  it('en and nl have identical key sets', () => {
    const onlyEn = [...enKeys.keys()].filter((k) => !nlKeys.has(k));
    const onlyNl = [...nlKeys.keys()].filter((k) => !enKeys.has(k));
    expect({ onlyEn, onlyNl }).toEqual({ onlyEn: [], onlyNl: [] });
    expect(enKeys.size).toBeGreaterThan(100);
  });

  it('no value is empty or only whitespace', () => {
    const empty = [...enKeys, ...nlKeys].filter(([, v]) => v.trim() === '').map(([k]) => k);
    expect(empty).toEqual([]);
  });

  it('each key has the same {{placeholders}} in both languages', () => {
    const differ = [...enKeys].filter(([k, v]) => nlKeys.has(k) && placeholders(v).join() !== placeholders(nlKeys.get(k)!).join()).map(([k]) => k);
    expect(differ).toEqual([]);
  });

  it('every literal key used by the screens and components exists (t(…) and uiMessage(…))', () => {
    const files = ['app', 'screens', 'components', 'counter'].flatMap((d) => sourceFiles(join('renderer', d)));
    const used = new Set<string>();
    for (const f of files) {
      for (const m of readFileSync(f, 'utf8').matchAll(/\b(?:t|uiMessage)\(\s*'([a-zA-Z][\w.-]*)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(100);
    // plural keys resolve to key_one / key_other
    const missing = [...used].filter((k) => !enKeys.has(k) && !enKeys.has(`${k}_other`));
    expect(missing).toEqual([]);
  });
});
