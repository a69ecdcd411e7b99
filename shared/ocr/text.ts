/** Text normalisation and date parsing used by field extraction (pure). */

/** Lower case, diacritics removed (NFKD minus combining marks; ł → l, ø → o, which have no decomposition), typographic quotes/dashes made ASCII. Keeps the length of letters (ß stays). */
export function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019\u00b4`]/g, "'")
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[łŁ]/g, 'l')
    .replace(/[øØ]/g, 'o')
    .toLowerCase();
}

const MONTHS: Record<string, number> = {
  // nl
  januari: 1, februari: 2, maart: 3, april: 4, mei: 5, juni: 6, juli: 7, augustus: 8, september: 9, oktober: 10, november: 11, december: 12,
  // en
  january: 1, february: 2, march: 3, may: 5, june: 6, july: 7, august: 8, october: 10,
  // de (folded: März → marz)
  januar: 1, februar: 2, marz: 3, mai: 5, dezember: 12,
  // fr (folded: février → fevrier, août → aout, décembre → decembre)
  janvier: 1, fevrier: 2, mars: 3, avril: 4, juin: 6, juillet: 7, aout: 8, septembre: 9, octobre: 10, novembre: 11, decembre: 12,
  // pl, in the genitive of dates ("10 kwietnia 2024") and the nominative (folded: września → wrzesnia, października → pazdziernika)
  stycznia: 1, lutego: 2, marca: 3, kwietnia: 4, maja: 5, czerwca: 6, lipca: 7, sierpnia: 8, wrzesnia: 9, pazdziernika: 10, listopada: 11, grudnia: 12,
  styczen: 1, luty: 2, marzec: 3, kwiecien: 4, maj: 5, czerwiec: 6, lipiec: 7, sierpien: 8, wrzesien: 9, pazdziernik: 10, listopad: 11, grudzien: 12,
  // short forms
  jan: 1, feb: 2, mrt: 3, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, okt: 10, oct: 10, nov: 11, dec: 12, dez: 12,
};

/** A date found in text: ISO `YYYY-MM-DD`, and the character span `[start, end)` in the input. */
export interface FoundDate {
  iso: string;
  start: number;
  end: number;
}

const iso = (y: number, m: number, d: number): string | null => {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return null;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > days) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
};

/**
 * Finds dates in a line of text: `DD-MM-YYYY`, `DD.MM.YYYY`, `DD/MM/YYYY` (day first, as in
 * NL/BE/DE/FR documents), `YYYY-MM-DD`, and `D month YYYY` with month names in Dutch, English,
 * German, French and Polish (`12 maart 2025`, `1er mars 2025`, `12. März 2025`, `10 kwietnia 2024`). Invalid calendar dates
 * are skipped.
 */
export function findDates(text: string): FoundDate[] {
  const out: FoundDate[] = [];
  const f = fold(text);
  let m: RegExpExecArray | null;
  const numeric = /\b(\d{1,2})\s?[-./]\s?(\d{1,2})\s?[-./]\s?(\d{4})\b/g;
  while ((m = numeric.exec(f))) {
    const v = iso(Number(m[3]), Number(m[2]), Number(m[1]));
    if (v) out.push({ iso: v, start: m.index, end: m.index + m[0].length });
  }
  const isoRe = /\b(\d{4})-(\d{2})-(\d{2})\b/g;
  while ((m = isoRe.exec(f))) {
    const v = iso(Number(m[1]), Number(m[2]), Number(m[3]));
    if (v) out.push({ iso: v, start: m.index, end: m.index + m[0].length });
  }
  // "3 mai 2024", "1er mars", "3. Mai", and English ordinals "25th December 2024", "1st day of May 2024"
  const named = /\b(\d{1,2})(?:er|\.|st|nd|rd|th)?(?:\s+(?:day\s+)?of)?\s+([a-z]{3,12})\.?\s+(\d{4})\b/g;
  while ((m = named.exec(f))) {
    const month = MONTHS[m[2]!];
    const v = month ? iso(Number(m[3]), month, Number(m[1])) : null;
    if (v) out.push({ iso: v, start: m.index, end: m.index + m[0].length });
  }
  const english = /\b([a-z]{3,9})\.?\s+(\d{1,2}),\s+(\d{4})\b/g;
  while ((m = english.exec(f))) {
    const month = MONTHS[m[1]!];
    const v = month ? iso(Number(m[3]), month, Number(m[2])) : null;
    if (v) out.push({ iso: v, start: m.index, end: m.index + m[0].length });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Edit distance (Levenshtein: insertions, deletions, substitutions of UTF-16 units), for short strings. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}
