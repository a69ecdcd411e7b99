/**
 * Finding an organisation the way people type it: identifiers and postcodes ignoring blanks, dots,
 * hyphens and case ("NL 6999 25 228 B01", "2917 1136", "1012lg"); the legal name with or without
 * its legal form ("Fotostudio Noord", "fotostudio noord bv"); street, city and e-mail, by word
 * prefixes in any order. Results are ranked: an exact identifier or name first, then prefixes,
 * then words, then text found inside a field; ties keep the name order.
 *
 * Built once per set of organisations ({@link buildOrganisationIndex}, linear). Per keystroke
 * ({@link searchOrganisations}) the candidates come from native `indexOf` scans over one string
 * per kind of field (identifiers, names, words, other fields, e-mails), only the candidates are
 * scored with plain string tests, and the hits are ordered by a native sort of numeric keys; no
 * regular expressions or locale comparisons per entry. Measured by
 * test/bench/organisation-search.ts (`npm run bench:org-search`).
 */
import type { Organisation } from '../../shared/schemas';
import { legalForms } from '../../shared/identifiers/legalForms';

/** The field a result was found by (the best-scoring one). */
export type OrganisationMatchField = 'vatNumber' | 'chamberNumber' | 'postcode' | 'name' | 'street' | 'city' | 'email';

/** Results the Organisations screen shows at once (refining the query finds the rest). */
export const organisationResultLimit = 200;

/** One search result: the organisation, its score (higher is better) and the field it was found by. */
export interface OrganisationMatch<T extends OrganisationLike = Organisation> {
  organisation: T;
  score: number;
  field: OrganisationMatchField;
}

/** The fields search looks at (any document with them can be indexed, e.g. a desk queue row). */
export type OrganisationLike = Pick<Organisation, 'name'> & Partial<Pick<Organisation, 'legalForm' | 'street' | 'houseNumber' | 'postcode' | 'city' | 'vatNumber' | 'chamberNumber' | 'email' | 'country'>>;

/**
 * Separator of the words and identifiers joined into one string per entry: a word starts right
 * after it, so "starts a word" is one native `includes` of separator + word over the whole list.
 */
const SEP = '\u0001';

interface Entry<T> {
  organisation: T;
  /** Compact identifiers (vatNumber, chamberNumber, postcode), each between separators. */
  ids: string;
  /** The field of each identifier in `ids`, in order. */
  idFields: OrganisationMatchField[];
  /** The compact identifiers, in order (to tell which one matched). */
  idList: string[];
  /** The name without its legal form, compact. */
  name: string;
  /** Words of the name (legal form included) and of the legal-form field, each after a separator. */
  nameWords: string;
  /** Words of street (with house number), postcode, city and e-mail, each after a separator. */
  otherWords: string;
  /** The same per field, to tell which one matched. */
  otherFields: [string, OrganisationMatchField][];
  /** Street, postcode, city and e-mail, compact, separated (for text inside a word). */
  others: string;
  /** The e-mail address, lower case, as written. */
  email: string;
}

/**
 * One text per kind of field: the entries' strings of that kind concatenated, each closed by
 * {@link END} (which no query contains, so a match never spans two entries), with the offset at
 * which each entry starts. A query scans it with native `indexOf` instead of testing 10,000 strings.
 */
interface Channel {
  text: string;
  starts: Int32Array;
}

/** Closes each entry's string in a channel. */
const END = '\u0002';

function channel(parts: string[]): Channel {
  const starts = new Int32Array(parts.length + 1);
  let at = 0;
  for (let i = 0; i < parts.length; i++) {
    starts[i] = at;
    at += parts[i]!.length + 1;
  }
  starts[parts.length] = at;
  return { text: parts.join(END) + END, starts };
}

/** Marks in `out` every entry whose part of `ch` contains `pattern` (at most one scan step per entry). */
function mark(ch: Channel, pattern: string, out: Uint8Array, found: number[]): void {
  const { text, starts } = ch;
  let p = text.indexOf(pattern);
  while (p >= 0) {
    // The entry holding position p: the last start <= p (binary search).
    let lo = 0;
    let hi = starts.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= p) lo = mid;
      else hi = mid - 1;
    }
    if (!out[lo]) {
      out[lo] = 1;
      found.push(lo);
    }
    p = text.indexOf(pattern, starts[lo + 1]!);
  }
}

/** An index over organisations, built by {@link buildOrganisationIndex}. */
export interface OrganisationIndex<T extends OrganisationLike = Organisation> {
  /** Entries in name order. */
  readonly entries: readonly Entry<T>[];
  /** Channels over the entries: identifiers, bare names, words (name and other fields), other fields compact, e-mails. */
  readonly ids: Channel;
  readonly names: Channel;
  readonly words: Channel;
  readonly others: Channel;
  readonly emails: Channel;
}

/** Printable ASCII and blanks only: nothing to fold but case. */
const ascii = /^[\x20-\x7e]*$/;

/** Lower case without diacritics. */
function fold(text: string): string {
  if (ascii.test(text)) return text.toLowerCase();
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/ł/g, 'l').replace(/ß/g, 'ss').toLowerCase();
}

/** Letters and digits only, folded: how identifiers, postcodes and whole names are compared. */
export function compactForSearch(text: string): string {
  return fold(text).replace(/[^a-z0-9]/g, '');
}

/** Words of folded text; dots inside a word are dropped ("b.v." → "bv", "st.-jansstraat" → "st", "jansstraat"). */
function wordsOfFolded(folded: string): string[] {
  return folded
    .replace(/\./g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Folded words of `text` (see {@link wordsOfFolded}). */
function words(text: string): string[] {
  return wordsOfFolded(fold(text));
}

/** Every legal form of shared/identifiers/legalForms (abbreviations and written out), compact. */
const legalFormKeys = new Set(legalForms.flatMap((f) => [...f.short, ...f.long]).map(compactForSearch));

/** True when `word` (folded, compact) is a legal form. */
function isLegalFormWord(word: string): boolean {
  return legalFormKeys.has(word);
}

/** The name's words without a trailing legal form of one to four words ("studio leie bv" → studio, leie). */
function bareName(nameWords: string[]): string[] {
  for (let k = Math.min(4, nameWords.length - 1); k >= 1; k--) if (legalFormKeys.has(nameWords.slice(-k).join(''))) return nameWords.slice(0, -k);
  return nameWords;
}

const byName = (a: { key: string }, b: { key: string }): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * Builds the search index of `organisations`, sorted by name (folded: case and accents ignored).
 * Linear in the number of organisations; rebuild when they change.
 */
export function buildOrganisationIndex<T extends OrganisationLike>(organisations: readonly T[]): OrganisationIndex<T> {
  const keyed = organisations.map((o) => ({ o, key: fold(o.name ?? '') }));
  keyed.sort(byName);
  const entries = keyed.map(({ o, key }): Entry<T> => {
    const nameWords = wordsOfFolded(key);
    const idList: string[] = [];
    const idFields: OrganisationMatchField[] = [];
    for (const field of ['vatNumber', 'chamberNumber', 'postcode'] as const) {
      const v = o[field] ? compactForSearch(o[field]) : '';
      if (v) {
        idList.push(v);
        idFields.push(field);
      }
    }
    const otherFields: [string, OrganisationMatchField][] = [];
    const others: string[] = [];
    const street = [o.street, o.houseNumber].filter(Boolean).join(' ');
    for (const [text, field] of [
      [street, 'street'],
      [o.postcode ?? '', 'postcode'],
      [o.city ?? '', 'city'],
      [o.email ?? '', 'email'],
    ] as const) {
      if (!text) continue;
      const folded = fold(text);
      otherFields.push([SEP + wordsOfFolded(folded).join(SEP), field]);
      others.push(folded.replace(/[^a-z0-9]/g, ''));
    }
    return {
      organisation: o,
      ids: SEP + idList.join(SEP) + SEP,
      idFields,
      idList,
      name: bareName(nameWords).join(''),
      nameWords: SEP + [...nameWords, ...(o.legalForm ? words(o.legalForm) : [])].join(SEP),
      otherWords: otherFields.map(([w]) => w).join(''),
      otherFields,
      others: SEP + others.join(SEP),
      email: (o.email ?? '').trim().toLowerCase(),
    };
  });
  return {
    entries,
    ids: channel(entries.map((e) => e.ids)),
    names: channel(entries.map((e) => SEP + e.name)),
    words: channel(entries.map((e) => e.nameWords + e.otherWords)),
    others: channel(entries.map((e) => e.others)),
    emails: channel(entries.map((e) => e.email)),
  };
}

/** A prepared query: compact form, words that must match, optional legal-form words (each with the separator in front). */
interface Query {
  compact: string;
  /** Separator + compact, and the same with a separator after it (an exact identifier). */
  idStart: string;
  idExact: string;
  /** The query without legal-form words, compact (compared with the bare name). */
  bare: string;
  required: string[];
  optional: string[];
  email: string;
}

function prepare(text: string): Query {
  const all = words(text);
  const legal = all.filter(isLegalFormWord);
  // Legal-form words are optional ("Studio Noord BV" finds "Studio Noord"), unless the query is nothing else.
  const required = legal.length === all.length ? all : all.filter((w) => !isLegalFormWord(w));
  const optional = legal.length === all.length ? [] : legal;
  const compact = compactForSearch(text);
  return {
    compact,
    idStart: SEP + compact,
    idExact: SEP + compact + SEP,
    bare: required.join(''),
    required: required.map((w) => SEP + w),
    optional: optional.map((w) => SEP + w),
    email: text.trim().toLowerCase(),
  };
}

/** How an entry matched: the kind decides the field, found only for the results returned ({@link fieldOf}). */
const enum Kind {
  Name,
  Identifier,
  OtherWord,
  Email,
  OtherInside,
}

/** Outcome of {@link score}: kept in module variables so scoring allocates nothing per entry. */
let bestScore = 0;
let bestKind = Kind.Name;

/** Scores one entry for a query into `bestScore` (0: no match) and `bestKind`. */
function score<T>(e: Entry<T>, q: Query): void {
  bestScore = 0;
  bestKind = Kind.Name;
  const c = q.compact;
  // Identifiers and postcodes: exact, prefix, or inside (a VAT number without its country prefix).
  if (c.length >= 2 && e.ids.includes(c)) {
    const s = e.ids.includes(q.idExact) ? 100 : e.ids.includes(q.idStart) ? 90 : c.length >= 4 ? 70 : 0;
    if (s > 0) {
      bestScore = s;
      bestKind = Kind.Identifier;
      if (s === 100) return;
    }
  }
  // The name without legal form: exact or prefix.
  if (q.bare && e.name.startsWith(q.bare)) {
    const s = e.name.length === q.bare.length ? 95 : 85;
    if (s > bestScore) {
      bestScore = s;
      bestKind = Kind.Name;
    }
  }
  if (bestScore >= 80) return;
  // Every required word is the start of a word of the name, or of a word anywhere.
  if (q.required.length > 0) {
    let inName = true;
    let anywhere = true;
    for (const w of q.required) {
      if (e.nameWords.includes(w)) continue;
      inName = false;
      if (!e.otherWords.includes(w)) {
        anywhere = false;
        break;
      }
    }
    if (inName) {
      bestScore = 80 + optionalBonus(e, q);
      bestKind = Kind.Name;
      return;
    }
    if (anywhere && 60 > bestScore) {
      bestScore = 60 + optionalBonus(e, q);
      bestKind = Kind.OtherWord;
      return;
    }
  }
  // The e-mail address as typed, or text inside the name, street, postcode, city or e-mail.
  if (bestScore < 75 && q.email.includes('@') && e.email.includes(q.email)) {
    bestScore = 75;
    bestKind = Kind.Email;
    return;
  }
  if (bestScore < 50 && c.length >= 3) {
    if (e.name.includes(c)) {
      bestScore = 50;
      bestKind = Kind.Name;
    } else if (e.others.includes(c)) {
      bestScore = 40;
      bestKind = Kind.OtherInside;
    }
  }
}

/** The field an entry that scored `s` with `kind` was found by. */
function fieldOf<T>(e: Entry<T>, q: Query, kind: Kind, s: number): OrganisationMatchField {
  const c = q.compact;
  switch (kind) {
    case Kind.Name:
      return 'name';
    case Kind.Email:
      return 'email';
    case Kind.Identifier:
      return e.idFields[e.idList.findIndex((id) => (s === 100 ? id === c : s === 90 ? id.startsWith(c) : id.includes(c)))] ?? 'name';
    case Kind.OtherWord: {
      const w = q.required.find((x) => !e.nameWords.includes(x))!;
      return e.otherFields.find(([text]) => text.includes(w))?.[1] ?? 'name';
    }
    case Kind.OtherInside:
      return e.otherFields[e.others.split(SEP).slice(1).findIndex((t) => t.includes(c))]?.[1] ?? 'name';
  }
}

/** +1 per optional (legal-form) query word the name carries. */
function optionalBonus<T>(e: Entry<T>, q: Query): number {
  let n = 0;
  for (const w of q.optional) if (e.nameWords.includes(w)) n++;
  return n;
}

/**
 * The organisations matching `query`, best first (see module doc); ties in name order. An empty
 * or blank query returns every organisation in name order (score 0, field `name`).
 *
 * @param limit at most this many results (default all).
 */
export function searchOrganisations<T extends OrganisationLike>(index: OrganisationIndex<T>, query: string, limit = Infinity): OrganisationMatch<T>[] {
  if (!query.trim()) return index.entries.slice(0, limit).map((e) => ({ organisation: e.organisation, score: 0, field: 'name' as const }));
  const q = prepare(query);
  if (q.compact === '' && !q.email.includes('@')) return [];
  // Candidates: entries holding any text a match needs (native scans of the channels), then each scored.
  const entries = index.entries;
  const seen = new Uint8Array(entries.length);
  const candidates: number[] = [];
  const c = q.compact;
  if (c.length >= 2) mark(index.ids, c, seen, candidates);
  if (q.bare) mark(index.names, SEP + q.bare, seen, candidates);
  if (q.required.length > 0) mark(index.words, q.required.reduce((a, b) => (b.length > a.length ? b : a)), seen, candidates);
  if (q.email.includes('@')) mark(index.emails, q.email, seen, candidates);
  if (c.length >= 3) {
    mark(index.names, c, seen, candidates);
    mark(index.others, c, seen, candidates);
  }
  // Order by score (high first), then name order: one numeric key per hit, sorted natively.
  const keys = new Float64Array(candidates.length);
  const kindOf = new Uint8Array(entries.length);
  let n = 0;
  for (const i of candidates) {
    score(entries[i]!, q);
    if (bestScore > 0) {
      keys[n++] = (1000 - bestScore) * 4_194_304 + i; // 2^22 entries at most per score
      kindOf[i] = bestKind;
    }
  }
  const sorted = keys.subarray(0, n).sort();
  const out: OrganisationMatch<T>[] = [];
  for (let k = 0; k < n && out.length < limit; k++) {
    const key = sorted[k]!;
    const i = key % 4_194_304;
    const s = 1000 - (key - i) / 4_194_304;
    out.push({ organisation: entries[i]!.organisation, score: s, field: fieldOf(entries[i]!, q, kindOf[i]! as Kind, s) });
  }
  return out;
}
