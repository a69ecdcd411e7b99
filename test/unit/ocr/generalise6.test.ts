/**
 * Rules learnt from the `dev9` layouts (first held out), each on a small page of its own written
 * here (not a corpus document) and read perfectly: Luxembourg RCS numbers printed with a blank as
 * thousands separator, register printouts whose section headings repeat their rows' labels, and
 * the other rules in the describe blocks below.
 */
import { describe, expect, it } from 'vitest';
import { extractEvidence, LOW_CONFIDENCE } from '../../../shared/ocr/extract';
import { pagesFromLayout } from './fixtureText';

type El = { text: string; x: number; y: number; size: number };
const extract = (els: El[][]) => extractEvidence(pagesFromLayout(els));
const t = (text: string, x: number, y: number, size = 10): El => ({ text, x, y, size });

describe('identifiers', () => {
  it('a Luxembourg RCS number with a blank between its thousands ("B 187 604") is read whole, never cut at the blank', () => {
    const r = extract([[
      t('Photo Kirchberg S.à r.l.', 56, 60, 16), t('12, rue Dicks', 56, 78), t('L-1417 Luxembourg', 56, 92),
      t('FACTURE', 56, 180, 16), t('Date : 03/06/2025', 56, 205),
      t('Client', 56, 240), t('Studio Moselle SA', 56, 254), t('8, avenue de la Gare', 56, 268), t('L-6720 Grevenmacher', 56, 282),
      t('R.C.S. Luxembourg B 187 604 · TVA LU 26375245', 56, 790, 8),
    ]]);
    expect(r.fields.chamberNumber?.value).toBe('B187604');
  });

  it('so is one after the "Numéro RCS" label of a register printout', () => {
    const r = extract([[
      t('Luxembourg Business Registers', 56, 47, 9),
      t('EXTRAIT', 266, 109, 14),
      t('Numéro RCS', 56, 193), t('B 31 457', 270, 193),
      t('Dénomination', 56, 209), t('Optique Clervaux S.A.', 270, 209),
      t('Siège social', 56, 225), t('3, Grand-Rue, L-9710 Clervaux', 270, 225),
    ]]);
    expect(r.fields.chamberNumber?.value).toBe('B31457');
  });
});

describe('labels', () => {
  it('a section heading that repeats the label of the row below it ("Dénomination" over "Dénomination | name") is not a name, nor a legal form', () => {
    const r = extract([[
      t('Luxembourg Business Registers', 56, 47, 9),
      t('EXTRAIT', 266, 109, 14),
      t('Registre de Commerce et des Sociétés', 203, 131, 11),
      t('Dénomination', 56, 242, 11),
      t('Dénomination', 56, 263, 9.5), t('Optique Clervaux S.A.', 270, 263, 9.5),
      t('Forme juridique', 56, 292, 11),
      t('Forme juridique', 56, 313, 9.5), t('Société anonyme', 270, 313, 9.5),
      t('Siège social', 56, 342, 11),
      t('Numéro', 56, 363, 9.5), t('3', 270, 363, 9.5),
      t('Rue', 56, 379, 9.5), t('Grand-Rue', 270, 379, 9.5),
      t('Code postal', 56, 395, 9.5), t('9710', 270, 395, 9.5),
      t('Localité', 56, 411, 9.5), t('Clervaux', 270, 411, 9.5),
    ]]);
    expect(r.fields.name?.value).toBe('Optique Clervaux S.A.');
    expect(r.fields.legalForm?.value).toBe('Société anonyme');
    expect(r.fields.name!.confidence).toBeGreaterThanOrEqual(LOW_CONFIDENCE);
  });
});

describe('forms whose boxes print the label above the value', () => {
  // A tax office's form: numbered boxes, each label over its value, two boxes side by side.
  const form = (nipLabel: string) => [[
    t('ZAP-3 POTWIERDZENIE', 56, 60, 13),
    t('Naczelnik Urzędu Skarbowego w Gnieźnie', 56, 90, 9.5),
    t(nipLabel, 56, 130, 8), t('2. Nr dokumentu', 330, 130, 8),
    t('778-102-34-58', 56, 142, 10), t('ZAP-2025-00417', 330, 142, 10),
    t('3. Nazwa pełna', 56, 200, 8), t('Foto Lech Sp. z o.o.', 56, 212, 10),
    t('5. Ulica', 56, 290, 8), t('6. Nr domu', 300, 290, 8),
    t('ul. Tumska', 56, 302, 10), t('11', 300, 302, 10),
    t('7. Kod pocztowy', 56, 320, 8), t('8. Miejscowość', 300, 320, 8),
    t('62-200', 56, 332, 10), t('Gniezno', 300, 332, 10),
    t('Gniezno, dnia 14.05.2025 r.', 56, 460, 9.5),
  ]];

  it('the NIP under its box label is the VAT number (PL + NIP)', () => {
    const r = extract(form('1. Numer Identyfikacji Podatkowej (NIP)'));
    expect(r.fields.vatNumber?.value).toBe('PL7781023458');
    expect(r.fields.vatNumber!.confidence).toBeGreaterThanOrEqual(LOW_CONFIDENCE);
  });

  it('a number under a box label that is not a VAT label is not taken for one', () => {
    const r = extract(form('1. Numer ewidencyjny'));
    expect(r.fields.vatNumber).toBeUndefined();
  });

  it('street, house number, postcode and city each under its box label', () => {
    const r = extract(form('1. Numer Identyfikacji Podatkowej (NIP)'));
    expect([r.fields.street?.value, r.fields.houseNumber?.value, r.fields.postcode?.value, r.fields.city?.value]).toEqual(['ul. Tumska', '11', '62-200', 'Gniezno']);
  });

  it('a date after a VAT word ("podatnik VAT czynny od dnia 15.03.2021 r.") is never read as a VAT number', () => {
    const r = extract([[
      t('Naczelnik Urzędu Skarbowego w Gnieźnie', 56, 90, 9.5),
      t('Foto Lech Sp. z o.o.', 56, 200, 10), t('ul. Tumska 11', 56, 214, 10), t('62-200 Gniezno', 56, 228, 10),
      t('Podmiot został zarejestrowany jako podatnik VAT czynny od dnia 15.03.2021 r.', 56, 300, 9.5),
    ]]);
    expect(r.fields.vatNumber).toBeUndefined();
  });
});

describe('register printouts with numbered entries', () => {
  // A Firmenbuch-style printout in monospaced type: headings, each entry under it indented with its
  // index ("1", "A") set apart by two blanks.
  const fb = [[
    t('REPUBLIK ÖSTERREICH', 56, 50, 9), t('FIRMENBUCH', 56, 64, 12),
    t('FN 123456 a', 56, 92, 11), t('Abfragedatum 12.02.2025', 420, 92, 8.5),
    t('Auszug mit aktuellen Daten', 56, 120, 10), t('Stichtag 11.02.2025', 56, 134, 10),
    t('FIRMA', 56, 200, 10), t('1  Optik Steyr OG', 90, 216, 9.5),
    t('RECHTSFORM', 56, 244, 10), t('1  Offene Gesellschaft', 90, 260, 9.5),
    t('GESCHÄFTSANSCHRIFT', 56, 332, 10), t('1  Stadtplatz 7', 90, 348, 9.5), t('   4400 Steyr', 90, 362, 9.5),
  ]];

  it('the entry index before the name under its heading, and before the street, is not part of them', () => {
    const r = extract(fb);
    expect(r.fields.name?.value).toBe('Optik Steyr OG');
    expect([r.fields.street?.value, r.fields.houseNumber?.value, r.fields.postcode?.value, r.fields.city?.value]).toEqual(['Stadtplatz', '7', '4400', 'Steyr']);
  });

  it('a street that starts with its number (FR, LU, GB) keeps it', () => {
    const r = extract([[
      t('FACTURE', 56, 60, 16), t('Date : 03/06/2025', 56, 85),
      t('Photo Rivage SARL', 56, 150), t('12  rue des Tanneurs', 56, 164), t('67000 Strasbourg', 56, 178),
    ]]);
    expect([r.fields.street?.value, r.fields.houseNumber?.value]).toEqual(['rue des Tanneurs', '12']);
  });

  it('the extract is dated by its query date ("Abfragedatum"), not by the reference date of its data ("Stichtag")', () => {
    expect(extract(fb).fields.documentDate?.value).toBe('2025-02-12');
  });
});

describe('officers listed on a register printout', () => {
  it('a "Name" row followed by a person\'s rows (Role, Date of birth, Nationality) and the officer\'s correspondence address name no organisation', () => {
    const r = extract([
      [
        t('GOV.UK  Find and update company information', 56, 52, 10),
        t('HARBOUR LIGHT IMAGING LTD', 56, 99, 18),
        t('Company number 11583206', 56, 122, 10),
        t('Registered office address', 56, 193, 10),
        t('7 Quay Street, Truro, England, TR1 2HE', 56, 208, 10),
        t('Company type', 56, 261, 10), t('Private limited company', 200, 261, 10),
        t('Incorporated on 21 September 2018', 56, 279, 10),
      ],
      [
        t('HARBOUR LIGHT IMAGING LTD - People', 56, 61, 14),
        t('Name', 56, 123, 10), t('TREWIN, Mark Alan', 200, 123, 10),
        t('Role', 56, 139, 10), t('Director', 200, 139, 10),
        t('Date of birth', 56, 155, 10), t('March 1979', 200, 155, 10),
        t('Nationality', 56, 187, 10), t('British', 200, 187, 10),
        t('Correspondence address', 56, 203, 10), t('7 Quay Street, Truro, TR1 2HE', 200, 203, 10),
      ],
    ]);
    expect(r.fields.name?.value).toBe('HARBOUR LIGHT IMAGING LTD');
    expect(r.fields.chamberNumber?.value).toBe('11583206');
    expect([r.fields.street?.value, r.fields.houseNumber?.value, r.fields.postcode?.value, r.fields.city?.value]).toEqual(['Quay Street', '7', 'TR1 2HE', 'Truro']);
  });
});

describe('capitals', () => {
  const letter = (prose: string) => [[
    t('DIRECTION GÉNÉRALE DES FINANCES PUBLIQUES', 56, 53, 10), t('SIE de Rouen Nord', 56, 67, 9),
    t('ATELIER SEINE PHOTO SARL', 320, 143, 10), t('21 RUE DU GROS HORLOGE', 320, 156, 10), t('76000 ROUEN', 320, 170, 10),
    t('Rouen, le 3 mars 2025', 320, 223, 10),
    t('Objet : votre numéro d’identification intracommunautaire', 56, 272, 10),
    t(prose, 56, 331, 10),
    t('FR 44 732829320', 200, 385, 11),
  ]];

  it('an address window in capitals over a letter that prints the same address in mixed case with its postcode takes the mixed-case spelling', () => {
    const r = extract(letter('Suite à la création de la société, dont le siège est situé 21 rue du Gros Horloge, 76000 Rouen, le numéro suivant lui a été attribué :'));
    expect([r.fields.street?.value, r.fields.city?.value]).toEqual(['rue du Gros Horloge', 'Rouen']);
  });

  it('a mixed-case word found only elsewhere (a city inside a name or a date line) does not change the capitals', () => {
    const r = extract(letter('Suite à la création de la société, le numéro de TVA intracommunautaire suivant lui a été attribué :'));
    expect([r.fields.street?.value, r.fields.city?.value]).toEqual(['RUE DU GROS HORLOGE', 'ROUEN']);
  });
});

describe('invoice footers', () => {
  it('a legal footer whose groups are set apart by spaced hyphens ("Name SAS - SAS au capital de …") gives the name without the hyphen', () => {
    const r = extract([[
      t('Atelier Vosges', 56, 57, 16), t('4 place Stanislas - 54000 Nancy', 56, 81, 9),
      t('Client', 330, 134), t('Studio Meuse SRL', 330, 147), t('Rue de Fer 12', 330, 160), t('5000 Namur', 330, 174), t('Belgique', 330, 187),
      t('FACTURE N° FA-2025-0031', 56, 250, 14), t('Date 02/02/2025', 56, 278),
      t('Atelier Vosges SAS - SAS au capital de 5 000 € - RCS Nancy 732 829 320 - N° TVA FR44732829320', 56, 781, 7),
    ]]);
    expect(r.fields.name?.value).toBe('Atelier Vosges SAS');
    expect(r.fields.legalForm?.value).toBe('SAS');
  });
});

describe('attention lines', () => {
  it('"À l\'attention du gérant, …" between the addressee\'s name and street is an attention line, not the name', () => {
    const r = extract([[
      t('SPF FINANCES', 56, 54, 12), t('Centre de gestion TVA Namur', 56, 87, 9),
      t('Studio Meuse SRL', 320, 143), t('À l\'attention du gérant, Luc Fontaine', 320, 157), t('Rue de Fer 12', 320, 171), t('5000 Namur', 320, 185),
      t('Namur, le 2 mai 2025', 56, 233),
      t('Nous attestons que l\'entreprise est identifiée à la TVA sous le numéro BE 0403.170.701.', 56, 363),
    ]]);
    expect(r.fields.name?.value).toBe('Studio Meuse SRL');
    expect(r.fields.street?.value).toBe('Rue de Fer');
  });
});

describe('document kinds', () => {
  it('a professional register\'s certificate of entry that cites the holder\'s KvK entry is a licence, not a register extract', () => {
    const r = extract([[
      t('STICHTING BEROEPSREGISTER FOTOGRAFEN', 150, 79, 13), t('Oudegracht 12 · 3511 AP Utrecht', 210, 101, 9),
      t('CERTIFICAAT VAN INSCHRIJVING', 146, 167, 16),
      t('Het bestuur verklaart dat', 226, 222, 10),
      t('Beeldstudio Noord', 200, 253, 13), t('Vismarkt 4, 9711 KR Groningen', 200, 280, 10),
      t('ingeschreven in het Handelsregister onder KvK-nummer 12345678', 138, 303, 10),
      t('is opgenomen in het register onder nummer BRF 25.0012', 105, 342, 10),
      t('en voldoet aan de eisen van vakbekwaamheid en beroepsethiek.', 125, 360, 10),
      t('Ingeschreven sinds 01-03-2021', 150, 412, 10),
      t('Utrecht, 2 juni 2025', 90, 532, 10),
    ]]);
    expect(r.kind).toBe('professional-licence');
  });
});

describe('two-column register extracts', () => {
  it('a register-number label whose right neighbour is the other column\'s text ("Numéro d\'entreprise | Assujetti à la TVA") takes the number below it', () => {
    const r = extract([[
      t('Banque-Carrefour des Entreprises', 56, 69, 10),
      t('Extrait - situation au 14/03/2025', 56, 93, 11),
      t('Identification', 56, 131, 11), t('Qualités', 310, 131, 11),
      t('Numéro d\'entreprise', 56, 155, 9.5), t('Assujetti à la TVA', 310, 155, 9.5),
      t('0403.170.701', 56, 169, 9.5), t('depuis le 01/02/2016', 310, 169, 9.5),
      t('Dénomination', 56, 197, 9.5), t('Studio Meuse SRL', 56, 211, 9.5),
      t('Adresse du siège', 56, 245, 9.5), t('Rue de Fer 12', 56, 259, 9.5), t('5000 Namur', 56, 271, 9.5),
    ]]);
    expect(r.fields.chamberNumber?.value).toBe('0403.170.701');
  });
});

describe('chronological register printouts', () => {
  it('the legal form in a value column indented under its run-on label ("6. a) Rechtsform, Beginn, Satzung …:") is the register\'s spelling', () => {
    const r = extract([[
      t('Handelsregister B des Amtsgerichts Ulm', 56, 49, 9),
      t('Abteilung B Nummer der Firma: HRB 123456', 56, 65, 9),
      t('Abruf vom 05.05.2025 09:12', 56, 82, 9),
      t('Chronologischer Ausdruck', 56, 111, 12),
      t('2. a) Firma: Donau Optik GmbH', 56, 168, 9.5),
      t('Geschäftsanschrift: Hirschstraße 9, 89073 Ulm', 160, 218, 9.5),
      t('6. a) Rechtsform, Beginn, Satzung oder Gesellschaftsvertrag:', 56, 460, 9.5),
      t('Gesellschaft mit beschränkter Haftung', 160, 476, 9.5),
      t('Gesellschaftsvertrag vom 12.01.2015', 160, 490, 9.5),
    ]]);
    expect(r.fields.legalForm?.value).toBe('Gesellschaft mit beschränkter Haftung');
  });
});

describe('certifying prose', () => {
  it('prose that ends with up to four words and a colon ("Izba zaświadcza, że zakład rzemieślniczy prowadzony przez:") names the holder on the line below', () => {
    const r = extract([[
      t('Izba Rzemieślnicza w Lublinie', 172, 60, 13), t('ul. Rybna 2, 20-114 Lublin', 226, 80, 8.5),
      t('Lublin, 3 marca 2025 r.', 420, 123, 10),
      t('ZAŚWIADCZENIE', 235, 178, 16),
      t('Izba zaświadcza, że zakład rzemieślniczy prowadzony przez:', 70, 242, 10.5),
      t('Marek Zieliński Foto-Atelier', 100, 269, 12),
      t('adres', 100, 295, 10), t('ul. Lubartowska 14, 20-094 Lublin', 250, 295, 10),
      t('NIP', 100, 312, 10), t('712-016-41-10', 250, 312, 10),
    ]]);
    expect(r.fields.name?.value).toBe('Marek Zieliński Foto-Atelier');
  });
});

describe('logos', () => {
  const invoice = (footer: string) => [[
    t('JOOST VERMEULEN', 56, 57, 22), t('fotografie · film', 56, 83, 9),
    t('Oudegracht 88', 380, 114, 9), t('3511 AV Utrecht', 380, 126, 9),
    t('Aan', 56, 144, 9), t('Studio Meuse SRL', 56, 157), t('Rue de Fer 12', 56, 170), t('5000 Namur', 56, 184), t('België', 56, 197),
    t('Factuur', 56, 277, 18), t('Factuurdatum 3 maart 2025', 56, 322), t('Btw-id NL004495445B01', 380, 184, 9),
    t(footer, 56, 780, 8),
  ]];

  it('an invoice logo in capitals that leaves words of the name out gives way to the name printed with the own address in the footer', () => {
    expect(extract(invoice('Fotostudio Joost Vermeulen · Oudegracht 88 · 3511 AV Utrecht · KvK 12345678')).fields.name?.value).toBe('Fotostudio Joost Vermeulen');
  });

  it('not to a sentence that happens to hold the logo\'s words', () => {
    const r = extract(invoice('Met dank aan het team van fotograaf Joost Vermeulen · Oudegracht 88 · 3511 AV Utrecht · KvK 12345678'));
    expect(r.fields.name?.value).not.toBe('Met dank aan het team van fotograaf Joost Vermeulen');
  });
});

describe('two issuer-like parties on an invoice', () => {
  it('a block at the top with its own VAT number and no customer label (its name read taller than the text around it, as OCR boxes come), and the issuer only in the legal footer: the VAT number is never returned confidently wrong', () => {
    const r = extract([[
      t('Fotografie · Druck · Einrahmung', 56, 83, 9),
      t('Kamerahaus Ulm GmbH', 56, 143, 13.5), t('Rechnung 2025/0042', 380, 143, 10),
      t('Hirschstraße 9', 56, 156, 10), t('Datum 04.02.2025', 380, 156, 10),
      t('89073 Ulm', 56, 170, 10),
      t('DEUTSCHLAND', 56, 183, 10),
      t('USt-IdNr. DE 136 695 976', 56, 197, 10),
      t('Rechnung', 56, 258, 15),
      t('Firmenportraits 8 65,00 520,00', 56, 313, 9.5),
      t('Gesamt 520,00 EUR', 330, 410, 10),
      t('Steuerschuldnerschaft des Leistungsempfängers', 56, 440, 9),
      t('Foto Mosel S.à r.l. · 12, rue de la Gare · L-6720 Grevenmacher · +352 26 74 11', 56, 780, 7.5),
      t('R.C.S. Luxembourg B 123 456 · TVA LU 26375245', 56, 791, 7.5),
    ]]);
    const vat = r.fields.vatNumber;
    if (vat && vat.value !== 'LU26375245') {
      expect(vat.confidence).toBeLessThan(LOW_CONFIDENCE);
      expect(vat.alternatives).toContain('LU26375245');
    }
  });
});

describe('craft registers', () => {
  it('a chamber\'s certificate of entry in the register of a trade free of the master\'s requirement (HwO § 19) is a licence, even beside the firm\'s Handelsregister entry', () => {
    const r = extract([[
      t('Handwerkskammer Schwaben', 94, 63, 10), t('Siebentischstraße 52 · 86161 Augsburg', 94, 83, 9),
      t('Augsburg, 2. Mai 2025', 421, 144, 10),
      t('Bescheinigung', 246, 187, 10),
      t('über die Eintragung in das Verzeichnis der Inhaber eines zulassungsfreien Handwerks', 109, 206, 10),
      t('Betriebsnummer 0091234', 115, 251, 10),
      t('Firma Fotostudio Lech e.K.', 114, 270, 10),
      t('Betriebssitz Maximilianstraße 8, 86150 Augsburg', 113, 287, 10),
      t('Registergericht Amtsgericht Augsburg, HRA 9123', 110, 323, 10),
      t('Eingetragen am 11.05.2001', 107, 378, 10),
      t('Die Eintragung berechtigt zur selbständigen Ausübung des oben genannten Handwerks', 104, 423, 10),
    ]]);
    expect(r.kind).toBe('professional-licence');
  });
});

describe('customer labels under OCR noise', () => {
  it('a customer label with a stray character beside it ("Aan A") and a speck between it and the name still marks the block as the customer\'s, however tall its name reads', () => {
    const r = extract([[
      t('fotografie - film - montage', 58, 82, 9),
      t('Oudegracht 88', 382, 114, 8), t('3511 AV Utrecht', 382, 126, 8), t('T 030-231 44 19', 382, 139, 8),
      t('Aan A', 58, 143, 7),
      t('Ie', 72, 152, 1.2),
      t('Foto Mosel S.à r.l.', 58, 162, 13.5),
      t('12, rue de la Gare', 58, 176, 10), t('KvK 12345678', 382, 176, 8),
      t('L-6720 Grevenmacher', 58, 189, 10), t('Btw-id NL004495445B01', 382, 189, 8),
      t('Factuur', 58, 276, 14), t('Factuurdatum 3 maart 2025', 58, 321, 10),
      t('Omschrijving Aantal Tarief Btw Bedrag', 56, 386, 10),
      t('Te betalen € 1.322,65', 380, 519, 10),
      t('Fotostudio Joost Vermeulen - Oudegracht 88 - 3511 AV Utrecht - KvK 12345678', 55, 779, 8),
    ]]);
    expect(r.fields.name?.value).toBe('Fotostudio Joost Vermeulen');
  });
});

describe('reverse-charge invoices', () => {
  it('the VAT number after "UID des Leistungsempfängers" is the customer\'s: the issuer\'s own in its footer is returned, not flagged', () => {
    const r = extract([[
      t('Lichtbild Montafon OG', 80, 72, 15),
      t('Silvrettastraße 4 | 6780 Schruns | 05556 72 11 90', 79, 93, 9),
      t('Studio Meuse SRL', 78, 154, 11), t('RECHNUNG', 420, 154, 11),
      t('Rue de Fer 12', 78, 168, 10),
      t('5000 Namur', 78, 181, 10), t('Rechnung Nr 2502-117', 420, 181, 10),
      t('BELGIEN', 78, 194, 10),
      t('UID des Leistungsempfängers: BE 0403.170.701', 77, 207, 10),
      t('Leistung Stunden Satz Betrag', 76, 288, 10),
      t('Gesamtbetrag EUR 1.320,00', 329, 400, 10),
      t('Die Steuerschuld geht auf den Leistungsempfänger über.', 73, 440, 10),
      t('Offene Gesellschaft - Sitz Schruns - FN 439772 z - Landesgericht Feldkirch - UID ATU90094745', 67, 750, 8),
    ]]);
    expect(r.fields.vatNumber?.value).toBe('ATU90094745');
    expect(r.fields.vatNumber!.confidence).toBeGreaterThanOrEqual(LOW_CONFIDENCE);
  });
});

describe('OCR specks', () => {
  it('a speck under a label\'s lower-case value ("Dénomination | depuis le …") is never the name', () => {
    const r = extract([[
      t('Banque-Carrefour des Entreprises', 59, 68, 12),
      t('Extrait - situation au 14/03/2025', 59, 92, 9),
      t('Numéro d\'entreprise', 59, 154, 10), t('Assujetti à la TVA', 312, 154, 10),
      t('0403.170.701', 58, 167, 10), t('depuis le 01/02/2016', 312, 167, 10),
      t('Dénomination', 59, 195, 11), t('depuis le 02/02/2016', 312, 197, 9.5),
      t('STUDIO MEUSE', 59, 210, 7),
      t('Studio Meuse SRL (français)', 58, 224, 10), t('Fae', 330, 222, 2),
      t('Forme légale', 58, 252, 10), t('Société à responsabilité limitée', 58, 266, 10),
      t('Adresse du siège', 58, 294, 10), t('Rue de Fer 12', 58, 308, 10), t('5000 Namur', 57, 322, 10),
      t('Unité d\'établissement', 312, 322, 10), t('Dénomination', 312, 402, 9), t('Studio Meuse', 312, 415, 9),
    ]]);
    expect(r.fields.name?.value).toBe('Studio Meuse SRL');
  });
});
