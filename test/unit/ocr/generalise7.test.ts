/**
 * Rules learnt from the `dev10` layouts (first held out), each on a small page of its own written
 * here (not a corpus document) and read perfectly: an invoice whose logo OCR lost, so that only
 * the sender's return-address line over the window and the legal footer say who issued it, and the
 * other rules in the describe blocks below.
 */
import { describe, expect, it } from 'vitest';
import { extractEvidence, LOW_CONFIDENCE } from '../../../shared/ocr/extract';
import { pagesFromLayout } from './fixtureText';

type El = { text: string; x: number; y: number; size: number };
const extract = (els: El[][]) => extractEvidence(pagesFromLayout(els));
const t = (text: string, x: number, y: number, size = 10): El => ({ text, x, y, size });

/** A German invoice as OCR reads it when the logo line is lost: no issuer name at the top. */
const rechnungWithoutLogo = (senderLine: El[]): El[][] => [[
  t('Objektive · Kameras · Reparatur', 330, 82, 8.5),
  ...senderLine,
  t('Fotohaus Schelde CommV', 56, 144), t('Veldstraat 81', 56, 157.5), t('9000 Gent', 56, 171), t('BELGIEN', 56, 184.5),
  t('USt-IdNr. BE 0641.227.309', 56, 198),
  t('Rechnungs-Nr.', 380, 144, 8.5), t('RE-2025-0412', 460, 144, 8.5), t('Datum', 380, 156, 8.5), t('12.04.2025', 460, 156, 8.5),
  t('Rechnung', 56, 260, 15),
  t('1  Sensorreinigung', 56, 330, 9.5), t('180,00', 510, 330, 9.5),
  t('Rechnungsbetrag', 360, 400, 9.5), t('214,20 €', 505, 400, 9.5),
  t('Kamerahaus Nordlicht GmbH', 56, 764, 7), t('Sitz: Rostock', 56, 773, 7), t('Amtsgericht Rostock HRB 40219', 56, 782, 7),
  t('Sparkasse', 250, 764, 7), t('Tel. 0381 455 20 10', 250, 773, 7),
  t('USt-IdNr. DE 318 402 124', 420, 764, 7), t('St.-Nr. 079/112/40518', 420, 773, 7),
]];

describe('an invoice whose logo OCR lost', () => {
  it('a return-address line without the sender\'s name, printed smaller over the window, makes the block under it the customer and is the issuer\'s address', () => {
    const r = extract(rechnungWithoutLogo([t('Lange Straße 14 · 18055 Rostock', 56, 128, 7)]));
    expect(r.party).toBe('issuer');
    expect(r.fields.name?.value).toBe('Kamerahaus Nordlicht GmbH');
    expect([r.fields.street?.value, r.fields.houseNumber?.value, r.fields.postcode?.value, r.fields.city?.value]).toEqual(['Lange Straße', '14', '18055', 'Rostock']);
    expect(r.fields.vatNumber?.value).toBe('DE318402124');
    expect(r.fields.chamberNumber?.value).toBe('HRB 40219');
    expect((r.otherParties ?? []).map((p) => p.fields.name?.value)).toContain('Fotohaus Schelde CommV');
  });

  it('a one-line address as tall as the block under it is not taken for a return-address line', () => {
    const r = extract(rechnungWithoutLogo([t('Lange Straße 14 · 18055 Rostock', 56, 126, 10)]));
    expect(r.fields.vatNumber?.value).not.toBe('DE318402124');
  });

  it('the customer\'s block taken for the issuer\'s leaves its VAT and register numbers below the review threshold when the legal footer prints another valid VAT number', () => {
    // no return-address line at all: only the footer contradicts the block at the top
    const r = extract(rechnungWithoutLogo([]));
    expect(r.fields.vatNumber?.value).toBe('BE0641227309');
    expect(r.fields.vatNumber!.confidence).toBeLessThan(LOW_CONFIDENCE);
    expect(r.fields.vatNumber!.alternatives).toContain('DE318402124');
    expect(r.fields.chamberNumber?.value).toBe('0641.227.309');
    expect(r.fields.chamberNumber!.confidence).toBeLessThan(LOW_CONFIDENCE);
    expect(r.fields.name!.confidence).toBeLessThan(0.9);
  });

  it('an issuer whose own VAT number is printed both in its block and in its footer is not flagged', () => {
    const r = extract([[
      t('Kamerahaus Nordlicht GmbH', 56, 60, 16), t('Lange Straße 14', 56, 80), t('18055 Rostock', 56, 94), t('USt-IdNr. DE 318 402 124', 56, 108),
      t('Kunde', 56, 160), t('Bildwerk Warnow OHG', 56, 174), t('Am Strande 3', 56, 188), t('18055 Rostock', 56, 202), t('USt-IdNr. DE 271 934 563', 56, 216),
      t('Rechnung', 56, 260, 15), t('Datum: 12.04.2025', 56, 280),
      t('Kamerahaus Nordlicht GmbH · Amtsgericht Rostock HRB 40219 · USt-IdNr. DE 318 402 124', 56, 780, 7),
    ]]);
    expect(r.fields.vatNumber?.value).toBe('DE318402124');
    expect(r.fields.vatNumber!.confidence).toBeGreaterThanOrEqual(0.9);
  });
});

describe('party labels', () => {
  it('an invoice that prints the customer first under "Rechnung an:" and the issuer below under "Rechnungssteller:" is the issuer\'s', () => {
    const r = extract([[
      t('Rechnung an:', 56, 80, 8), t('Atelier Sûre S.à r.l.', 56, 96), t('12, rue Principale', 56, 109.5), t('L-9530 Wiltz', 56, 123), t('MwSt.-Nr. LU 1000 0356', 56, 136.5),
      t('Rechnungssteller:', 56, 200, 8), t('Bildhaus Alzette S.A.', 56, 216), t('7, rue du Fossé', 56, 229.5), t('L-4123 Esch-sur-Alzette', 56, 243), t('MwSt.-Nr. LU 1500 0136', 56, 256.5),
      t('RECHNUNG', 380, 80, 17), t('Datum', 380, 104, 9), t('14.03.2025', 460, 104, 9),
      t('Netto', 360, 390, 9.5), t('1.200,00', 500, 390, 9.5),
    ]]);
    expect(r.party).toBe('issuer');
    expect(r.fields.name?.value).toBe('Bildhaus Alzette S.A.');
    expect(r.fields.city?.value).toBe('Esch-sur-Alzette');
    expect(r.fields.vatNumber?.value).toBe('LU15000136');
  });
});

describe('kinds', () => {
  it('a Belgian business counter\'s attestation of access to the profession is a licence, though it prints the counter and an establishment unit as a KBO/BCE extract does', () => {
    const r = extract([[
      t("GUICHET D'ENTREPRISES", 180, 70, 14), t('Compétences professionnelles', 220, 88, 9),
      t("ATTESTATION D'ACCÈS À LA PROFESSION", 130, 150, 15),
      t("Le guichet d'entreprises atteste que l'entreprise", 70, 200, 10.5),
      t('Atelier Lesse SRL', 70, 232, 13),
      t("Numéro d'entreprise", 70, 262), t('0641.227.309', 250, 262),
      t('Siège', 70, 279), t('Rue de la Station 4, 5500 Dinant', 250, 279),
      t("Unité d'établissement", 70, 296), t('2.118.774.305', 250, 296),
      t("requises pour l'activité réglementée suivante :", 70, 350),
      t('Délivré le 03/02/2025', 70, 440),
    ]]);
    expect(r.kind).toBe('professional-licence');
  });

  it('so is it when OCR reads its title no taller than the counter\'s name (the title does not count double)', () => {
    const r = extract([[
      t("GUICHET D'ENTREPRISES AGRÉÉ", 180, 70, 12), t('Compétences professionnelles', 220, 88, 9),
      t("ATTESTATION D'ACCÈS À LA PROFESSION", 130, 150, 12),
      t("Le guichet d'entreprises atteste que l'entreprise", 70, 200, 10.5),
      t('Atelier Lesse SRL', 70, 232, 10.5),
      t("Numéro d'entreprise", 70, 262), t('0641.227.309', 250, 262),
      t("Unité d'établissement", 70, 296), t('2.118.774.305', 250, 296),
      t("requises pour l'activité réglementée suivante :", 70, 350),
    ]]);
    expect(r.kind).toBe('professional-licence');
  });

  it('a certificate of Luxembourg\'s Chambre des Métiers is a licence, though it prints the holder\'s Handelsregister row', () => {
    const r = extract([[
      t('CHAMBRE DES MÉTIERS', 56, 64, 14), t('Handwierkskummer · 2, Circuit de la Foire Internationale · L-1347 Luxembourg', 56, 80, 8),
      t('BESCHEINIGUNG', 230, 140, 16), t('über die Eintragung in die Handwerksrolle', 190, 158, 10.5),
      t('Firma', 70, 210), t('Bäckerei Our S.à r.l.', 250, 210),
      t('Rechtsform', 70, 227), t('Société à responsabilité limitée', 250, 227),
      t('Sitz', 70, 244), t('5, Grand-Rue', 250, 244), t('L-9411 Vianden', 250, 261),
      t('Handelsregister', 70, 278), t('RCS B 104.512', 250, 278),
      t('Luxemburg, den 21.05.2025', 70, 400),
    ]]);
    expect(r.kind).toBe('professional-licence');
  });
});

describe('document dates', () => {
  it('a KvK extract is dated by its "Peildatum", never by an officer\'s "Datum in functie"', () => {
    const r = extract([
      [t('Uittreksel Handelsregister Kamer van Koophandel', 56, 92, 13), t('KvK-nummer 71204519', 56, 110, 9), t('Peildatum 14-05-2025 10:12', 380, 110, 9),
        t('Statutaire naam', 56, 160), t('Lensatelier Drenthe B.V.', 220, 160), t('Eerste inschrijving', 56, 176), t('04-02-2019', 220, 176)],
      [t('Bestuurders', 56, 120, 11), t('Naam', 56, 140), t('R. Hendriks', 220, 140), t('Geboortedatum 02-11-1970', 56, 156), t('Datum in functie 04-02-2019', 56, 172)],
    ]);
    expect(r.fields.documentDate?.value).toBe('2025-05-14');
  });

  it('a membership card is dated by "Uitgegeven op", not by its "Geldig t/m" date', () => {
    const r = extract([[
      t('Bewijs van lidmaatschap', 56, 100, 15), t('Geldig t/m 31-12-2025', 56, 170), t('Lid sinds 01-03-2020', 56, 250),
      t('Uitgegeven op 8 april 2025', 56, 320),
    ]]);
    expect(r.fields.documentDate?.value).toBe('2025-04-08');
  });

  it('a Luxembourg register extract is dated by its "Le …, ce jour" line, never by a manager\'s "Date de naissance"', () => {
    const r = extract([
      [t('Luxembourg Business Registers', 56, 47, 9), t('EXTRAIT', 266, 100, 14), t('Le 09/10/2025, ce jour', 56, 121), t('Dénomination', 56, 160), t('Boulangerie Sûre S.à r.l.', 250, 160)],
      [t('Gérant', 56, 120), t('Date de naissance 12/04/1968', 56, 145), t('Date de nomination 15/06/2012', 56, 177)],
    ]);
    expect(r.fields.documentDate?.value).toBe('2025-10-09');
  });
});

describe('names', () => {
  it('a name whose word ends in "tel" ("Mostviertel") is a name; only a "Tel." word marks contact details', () => {
    const r = extract([[
      t('FINANZAMT ÖSTERREICH', 56, 60, 14), t('Dienststelle Amstetten Melk Scheibbs', 56, 76, 8.5),
      t('Datum', 330, 106, 8.5), t('03.03.2025', 430, 106, 8.5),
      t('Objektivwerk Mostviertel KG', 56, 150, 10.5), t('Wiener Straße 12', 56, 164, 10.5), t('3300 Amstetten', 56, 178, 10.5),
      t('BESCHEID', 56, 230, 14), t('über die Erteilung einer Umsatzsteuer-Identifikationsnummer', 56, 248),
      t('wird die UID-Nummer ATU61234505 erteilt.', 56, 300),
    ]]);
    expect(r.fields.name?.value).toBe('Objektivwerk Mostviertel KG');
  });

  it('a name label qualified by a lower-case word in its own cell ("1.Nazwa organu | ZARZĄD") labels another row: the KRS odpis is named by its "Firma" row', () => {
    const r = extract([
      [t('KRAJOWY REJESTR SĄDOWY', 218, 55, 11), t('Stan na dzień 10.02.2025', 211, 72, 8), t('ODPIS AKTUALNY', 242, 120, 12), t('Z REJESTRU PRZEDSIĘBIORCÓW', 233, 136, 9),
        t('Rubryka 1 - Dane podmiotu', 56, 214, 9), t('1.Oznaczenie formy prawnej', 56, 234, 8), t('SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ', 250, 234, 8),
        t('3.Firma', 56, 264, 8), t('OPTYKA WARMIA SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ', 250, 264, 8),
        t('2.Adres', 56, 360, 8), t('ul. DŁUGA, nr 7', 250, 360, 8), t('miejsc. OLSZTYN, kod 10-001', 250, 375, 8)],
      [t('Rubryka 1 - Organ uprawniony do reprezentacji podmiotu', 56, 147, 9), t('1.Nazwa organu', 56, 170, 8), t('ZARZĄD', 250, 170, 8),
        t('2.Sposób reprezentacji', 56, 185, 8), t('KAŻDY SAMODZIELNIE', 250, 185, 8)],
    ]);
    expect(r.fields.name?.value).toBe('OPTYKA WARMIA SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ');
  });

  it('under OCR, a word of the name read without its diacritics takes the spelling the document prints elsewhere ("Lubeck" beside "23552 Lübeck"), marked repaired below 0.90', () => {
    const els = [[
      t('Kamerahaus Lubeck GmbH', 56, 60, 16), t('Mühlenstraße 8', 56, 80), t('23552 Lübeck', 56, 94),
      t('Rechnung', 56, 200, 15), t('Datum: 12.04.2025', 56, 220),
      t('Kamerahaus Lubeck GmbH · Amtsgericht Lübeck HRB 40219', 56, 780, 7),
    ]];
    const ocr = extractEvidence(pagesFromLayout(els).map((p) => ({ ...p, source: 'ocr' as const })));
    expect(ocr.fields.name?.value).toBe('Kamerahaus Lübeck GmbH');
    expect(ocr.fields.name?.repaired).toBe(true);
    expect(ocr.fields.name!.confidence).toBeLessThan(0.9);
    // a text layer spells what was typed
    expect(extract(els).fields.name?.value).toBe('Kamerahaus Lubeck GmbH');
  });
});

describe('addresses', () => {
  it('a UK postcode OCR split at a blank with its inward digit read as a letter ("HX 1 ITA") is read as HX1 1TA, marked repaired below 0.90', () => {
    const r = extract([[
      t('THE GUILD OF CAMERA RETAILERS', 150, 100, 16), t('Certificate of Member Business', 160, 180, 15),
      t('This is to certify that', 247, 230), t('Calder Lens Ltd', 220, 258, 14), t('Company No. 14203318', 257, 282),
      t('22 Northgate, Halifax HX 1 ITA', 211, 300), t('is a Member Business of the Guild', 200, 340),
      t('Awarded 3rd March 2025', 104, 430),
    ]]);
    expect(r.fields.postcode?.value).toBe('HX1 1TA');
    expect(r.fields.postcode?.repaired).toBe(true);
    expect(r.fields.postcode!.confidence).toBeLessThan(0.9);
    expect(r.fields.city?.value).toBe('Halifax');
  });

  it('a valid UK postcode is taken as printed, not repaired', () => {
    const r = extract([[
      t('Calder Lens Ltd', 56, 60, 16), t('22 Northgate', 56, 80), t('Halifax', 56, 94), t('HX1 1TA', 56, 108),
      t('INVOICE', 56, 200, 16), t('Invoice date 03/03/2025', 56, 220),
    ]]);
    expect(r.fields.postcode?.value).toBe('HX1 1TA');
    expect(r.fields.postcode?.repaired).toBeUndefined();
  });
});

