/**
 * Field extraction from a document's words (OCR or text layer). Candidates for every field come
 * from ./fields (parts, address, identifiers, party, kind and date); this module chooses between
 * them by evidence that holds across layouts: the document kind decides which party is the
 * applicant (invoice: issuer; letter: addressee; extract or licence: its subject), identifiers in
 * another party's region or marked as the customer's are never chosen, identifiers must agree with
 * each other (NL VAT = RSIN + B.., BE VAT = enterprise number, FR TVA = key + SIREN, PL VAT = PL +
 * NIP), and a choice between close candidates or a conflict is flagged below `LOW_CONFIDENCE`
 * with the alternatives.
 */
import { legalFormOfName, repairLegalFormOfName, sirenOfFrenchVat, validateBelgianEnterpriseNumber } from '../identifiers';
import { labelledPartsAddress, type PostcodeCity, type Street } from './fields/address';
import { findParties, labelledAddress, labelledName, legalFormField, legalFormNames, preferMixedCase, sameName, tradingNames, withLegalForm, withPrintedLegalForm, type Party } from './fields/party';
import { registerCandidates, rsinCandidates, vatCandidates, type IdCandidate } from './fields/identifiers';
import { classifyDocument, extractDocumentDate } from './fields/kindAndDate';
import { makeField, round, textOf, toParts, type Part } from './fields/parts';
import { polishLetters, repairStreetName } from './fields/letters';
import { fold } from './text';
import type { BBox, EvidenceField, EvidenceFields, Extraction, PageText } from './types';

export { classifyDocument } from './fields/kindAndDate';

/**
 * Below this confidence a field is shown as "check this" in the review UI; tests accept a value
 * that differs from the ground truth only when it is flagged (below this or `invalid`).
 */
export const LOW_CONFIDENCE = 0.6;

/** Confidence given to a value chosen between close candidates or conflicting with another identifier. */
const FLAGGED = 0.45;

/**
 * Highest confidence of a name and address taken from a party chosen over another organisation
 * whose score is within `CLOSE_PARTY` of it (two addressee-like blocks on a letter, two issuer-like
 * blocks on an invoice): kept, not flagged, but below the 0.90 band, which is meant for choices the
 * document leaves no doubt about.
 */
const CLOSE_PARTY_CONFIDENCE = 0.85;
const CLOSE_PARTY = 1;

/** Options: `country` (ISO alpha-2), the user's country, used only where the document leaves it open. */
export interface ExtractOptions {
  country?: string;
  /**
   * The Tesseract languages the OCR pages were read with, joined by '+' (`EvidenceReadResult.languages`,
   * e.g. `pol+eng`). With `pol` the model has the Polish letters, so a Polish name or street read
   * without any is taken as printed; absent or without `pol`, such a name or street is flagged
   * (`polishLetters`).
   */
  ocrLanguages?: string;
}

/**
 * Extracts the applicant organisation's fields from a document's pages (words with boxes in PDF
 * points). Pure: the same pages give the same result. `party` says which party of the document
 * the fields belong to; `otherParties` holds the other organisations found (a customer, an
 * issuer) with their fields, for the review form's party switch.
 */
export function extractEvidence(pages: PageText[], opts: ExtractOptions = {}): Extraction {
  const parts = toParts(pages);
  const { kind, confidence: kindConfidence } = classifyDocument(pages);
  const parties = findParties(parts, kind);
  const registerLike = kind === 'chamber-extract' || kind === 'professional-licence';
  const lName = labelledName(parts);
  const applicant = pickApplicant(parties, registerLike ? lName : undefined);
  // The applicant printed again (an invoice's legal footer "Name, street, postcode city" above its
  // register numbers, a letterhead repeated on page 2) under its name or at its address: its own, never another party.
  const selves = parties.filter((p) => p === applicant || (p.name && applicant?.name && sameName(p.name.value, applicant.name.value)) || (applicant?.address && p.address && sameAddress(p.address, applicant.address)));
  const others = parties.filter((p) => !selves.includes(p) && (p.name || p.address));
  // An applicant without a name of its own (an invoice's sender line under a logo OCR lost) takes a
  // name with a legal form printed elsewhere (the legal footer), never another party's (the customer's).
  let picked = (registerLike ? lName ?? applicant?.name : applicant?.name ?? lName) ?? legalFormNames(parts).find((n) => !others.some((o) => o.name && sameName(o.name.value, n.value)));
  // A party named by its trading name ("Trading as  SOLENT STUDIOS" above the address) when the
  // document also labels the registered name with its legal form: the registered name is the organisation's.
  const trading = tradingNames(parts);
  if (picked && lName && picked !== lName && legalFormOfName(lName.value) && trading.some((t) => sameName(t, picked!.value)) && !trading.some((t) => sameName(t, lName.value))) picked = lName;
  // A logo in capitals that leaves words of the name out ("LOTTE DE GRAAF" over the footer
  // "Fotografie Lotte de Graaf · Twijnstraat 231 A · … · KvK …"): the name the organisation prints
  // with its own address, which holds the logo's words in order and at most two more, is the fuller one (on invoices).
  if (picked && kind === 'company-invoice' && !/\p{Ll}/u.test(picked.value)) {
    const within = (long: string, short: string): boolean => ` ${fold(long).replace(/[^a-z0-9]+/g, ' ').trim()} `.includes(` ${fold(short).replace(/[^a-z0-9]+/g, ' ').trim()} `);
    const extra = (s: Party): number => s.name!.value.split(/\s+/).length - picked!.value.split(/\s+/).length;
    const fuller = selves.find((s) => s.name && s.address && extra(s) > 0 && extra(s) <= 2 && within(s.name.value, picked!.value));
    if (fuller) picked = fuller.name;
  }
  const name = picked && withPrintedLegalForm(withLegalForm(picked, lName), parts);
  // On extracts and licences the labelled address; one under a bare "Adresse" label gives way to
  // the seat printed in labelled parts ("Siège social" / Numéro, Rue, Code postal, Localité).
  const lAddress = labelledAddress(parts);
  const lPartsAddress = labelledPartsAddress(parts);
  const address = (registerLike ? (lAddress?.generic ? lPartsAddress ?? lAddress : lAddress ?? lPartsAddress) : undefined) ?? applicant?.address ?? lAddress ?? lPartsAddress;

  // Another organisation's region (its block and a few lines below) holds its own numbers: the
  // customer's on an invoice, the issuing body's letterhead or sender block on a certificate.
  const foreignRegions = others.filter((o) => o.name).map((o) => region(o));
  const footer = kind === 'company-invoice' ? () => false : footerOf(pages);
  const letterhead = kind === 'company-invoice' ? () => false : issuerLetterhead(parts, name, kind === 'professional-licence');
  const inForeign = (c: IdCandidate): boolean => c.foreign || footer(c.part) || letterhead(c.part) || foreignRegions.some((r) => inRegion(c.part, r)) && !selves.some((s) => inRegion(c.part, region(s)));
  const allVats = vatCandidates(parts, kind, opts.country ?? address?.countries[0]);
  const vats = allVats.filter((c) => !inForeign(c));
  const registers = registerCandidates(parts, kind).filter((c) => !inForeign(c));
  const rsins = rsinCandidates(parts);

  const postcodeCountries = address?.countries ?? [];
  const vat = chooseIdentifier(vats, (c) => (postcodeCountries.includes(c.country) ? 1 : 0) + (applicant && inRegion(c.part, region(applicant)) ? 1 : 0));
  const vatCountry = vat && !vat.field.invalid ? vat.country : undefined;
  const country = vatCountry ?? pickCountry(postcodeCountries, registers, parts, opts.country);
  let chamber = chooseIdentifier(registers.filter((c) => !country || c.country === country), () => 0);
  const rsin = country === 'NL' || !country ? chooseIdentifier(rsins, () => 0) : undefined;

  // The applicant chosen by score over another organisation scored nearly as high: its name and
  // address come with a lower confidence (not when a label named the organisation on an extract or licence).
  // So do they when a labelled name ("Naam", "Firma", …) names another organisation than the party chosen.
  const rival = !!applicant && !(registerLike && lName) && (others.some((o) => o.name && applicant.score - o.score < CLOSE_PARTY) || (!!lName && !!applicant.name && !sameName(lName.value, applicant.name.value)));
  const closeName = rival && !!name && !!applicant?.name && sameName(name.value, applicant.name.value);
  const closeAddress = rival && !!address && address === applicant?.address;
  const capped = (f: EvidenceField, close: boolean): EvidenceField => (close ? { ...f, confidence: Math.min(f.confidence, CLOSE_PARTY_CONFIDENCE) } : f);
  const fields: EvidenceFields = {};
  /** A failed cross-check of the VAT number: flagged with `alternatives`, and the party's name, address and country kept below the 0.90 band. */
  const flagVatAndParty = (v: { field: EvidenceField }, alternatives: string[]): void => {
    v.field = { ...v.field, confidence: Math.min(v.field.confidence, FLAGGED), alternatives: [...new Set([...(v.field.alternatives ?? []), ...alternatives])] };
    for (const k of ['name', 'legalForm', 'street', 'houseNumber', 'postcode', 'city', 'country'] as const) if (fields[k]) fields[k] = capped(fields[k]!, true);
  };
  if (name) fields.name = capped(flagLowerCaseStart(preferMixedCase(repairedName(name), parts)), closeName);
  if (fields.name && pages.some((p) => p.source === 'ocr')) fields.name = nameDiacritics(fields.name, parts);
  const legalForm = legalFormField(parts, fields.name, country);
  if (legalForm) fields.legalForm = legalForm;
  if (address) {
    // An address window in capitals (La Poste's NF Z10-011, Royal Mail and other posts ask for them)
    // over a letter that spells the same address in mixed case: the mixed-case spelling.
    const mixed = mixedCaseAddress(address, parts);
    fields.street = capped(mixed.street ?? repairStreetName(address.street, country), closeAddress);
    fields.houseNumber = capped(address.houseNumber, closeAddress);
    fields.postcode = capped(address.postcode, closeAddress);
    if (address.city.value) fields.city = capped(mixed.city ?? address.city, closeAddress);
  }
  if (country) {
    const src = vatCountry ? vat!.field : address?.postcode ?? chamber?.field;
    if (src) fields.country = { value: country, confidence: round(src.confidence * (vatCountry ? 1 : 0.9)), page: src.page, bbox: src.bbox };
  }
  // Agreement: BE VAT = enterprise number; FR TVA = key + SIREN. A derived register number fills a gap.
  if (vat && !vat.field.invalid && country === 'BE') {
    const ent = validateBelgianEnterpriseNumber(vat.field.value);
    if (!chamber && ent.valid) chamber = { field: { ...vat.field, value: ent.normalised, confidence: round(vat.field.confidence * 0.95) }, country: 'BE', alternatives: [] };
    else if (chamber && ent.valid && chamber.field.value !== ent.normalised) conflict(vat, chamber);
  }
  if (vat && !vat.field.invalid && country === 'FR') {
    const siren = sirenOfFrenchVat(vat.field.value);
    if (!chamber && siren) chamber = { field: { ...vat.field, value: siren, confidence: round(vat.field.confidence * 0.95) }, country: 'FR', alternatives: [] };
    else if (chamber && siren && chamber.field.value !== siren) conflict(vat, chamber);
  }
  if (vat && rsin && country === 'NL' && !vat.field.invalid && !rsin.field.invalid && vat.field.value.slice(2, 11) !== rsin.field.value && vat.alternatives.length) conflict(vat, rsin);
  // Two parties of an invoice that both read as its issuer, each with a valid VAT number of its
  // own (a logo OCR lost; the customer's block at the top, the issuer's legal footer at the bottom):
  // which one is the applicant's is a choice between close candidates, so the VAT number is flagged
  // with the other one as its alternative, and the party's name, address and country stay below the
  // 0.90 band.
  if (vat && !vat.field.invalid && kind === 'company-invoice') {
    const rivalVats = others.filter((o) => o.name && o.role === 'issuer').flatMap((o) => allVats.filter((c) => c.valid && !c.foreign && c.value !== vat.field.value && inRegion(c.part, region(o))).map((c) => c.value));
    if (rivalVats.length) flagVatAndParty(vat, rivalVats);
  }
  // An invoice's legal footer (its page's lowest tenth) prints the issuer's own VAT number (EU VAT
  // directive 2006/112/EC art. 226(3); §14 Abs. 4 UStG, art. 242 nonies A CGI, …). A valid, labelled
  // VAT number there that is not the one chosen (the customer's block taken for the issuer's when
  // OCR lost the logo) is a failed cross-check: the VAT number is flagged with the footer's as its
  // alternative, so is a register number not read in that footer, and the party's name, address and
  // country stay below the 0.90 band.
  if (vat && !vat.field.invalid && kind === 'company-invoice') {
    const inFooter = footerOf(pages);
    const footerVats = [...new Set(allVats.filter((c) => c.valid && c.labelled && !c.foreign && inFooter(c.part) && c.value !== vat.field.value).map((c) => c.value))];
    if (footerVats.length) {
      flagVatAndParty(vat, footerVats);
      if (chamber && !inFooter(chamber.field)) chamber.field = { ...chamber.field, confidence: Math.min(chamber.field.confidence, FLAGGED) };
    }
  }
  if (vat) fields.vatNumber = vat.field;
  if (chamber) fields.chamberNumber = chamber.field;
  if (rsin) fields.rsin = rsin.field;
  const date = extractDocumentDate(pages);
  if (date) fields.documentDate = date;
  // Polish letters: OCR without the Polish model (./languages.ts) drops them.
  if (country === 'PL' && pages.some((p) => p.source === 'ocr')) {
    const polishModel = (opts.ocrLanguages ?? '').split('+').includes('pol');
    for (const k of ['name', 'street', 'city'] as const) if (fields[k]) fields[k] = polishLetters(fields[k], k, polishModel);
  }
  const otherParties = others.map((o) => {
    const own = chooseIdentifier(allVats.filter((c) => !vats.includes(c) && inRegion(c.part, region(o))), () => 0);
    const pf = partyFields(o);
    if (own) pf.fields.vatNumber = own.field;
    return pf;
  });
  return { kind, kindConfidence, fields, party: applicant?.role ?? (registerLike ? 'subject' : 'other'), otherParties };
}

/**
 * The mixed-case spelling of an address read in capitals, from the same address printed elsewhere
 * on the document with its postcode ("… dont le siège est situé 6 rue de la Monnaie, 59800 Lille"):
 * the street from a part that also holds the postcode, the city from the words right after the
 * postcode. A spelling found only elsewhere (the city inside a name, "Lichtkamer Zwolle") is not
 * taken: case is not guessed.
 */
function mixedCaseAddress(a: Street & PostcodeCity, parts: Part[]): { street?: EvidenceField; city?: EvidenceField } {
  const caps = (v: string): boolean => !/\p{Ll}/u.test(v) && /\p{Lu}{2}/u.test(v);
  const key = (t: string): string => fold(t).replace(/[^a-z0-9]+/g, ' ').trim();
  const pc = a.postcode.value.replace(/\s/g, '');
  const out: { street?: EvidenceField; city?: EvidenceField } = {};
  for (const p of parts) {
    if (!/\p{Ll}/u.test(p.text) || !p.text.replace(/\s/g, '').includes(pc)) continue;
    const words = p.words;
    for (let i = 0; i < words.length; i++) {
      for (let j = i; j < words.length && j < i + 8; j++) {
        const run = words.slice(i, j + 1);
        const text = textOf(run).replace(/[,;]$/, '');
        if (!/\p{Ll}/u.test(text)) continue;
        if (!out.street && caps(a.street.value) && key(text) === key(a.street.value)) out.street = { ...makeField(run, text, p.page, 1), confidence: a.street.confidence };
        const before = words.slice(Math.max(0, i - 2), i).map((w) => w.text).join('').replace(/[,;]$/, '');
        if (!out.city && caps(a.city.value) && key(text) === key(a.city.value) && before.endsWith(pc)) out.city = { ...makeField(run, text, p.page, 1), confidence: a.city.confidence };
      }
    }
  }
  return out;
}

/** Two readings of one address: the same street, house number and postcode (case and blanks aside). */
function sameAddress(a: Street & PostcodeCity, b: Street & PostcodeCity): boolean {
  const k = (x: Street & PostcodeCity): string => fold(`${x.street.value}|${x.houseNumber.value}|${x.postcode.value}`).replace(/\s+/g, '');
  return k(a) === k(b);
}

/** The applicant: for extracts and licences the party named by the labelled name, else the best-scored party. */
function pickApplicant(parties: Party[], lName: EvidenceField | undefined): Party | undefined {
  if (lName) return parties.find((p) => p.name && fold(p.name.value) === fold(lName.value)) ?? nearestBelow(parties.filter((p) => !p.name && p.address), lName) ?? parties[0];
  return parties[0];
}

/**
 * Of the parties without a name, the one whose address starts nearest below `name` on its page
 * (a certificate names its holder, then "of 41 Call Lane, Leeds, LS1 7BT"; the issuing body's own
 * address sits in its letterhead or footer, further away); else the first.
 */
function nearestBelow(parties: Party[], name: EvidenceField): Party | undefined {
  const top = (p: Party): number => Math.min(...p.parts.map((q) => q.bbox[1]));
  const below = parties.filter((p) => p.parts[0]!.page === name.page && top(p) >= name.bbox[1]).sort((a, b) => top(a) - top(b));
  return below[0] ?? parties[0];
}

/** Lowest tenth of a page: where a letter, certificate or extract prints its issuer's own details. */
const FOOTER_BAND = 0.9;

/**
 * Whether a part (or a field) lies in its page's footer band. A certificate, a letter or an extract
 * prints its ISSUER's registration numbers there (a tax office's or register's address, a
 * professional body's own VAT and association register number, a business counter's enterprise
 * number); the organisation the document is about is named in the body. An invoice's footer, by
 * contrast, carries the issuer = the applicant: there it cross-checks the VAT number chosen.
 */
function footerOf(pages: PageText[]): (p: { page: number; bbox: BBox }) => boolean {
  const heights = new Map(pages.map((pg) => [pg.page, pg.height]));
  return (p) => p.bbox[1] > FOOTER_BAND * (heights.get(p.page) ?? Infinity);
}

/** Contact details an issuer prints in its letterhead: a postcode and city, phone, web, e-mail, bank account. */
const CONTACT = /\b(?:tel|telefon|telefoon|phone|fax|iban)\b|www\.|@|\b\d{4,5}\s+\p{Lu}\p{Ll}+|\b\d{4}\s?[A-Z]{2}\s+\p{Lu}/u;

/**
 * The letterhead block of page 1 on documents that are not invoices: the lines from the top of
 * the page down to the first wide vertical gap (more than twice the median line height), when they
 * name another organisation than `applicantName` and carry its contact details (an address, phone,
 * web or bank details). A professional body or business counter prints its OWN numbers there
 * ("Bundesverband … · Ehrenstraße 41 · 50672 Köln · USt-IdNr. …"); a register's header without
 * contact details ("KVK", "FIRMENBUCH … FN 475873 p") is not taken for one. On a professional
 * body's certificate or licence (`issuedByABody`) the letterhead is the body's with or without them.
 */
function issuerLetterhead(parts: Part[], applicantName: EvidenceField | undefined, issuedByABody: boolean): (p: Part) => boolean {
  const page1 = parts.filter((p) => p.page === 1).sort((a, b) => a.bbox[1] - b.bbox[1]);
  const heights = page1.map((p) => p.h).sort((a, b) => a - b);
  const median = heights[Math.floor(heights.length / 2)] ?? 10;
  const block: Part[] = [];
  for (const p of page1) {
    const prevBottom = Math.max(...block.map((q) => q.bbox[3]));
    if (block.length && p.bbox[1] - prevBottom > 2 * median) break;
    block.push(p);
  }
  const own = applicantName ? fold(applicantName.value) : undefined;
  const names = block.filter((p) => /\p{L}{3}/u.test(p.text) && (!own || !p.folded.includes(own)));
  if (!names.length || block.some((p) => own && p.folded.includes(own)) || !(issuedByABody || block.some((p) => CONTACT.test(p.text)))) return () => false;
  const inBlock = new Set(block);
  return (p) => inBlock.has(p);
}

interface Region { page: number; x0: number; x1: number; y0: number; y1: number }

/** A party's region: its parts' box, widened to its column and a few lines below (its VAT number, its NIP). */
function region(p: Party): Region {
  const bs = p.parts.map((q) => q.bbox);
  const h = Math.max(...p.parts.map((q) => q.h));
  return { page: p.parts[0]!.page, x0: Math.min(...bs.map((b) => b[0])) - 2 * h, x1: Math.max(...bs.map((b) => b[2])) + 4 * h, y0: Math.min(...bs.map((b) => b[1])) - 0.5 * h, y1: Math.max(...bs.map((b) => b[3])) + 4.5 * h };
}

function inRegion(part: Part, r: Region): boolean {
  return part.page === r.page && part.bbox[0] >= r.x0 && part.bbox[0] <= r.x1 && part.bbox[1] >= r.y0 && part.bbox[3] <= r.y1;
}

interface Chosen { field: EvidenceField; country: string; alternatives?: string[] }

/**
 * Chooses among identifier candidates: valid before invalid, labelled before unlabelled, then by
 * `bonus`; several distinct valid values whose scores are close flag the chosen one (confidence
 * `FLAGGED`) with the others in `alternatives`. No valid candidate: the first invalid, flagged.
 */
function chooseIdentifier(cands: IdCandidate[], bonus: (c: IdCandidate) => number): (Chosen & { alternatives: string[] }) | undefined {
  const valid = cands.filter((c) => c.valid);
  if (!valid.length) {
    const bad = cands[0];
    return bad ? { field: makeField(bad.words, bad.value, bad.part.page, 0.5, { invalid: true, read: bad.read }), country: bad.country, alternatives: [] } : undefined;
  }
  const byValue = new Map<string, { c: IdCandidate; score: number; n: number }>();
  for (const c of valid) {
    const s = (c.labelled ? 2 : 0) + bonus(c) - (c.repaired ? 0.5 : 0);
    const cur = byValue.get(c.value);
    if (!cur) byValue.set(c.value, { c, score: s, n: 1 });
    else { cur.n++; if (s > cur.score) { cur.score = s; cur.c = c; } }
  }
  const ranked = [...byValue.values()].map((v) => ({ ...v, score: v.score + Math.min(1, (v.n - 1) * 0.5) })).sort((a, b) => b.score - a.score);
  const top = ranked[0]!;
  const close = ranked.slice(1).filter((r) => top.score - r.score < 1.5);
  const c = top.c;
  const factor = (c.labelled ? 1 : 0.92) * (c.repaired ? 0.85 : 1);
  const field = makeField(c.words, c.value, c.part.page, factor, c.repaired ? { repaired: true, read: c.read } : {});
  if (close.length) return { field: { ...field, confidence: Math.min(field.confidence, FLAGGED), alternatives: ranked.slice(1).map((r) => r.c.value) }, country: c.country, alternatives: ranked.slice(1).map((r) => r.c.value) };
  return { field, country: c.country, alternatives: ranked.slice(1).map((r) => r.c.value) };
}

/** Two identifiers that should agree and do not: both flagged. */
function conflict(a: Chosen, b: Chosen): void {
  a.field = { ...a.field, confidence: Math.min(a.field.confidence, FLAGGED) };
  b.field = { ...b.field, confidence: Math.min(b.field.confidence, FLAGGED) };
}

/** Country when no valid VAT number says it: the postcode's countries narrowed by register numbers and language, then the user's. */
function pickCountry(postcodeCountries: string[], registers: IdCandidate[], parts: Part[], userCountry?: string): string | undefined {
  const regCountries = registers.filter((r) => r.valid).map((r) => r.country);
  const both = postcodeCountries.filter((c) => regCountries.includes(c));
  if (both.length) return both[0];
  if (postcodeCountries.length === 1) return postcodeCountries[0];
  if (!postcodeCountries.length) return regCountries[0] ?? userCountry;
  if (userCountry && postcodeCountries.includes(userCountry)) return userCountry;
  const lang = guessLanguage(parts);
  const byLang: Record<string, string[]> = { de: ['DE', 'AT'], fr: ['FR', 'BE', 'LU'], nl: ['BE', 'NL'], en: ['GB'], pl: ['PL'] };
  return postcodeCountries.find((c) => byLang[lang]?.includes(c)) ?? postcodeCountries[0];
}

const LANG_WORDS: Record<string, RegExp> = {
  nl: /\b(het|van|een|en|naam|datum|nummer|adres)\b/g, de: /\b(der|die|das|und|mit|vom|nummer|firma)\b/g, fr: /\b(le|la|les|du|des|et|numero|adresse)\b/g,
  en: /\b(the|of|and|is|number|company)\b/g, pl: /\b(z|na|i|numer|spolka|adres|dnia)\b/g,
};

/** The document's language by frequent words (nl, de, fr, en, pl). */
export function guessLanguage(parts: Part[]): string {
  const text = parts.map((p) => p.folded).join(' ');
  let best = 'en';
  let n = -1;
  for (const [lang, re] of Object.entries(LANG_WORDS)) {
    const c = text.match(re)?.length ?? 0;
    if (c > n) { best = lang; n = c; }
  }
  return best;
}

/**
 * Organisation names start with a capital or a digit; a lower-case start is most likely a misread
 * capital ("studio" for "Studio"), so the value is kept as read but flagged (confidence ≤ 0.5).
 */
function flagLowerCaseStart(f: EvidenceField): EvidenceField {
  return /^\p{Ll}/u.test(f.value) && !/^(de|het|van|den|der|la|le|l'|d')\s/.test(f.value) ? { ...f, confidence: Math.min(f.confidence, 0.5) } : f;
}

/** The name with a misread legal-form abbreviation put right by the dictionary ("… 0G" → "… OG"), marked repaired. */
function repairedName(f: EvidenceField): EvidenceField {
  const value = repairLegalFormOfName(f.value);
  return value === f.value ? f : { ...f, value, repaired: true, read: f.read ?? f.value };
}

/**
 * OCR drops diacritics (ü read as u, é as e) far more often than it invents them: a capitalised word
 * of the name read without any, which the document prints elsewhere with them and only so (the
 * address's city, the register court of a legal footer: "Kamerawerk Lubeck GmbH" beside "23552
 * Lübeck"), takes that spelling, marked repaired with what was read and kept below the 0.90 band.
 * For OCR readings only: a text layer spells what was typed.
 */
function nameDiacritics(f: EvidenceField, parts: Part[]): EvidenceField {
  const spellings = new Map<string, Set<string>>();
  for (const p of parts) {
    for (const w of p.words) {
      const t = w.text.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
      if (t.length >= 4 && /^\p{Lu}\p{Ll}+$/u.test(t) && /[^a-z]/i.test(t.normalize('NFC'))) {
        const k = fold(t);
        spellings.set(k, (spellings.get(k) ?? new Set()).add(t));
      }
    }
  }
  let changed = false;
  const value = f.value.split(' ').map((w) => {
    const m = /^(\p{Lu}[a-z]{3,})([,.]?)$/u.exec(w);
    const s = m ? spellings.get(m[1]!.toLowerCase()) : undefined;
    if (!m || !s || s.size !== 1) return w;
    changed = true;
    return [...s][0]! + m[2]!;
  }).join(' ');
  return changed && value !== f.value ? { ...f, value, confidence: Math.min(f.confidence, CLOSE_PARTY_CONFIDENCE), repaired: true, read: f.read ?? f.value } : f;
}

/** A party's fields for `otherParties`. */
function partyFields(p: Party): { role: Party['role']; fields: EvidenceFields } {
  const f: EvidenceFields = {};
  if (p.name) f.name = p.name;
  if (p.address) {
    f.street = p.address.street;
    f.houseNumber = p.address.houseNumber;
    f.postcode = p.address.postcode;
    if (p.address.city.value) f.city = p.address.city;
  }
  return { role: p.role, fields: f };
}
