/**
 * Field labels as printed on evidence documents, in Dutch, English, German and French, as regular
 * expression sources over folded text (lower case, no diacritics; see `fold`). Order matters:
 * earlier labels win when several match (e.g. "statutaire naam" before "handelsnaam").
 * Sources: KvK "Uittreksel Handelsregister", Belastingdienst btw-identificatienummer letters,
 * BZSt "Bestätigung USt-IdNr.", KBO/BCE extracts, usual invoice footers.
 */
export const fieldLabels = {
  name: [
    'statutaire naam', 'naam onderneming', 'naam van de onderneming', 'naam rechtspersoon', 'benaming', 'company name', 'registered name',
    'organisation name', 'organization name', 'firmenname', 'firma', 'name des unternehmens', 'denomination sociale', 'denomination',
    'raison sociale', 'handelsnaam', 'trade name', 'naam', 'name', 'nom',
  ],
  legalForm: ['rechtsvorm', 'legal form', 'rechtsform', 'forme juridique', 'forme legale'],
  address: [
    'vestigingsadres', 'bezoekadres', 'adres van de zetel', 'maatschappelijke zetel', 'zetel', 'adresse du siege', 'siege social', 'siege',
    'registered address', 'registered office', 'business address', 'geschaftsanschrift', 'anschrift', 'sitz der gesellschaft', 'adresse',
    'address', 'adres',
  ],
  vatNumber: [
    'btw-identificatienummer', 'btw identificatienummer', 'btw-id', 'btw-nummer', 'btw nummer', 'btw-nr\\.?', 'btw nr\\.?', 'btw',
    'umsatzsteuer-identifikationsnummer', 'ust-idnr\\.?', 'ust-id-nr\\.?', 'ust-id', 'ust\\.-idnr\\.?',
    'n[°o]\\.? ?(?:de )?tva', 'numero de tva', 'numero tva', 'tva', 'vat registration number', 'vat number', 'vat no\\.?', 'vat id', 'vat',
  ],
  chamberNumber: [
    'kvk-nummer', 'kvk nummer', 'kvk-nr\\.?', 'kvk nr\\.?', 'kvk', 'kamer van koophandel', 'chamber of commerce number', 'coc number', 'coc',
    'ondernemingsnummer', 'numero d\'entreprise', 'n[°o]\\.? d\'entreprise', 'numero bce', 'kbo-nummer', 'kbo nummer', 'enterprise number',
    'handelsregisternummer', 'registernummer', 'handelsregister', 'registergericht', 'amtsgericht',
  ],
  rsin: ['rsin', 'fiscaal nummer'],
  documentDate: [
    'datum uittreksel', 'uittreksel vervaardigd op', 'vervaardigd op', 'factuurdatum', 'datum factuur', 'invoice date', 'date of issue',
    'date de facture', 'date facture', 'rechnungsdatum', 'ausstellungsdatum', 'datum der ausstellung', 'datum van afgifte', 'afgiftedatum',
    'date d\'emission', 'date de delivrance', 'issued on', 'issue date', 'datum', 'date', 'stand',
  ],
} as const;

/** Date labels that are NOT the document's date (founding, registration, due, delivery dates). */
export const otherDateLabels = [
  'oprichting', 'inschrijving', 'ingeschreven', 'aanvang', 'vervaldatum', 'verval', 'uiterste', 'betalen voor', 'due', 'leverdatum',
  'geboren', 'geboortedatum', 'grundung', 'eintragung', 'falligkeit', 'faellig', 'zahlbar', 'lieferdatum', 'leistungsdatum',
  'echeance', 'creation', 'constitution', 'debut', 'start', 'founded', 'registered on', 'incorporat', 'geldig tot', 'valid until',
  'gultig bis', 'valable', 'periode', 'period',
];

/** Words that mark a document kind, with weights; title lines count double. */
export const kindKeywords = {
  'chamber-extract': [
    ['uittreksel', 3], ['handelsregister', 3], ['kamer van koophandel', 3], ['kvk', 1], ['kruispuntbank', 3], ['banque-carrefour', 3],
    ['handelsregisterauszug', 4], ['registerauszug', 3], ['auszug', 2], ['extrait', 2], ['chamber of commerce', 2], ['registergericht', 2],
    ['statutaire naam', 2], ['vestigingsnummer', 2], ['ingeschreven', 1], ['eintragung', 1],
  ],
  'vat-certificate': [
    ['btw-identificatienummer', 2], ['belastingdienst', 2], ['bevestiging', 1], ['umsatzsteuer-identifikationsnummer', 3], ['bundeszentralamt', 3],
    ['bestatigung', 2], ['attestation', 2], ['assujetti', 3], ['spf finances', 3], ['fod financien', 3], ['btw-plichtig', 3],
    ['vat registration', 3], ['certificate of registration', 3], ['registration certificate', 3], ['steuernummer', 1], ['omzetbelasting', 2],
  ],
  'company-invoice': [
    ['factuur', 3], ['factuurnummer', 3], ['invoice', 3], ['rechnung', 3], ['rechnungsnummer', 3], ['facture', 3], ['totaal', 2], ['subtotaal', 2],
    ['te betalen', 2], ['iban', 1], ['gesamtbetrag', 2], ['zwischensumme', 2], ['montant', 1], ['total', 1], ['aantal', 1], ['menge', 1],
    ['quantite', 1], ['bedrag', 1], ['betrag', 1],
  ],
  'professional-licence': [
    ['vergunning', 3], ['licence', 3], ['license', 3], ['beroepskaart', 3], ['lizenz', 3], ['zulassung', 3], ['erkenning', 2], ['agrement', 2],
    ['certificaat van vakbekwaamheid', 3], ['berufsausweis', 3], ['carte professionnelle', 3],
  ],
} as const satisfies Record<string, readonly (readonly [string, number])[]>;

/** Legal-form suffixes as printed after a name, longest first, and their country. */
export const legalFormSuffixes: readonly (readonly [RegExp, string])[] = [
  [/\b(B\.\s?V\.|BV)$/u, 'NL'], [/\b(N\.\s?V\.|NV)$/u, ''], [/\b(V\.\s?O\.\s?F\.|VOF)$/u, 'NL'], [/\b(C\.\s?V\.|CV)$/u, 'NL'],
  [/\b(GmbH\s?&\s?Co\.\s?KG)$/u, 'DE'], [/\b(gGmbH|GmbH)$/u, 'DE'], [/\b(UG \(haftungsbeschränkt\))$/u, 'DE'], [/\b(AG|KG|OHG|e\.\s?K\.|GbR)$/u, 'DE'],
  [/\b(BVBA|BV\s?BA|SRL|SPRL|SA|SC|SCRL|CommV|VZW|ASBL)$/u, 'BE'],
];

/**
 * Legal forms as registers print them (KvK, KBO/BCE, Handelsregister): a closed vocabulary, so a
 * read legal form within a small edit distance of one of these is taken as that one (OCR loses
 * umlauts and accents: "beschrankter" → "beschränkter").
 */
export const knownLegalForms: readonly string[] = [
  'Besloten Vennootschap', 'Naamloze Vennootschap', 'Eenmanszaak', 'Vennootschap onder firma', 'Commanditaire Vennootschap',
  'Coöperatie', 'Stichting', 'Vereniging', 'Maatschap', 'Coöperatieve Vennootschap', 'Vereniging zonder winstoogmerk',
  'Société à responsabilité limitée', 'Société anonyme', 'Société coopérative', 'Société en commandite', 'Association sans but lucratif',
  'Gesellschaft mit beschränkter Haftung', 'Aktiengesellschaft', 'Kommanditgesellschaft', 'Offene Handelsgesellschaft',
  'Unternehmergesellschaft (haftungsbeschränkt)', 'eingetragener Kaufmann', 'Gesellschaft bürgerlichen Rechts', 'GmbH & Co. KG',
  'Private company limited by shares', 'Public limited company',
];
