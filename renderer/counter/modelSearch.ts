/**
 * Search-as-you-type over the local catalog of product models: by model code or name, tolerant of
 * spacing, dashes, case and one or two typos. Built once per catalog version, queried per
 * keystroke; the scan is linear with cheap string tests first, edit distance only as a fallback.
 */
import type { ProductModel } from '../../shared/schemas';

interface Entry {
  model: ProductModel;
  /** Code without separators, lower case ("eosr5ii"). */
  code: string;
  /** Name without separators, lower case. */
  name: string;
  /** Code and name split into lower-case tokens. */
  tokens: string[];
}

/** Lower case, diacritics removed, only letters, digits and dots kept. */
export function compact(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9.]/g, '');
}

function tokenize(text: string): string[] {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().split(/[^a-z0-9.]+/).filter(Boolean);
}

/** Levenshtein distance of `a` to the closest prefix of `b`, or `max + 1` once it exceeds `max`. */
export function prefixDistance(a: string, b: string, max: number): number {
  const m = a.length;
  const n = Math.min(b.length, m + max);
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (cur[j]! < rowMin) rowMin = cur[j]!;
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  let best = max + 1;
  for (let j = 0; j <= n; j++) if (prev[j]! < best) best = prev[j]!;
  return best;
}

/** An index over a catalog; `search` is called on every keystroke. */
export class ModelSearchIndex {
  private readonly entries: Entry[];

  constructor(models: readonly ProductModel[]) {
    this.entries = models.map((model) => ({
      model,
      code: compact(model.code),
      name: compact(model.name),
      tokens: [...new Set([...tokenize(model.code), ...tokenize(model.name)])],
    }));
  }

  get size(): number {
    return this.entries.length;
  }

  /**
   * Best matches for a query, best first: exact code, code prefix, every query word a word prefix,
   * substring, then typo-tolerant word prefixes (1 edit from 3 letters, 2 from 6). Retired models
   * rank after active ones of the same score.
   * @param limit maximum number of results (default 8).
   */
  search(query: string, limit = 8): ProductModel[] {
    const q = compact(query);
    if (!q) return [];
    const words = tokenize(query);
    const scored: { entry: Entry; score: number }[] = [];
    for (const entry of this.entries) {
      let score = 0;
      if (entry.code === q) score = 1000;
      else if (entry.code.startsWith(q)) score = 800 - (entry.code.length - q.length);
      else if (words.length > 0 && words.every((w) => entry.tokens.some((t) => t.startsWith(w)))) score = 600;
      else if (entry.code.includes(q) || entry.name.includes(q)) score = 400;
      if (score > 0) scored.push({ entry, score: score - (entry.model.retired ? 50 : 0) });
    }
    if (scored.length < limit && q.length >= 3) {
      const found = new Set(scored.map((s) => s.entry));
      for (const entry of this.entries) {
        if (found.has(entry)) continue;
        let total = 0;
        let ok = words.length > 0;
        for (const w of words) {
          const max = w.length >= 6 ? 2 : w.length >= 3 ? 1 : 0;
          let best = max + 1;
          for (const t of entry.tokens) {
            if (Math.abs(t.length - w.length) > max + t.length) continue;
            const d = prefixDistance(w, t, max);
            if (d < best) best = d;
            if (best === 0) break;
          }
          if (best > max) {
            ok = false;
            break;
          }
          total += best;
        }
        if (!ok) {
          const max = q.length >= 6 ? 2 : 1;
          const d = prefixDistance(q, entry.code, max);
          if (d <= max) {
            ok = true;
            total = d;
          }
        }
        if (ok) scored.push({ entry, score: 200 - total * 10 - (entry.model.retired ? 50 : 0) });
      }
    }
    scored.sort((a, b) => b.score - a.score || a.entry.model.code.localeCompare(b.entry.model.code));
    return scored.slice(0, limit).map((s) => s.entry.model);
  }
}
