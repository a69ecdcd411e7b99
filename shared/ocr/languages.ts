/**
 * Which Tesseract languages to load for a document. Every loaded language costs memory (a
 * `best_int` model is 1–3 MB packed, several times that once loaded) and recognition time, so a
 * document gets the languages of the country it most likely comes from, not all five shipped ones;
 * then the first page's own text decides (`chooseOcrLanguages`): a German extract brought to a
 * Dutch counter is read with `deu`, not with the form's `nld`, a Polish one with `pol` (alone).
 * Shipped: nld, eng, deu, fra, pol (`@tesseract.js-data/*` 1.0.0, 4.0.0_best_int; shared/ocr/README.md):
 * with `pol` the letters ł ą ę ś ż ź ń ć ó of Polish names and streets are read, not dropped.
 */

/** The shipped Tesseract language codes (ISO 639-2, as Tesseract names its models). */
export const shippedOcrLanguages = ['nld', 'eng', 'deu', 'fra', 'pol'] as const;

/**
 * Languages of a document whose country is unknown: the four western ones, whose pages share most
 * letters; a Polish first page then asks for `pol` (`chooseOcrLanguages`). Loading `pol` too
 * would cost every such document its memory and time.
 */
const UNKNOWN_COUNTRY_LANGUAGES = ['nld', 'eng', 'deu', 'fra'] as const;

const BY_COUNTRY: Readonly<Record<string, string>> = {
  NL: 'nld', BE: 'nld+fra', DE: 'deu', AT: 'deu', FR: 'fra', LU: 'fra+deu', GB: 'eng', PL: 'pol',
};

/**
 * Tesseract languages (joined by '+') for a document from `country` (ISO 3166 alpha-2, e.g. the
 * user's or the organisation's country): its languages plus `eng` for the English words on
 * invoices (IBAN, VAT, Ltd); PL gives `pol` alone (`ALONE`). Unknown or missing country: `nld+eng+deu+fra`.
 */
export function ocrLanguagesFor(country: string | undefined): string {
  const own = country ? BY_COUNTRY[country.toUpperCase()] : undefined;
  if (!own) return UNKNOWN_COUNTRY_LANGUAGES.join('+');
  return withEnglish(own.split('+'));
}

/**
 * Models that read a page of their language alone, without `eng` beside them: the `pol` model reads
 * the English words and acronyms of a Polish document (VAT, IBAN, SWIFT, KRS) itself, and `eng`
 * beside it cost a one-page Polish VAT register print 405–414 MB peak (above the 400 MB target) and
 * 1.5–2.5× the recognition time of `pol` alone (392–395 MB), with the same fields read
 * (docs/performance.md, OCR memory).
 */
const ALONE = new Set(['pol']);

function withEnglish(langs: string[]): string {
  const out = [...new Set(langs)];
  if (!out.includes('eng') && !out.every((l) => ALONE.has(l))) out.push('eng');
  return out.join('+');
}

/**
 * Function words of each language of the program's markets, as OCR reads them in any of the
 * shipped models (accents folded away, lower case). Only short, frequent words that are not also
 * words of another language here ("de", "van", "en", "in", "die", "a" are left out) and words
 * printed on every register extract, certificate, letter and invoice of that language. Words are
 * folded (ł → l, ó → o), so a Polish page read with `eng` before `pol` is loaded is still Polish.
 */
const STOP_WORDS: Readonly<Record<'nld' | 'fra' | 'deu' | 'eng' | 'pol', readonly string[]>> = {
  nld: ['het', 'een', 'voor', 'naam', 'adres', 'datum', 'bij', 'wij', 'uw', 'onder', 'heeft', 'zijn', 'wordt', 'deze', 'ingeschreven', 'handelsnaam', 'vestiging', 'rechtsvorm', 'uittreksel', 'inschrijving', 'factuur', 'bedrag', 'totaal', 'kamer', 'koophandel', 'postbus', 'betreft', 'geachte', 'hierbij', 'btw', 'omzetbelasting', 'vennootschap', 'onderneming', 'straat', 'laan', 'weg', 'geldig', 'datum:', 'nummer', 'ondernemingsnummer', 'beroep', 'te', 'op', 'aan', 'tot', 'ons', 'zetel', 'erkenning', 'afgiftedatum', 'klant', 'omschrijving', 'aantal', 'prijs', 'vervaldatum', 'betaling', 'binnen', 'dagen', 'rekening', 'bedrijf', 'afgegeven'],
  fra: ['le', 'la', 'les', 'des', 'du', 'et', 'pour', 'par', 'sur', 'avec', 'est', 'une', 'nous', 'vous', 'votre', 'adresse', 'nom', 'numero', 'entreprise', 'societe', 'facture', 'montant', 'siege', 'au', 'aux', 'dans', 'ce', 'cette', 'client', 'prix', 'quantite', 'paiement', 'jours', 'echeance', 'sarl', 'sas', 'social', 'rue', 'avenue', 'date', 'immatriculation', 'registre', 'commerce', 'denomination', 'forme', 'juridique', 'tva', 'attestation', 'objet', 'madame', 'monsieur', 'carte', 'professionnelle'],
  deu: ['der', 'und', 'das', 'den', 'dem', 'des', 'ist', 'mit', 'von', 'fur', 'auf', 'wir', 'ihre', 'ihr', 'sie', 'eine', 'einer', 'nicht', 'sehr', 'geehrte', 'anschrift', 'firma', 'sitz', 'strasse', 'strabe', 'rechnung', 'betrag', 'datum', 'handelsregister', 'amtsgericht', 'steuernummer', 'finanzamt', 'umsatzsteuer', 'gesellschaft', 'geschaftsfuhrer', 'bescheinigung', 'auszug', 'rechtsform', 'gegenstand', 'unternehmens', 'bundeszentralamt', 'steuern', 'am', 'im', 'zum', 'zur', 'bis', 'rechnung', 'kunde', 'leistung', 'menge', 'preis', 'netto', 'brutto', 'summe', 'gesamtbetrag', 'bankverbindung', 'zahlbar', 'tage', 'ust', 'mwst', 'inhaber', 'eingetragen', 'ausgestellt', 'handwerk', 'handwerkskammer', 'grosse', 'gmbh'],
  eng: ['the', 'and', 'of', 'to', 'for', 'with', 'this', 'that', 'is', 'are', 'your', 'our', 'we', 'company', 'registered', 'number', 'name', 'address', 'date', 'invoice', 'amount', 'total', 'certificate', 'incorporation', 'limited', 'registration', 'office', 'street', 'road', 'house', 'dear', 'please', 'issued', 'member'],
  pol: ['nip', 'regon', 'krs', 'sp', 'oo', 'z', 'siedziba', 'adres', 'nazwa', 'firma', 'spolka', 'ograniczona', 'odpowiedzialnoscia', 'faktura', 'sprzedawca', 'nabywca', 'data', 'wystawienia', 'rejestr', 'przedsiebiorcow', 'krajowy', 'sadowy', 'odpis', 'aktualny', 'numer', 'ulica', 'ul', 'urzad', 'skarbowy', 'zgloszenie', 'rejestracyjne', 'podatnika', 'vat', 'kwota', 'razem', 'do', 'zaplaty', 'oraz', 'jest', 'nie', 'przez', 'dla', 'rzeczpospolita', 'polska', 'polskiej', 'wojewodztwo', 'powiat', 'gmina', 'miejscowosc', 'kod', 'pocztowy', 'poczta', 'wpis', 'wpisu', 'ewidencji', 'dzialalnosci', 'gospodarczej', 'zaswiadczenie', 'potwierdzenie', 'izba', 'rzemieslnicza', 'cech', 'sprzedazy', 'stawka', 'wartosc', 'podatek', 'podatku', 'zl', 'pln', 'sposob', 'reprezentacji', 'zarzad', 'wspolnik', 'imie', 'nazwisko'],
};

/** Tesseract model used for each guessed language. */
const MODEL: Readonly<Record<keyof typeof STOP_WORDS, string>> = { nld: 'nld', fra: 'fra', deu: 'deu', eng: 'eng', pol: 'pol' };

const WORD_LANG = new Map<string, (keyof typeof STOP_WORDS)[]>();
for (const [lang, words] of Object.entries(STOP_WORDS) as [keyof typeof STOP_WORDS, readonly string[]][]) {
  for (const w of words) WORD_LANG.set(w, [...(WORD_LANG.get(w) ?? []), lang]);
}

/** Fewest function-word hits before the page's text is trusted over the form's country. */
export const MIN_LANGUAGE_EVIDENCE = 6;

/**
 * Languages of a page's text by function words: hits per language (a word shared by two languages
 * counts for both). Letters only an alphabet has count too: ß, ä/ö/ü → German; é, è, ê, ç, à → French;
 * ł, ą, ę, ś, ż, ź, ń, ć, ó → Polish (when a model read them); and in words of 6+ letters "ij" → Dutch,
 * -ung/-keit/-schaft → German, -eau/-aire/-ique/-ement → French.
 *
 * @param text the page's words (OCR in any shipped model, or a PDF text layer).
 * @returns hits per language (`nld`, `fra`, `deu`, `eng`, `pol`), highest first.
 */
export function languageEvidence(text: string): { lang: keyof typeof STOP_WORDS; hits: number }[] {
  const hits: Record<string, number> = { nld: 0, fra: 0, deu: 0, eng: 0, pol: 0 };
  const lower = text.toLowerCase();
  hits.deu! += (lower.match(/[ßäöü]/g) ?? []).length;
  hits.fra! += (lower.match(/[éèêçàâîôû]/g) ?? []).length;
  hits.pol! += (lower.match(/[łąęśżźńćó]/g) ?? []).length;
  const folded = lower.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ł/g, 'l').replace(/ß/g, 'ss');
  for (const token of folded.split(/[^a-z]+/)) {
    for (const lang of WORD_LANG.get(token) ?? []) hits[lang]!++;
    // endings and letter pairs only one of these languages has (long words: compounds, nouns)
    if (token.length < 6) continue;
    if (/ij/.test(token)) hits.nld!++;
    if (/(ung|ungen|keit|schaft|pflicht)$/.test(token)) hits.deu!++;
    if (/(eau|eaux|aire|ique|ement)$/.test(token)) hits.fra!++;
  }
  return (Object.entries(hits) as [keyof typeof STOP_WORDS, number][]).map(([lang, n]) => ({ lang, hits: n })).sort((a, b) => b.hits - a.hits);
}

/**
 * The OCR languages for a document, decided from its first page's text and the form's country.
 * Languages with at least `MIN_LANGUAGE_EVIDENCE` hits and at least 40 % of the strongest
 * language's hits are the page's languages (English only counts when it is the strongest: invoices
 * and certificates of every country carry English words). When the `current` languages already
 * hold them, `current` stays (no second reading); otherwise the page's languages plus `eng` (a
 * Polish page alone: `pol`).
 * Too little text (fewer than `MIN_LANGUAGE_EVIDENCE` hits): `current` stays.
 *
 * @param text the page's words as read with `current`.
 * @param current the languages the page was read with (joined by '+', e.g. `nld+eng`).
 * @returns languages joined by '+'; `current` itself when no change is needed.
 */
export function chooseOcrLanguages(text: string, current: string): string {
  const evidence = languageEvidence(text);
  const top = evidence[0]!;
  if (top.hits < MIN_LANGUAGE_EVIDENCE) return current;
  const page = evidence
    .filter((e, i) => e.hits >= MIN_LANGUAGE_EVIDENCE && e.hits >= top.hits * 0.4 && (e.lang !== 'eng' || i === 0))
    .map((e) => MODEL[e.lang]);
  const loaded = current.split('+');
  if (page.every((l) => loaded.includes(l))) return current;
  return withEnglish(page);
}
