import { describe, expect, it } from 'vitest';
import { extractEvidence, LOW_CONFIDENCE } from '../../../shared/ocr/extract';
import { pagesFromText } from '../../support/ocrPages';
import { validateKvkNumber, validateVatNumber } from '../../../shared/identifiers';
import { specs } from '../../fixtures/evidence/generate';
import { pagesFromLayout } from './fixtureText';

describe('extractEvidence on every fixture layout (perfect reading)', () => {
  for (const spec of specs()) {
    it(`${spec.file}: kind and every ground-truth field`, () => {
      const r = extractEvidence(pagesFromLayout(spec.layout.pages));
      expect(r.kind).toBe(spec.layout.truth.kind);
      for (const [name, want] of Object.entries(spec.layout.truth.fields)) {
        const got = r.fields[name as keyof typeof r.fields];
        expect(got, name).toBeDefined();
        expect(got!.value, name).toBe(want.value);
        expect(!!got!.invalid, `${name} invalid flag`).toBe(!!want.invalid);
        expect(got!.page).toBeGreaterThanOrEqual(1);
        expect(got!.bbox[2]).toBeGreaterThan(got!.bbox[0]);
      }
      if (r.fields.vatNumber && !r.fields.vatNumber.invalid) expect(validateVatNumber(r.fields.vatNumber.value).valid).toBe(true);
    });
  }
});

describe('identifier repair in extraction', () => {
  it('repairs a KvK number printed with the letter O and says so', () => {
    const r = extractEvidence(pagesFromText(['Uittreksel Handelsregister', 'KvK-nummer   69O99O84']));
    expect(r.fields.chamberNumber).toMatchObject({ value: '69099084', repaired: true, read: '69O99O84' });
    expect(validateKvkNumber(r.fields.chamberNumber!.value).valid).toBe(true);
  });

  it('repairs I/l/S/B confusions in a VAT number only when the checksum then validates', () => {
    // NL004495445B01 is valid; read with O for 0, l for 1 and S for 5.
    const r = extractEvidence(pagesFromText(['Btw-identificatienummer:   NLOO4495445BOl']));
    expect(r.fields.vatNumber).toMatchObject({ value: 'NL004495445B01', repaired: true });
    expect(r.fields.vatNumber!.invalid).toBeUndefined();
  });

  it('flags a VAT number whose checksum fails, never returning it as valid', () => {
    const r = extractEvidence(pagesFromText(['Btw-identificatienummer:   NL004495446B01']));
    expect(r.fields.vatNumber).toMatchObject({ value: 'NL004495446B01', invalid: true });
    expect(r.fields.vatNumber!.confidence).toBeLessThan(LOW_CONFIDENCE);
  });
});

describe('dates and distractors', () => {
  it('takes the extract date, not the founding or due date', () => {
    const r = extractEvidence(pagesFromText(['Datum oprichting   01-02-2010', 'Vervaldatum   11-04-2025', 'Uittreksel vervaardigd op 12 maart 2025']));
    expect(r.fields.documentDate?.value).toBe('2025-03-12');
  });
  it('reads German and French month names', () => {
    expect(extractEvidence(pagesFromText(['Datum: 3. März 2025'])).fields.documentDate?.value).toBe('2025-03-03');
    expect(extractEvidence(pagesFromText(["Date d'émission: 1er février 2025"])).fields.documentDate?.value).toBe('2025-02-01');
  });
});

describe('closed vocabularies and suspicious reads', () => {
  it('snaps a legal form that lost its umlaut to the register spelling', () => {
    const r = extractEvidence(pagesFromText(['Rechtsform:   Gesellschaft mit beschrankter Haftung']));
    expect(r.fields.legalForm?.value).toBe('Gesellschaft mit beschränkter Haftung');
  });
  it('keeps an unknown legal form as read', () => {
    expect(extractEvidence(pagesFromText(['Rechtsvorm:   Buitenlandse rechtsvorm'])).fields.legalForm?.value).toBe('Buitenlandse rechtsvorm');
  });
  it('flags a name that starts with a lower-case letter (a misread capital) without changing it', () => {
    const f = extractEvidence(pagesFromText(['Statutaire naam:   studio Noorderlicht B.V.'])).fields.name!;
    expect(f.value).toBe('studio Noorderlicht B.V.');
    expect(f.confidence).toBeLessThan(LOW_CONFIDENCE);
  });
  it('repairs ß read as B or f in a street where the street-suffix dictionary decides, and says so', () => {
    const f = extractEvidence(pagesFromText(['Bildwerk GmbH\nLeopoldstraBe 12\n80802 München'])).fields.street!;
    expect(f).toMatchObject({ value: 'Leopoldstraße', repaired: true, read: 'LeopoldstraBe' });
    expect(extractEvidence(pagesFromText(['Lichtwerk Solingen GmbH\nKlingenstrafe 15\n42651 Solingen'])).fields.street?.value).toBe('Klingenstraße');
  });
  it('lowers confidence of a word with a capital inside that no dictionary explains', () => {
    const f = extractEvidence(pagesFromText(['Bildwerk GmbH\nLeopoldPlatz 12\n80802 München'])).fields.street!;
    expect(f.value).toBe('LeopoldPlatz');
    expect(f.confidence).toBeLessThan(LOW_CONFIDENCE + 0.15);
  });
});

describe('Polish letters read without Polish OCR data', () => {
  const ocrPages = (text: string) => pagesFromText([text]).map((p) => ({ ...p, source: 'ocr' as const }));
  it('puts a known city right and flags a name and street that may have lost letters', () => {
    const r = extractEvidence(ocrPages('Faktura VAT\nSprzedawca:\nObiektyw Krakow S.A.\nul. Dtuga 17\n31-147 Krakow\nNIP: 644-336-04-62'));
    expect(r.fields.city).toMatchObject({ value: 'Kraków', repaired: true, read: 'Krakow' });
    expect(r.fields.street!.confidence).toBeLessThan(LOW_CONFIDENCE);
    expect(r.fields.name!.confidence).toBeLessThan(LOW_CONFIDENCE);
    expect(r.fields.vatNumber?.value).toBe('PL6443360462');
  });
  it('read with Polish data (pol): a name and street that have no Polish letters are not flagged; read without it they are', () => {
    const page = 'Faktura VAT\nSprzedawca:\nKamera Pomorze S.A.\nul. Morska 17\n81-323 Gdynia\nNIP: 644-336-04-62';
    const withPol = extractEvidence(ocrPages(page), { ocrLanguages: 'pol+eng' });
    expect(withPol.fields.name).toMatchObject({ value: 'Kamera Pomorze S.A.' });
    expect(withPol.fields.name!.confidence).toBeGreaterThanOrEqual(LOW_CONFIDENCE);
    expect(withPol.fields.street).toMatchObject({ value: 'ul. Morska' });
    expect(withPol.fields.street!.confidence).toBeGreaterThanOrEqual(LOW_CONFIDENCE);
    for (const opts of [{ ocrLanguages: 'nld+eng+deu+fra' }, {}]) {
      const without = extractEvidence(ocrPages(page), opts);
      expect(without.fields.name!.confidence, JSON.stringify(opts)).toBeLessThan(LOW_CONFIDENCE);
      expect(without.fields.street!.confidence, JSON.stringify(opts)).toBeLessThan(LOW_CONFIDENCE);
    }
  });
  it('read with Polish data, a city the dictionary knows is still put right', () => {
    const r = extractEvidence(ocrPages('Faktura VAT\nSprzedawca:\nKamera Pomorze S.A.\nul. Morska 17\n31-147 Krakow\nNIP: 644-336-04-62'), { ocrLanguages: 'pol+eng' });
    expect(r.fields.city).toMatchObject({ value: 'Kraków', repaired: true, read: 'Krakow' });
  });
  it('leaves a text-layer document as it is', () => {
    const r = extractEvidence(pagesFromText(['Faktura VAT\nSprzedawca:\nObiektyw Krakow S.A.\nul. Długa 17\n31-147 Krakow\nNIP: 644-336-04-62']));
    expect(r.fields.city?.value).toBe('Krakow');
    expect(r.fields.street!.value).toBe('ul. Długa');
  });
});
