/**
 * Legal forms of the program's markets, as registers write them out and as names carry them
 * (abbreviations). Sources: KvK rechtsvormen; Belgian Wetboek van vennootschappen en verenigingen /
 * Code des sociétés et des associations (2019); German HGB/GmbHG/AktG; Austrian UGB/GmbHG;
 * French Code de commerce; Luxembourg law of 10 August 1915; UK Companies Act 2006 and LLP Act
 * 2000; Polish Kodeks spółek handlowych. Closed vocabulary: recognition never invents a form.
 */

/** One legal form: countries, written-out names (per language), abbreviations as names carry them. */
export interface LegalForm {
  countries: readonly string[];
  long: readonly string[];
  short: readonly string[];
  /** Other written-out names registers use for the form (INSEE's "SARL unipersonnelle" for an EURL); read as `long[0]`. */
  aliases?: readonly string[];
}

export const legalForms: readonly LegalForm[] = [
  // NL / BE (nl)
  { countries: ['NL', 'BE'], long: ['Besloten Vennootschap', 'Besloten vennootschap met beperkte aansprakelijkheid'], short: ['B.V.', 'BV', 'BVBA'] },
  { countries: ['NL', 'BE'], long: ['Naamloze Vennootschap'], short: ['N.V.', 'NV'] },
  { countries: ['NL', 'BE'], long: ['Vennootschap onder firma'], short: ['V.O.F.', 'VOF'] },
  { countries: ['NL', 'BE'], long: ['Commanditaire Vennootschap'], short: ['C.V.', 'CV', 'CommV'] },
  { countries: ['BE'], long: ['Coöperatieve Vennootschap'], short: ['CV', 'CVBA'] },
  { countries: ['NL'], long: ['Eenmanszaak'], short: [] },
  { countries: ['NL'], long: ['Stichting'], short: [] },
  { countries: ['NL'], long: ['Vereniging'], short: [] },
  { countries: ['NL'], long: ['Coöperatie'], short: ['U.A.', 'UA'] },
  { countries: ['NL'], long: ['Maatschap'], short: [] },
  { countries: ['BE'], long: ['Vereniging zonder winstoogmerk'], short: ['VZW', 'vzw'] },
  // BE (fr), FR, LU
  { countries: ['BE', 'FR', 'LU'], long: ['Société à responsabilité limitée'], short: ['SRL', 'SARL', 'S.à r.l.', 'S.àr.l.', 'Sàrl', 'SPRL'] },
  { countries: ['LU'], long: ['Société à responsabilité limitée simplifiée'], short: ['SARL-S', 'S.à r.l.-S'] },
  { countries: ['BE', 'FR', 'LU', 'PL'], long: ['Société anonyme', 'Spółka akcyjna'], short: ['SA', 'S.A.'] },
  { countries: ['BE', 'LU'], long: ['Société coopérative'], short: ['SC', 'SCRL', 'SCOP'] },
  { countries: ['BE', 'LU', 'FR'], long: ['Société en commandite simple', 'Société en commandite'], short: ['SComm', 'SCS', 'SCSp'] },
  { countries: ['BE', 'FR', 'LU'], long: ['Société en nom collectif'], short: ['SNC'] },
  { countries: ['BE', 'LU'], long: ['Association sans but lucratif'], short: ['ASBL', 'asbl'] },
  { countries: ['FR'], long: ['Société par actions simplifiée'], short: ['SAS'] },
  { countries: ['FR'], long: ['Société par actions simplifiée unipersonnelle'], short: ['SASU'] },
  { countries: ['FR'], long: ['Entreprise unipersonnelle à responsabilité limitée'], short: ['EURL'], aliases: ['SARL unipersonnelle', 'Société à responsabilité limitée unipersonnelle'] },
  { countries: ['FR'], long: ['Société civile immobilière'], short: ['SCI'] },
  { countries: ['FR'], long: ['Entreprise individuelle'], short: ['EI'] },
  // DE, AT
  { countries: ['DE', 'AT'], long: ['Gesellschaft mit beschränkter Haftung'], short: ['GmbH', 'Ges.m.b.H.', 'gGmbH'] },
  { countries: ['DE'], long: ['GmbH & Co. KG'], short: ['GmbH & Co. KG', 'GmbH & Co KG'] },
  { countries: ['DE'], long: ['Unternehmergesellschaft (haftungsbeschränkt)'], short: ['UG (haftungsbeschränkt)', 'UG'] },
  { countries: ['DE', 'AT'], long: ['Aktiengesellschaft'], short: ['AG'] },
  { countries: ['DE', 'AT'], long: ['Kommanditgesellschaft'], short: ['KG'] },
  { countries: ['DE'], long: ['Offene Handelsgesellschaft'], short: ['OHG', 'oHG'] },
  { countries: ['AT'], long: ['Offene Gesellschaft'], short: ['OG'] },
  { countries: ['DE'], long: ['eingetragener Kaufmann', 'eingetragene Kauffrau'], short: ['e.K.', 'e.Kfm.', 'e.Kfr.'] },
  { countries: ['AT'], long: ['eingetragenes Unternehmen'], short: ['e.U.'] },
  { countries: ['DE'], long: ['Gesellschaft bürgerlichen Rechts'], short: ['GbR'] },
  { countries: ['AT'], long: ['Gesellschaft bürgerlichen Rechts'], short: ['GesbR'] },
  { countries: ['DE'], long: ['eingetragene Genossenschaft'], short: ['eG'] },
  { countries: ['DE', 'AT'], long: ['Partnerschaftsgesellschaft'], short: ['PartG', 'PartG mbB'] },
  // GB
  { countries: ['GB'], long: ['Private company limited by shares', 'Private limited company'], short: ['Ltd', 'Ltd.', 'Limited'] },
  { countries: ['GB'], long: ['Public limited company'], short: ['PLC', 'plc'] },
  { countries: ['GB'], long: ['Limited liability partnership'], short: ['LLP'] },
  { countries: ['GB'], long: ['Limited partnership'], short: ['LP'] },
  { countries: ['GB'], long: ['Sole trader'], short: [] },
  // PL
  { countries: ['PL'], long: ['Spółka z ograniczoną odpowiedzialnością'], short: ['Sp. z o.o.', 'sp. z o.o.', 'Spółka z o.o.'] },
  { countries: ['PL'], long: ['Spółka jawna'], short: ['sp.j.', 'Sp. j.'] },
  { countries: ['PL'], long: ['Spółka komandytowa'], short: ['sp.k.', 'Sp. k.'] },
  { countries: ['PL'], long: ['Spółka cywilna'], short: ['s.c.'] },
  { countries: ['PL'], long: ['Jednoosobowa działalność gospodarcza'], short: [] },
];

/** Lower case, no diacritics, no dots, blanks or hyphens: the key abbreviations are compared by. */
export function legalFormKey(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/ł/g, 'l').replace(/Ł/g, 'L').toLowerCase().replace(/[.\s\-–]/g, '');
}

const SHORT_INDEX = new Map<string, { form: LegalForm; spelling: string }[]>();
for (const form of legalForms) {
  for (const spelling of form.short) {
    const k = legalFormKey(spelling);
    const list = SHORT_INDEX.get(k) ?? [];
    list.push({ form, spelling });
    SHORT_INDEX.set(k, list);
  }
}

/** Result of `legalFormOfName`. */
export interface NameLegalForm {
  /** The abbreviation as the name carries it, in the register's spelling when it differs only in case ("LTD" → "Ltd"). */
  value: string;
  form: LegalForm;
  /** Number of words of the name the abbreviation takes (from the end). */
  words: number;
  /** The tail as read when OCR put a digit for a letter of the abbreviation ("0G" for "OG"); `value` is the dictionary's spelling. */
  misread?: string;
}

/**
 * The name with a legal-form abbreviation OCR misread ("Alpenfoto Huber 0G") put right by the
 * dictionary ("Alpenfoto Huber OG"), or the name unchanged.
 */
export function repairLegalFormOfName(name: string, country?: string): string {
  const lf = legalFormOfName(name, country);
  if (!lf?.misread) return name;
  const words = name.trim().split(/\s+/);
  return [...words.slice(0, -lf.words), lf.value].join(' ');
}

/**
 * The legal form a name ends with ("Studio Leie BV", "Fotografia Wisła Sp. z o.o.", "Bildpunkt
 * Dresden UG (haftungsbeschränkt)"), or undefined. `country` (ISO alpha-2) prefers that
 * country's forms when an abbreviation is shared (SA: BE/FR/LU/PL) but does not exclude others.
 */
export function legalFormOfName(name: string, country?: string): NameLegalForm | undefined {
  const words = name.trim().split(/\s+/);
  for (let n = Math.min(4, words.length - 1); n >= 1; n--) {
    const tail = words.slice(-n).join(' ');
    const hits = SHORT_INDEX.get(legalFormKey(tail));
    if (!hits) continue;
    const hit = hits.find((h) => country && h.form.countries.includes(country)) ?? hits[0]!;
    const exact = hits.some((h) => h.spelling === tail);
    // An all-capitals name ("NORTHERN LIGHT IMAGING LTD") gets the register's spelling ("Ltd").
    const register = !exact && tail === tail.toUpperCase() ? hit.form.short.find((s) => s.toUpperCase() === tail) : undefined;
    // A sentence's full stop after a form spelled without one ("… Pictures PLC. Registered in …"): not part of the form.
    const undotted = !exact && tail.endsWith('.') ? hits.find((h) => h.spelling === tail.slice(0, -1))?.spelling : undefined;
    // A dotted abbreviation OCR read with a dot missing INSIDE it ("VO.F" for "V.O.F."): no spelling
    // has those dots, so the read is a misread of the dotted spelling with the same letters. A
    // missing final dot ("B.V", "Sp. z o.o") is a way of printing it and stays as printed.
    const dotsLost = !exact && !register && !undotted && tail.includes('.') && !hits.some((h) => h.spelling.toLowerCase() === tail.toLowerCase())
      ? hits.find((h) => h.spelling.length > tail.length && h.spelling !== `${tail}.` && h.spelling.replace(/\./g, '') === tail.replace(/\./g, ''))?.spelling : undefined;
    if (dotsLost) return { value: dotsLost, form: hit.form, words: n, misread: tail };
    return { value: register ?? undotted ?? tail, form: hit.form, words: n };
  }
  // An abbreviation with a letter OCR read as a digit ("Alpenfoto Huber 0G", "Studio 8V"): the
  // dictionary decides; `misread` tells the caller the name's tail is to be repaired.
  for (let n = Math.min(4, words.length - 1); n >= 1; n--) {
    const tail = words.slice(-n).join(' ');
    if (!/\d/.test(tail) || /\d{2}/.test(tail)) continue;
    const hits = SHORT_INDEX.get(legalFormKey(tail).replace(/0/g, 'o').replace(/8/g, 'b').replace(/5/g, 's').replace(/1/g, 'l'))
      ?? SHORT_INDEX.get(legalFormKey(tail).replace(/0/g, 'o').replace(/8/g, 'b').replace(/5/g, 's').replace(/1/g, 'i'));
    if (!hits) continue;
    // the spelling the read has (dots and blanks as printed: "8V" → "BV", "B.V" → "B.V.")
    const letters = (t: string): string => t.toLowerCase().replace(/0/g, 'o').replace(/8/g, 'b').replace(/5/g, 's').replace(/1/g, 'l');
    const same = hits.filter((h) => letters(h.spelling).replace(/i/g, 'l') === letters(tail));
    const pool = same.length ? same : hits;
    const hit = pool.find((h) => country && h.form.countries.includes(country)) ?? pool[0]!;
    return { value: hit.spelling, form: hit.form, words: n, misread: tail };
  }
  // A name that ends with its form WRITTEN OUT (registers and tax lists print "FOTOGRAFIA WISŁA
  // SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ", "… Gesellschaft mit beschränkter Haftung"): the
  // register's spelling. Two words at least, so that a one-word form ("Stichting", "Vereniging")
  // at the end of a name is not taken for it.
  for (let n = Math.min(6, words.length - 1); n >= 2; n--) {
    const k = legalFormKey(words.slice(-n).join(' '));
    const forms = legalForms.filter((f) => f.long.some((l) => legalFormKey(l) === k));
    const form = forms.find((f) => country && f.countries.includes(country)) ?? forms[0];
    if (form) return { value: form.long.find((l) => legalFormKey(l) === k)!, form, words: n };
  }
  return undefined;
}

/** True when `text` is a legal form (abbreviation or written out) of any market. */
export function isLegalForm(text: string): boolean {
  const k = legalFormKey(text);
  return SHORT_INDEX.has(k) || legalForms.some((f) => f.long.some((l) => legalFormKey(l) === k));
}

/** The written-out name an alias stands for ("SARL unipersonnelle" → "Entreprise unipersonnelle à responsabilité limitée"), by `legalFormKey`. */
export function legalFormOfAlias(text: string): string | undefined {
  const k = legalFormKey(text);
  return legalForms.find((f) => f.aliases?.some((a) => legalFormKey(a) === k))?.long[0];
}

/** Every written-out legal form (for snapping OCR'd long forms to the register's spelling). */
export const writtenOutLegalForms: readonly string[] = [...new Set(legalForms.flatMap((f) => f.long))];
