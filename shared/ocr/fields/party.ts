/**
 * Which organisation a document is evidence for, and its name, legal form and address. Candidates:
 * labelled names ("Statutaire naam", "Dénomination", "Firma", "Company name", "Nazwa pełna"),
 * address blocks with the name above them, and the letterhead (the largest line at the top of
 * page 1). Roles: the party after "Aan:", "Bill to:", "Client", "Nabywca:" is the customer;
 * after "Sprzedawca:", "Seller" the issuer; authorities (tax offices, registers, professional
 * bodies) are never the organisation. The applicant is the invoice's issuer, the letter's
 * addressee, the register extract's or licence's subject; the others are returned as alternatives.
 */
import type { EvidenceKind } from '../../schemas/evidenceDocuments';
import { isLegalForm, legalFormOfAlias, legalFormOfName, repairLegalFormOfName, writtenOutLegalForms } from '../../identifiers';
import { editDistance, fold } from '../text';
import { fieldLabels } from '../labels';
import type { EvidenceField, OcrWord } from '../types';
import { ATTENTION, findAddressBlocks, nameAbove, parseOneLine, parsePostcodeCity, parseStreet, SEPARATOR, type AddressBlock, type PostcodeCity, type Street } from './address';
import { above, below, isBareLabel, labelValue, makeField, matchLabel, rightOf, textOf, withoutEntryIndex, type LabelHit, type Part } from './parts';

export type PartyRole = 'issuer' | 'customer' | 'addressee' | 'subject' | 'other';

export interface Party {
  role: PartyRole;
  name?: EvidenceField;
  address?: Street & PostcodeCity;
  /** Where the party sits: its parts (for attributing identifiers printed near it). */
  parts: Part[];
  score: number;
}

/**
 * Labels over an invoice's parties, folded: the customer ("Rechnung an", "Factuur aan", "Facturé à",
 * "Leistungsempfänger", …) and the issuer ("Rechnungssteller", "Leistungserbringer", "Lieferant",
 * "Fournisseur", "Émetteur", "Supplier", …), as German, Luxembourg, Dutch, Belgian, French and
 * English invoices head the two blocks when the customer is printed first.
 */
const CUSTOMER_LABEL = /^(aan|factuur voor|factuur aan|klant|bill to|invoice to|customer|client|an|a|à|nabywca|kunde|rechnung an|rechnungsempfanger|leistungsempfanger|auftraggeber|destinataire|facture a|facturer a|facture pour|afnemer)\s*:?$/;
const ISSUER_LABEL = /^(sprzedawca|seller|supplier|verkoper|leverancier|vendeur|fournisseur|emetteur|verkaufer|rechnungssteller|leistungserbringer|lieferant|auftragnehmer|from|van|de)\s*:?$/;
const AUTHORITY = /\b(ministere|ministerie|ministerium|ministry|direction generale|chambre des|ordre des|orde van|kamer van|institute of|association of|berufsverband|kammer|innung|izba|belastingdienst|finanzamt|bundeszentralamt|spf|fod|hm revenue|companies house|kruispuntbank|banque-carrefour|handwerkskammer|greffe|registre|rejestr|urzad|skarbowy|finances publiques|service des impots|business registers|guild|federation|vereniging|beroepsfederatie|kamer van koophandel|registrar|naczelnik|administration|inspecteur|fiscaliteit|fiscalite)\b/;
const TITLE = /^(factuur|invoice|rechnung|facture|faktura|uittreksel|extract|extrait|auszug|ausdruck|certificate|attestation|bestatigung|bevestiging|mitteilung|bescheid|handelsregister|firmenbuch|odpis|potwierdzenie|erkenning|carte|handwerkskarte|vat-5|kvk\b|bewijs)/;

/**
 * A representative's name or attention line (folded): tax advisers, accountants and bookkeepers
 * whom a tax office or register writes to on their client's behalf (Steuerberater, StB,
 * administratiekantoor, expert-comptable, fiduciaire, biuro rachunkowe, doradca podatkowy, …).
 */
const REPRESENTATIVE = /\b(steuerberat\w*|stb(?:in)?|wirtschaftsprufer\w*|buchhaltung|administratiekantoor|boekhoud\w*|accountant\w*|accountancy|belastingadvi\w*|fiscaal (?:advi|dienstverlener)\w*|expert-comptable|experts-comptables|cabinet comptable|fiduciaire|comptabilite|tax advis\w*|chartered accountants?|bookkeep\w*|biuro rachunkowe|doradca podatkowy|doradztwo podatkowe|kancelaria podatkowa)\b/;
/** Letter prose that speaks of the organisation as the addressee's client: the addressee represents it. */
const ABOUT_A_CLIENT = /\b(uw client|uw clienten|ihres? mandant\w*|ihr mandant|votre client|your client|pani klient\w*|pana klient\w*)\b/;

/** Labels of any field, to reject a value that is itself a label. */
const ANY_LABEL = new RegExp(`^(${[...fieldLabels.name, ...fieldLabels.address, ...fieldLabels.legalForm, ...fieldLabels.chamberNumber, ...fieldLabels.vatNumber].join('|')})\\b\\s*:?`);

/** A candidate name: not a label, not an authority, not a title, has letters, not an address. */
function nameLike(p: { text: string; folded: string }): boolean {
  const f = p.folded.trim();
  if (!/\p{L}{2}/u.test(p.text) || f.length < 3) return false;
  if (ANY_LABEL.test(f) && !legalFormOfName(p.text)) return false;
  // A label that ends with its address word ("Correspondence address", "Adresse postale", "Zustelladresse") names no one.
  if (/(?:address|adresse|adres|anschrift)\s*:?$/.test(f) && !legalFormOfName(p.text)) return false;
  if (AUTHORITY.test(f) || TITLE.test(f) || isLegalForm(p.text)) return false;
  // Contact details ("Tel. 0451 …", "IBAN …"), as words: a name may end in "-tel" ("Mostviertel", "Hotel Kastel").
  if (/\d{4,}|@|www\.|\btel\.?\s|\biban\b/.test(f)) return false;
  return !parseStreet(pWords(p), 1, 1);
}
const pWords = (p: { text: string }) => p.text.split(/\s+/).map((t) => ({ text: t, confidence: 1, bbox: [0, 0, 1, 1] as [number, number, number, number] }));

/**
 * Role of a block from the label above it or above its name ("Aan:", "Bill to:", "Sprzedawca:").
 * A sender's return-address line right above it ("Bildwerk Hansen e.K. · Holstenstraße 112 · 24103
 * Kiel": DIN 5008's Rücksendeangabe over the address window, also used in AT, NL, BE, LU) makes it
 * the recipient: the customer of an invoice, the addressee of a letter.
 */
function roleOf(all: Part[], top: Part): PartyRole | undefined {
  // OCR's specks (parts a fraction of the text's height) between a label and its block are not lines.
  const parts = all.filter((q) => q.h >= 0.4 * top.h);
  const a = above(parts, top, 2.2);
  for (const p of [a, a ? above(parts, a, 1.5) : undefined]) {
    if (!p) continue;
    // OCR may read a frame's edge or a dot beside a label as one stray character ("Aan A", "Kunde |").
    const f = p.folded.trim().replace(/^(\S+:?)\s+[^\s\d]$/u, '$1');
    if (CUSTOMER_LABEL.test(f)) return 'customer';
    if (ISSUER_LABEL.test(f)) return 'issuer';
  }
  if (a && a.h <= top.h * 1.1 && returnAddressLine(a, a.h < SENDER_LINE_SMALLER * top.h)) return 'customer';
  return undefined;
}

/**
 * A return-address line without the sender's name ("Breite Straße 52 · 23552 Lübeck" over the
 * window, the name standing in the logo) is known by its size: DIN 5008 sets the Rücksendeangabe
 * in 6–8 pt over an address of 10–12 pt, so it is printed below this share of the line under it.
 */
const SENDER_LINE_SMALLER = 0.9;

/**
 * A one-line sender address: a name, then street and postcode with city, the groups set apart by
 * separators ("·", "–", "|", ","); with `nameless`, street and postcode with city alone will do
 * (the caller has checked that the line is printed smaller than the block under it).
 */
function returnAddressLine(p: Part, nameless = false): boolean {
  if (!p.words.some((w) => SEPARATOR.test(w.text)) && !/,/.test(p.text)) return false;
  const one = parseOneLine(p.words, p.page, 1);
  if (!one) return false;
  if (nameless) return true;
  const start = Math.min(one.street.bbox[0], one.houseNumber.bbox[0]);
  return p.words.some((w) => w.bbox[2] < start && /\p{L}{2}/u.test(w.text) && !SEPARATOR.test(w.text));
}

/**
 * Whether the block's address is itself a sender's return-address line: one line, directly above a
 * taller line that it makes the recipient's (`roleOf`). On an invoice that address is the issuer's.
 */
function isSenderLine(parts: Part[], b: AddressBlock): boolean {
  if (b.streetPart !== b.lastPart) return false;
  const line = b.streetPart;
  const under = parts.filter((q) => q.page === line.page && q !== line && q.bbox[1] >= line.bbox[3] - 0.2 * line.h && q.bbox[1] - line.bbox[3] < 2.2 * line.h && q.bbox[0] < line.bbox[2] && q.bbox[2] > line.bbox[0] && q.h >= 0.4 * line.h)
    .sort((x, y) => x.bbox[1] - y.bbox[1])[0];
  return !!under && roleOf(parts, under) === 'customer' && above(parts.filter((q) => q.h >= 0.4 * under.h), under, 2.2) === line;
}

/** Lower-case words that introduce the organisation a letter is about on its name's line ("für Fotohaus Brenner GmbH", "pour …", "voor …", "dla …"). */
const FOR_WORD = /^(?:fur|for|pour|voor|dla|namens|betreft|betrifft|concerne)$/;

/** Name field from a part, without a lower-case "for" word before a capitalised name; names carrying a legal form are likelier. */
function nameField(p: Part, factor: number): EvidenceField {
  const words = p.words.length > 1 && FOR_WORD.test(fold(p.words[0]!.text)) && /^\p{Lu}/u.test(p.words[1]!.text) ? p.words.slice(1) : p.words;
  const text = textOf(words).replace(/[,;:]$/, '').trim();
  return makeField(words, text, p.page, factor);
}

/** Parties found on the pages, best first for `kind`. */
export function findParties(parts: Part[], kind: EvidenceKind): Party[] {
  const parties: Party[] = [];
  const blocks = findAddressBlocks(parts);
  const page1 = parts.filter((p) => p.page === 1);
  const pageH = Math.max(800, ...page1.map((p) => p.bbox[3]));
  // Letterhead: the tallest name-like part in the top fifth of page 1.
  const letterhead = page1.filter((p) => p.bbox[1] < pageH * 0.2 && nameLike(p)).sort((a, b) => b.h - a.h)[0];
  const medianH = page1.map((p) => p.h).sort((a, b) => a - b)[Math.floor(page1.length / 2)] ?? 10;
  const lhName = letterhead && letterhead.h > 1.25 * medianH ? letterhead : undefined;

  // A letter about "your client" is addressed to a representative, not to the organisation.
  const aboutAClient = kind !== 'company-invoice' && parts.some((p) => ABOUT_A_CLIENT.test(p.folded));
  for (const b of blocks) {
    const np = nameBefore(b) ?? nameAbove(parts, b);
    // A person's row above an officer's correspondence address ("Nationality | British") names no organisation.
    const name = np && nameLike(np) && !officerRowValue(parts, np) ? np : undefined;
    const role = roleOf(parts, name ?? b.streetPart) ?? (name ? roleOf(parts, b.streetPart) : undefined);
    // An address under an authority's name (a tax office, register, ministry or professional body) is the authority's.
    if (np && AUTHORITY.test(np.folded)) continue;
    let score = 0;
    // An addressee block with an attention line ("z. Hd. Frau StBin …") that names a representative
    // (tax adviser, accountant) or that a letter about "your client" is sent to: never the applicant
    // on a letter, certificate or extract; the organisation is named elsewhere (a details table, "für …").
    const attention = above(parts, b.streetPart, 2);
    const hasAttention = !!attention && ATTENTION.test(attention.folded);
    if (kind !== 'company-invoice' && (REPRESENTATIVE.test(name?.folded ?? '') || (hasAttention && (REPRESENTATIVE.test(attention.folded) || aboutAClient)))) score -= 8;
    if (name) score += 2 + (legalFormOfName(name.text) ? 2 : 0);
    const sameAsLetterhead = !!(name && lhName && sameName(name.text, lhName.text));
    const top = b.streetPart.bbox[1] / pageH;
    if (kind === 'company-invoice') {
      if (role === 'issuer' || sameAsLetterhead) score += 4;
      if (role === 'customer') score -= 6;
      if (top > 0.85) score += 1;
      if (lhName && !sameAsLetterhead && top > 0.12 && top < 0.45) score -= 3;
    } else if (kind === 'vat-certificate') {
      if (top > 0.1 && top < 0.4) score += 2;
      if (role === 'customer') score += 1;
    }
    const bParts = [b.streetPart, b.lastPart, ...(name ? [name] : [])];
    // The sender's own return-address line over an invoice's window is the issuer's address.
    const sender = kind === 'company-invoice' && !name && !role && isSenderLine(parts, b);
    parties.push({ role: role ?? (sender ? 'issuer' : kind === 'company-invoice' ? (score > 0 ? 'issuer' : 'customer') : kind === 'vat-certificate' ? 'addressee' : 'subject'), ...(name ? { name: nameField(name, 0.95) } : {}), address: b, parts: bParts, score });
  }
  // A letterhead whose name no block carries: the issuer of an invoice, with the nearest unclaimed address.
  // A name under a customer label ("Aan", "Kunde") is the customer's, however tall OCR reads it.
  if (lhName && (kind === 'company-invoice' || legalFormOfName(lhName.text)) && !parties.some((p) => p.name && sameName(p.name.value, lhName.text)) && roleOf(parts, lhName) !== 'customer') {
    const near = blocks.find((b) => b.page === 1 && !nameAbove(parts, b) && b.streetPart.bbox[1] - lhName.bbox[3] < 4 * lhName.h && b.streetPart.bbox[1] > lhName.bbox[1]);
    parties.push({ role: kind === 'company-invoice' ? 'issuer' : 'other', name: nameField(lhName, 0.9), ...(near ? { address: near } : {}), parts: [lhName], score: (kind === 'company-invoice' ? 4 : 0) + (legalFormOfName(lhName.text) ? 2 : 0) });
  }
  return parties.sort((a, b) => b.score - a.score);
}

const letters = (t: string): string => t.toLowerCase().replace(/[^\p{L}\d]/gu, '');
/** The name without the legal form it ends with. */
const withoutForm = (t: string): string => { const lf = legalFormOfName(t); return lf ? t.split(/\s+/).slice(0, -lf.words).join(' ') : t; };
/** Two spellings of one organisation's name: equal but for case, punctuation and a legal form one of them leaves out ("beeldstudio hoogland" logo, "Beeldstudio Hoogland B.V." footer). */
export const sameName = (a: string, b: string): boolean => letters(a) === letters(b) || letters(withoutForm(a)) === letters(b) || letters(a) === letters(withoutForm(b));

/**
 * The name printed before a one-line address on the same line ("Beeldstudio Hoogland B.V. ·
 * Biltstraat 118 bis · 3572 BJ Utrecht", an invoice footer or a sender line): the words before the
 * street, after the last separator, as a pseudo-part.
 */
function nameBefore(b: AddressBlock): Part | undefined {
  const p = b.streetPart;
  if (p !== b.lastPart) return undefined;
  const start = Math.min(b.street.bbox[0], b.houseNumber.bbox[0]);
  const isSep = (w: OcrWord): boolean => SEPARATOR.test(w.text);
  const before = p.words.filter((w) => w.bbox[0] < start - 0.5);
  // the name must end at a separator (it is a group of its own, not the start of a street)
  const last = before[before.length - 1];
  if (!last || !(isSep(last) || /[,;]$/.test(last.text))) return undefined;
  const head = isSep(last) ? before.slice(0, -1) : before;
  const sep = head.slice(0, -1).map((w) => isSep(w) || /[,;]$/.test(w.text)).lastIndexOf(true);
  const words = head.slice(sep + 1);
  if (!words.length) return undefined;
  const text = textOf(words).replace(/[,;]$/, '');
  return { ...p, words, text, folded: fold(text), bbox: [words[0]!.bbox[0], p.bbox[1], words[words.length - 1]!.bbox[2], p.bbox[3]] };
}

/** Headings of a register's table of former names (Companies House "Previous company names", "Frühere Firma", …), folded. */
const PREVIOUS_NAMES = /^(?:previous (?:company )?names?|former (?:company )?names?|fruhere firm\w*|vorherige firm\w*|ancienne?s? (?:denominations?|noms?)|denominations? anterieures?|vorige (?:handels)?na\w*|voormalige (?:handels)?na\w*|poprzednie nazwy|poprzednia nazwa|poprzednia firma)\b/;

/**
 * Row labels of a person in a register's list of officers, directors or managers (Companies House
 * "People": Role, Date of birth, Appointed on, Nationality; LBR "Fonction", "Date de naissance";
 * KRS "Funkcja"; Handelsregister "Geburtsdatum"), folded.
 */
const OFFICER_ROW = /^(?:role|date of birth|appointed on|nationality|occupation|country of residence|fonction|qualite|date de naissance|nationalite|geburtsdatum|funktion|funkcja|data urodzenia|obywatelstwo|functie|geboortedatum|nationaliteit)\b/;

/** True when one of the two rows below `p` (same page, same column) is a person's row (see `OFFICER_ROW`). */
function officerRows(parts: Part[], p: Part): boolean {
  const next = below(parts, p, p.bbox[0], 1.8);
  const second = next ? below(parts, next, next.bbox[0], 1.8) : undefined;
  return [next, second].some((q) => !!q && OFFICER_ROW.test(q.folded));
}

/** True when `p` is a person's row of an officer list or its value (the part left of it is such a row's label). */
function officerRowValue(parts: Part[], p: Part): boolean {
  const left = parts.find((q) => q.page === p.page && q.line === p.line && q.k === p.k - 1);
  return OFFICER_ROW.test(p.folded) || (!!left && OFFICER_ROW.test(left.folded));
}

/** Labels of a trading name (folded): the name the business trades under, not its registered name. */
const TRADING_NAME_LABELS: readonly string[] = ['handelsnamen', 'handelsnaam', 'trading name', 'trade name'];

/** Labels of the name a business trades under beside its registered name (HMRC "Trading as", "t/a", KvK "Handelsnaam", "nom commercial", "enseigne"), folded. */
const TRADING_AS = ['trading as', 't/a', 'handelsnamen', 'handelsnaam', 'trading name', 'trade name', 'nom commercial', 'enseigne', 'handelnd unter', 'geschaftsbezeichnung'];

/**
 * The names printed as values of a trading-name label ("Trading as  SOLENT STUDIOS"): names the
 * business trades under, which a certificate prints beside the registered name.
 */
export function tradingNames(parts: Part[]): string[] {
  const out: string[] = [];
  for (const p of parts) {
    const hit = matchLabel(p, TRADING_AS);
    const v = hit ? labelValue(parts, hit) : null;
    if (v) out.push(textOf(v.words).replace(/[,;:]$/, '').trim());
  }
  return out;
}

/**
 * The labelled name ("Statutaire naam …"), best-ranked label first; values that are labels are
 * skipped. A trading name ("Trading name", "Handelsnaam") gives way to a name under another label
 * that carries a legal form: that one is the registered name (HMRC and KvK print both).
 */
export function labelledName(parts: Part[]): EvidenceField | undefined {
  let best: { f: EvidenceField; rank: number } | undefined;
  let registered: { f: EvidenceField; rank: number } | undefined;
  for (const p of parts) {
    const hit = matchLabel(p, fieldLabels.name) ?? certifyingProse(p);
    // A "Name" column under "Previous company names" lists names the organisation no longer carries.
    const heading = hit ? above(parts, p, 2.5) : undefined;
    if (heading && PREVIOUS_NAMES.test(heading.folded)) continue;
    // A "Name" in a register's list of officers names a person: rows of a person's own follow it.
    if (hit && officerRows(parts, p)) continue;
    if (!hit || (best && hit.rank >= best.rank && (registered || !TRADING_NAME_LABELS.includes(fieldLabels.name[best.rank]!)))) continue;
    // A name label qualified by lower-case words in its own cell, with its value in the next column
    // ("1.Nazwa organu | ZARZĄD" on a KRS odpis: the name of the management body), is the label of
    // another row, not of the organisation's name.
    if (hit.rank < PROSE_FROM && hit.rest.length && hit.rest.length <= 2 && hit.rest.every((w) => /^\p{Ll}+$/u.test(w.text)) && rightOf(parts, p)) continue;
    let v = labelValue(parts, hit);
    // "This is to certify that" / a label above its value: take the part below.
    // Certificates set the holder's block apart from their prose by a blank line: up to three line heights below.
    if (!v) { const b = below(parts, p, p.bbox[0] + 20, hit.rank >= PROSE_FROM ? 3 : 1.8) ?? centredBelow(parts, p); if (b && !isBareLabel(b)) v = { words: withoutEntryIndex(b.words), part: b }; }
    if (!v) continue;
    // A common noun in lower case under the prose ("zaświadcza, że" / "przedsiębiorca" / NAME), or a
    // line that introduces what follows with a colon ("Mme ROUSSEL Camille, dirigeant de
    // l'entreprise :" / NAME; a name never ends with a colon): the name is the line below it,
    // which certificates often set apart by a blank line.
    const intro = !/\p{Lu}/u.test(textOf(v.words)) || (hit.rank >= PROSE_FROM && /:$/.test(textOf(v.words)));
    if (intro) { const b = below(parts, v.part, v.part.bbox[0] + 20, 3); if (b) v = { words: b.words, part: b }; }
    // An OCR speck (a part a fraction of the label's height: a stamp's edge, dirt) is never the name.
    if (v.part.h < 0.4 * p.h) continue;
    const read = textOf(v.words).replace(/[,;:]$/, '').trim();
    // a legal form OCR misread ("Alpenfoto Huber 0G") is put right by the dictionary before the name is judged
    const text = repairLegalFormOfName(read);
    if (!nameLike({ text, folded: v.part.folded === p.folded ? text.toLowerCase() : fold(text) }) && !legalFormOfName(text)) continue;
    const found = { f: makeField(v.words, text, v.part.page, 1, text === read ? {} : { repaired: true, read }), rank: hit.rank };
    if (!TRADING_NAME_LABELS.includes(fieldLabels.name[hit.rank]!) && legalFormOfName(text) && (!registered || hit.rank < registered.rank)) registered = found;
    if (!best || hit.rank < best.rank) best = found;
  }
  return best && registered && TRADING_NAME_LABELS.includes(fieldLabels.name[best.rank]!) ? registered.f : best?.f;
}

/** Certificate prose that names the holder on the next line: the name labels from "this is to certify that" on. */
const PROSE_FROM = fieldLabels.name.indexOf('pod firma');
/**
 * The end of certifying prose: the phrase, or the phrase and up to four words with a colon
 * ("zaświadcza, że firma:", "certifie que l'entreprise :", a craft chamber's "zaświadcza, że zakład
 * rzemieślniczy prowadzony przez:" over the owner's business name).
 */
const PROSE_END = '(?:\\s*:?|(?:\\s+\\S+){1,4}\\s*:)$';
const PROSE = new RegExp(`(?:^|\\s)(?:${fieldLabels.name.slice(PROSE_FROM).join('|')})${PROSE_END}`);

/**
 * A part that ENDS with certifying prose ("Le secrétariat de la Chambre atteste que", "The
 * Institute hereby certifies that"): a label hit with no rest, ranked like the prose label, so
 * its value is the part below (the holder's name).
 */
function certifyingProse(p: Part): LabelHit | null {
  const m = PROSE.exec(p.folded);
  if (!m) return null;
  const rank = fieldLabels.name.findIndex((l, i) => i >= PROSE_FROM && new RegExp(`(?:^|\\s)${l}${PROSE_END}`).test(p.folded));
  return { part: p, rank, rest: [] };
}

/**
 * The fuller of two spellings of one name: `labelled` when it is `name` followed by a legal form
 * ("Thames Frame Studios" above an address, "THAMES FRAME STUDIOS LLP" under "Name").
 */
export function withLegalForm(name: EvidenceField, labelled: EvidenceField | undefined): EvidenceField {
  const lf = labelled ? legalFormOfName(labelled.value) : undefined;
  if (!labelled || !lf || legalFormOfName(name.value)) return name;
  const key = (t: string): string => fold(t).replace(/[^a-z0-9]+/g, ' ').trim();
  return key(labelled.value.split(/\s+/).slice(0, -lf.words).join(' ')) === key(name.value) ? labelled : name;
}

/**
 * The value under a label on a centred certificate ("This is to certify that" / NAME): the nearest
 * part below within two line heights that overlaps the label horizontally and is printed at least
 * as large (certificates print the holder's name larger than the prose around it).
 */
function centredBelow(parts: Part[], p: Part): Part | undefined {
  let best: Part | undefined;
  for (const q of parts) {
    if (q.page !== p.page || q.line <= p.line || q.h < p.h) continue;
    if (q.bbox[1] - p.bbox[3] > 2 * p.h || q.bbox[0] >= p.bbox[2] || q.bbox[2] <= p.bbox[0]) continue;
    if (!best || q.bbox[1] < best.bbox[1]) best = q;
  }
  return best;
}

/**
 * Names printed in capitals: registers and tax offices often print the name in capitals
 * ("NORTHERN LIGHT IMAGING LTD" in an address window, "LICHTWERK SOLINGEN" as a logo). The corpus
 * and the form keep a value as printed; when the document ALSO prints the same name in mixed case
 * (a details table, the sender line, the footer), that spelling is the one returned — alone or
 * followed by a legal form the capitals left out. Otherwise the capitals stay (case is not guessed).
 */
export function preferMixedCase(name: EvidenceField, parts: Part[]): EvidenceField {
  if (/\p{Ll}/u.test(name.value) || !/\p{Lu}{2}/u.test(name.value)) return name;
  const key = (t: string): string => fold(t).replace(/[^a-z0-9]+/g, ' ').trim();
  const want = key(name.value);
  const wantForm = !legalFormOfName(name.value);
  let plain: EvidenceField | undefined;
  for (const p of parts) {
    if (!/\p{Ll}/u.test(p.text) || !p.folded.includes(want.split(' ')[0]!)) continue;
    for (let i = 0; i < p.words.length; i++) {
      for (let j = i; j < p.words.length && j < i + 8; j++) {
        const run = p.words.slice(i, j + 1);
        // A run that ends at a separator of a legal footer ("… Photographie EI – Entrepreneur individuel – …") ends before it.
        let text = textOf(run).replace(/\s*[,;:·–—|•]$|\s+-$/, '').trim();
        // A name inside a sentence ("Brightwater Pictures PLC. Registered in …") ends with the sentence's
        // full stop: dropped when the form is also spelled without it (one dot ends both; "Ltd." / "Ltd").
        const undotted = /\.$/.test(text) && j < p.words.length - 1 ? legalFormOfName(text.slice(0, -1)) : undefined;
        if (undotted && undotted.form.short.includes(undotted.value) && text.slice(0, -1).endsWith(undotted.value)) text = text.slice(0, -1);
        const k = key(text);
        if (!/\p{Ll}/u.test(text)) continue;
        if (k === want && !wantForm) return makeField(run, text, p.page, 1);
        if (k === want) plain ??= makeField(run, text, p.page, 1);
        // The same name followed by the legal form the capitals left out: the fuller spelling wins.
        const lf = wantForm && k.startsWith(`${want} `) ? legalFormOfName(text) : undefined;
        if (lf && key(text.split(/\s+/).slice(0, -lf.words).join(' ')) === want) return makeField(run, text, p.page, 1);
      }
    }
  }
  return plain ?? name;
}

/**
 * The name followed by the legal form it was printed without, when the document prints that
 * fuller spelling too: an invoice's letterhead "Brightwater Studios" and its legal footer
 * "Brightwater Studios Limited is a company registered in England and Wales" (UK Companies Act
 * 2006 s. 82 and the trading disclosure rules require the registered name there; KvK and BCE
 * documents likewise). The first such spelling in reading order is returned; `name` when none.
 */
export function withPrintedLegalForm(name: EvidenceField, parts: Part[]): EvidenceField {
  if (legalFormOfName(name.value)) return name;
  const key = (t: string): string => fold(t).replace(/[^a-z0-9]+/g, ' ').trim();
  const want = key(name.value);
  const n = want.split(' ').length;
  if (!want) return name;
  for (const p of parts) {
    if (!p.folded.includes(want.split(' ')[0]!)) continue;
    for (let i = 0; i + n < p.words.length; i++) {
      if (key(textOf(p.words.slice(i, i + n))) !== want) continue;
      // the legal form: one to four words right after the name ("Ltd", "Limited", "B.V.", "Sp. z o.o.")
      for (let j = Math.min(p.words.length, i + n + 4); j > i + n; j--) {
        const run = p.words.slice(i, j);
        // a footer's groups may be set apart by a spaced hyphen ("Regard Alsacien SAS - SAS au capital de …")
        const text = textOf(run).replace(/\s*[,;:·–—|•]$|\s+-$/, '').replace(/(\p{L}{2,})\.$/u, '$1');
        const lf = legalFormOfName(text);
        if (lf && lf.words === j - i - n && key(text.split(/\s+/).slice(0, -lf.words).join(' ')) === want) return makeField(run, text, p.page, name.confidence);
      }
    }
  }
  return name;
}

/** Address labels of a person, never of the organisation: a manager's private address or domicile. */
const PRIVATE_ADDRESS = /^(?:adresse privee|adresse personnelle|private address|home address|privatadresse|privatanschrift|wohnadresse|woonadres|prive-adres|adres zamieszkania|domicile)\b/;
/** Labels that name no place in particular ("Adresse", "Address", "Adres"): the organisation's seat only when nothing more specific is printed. */
export const GENERIC_ADDRESS_LABELS: readonly string[] = ['adresse', 'address', 'adres'];

/**
 * The labelled address ("Bezoekadres …", "Adresse du siège", "Registered office: …"), with the
 * postcode line below when apart; `generic` when its label is only "Adresse" / "Address" / "Adres"
 * (a register prints a manager's address so too). Private addresses of persons are never taken.
 */
export function labelledAddress(parts: Part[]): (Street & PostcodeCity & { generic?: boolean }) | undefined {
  for (const p of parts) {
    const hit = matchLabel(p, fieldLabels.address);
    if (!hit || PRIVATE_ADDRESS.test(p.folded)) continue;
    const generic = GENERIC_ADDRESS_LABELS.includes(fieldLabels.address[hit.rank]!);
    const found = labelValue(parts, hit);
    if (!found) continue;
    // A run-on label glued to its value when the columns stand close ("… empfangsberechtigte
    // Geschäftsanschrift: Klingenstraße 15, …"): the address starts after its last colon.
    const colon = found.words.map((w) => /:$/.test(w.text)).lastIndexOf(true);
    const v = colon >= 0 && colon < found.words.length - 2 ? { ...found, words: found.words.slice(colon + 1) } : found;
    const one = parseOneLine(v.words, p.page, 1);
    if (one) return { ...one, ...(generic ? { generic } : {}) };
    const street = parseStreet(v.words, p.page, 1);
    const next = street ? below(parts, v.part, v.part.bbox[0], 1.8) : undefined;
    const pc = next ? parsePostcodeCity(next.words, p.page, 1) : null;
    if (street && pc) return { ...street, ...pc, ...(generic ? { generic } : {}) };
  }
  return undefined;
}

/** The labelled legal form ("Rechtsvorm", "Forme juridique", …), or the legal form the name ends with. */
export function legalFormField(parts: Part[], name: EvidenceField | undefined, country: string | undefined): EvidenceField | undefined {
  for (const p of parts) {
    const hit = matchLabel(p, fieldLabels.legalForm);
    if (!hit) continue;
    const v = labelValue(parts, hit);
    const under = below(parts, p, p.bbox[0] + 20, 1.8) ?? indentedBelow(parts, p);
    // The rest of the label's cell, the cell right of it (a label that runs on without a colon:
    // "Rechtsform, Beginn, Satzung" | "Gesellschaft mit …"), the part below (also in a value column
    // indented under the label, as a chronological Handelsregister printout sets its entries).
    const right = v && v.part === p ? rightOf(parts, p) : undefined;
    const opts = [v, right ? { words: right.words, part: right } : null, under ? { words: under.words, part: under } : null].filter((o): o is NonNullable<typeof o> => !!o);
    const read = opts.flatMap((o) => legalFormReadings(textOf(o.words)).map((t) => canonicalLegalForm(makeField(o.words, t, o.part.page, 1))));
    // A written-out form (the register's spelling) before an abbreviation read from the same value.
    const known = read.find((f) => f.known && writtenOutLegalForms.includes(f.field.value)) ?? read.find((f) => f.known);
    if (known) return known.field;
    if (v && /\p{L}{4}/u.test(textOf(v.words))) return makeField(v.words, textOf(v.words), v.part.page, 1);
  }
  if (!name) return undefined;
  const lf = legalFormOfName(name.value, country);
  return lf ? { ...name, value: lf.value, confidence: Math.round(name.confidence * 950) / 1000 } : undefined;
}

/** The nearest part below `p` within 1.8 line heights that starts inside p's width, right of its left edge (a value column indented under its label). */
function indentedBelow(parts: Part[], p: Part): Part | undefined {
  let best: Part | undefined;
  for (const q of parts) {
    if (q.page !== p.page || q.line <= p.line || q.bbox[1] - p.bbox[3] > 1.8 * p.h) continue;
    if (q.bbox[0] <= p.bbox[0] || q.bbox[0] >= p.bbox[2]) continue;
    if (!best || q.bbox[1] < best.bbox[1]) best = q;
  }
  return best;
}

/**
 * The ways a printed legal-form value can be read: as printed; without a statistical code before it
 * ("5499 - Société à responsabilité limitée", INSEE's catégorie juridique) or a remark in brackets
 * after it ("(sans autre indication)"); and each comma-separated piece ("SAS, société par actions
 * simplifiée").
 */
function legalFormReadings(text: string): string[] {
  const bare = text.replace(/^\d{2,4}\s*[-–]\s*/, '').replace(/\s*\([^)]*\)\s*$/, '').trim();
  // After a run-on label glued to the value ("Beginn, Satzung: Gesellschaft mit …"): the text after its colon.
  const afterColon = text.includes(': ') ? text.slice(text.lastIndexOf(': ') + 2).trim() : text;
  return [...new Set([text, afterColon, bare, ...bare.split(/\s*,\s*/)])].filter((t) => t.length >= 2);
}

/**
 * Snaps a read legal form to the register's spelling (`writtenOutLegalForms`) when it differs
 * only by case and diacritics (confidence kept) or by at most 2 edits (confidence × 0.9).
 */
export function canonicalLegalForm(f: EvidenceField): { field: EvidenceField; known: boolean } {
  const alias = legalFormOfAlias(f.value);
  if (alias) return { field: { ...f, value: alias }, known: true };
  const read = fold(f.value);
  let best: { form: string; d: number } | undefined;
  for (const form of writtenOutLegalForms) {
    const d = editDistanceShort(read, fold(form));
    if (!best || d < best.d) best = { form, d };
  }
  if (!best || best.d > 2) return { field: f, known: isLegalForm(f.value) };
  return { field: { ...f, value: best.form, confidence: Math.round(f.confidence * (best.d === 0 ? 1 : 0.9) * 1000) / 1000 }, known: true };
}

/** Edit distance of two short strings, or 3 when their lengths alone differ by more than 2. */
function editDistanceShort(a: string, b: string): number {
  return Math.abs(a.length - b.length) > 2 ? 3 : editDistance(a, b);
}

/** Parts that carry a legal form at their end and read as a name ("THAMES FRAME STUDIOS LLP"), tallest first. */
export function legalFormNames(parts: Part[]): EvidenceField[] {
  return parts
    .filter((p) => legalFormOfName(p.text) && nameLike(p) && p.words.length >= 2)
    .sort((a, b) => b.h - a.h)
    .map((p) => nameField(p, 0.85));
}

export type { AddressBlock };
