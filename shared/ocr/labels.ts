/**
 * Field labels as printed on evidence documents, in Dutch, English, German and French, as regular
 * expression sources over folded text (lower case, no diacritics; see `fold`). Order matters:
 * earlier labels win when several match (e.g. "statutaire naam" before "handelsnaam").
 * Sources: KvK "Uittreksel Handelsregister", Belastingdienst btw-identificatienummer letters,
 * BZSt "Bestätigung USt-IdNr.", KBO/BCE extracts, usual invoice footers.
 */
export const fieldLabels = {
  name: [
    'statutaire naam', 'naam samenwerkingsverband', 'naam onderneming', 'naam van de onderneming', 'naam rechtspersoon', 'ingeschreven onderneming',
    'handelsnamen', 'handelsnaam', 'benaming', 'company name', 'registered name', 'name of business', 'business name', 'organisation name',
    'organization name', 'trading name', 'inhaber/firma', 'firmenname', 'name des unternehmens', 'gewerbeinhaber/in', 'gewerbeinhaber', 'inhaber/in',
    'firma, pod ktora spolka dziala', 'firma przedsiebiorcy', 'nazwa pelna',
    'nazwa', 'denomination ou raison sociale', 'denomination sociale', 'denomination', 'raison sociale', 'firma', 'onderneming', 'entreprise',
    'unternehmen', 'trade name', 'naam', 'name', 'nom',
    // Certificate prose: the name is the line below ("This is to certify that" / NAME / "is a member …").
    // First the prose that introduces the business name after the person ("Pani Anna Kowalczyk,
    // prowadząca działalność gospodarczą pod firmą" / NAME): it outranks the prose before the person.
    'pod firma', 'unter der firma', 'sous la denomination', 'onder de naam',
    'this is to certify that', 'hereby certifies that', 'certifies that', 'confirms that', 'certifie que', 'atteste que', 'confirme que', 'bescheinigt, dass',
    'bestatigt, dass', 'verklaart dat', 'bevestigt dat', 'zaswiadcza, ze', 'potwierdza, ze',
  ],
  legalForm: ['rechtsvorm', 'legal form', 'rechtsform', 'forme juridique', 'forme legale', 'oznaczenie formy prawnej', 'forma prawna', 'business type', 'company type',
    'business status', 'legal status', 'categorie juridique', 'rechtsform des unternehmens'],
  address: [
    'vestigingsadres', 'bezoekadres', 'adres van de zetel', 'maatschappelijke zetel', 'zetel', 'adresse du siege', 'siege social', 'siege',
    'registered office address', 'registered office', 'principal place of business', 'business address', 'geschaftsanschrift', 'betriebssitz',
    'anschrift', 'sitz der gesellschaft', 'standort', 'adres siedziby', 'stale miejsce wykonywania dzialalnosci gospodarczej',
    'miejsce wykonywania dzialalnosci gospodarczej', 'adres wykonywania dzialalnosci', 'studio address', 'trading address', 'adresse', 'address', 'adres',
  ],
  vatNumber: [
    'btw-identificatienummer', 'btw identificatienummer', 'btw-id', 'btw-nummer', 'btw nummer', 'btw-nr\\.?', 'btw nr\\.?', 'btw',
    'umsatzsteuer-identifikationsnummer', 'ust-idnr\\.?', 'ust-id-nr\\.?', 'ust-id', 'ust\\.-idnr\\.?', 'uid-nummer', 'uid-nr\\.?', 'uid',
    'n[°o]\\.? ?(?:de )?tva', 'numero de tva', 'numero tva', 'tva', 'vat registration number', 'vat reg\\.? no\\.?', 'vat number', 'vat no\\.?',
    'vat id', 'vat', 'nip',
  ],
  chamberNumber: [
    'kvk-nummer', 'kvk nummer', 'kvk-nr\\.?', 'kvk nr\\.?', 'kvk', 'kamer van koophandel', 'chamber of commerce number', 'coc number', 'coc',
    'ondernemingsnummer', 'numero d\'entreprise', 'n[°o]\\.? d\'entreprise', 'numero bce', 'kbo-nummer', 'kbo nummer', 'enterprise number',
    'handelsregisternummer', 'registernummer', 'handelsregister', 'registergericht', 'amtsgericht', 'firmenbuchnummer', 'numero rcs', 'siren',
    'company number', 'company no\\.?', 'numer krs',
  ],
  rsin: ['rsin', 'fiscaal nummer'],
  documentDate: [
    'datum uittreksel', 'uittreksel vervaardigd op', 'vervaardigd op', 'factuurdatum', 'datum factuur', 'invoice date', 'date of issue',
    'date de facture', 'date facture', 'rechnungsdatum', 'ausstellungsdatum', 'datum der ausstellung', 'ausgestellt am', 'datum van afgifte', 'afgiftedatum',
    'date d\'emission', 'date de delivrance', 'delivree le', 'extrait delivre le', 'a jour au', 'issued on', 'issue date', 'issued', 'given at',
    'data wydania', 'data wystawienia', 'peildatum', 'uitgegeven op', 'stan na dzien', 'wygenerowano dnia', 'data sporzadzenia wydruku', 'abruf vom', 'abfragedatum', 'stichtag', 'opgevraagd op',
    'confirmation statement date', 'confirmation date', 'made up to', 'certificate date', 'a la date du', 'edite le', 'delivre le', 'consultees le',
    'consulte le', 'datum', 'date', 'stand', 'le', 'dnia',
    // The place-and-date line of a German letter ("Luxemburg, den 21. April 2024"; DIN 5008).
    'den',
  ],
} as const;

/**
 * Labels of numbers that are never the organisation's VAT or register number, folded: the Belgian
 * establishment unit (KBO/BCE "vestigingseenheidsnummer", "numéro d'unité d'établissement"), tax
 * numbers, SIRET, REGON, UTR, and a professional body's own member or affiliation number. A part
 * that is only such a label is a column header, never the value of the label left of it.
 */
export const otherNumberLabels = [
  'vestigingseenheidsnummer', 'nummer van de vestigingseenheid', 'vestigingseenheid', 'vestigingsnummer', 'numero d\'unite d\'etablissement',
  'unite d\'etablissement', 'numero d\'etablissement', 'steuernummer', 'siret', 'regon', 'utr', 'unique taxpayer reference',
  'membership number', 'member number', 'lidnummer', 'numero d\'affiliation', 'numero de membre', 'mitgliedsnummer', 'numer czlonkowski',
];

/** Date labels that are NOT the document's date (founding, registration, due, delivery dates). */
export const otherDateLabels = [
  'oprichting', 'inschrijving', 'ingeschreven', 'aanvang', 'vervaldatum', 'verval', 'uiterste', 'betalen voor', 'due', 'leverdatum',
  'geboren', 'geboortedatum', 'grundung', 'eintragung', 'falligkeit', 'faellig', 'zahlbar', 'lieferdatum', 'leistungsdatum',
  'echeance', 'creation', 'constitution', 'debut', 'start', 'founded', 'registered on', 'incorporat', 'geldig tot', 'valid until',
  'gultig bis', 'valable', 'periode', 'period', 'effective date', 'immatriculation', 'eingetragen am', 'letzten eintragung',
  'gesellschaftsvertrag', 'a partir du', 'membre depuis', 'data rejestracji', 'startdatum', 'begindatum', 'date de debut', 'datum aanvang',
  // "since …", "born …", "founded …" in the markets' languages: dates of a state, never of the document.
  'depuis', 'sinds', 'seit', 'since', 'geb.', 'entstehungsdatum', 'data rozpoczecia', 'date de creation',
  // Registration and effect dates of an entry ("Date d'inscription", "Datum der Eintragung", "Effective date of registration").
  'inscription', 'date of registration', 'registration date', 'data wpisu', 'data rejestracji', 'od dnia',
  // Dates a register announces for later filings ("Next accounts made up to …", "prochain dépôt"): never the document's.
  'next accounts', 'next statement', 'next confirmation', 'next return', 'prochain', 'nachste', 'volgende', 'nastepn',
  // … and the dates of the last filings ("Last accounts made up to …", "Last statement dated …").
  'last accounts', 'last statement', 'last confirmation', 'last return',
  // Registration in a register ("Immatriculée au RNE le …", "immatriculé au RCS le …") and the date a
  // registration takes effect ("Date d'effet", "prise d'effet", "wirksam ab", "ingangsdatum").
  'immatricule', 'd\'effet', 'wirksam ab', 'gultig ab', 'ingangsdatum', 'datum ingang',
  // A person's dates on a register's officer rows ("Date de naissance", "Datum in functie", "Date de
  // nomination", "appointed on") and the Dutch "geldig t/m" (tot en met: valid through).
  'naissance', 'date of birth', 'geburtsdatum', 'data urodzenia', 'in functie', 'nomination', 'benoeming', 'appointed', 'geldig t/m', 'geldig tot en met',
];

/** Words that mark a document kind, with weights; title lines count double. */
export const kindKeywords = {
  'chamber-extract': [
    ['uittreksel', 3], ['handelsregister', 3], ['kamer van koophandel', 3], ['kvk', 1], ['kruispuntbank', 3], ['banque-carrefour', 3],
    ['handelsregisterauszug', 4], ['registerauszug', 3], ['auszug', 2], ['extrait', 2], ['chamber of commerce', 2], ['registergericht', 2],
    ['statutaire naam', 2], ['vestigingsnummer', 2], ['ingeschreven', 1], ['eintragung', 1], ['firmenbuch', 4], ['firmenbuchgericht', 2],
    ['kbis', 4], ['registre du commerce', 4], ['immatriculation', 2], ['r.c.s.', 1], ['business registers', 3], ['numero rcs', 2],
    ['certificate of incorporation', 5], ['companies house', 3], ['registrar of companies', 3], ['incorporated', 2],
    ['krajowy rejestr sadowy', 5], ['rejestru przedsiebiorcow', 4], ['odpis', 3], ['numer krs', 2], ['rechtsvorm', 1], ['rechtsform', 1],
    ['forme juridique', 1], ['forme legale', 1], ['ausdruck', 1], ['nummer der firma', 2],
    ['ceidg', 4], ['centralna ewidencja', 4], ['ewidencji i informacji o dzialalnosci gospodarczej', 4], ['confirmation statement', 5],
    ['statement of capital', 2], ['repertoire sirene', 5], ['avis de situation', 4], ['identifiant siren', 2], ['firmenbuchauszug', 4],
    // Belgium: business counters (guichets d'entreprises / ondernemingsloketten) print the KBO/BCE entry
    // with its legal situation and establishment units; only a register extract carries those.
    ['guichet d\'entreprises', 3], ['ondernemingsloket', 3], ['situation juridique', 2], ['rechtstoestand', 2], ['juridische toestand', 2],
    ['unite d\'etablissement', 2], ['unites d\'etablissement', 2], ['unite(s) d\'etablissement', 2], ['vestigingseenheid', 2], ['vestigingseenheden', 2],
  ],
  'vat-certificate': [
    ['btw-identificatienummer', 2], ['belastingdienst', 2], ['bevestiging', 1], ['umsatzsteuer-identifikationsnummer', 3], ['bundeszentralamt', 3],
    ['bestatigung', 2], ['attestation', 2], ['assujetti', 3], ['spf finances', 3], ['fod financien', 3], ['btw-plichtig', 3],
    ['vat registration', 3], ['certificate of registration', 3], ['registration certificate', 3], ['steuernummer', 1], ['omzetbelasting', 2],
    ['finanzamt', 3], ['uid', 1], ['tva intracommunautaire', 2], ['service des impots', 3], ['finances publiques', 3], ['identifiee a la tva', 3],
    ['identification a la tva', 3], ['btw-identificatie', 3], ['value added tax', 3], ['hm revenue', 3], ['podatnika vat', 5], ['urzedu skarbowego', 3],
    ['vat-5', 3], ['inspecteur', 1], ['fiscalite', 1], ['ondernemer voor de omzetbelasting', 2],
    // VAT registration in words of the markets' languages, and the EU's VIES check printed as proof.
    ['taxe sur la valeur ajoutee', 3], ['immatriculee a la tva', 3], ['immatricule a la tva', 3], ['numero d\'identification tva', 3],
    ['numero d\'identification a la tva', 3], ['vies', 4], ['mwst-informationsaustauschsystem', 4], ['vat information exchange system', 4],
    ['gultige mwst-nummer', 4], ['valid vat number', 4], ['numero de tva valide', 4], ['geldig btw-nummer', 4], ['mwst-nummer', 1],
    ['wykaz podatnikow', 5], ['podatnikow vat', 4], ['status podatnika', 3],
  ],
  'company-invoice': [
    ['factuur', 3], ['factuurnummer', 3], ['invoice', 3], ['rechnung', 3], ['rechnungsnummer', 3], ['facture', 3], ['totaal', 2], ['subtotaal', 2],
    ['te betalen', 2], ['iban', 1], ['gesamtbetrag', 2], ['zwischensumme', 2], ['montant', 1], ['total', 1], ['aantal', 1], ['menge', 1],
    ['quantite', 1], ['bedrag', 1], ['betrag', 1], ['faktura', 4], ['sprzedawca', 2], ['nabywca', 2], ['razem do zaplaty', 2], ['bill to', 2],
    ['total due', 2], ['total ttc', 2], ['bezahlt', 1], ['betaald', 1],
  ],
  'professional-licence': [
    ['vergunning', 3], ['licence', 3], ['license', 3], ['beroepskaart', 3], ['lizenz', 3], ['zulassung', 3], ['erkenning', 3], ['agrement', 2],
    ['certificaat van vakbekwaamheid', 3], ['berufsausweis', 3], ['carte professionnelle', 4], ['beroepsregister', 4], ['beroepsvereniging', 3],
    ['bewijs van inschrijving', 3], ['handwerkskarte', 5], ['handwerksrolle', 4],
    // the craft register of the trades free of the master's requirement (Handwerksordnung § 19), kept beside the Handwerksrolle
    ['verzeichnis der inhaber', 4], ['zulassungsfreien handwerks', 4], ['handwerksahnlichen gewerbes', 4], ['handwerkskammer', 3], ['membership', 3],
    ['certificate of membership', 4], ['registratienummer', 1], ['erkenningsnummer', 3], ['beroepsfotograaf', 2], ['n° de membre', 2], ['guild', 2],
    ['federation', 1], ['beroepsfederatie', 3], ['gewerbeinformationssystem', 5], ['gisa', 2], ['gewerbeberechtigung', 4],
    ['gewerbewortlaut', 2], ['gewerbeinhaber', 2], ['certificate of membership', 4], ['qualified member', 2], ['membership number', 2],
    // Membership of a professional body, in the markets' languages: the certificate, the member number, "member of".
    ['mitgliedsbescheinigung', 5], ['mitgliedschaft', 3], ['mitgliedsnummer', 3], ['mitglied', 1], ['berufsverband', 3], ['innung', 3],
    ['lidmaatschap', 3], ['bewijs van lidmaatschap', 4], ['lidnummer', 3], ['attestation d\'adhesion', 4], ['certificat d\'adhesion', 4],
    ['numero d\'adherent', 3], ['adherent', 2], ['numero de membre', 3], ['zaswiadczenie o czlonkostwie', 5], ['czlonkostwo', 3],
    ['numer czlonkowski', 3], ['czlonek', 1], ['member of', 1], ['member since', 2],
    // Craft registers' cards: Handwerkskarte (DE), carte d'artisan / répertoire des métiers (FR).
    ['carte d\'artisan', 5], ['repertoire des metiers', 4], ['chambre de metiers', 3],
    // Affiliation to and registration with a professional body (chamber, order, guild) in nl/fr/de/en/pl.
    ['attestation d\'affiliation', 5], ['affiliation', 2], ['numero d\'affiliation', 3], ['membre effectif', 3], ['affilie', 2],
    ['inscrit au tableau', 4], ['ordre des', 2], ['exercice de la profession', 2], ['aangesloten lid', 3], ['aansluiting', 2],
    ['ingeschreven in het beroepsregister', 4], ['mitglied der', 2], ['kammermitglied', 3], ['berufsregister', 4],
    ['registered member', 3], ['member of the', 2], ['professional body', 3], ['certificate of registered membership', 5],
    ['czlonkiem', 2], ['wpisany na liste', 4], ['izba rzemieslnicza', 3],
    // A professional register's certificate of entry and the standards it vouches for (competence,
    // professional ethics, a code of conduct): a register of a profession, not of companies.
    ['certificaat van inschrijving', 4], ['opgenomen in het register', 3], ['vakbekwaamheid', 2], ['beroepsethiek', 3], ['beroepscode', 3],
    ['deontologie', 3], ['berufsethik', 3], ['berufsordnung', 3], ['professional conduct', 3], ['etyki zawodowej', 3], ['etyka zawodowa', 3],
    // Luxembourg's business permit (Ministère de l'Économie): the licence to trade; invoices print its number in their footer, so a light weight.
    ['autorisation d\'etablissement', 3],
    // Belgium's proof of access to a regulated profession, issued by a business counter (attestation
    // d'accès à la profession / bewijs van toegang tot het beroep): the counter's name and the
    // establishment unit it prints make it look like a KBO/BCE extract, its title says otherwise. The
    // KBO/BCE's own section on professional competences is not taken: extracts print it too.
    ['acces a la profession', 10], ['toegang tot het beroep', 10], ['activite reglementee', 2], ['gereglementeerde activiteit', 2],
    // Luxembourg's Chambre des Métiers (Handwierkskummer) keeps the craft register, as a Handwerkskammer does.
    ['chambre des metiers', 4], ['handwierkskummer', 5],
  ],
} as const satisfies Record<string, readonly (readonly [string, number])[]>;
