/**
 * Search-as-you-type over the local catalog of product models: by model code or name, tolerant of
 * spacing, dashes, case and one or two typos. Built once per catalog version, queried per
 * keystroke; the scan is linear with cheap string tests first, edit distance only as a fallback.
 */
import type { ProductModel } from '../../shared/schemas';

interface Entry {
  model: ProductModel;
  /** Characters present in `code` (see `charMask`), for a cheap lower bound before edit distance. */
  codeMask: CharMask;
  /** Code without separators, lower case ("eosr5ii"). */
  code: string;
  /** Name without separators, lower case. */
  name: string;
  /** Code and name split into lower-case tokens. */
  tokens: string[];
  /** The tokens as indexes into the index's table of distinct tokens (typo search works per distinct token). */
  tokenIds: number[];
}

/** Lower case, diacritics removed, only letters, digits and dots kept. */
/** Set of the characters a–z (bits 0–25 of `lo`), 0–9 and '.' (bits 0–10 of `hi`) in a string. */
interface CharMask {
  lo: number;
  hi: number;
}

function charMask(text: string): CharMask {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) lo |= 1 << (c - 97);
    else if (c >= 48 && c <= 57) hi |= 1 << (c - 48);
    else if (c === 46) hi |= 1 << 10;
  }
  return { lo, hi };
}

/**
 * Lower bound of the edit distance from `query` to any prefix of a string with character set
 * `mask`: every query character absent from the string costs at least one edit.
 */
function missingChars(query: string, mask: CharMask): number {
  let missing = 0;
  for (let i = 0; i < query.length; i++) {
    const c = query.charCodeAt(i);
    const present = c >= 97 && c <= 122 ? mask.lo & (1 << (c - 97)) : c >= 48 && c <= 57 ? mask.hi & (1 << (c - 48)) : c === 46 ? mask.hi & (1 << 10) : 0;
    if (!present) missing++;
  }
  return missing;
}

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
  if (rowsA.length < n + 1) {
    rowsA = new Int32Array(2 * (n + 1));
    rowsB = new Int32Array(2 * (n + 1));
  }
  let prev = rowsA;
  let cur = rowsB;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const sub = prev[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const del = prev[j]! + 1;
      const ins = cur[j - 1]! + 1;
      const v = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev;
    prev = cur;
    cur = t;
  }
  let best = max + 1;
  for (let j = 0; j <= n; j++) if (prev[j]! < best) best = prev[j]!;
  return best;
}

/** Reused rows of `prefixDistance` (called up to ~10^5 times per keystroke: no allocation per call). */
let rowsA = new Int32Array(64);
let rowsB = new Int32Array(64);

interface Scored {
  entry: Entry;
  score: number;
}

/** Keeps the `limit` best of a stream of scored entries (score desc, then code asc) without sorting them all. */
class TopK {
  readonly items: Scored[] = [];
  /** Number of entries offered so far. */
  offered = 0;
  constructor(private readonly limit: number) {}
  private static before(a: Scored, b: Scored): boolean {
    return a.score > b.score || (a.score === b.score && a.entry.model.code < b.entry.model.code);
  }
  offer(entry: Entry, score: number): void {
    this.offered++;
    const item = { entry, score };
    const items = this.items;
    if (items.length === this.limit && !TopK.before(item, items[items.length - 1]!)) return;
    let i = items.length;
    while (i > 0 && TopK.before(item, items[i - 1]!)) i--;
    items.splice(i, 0, item);
    if (items.length > this.limit) items.pop();
  }
}

/** An index over a catalog; `search` is called on every keystroke. */
export class ModelSearchIndex {
  private readonly entries: Entry[];
  /** Distinct tokens of all models (far fewer than models × tokens). */
  private readonly distinctTokens: string[] = [];
  private readonly distinctMasks: CharMask[] = [];
  /** The previous query and every entry it matched exactly (phase 1): typing on only narrows that set. */
  private last: { query: string; matched: Entry[] } | null = null;

  constructor(models: readonly ProductModel[]) {
    const ids = new Map<string, number>();
    const idOf = (t: string) => {
      let id = ids.get(t);
      if (id === undefined) {
        id = this.distinctTokens.length;
        this.distinctTokens.push(t);
        this.distinctMasks.push(charMask(t));
        ids.set(t, id);
      }
      return id;
    };
    this.entries = models.map((model) => {
      const tokens = [...new Set([...tokenize(model.code), ...tokenize(model.name)])];
      const code = compact(model.code);
      return { model, code, codeMask: charMask(code), name: compact(model.name), tokens, tokenIds: tokens.map(idOf) };
    });
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
    const top = new TopK(limit);
    // A query that extends the previous one can only match a subset of what that one matched
    // (code prefix, substring and word-prefix rules all narrow as characters are appended).
    const pool = this.last && query.startsWith(this.last.query) ? this.last.matched : this.entries;
    const matched: Entry[] = [];
    for (const entry of pool) {
      let score = 0;
      if (entry.code === q) score = 1000;
      else if (entry.code.startsWith(q)) score = 800 - (entry.code.length - q.length);
      else if (words.length > 0 && words.every((w) => entry.tokens.some((t) => t.startsWith(w)))) score = 600;
      else if (entry.code.includes(q) || entry.name.includes(q)) score = 400;
      if (score > 0) {
        top.offer(entry, score - (entry.model.retired ? 50 : 0));
        matched.push(entry);
      }
    }
    this.last = { query, matched };
    if (top.offered < limit && q.length >= 3) {
      // distance of each query word to each DISTINCT token, once per keystroke
      const wordDistances = words.map((w) => {
        const max = w.length >= 6 ? 2 : w.length >= 3 ? 1 : 0;
        const d = new Uint8Array(this.distinctTokens.length);
        for (let i = 0; i < d.length; i++) {
          d[i] = missingChars(w, this.distinctMasks[i]!) > max ? max + 1 : prefixDistance(w, this.distinctTokens[i]!, max);
        }
        return { max, d };
      });
      const found = new Set(matched);
      for (const entry of this.entries) {
        if (found.has(entry)) continue;
        let total = 0;
        let ok = words.length > 0;
        for (const { max, d } of wordDistances) {
          let best = max + 1;
          for (const id of entry.tokenIds) {
            if (d[id]! < best) best = d[id]!;
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
          const d = missingChars(q, entry.codeMask) > max ? max + 1 : prefixDistance(q, entry.code, max);
          if (d <= max) {
            ok = true;
            total = d;
          }
        }
        if (ok) top.offer(entry, 200 - total * 10 - (entry.model.retired ? 50 : 0));
      }
    }
    return top.items.map((s) => s.entry.model);
  }
}
