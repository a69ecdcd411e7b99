/**
 * The first-pass language guess (shared/ocr/languages.ts) on the development corpus documents as a
 * perfect reader sees them, and in the pipeline with a recogniser that records which languages
 * each page was read with: a German extract brought to a Dutch counter is read again with `deu`.
 */
import { describe, expect, it } from 'vitest';
import { chooseOcrLanguages, languageEvidence, ocrLanguagesFor } from '../../../shared/ocr/languages';
import { readEvidenceWith, type EvidenceEngine, type EvidenceSource } from '../../../shared/ocr/pipeline';
import type { GreyImage } from '../../../shared/ocr/image';
import type { OcrLine } from '../../../shared/ocr/types';
import { makeLine } from '../../../shared/ocr/layout';
import { corpusDocs } from '../../fixtures/evidence/corpus';

const firstPageText = (file: string): string => corpusDocs('dev').find((d) => d.file === file)!.pages[0]!.map((e) => e.text).join(' ');

describe('first-pass language guess', () => {
  it('a German Handelsregister extract at a Dutch counter: deu, not the form’s nld', () => {
    expect(chooseOcrLanguages(firstPageText('de-hr-two-pages-1.pdf'), ocrLanguagesFor('NL'))).toBe('deu+eng');
    expect(languageEvidence(firstPageText('de-hr-two-pages-1.pdf'))[0]!.lang).toBe('deu');
  });

  it('a French Kbis at a German counter: fra; a Dutch KvK extract at a French counter: nld', () => {
    expect(chooseOcrLanguages(firstPageText('fr-kbis-1.pdf'), ocrLanguagesFor('DE'))).toBe('fra+eng');
    expect(chooseOcrLanguages(firstPageText('nl-kvk-table-1.pdf'), ocrLanguagesFor('FR'))).toBe('nld+eng');
  });

  it('every development document with its own country keeps the country’s languages (no second reading)', () => {
    for (const doc of corpusDocs('dev')) {
      const text = doc.pages[0]!.map((e) => e.text).join(' ');
      expect(chooseOcrLanguages(text, ocrLanguagesFor(doc.country)), doc.file).toBe(ocrLanguagesFor(doc.country));
    }
  });

  it('Polish documents: pol from the country, and a Polish page at another counter asks for pol', () => {
    expect(ocrLanguagesFor('PL')).toBe('pol');
    for (const split of ['dev', 'dev3', 'dev4', 'dev6', 'dev7', 'dev8', 'dev9'] as const) {
      for (const doc of corpusDocs(split).filter((d) => d.country === 'PL')) {
        const text = doc.pages[0]!.map((e) => e.text).join(' ');
        expect(languageEvidence(text)[0]!.lang, doc.file).toBe('pol');
        for (const country of ['NL', 'DE', 'FR', 'GB', undefined]) expect(chooseOcrLanguages(text, ocrLanguagesFor(country)), `${doc.file} at ${country}`).toBe('pol');
        // the same page as the eng model reads it (no Polish letters: ł → l, ś → s) is still Polish
        const asEng = text.replace(/ł/g, 'l').replace(/Ł/g, 'L').normalize('NFD').replace(/[\u0300-\u036f]/g, '');
        expect(chooseOcrLanguages(asEng, 'nld+eng'), `${doc.file} read with eng`).toBe('pol');
      }
    }
  });

  it('a short Polish letterhead: its letters and register words make it Polish', () => {
    const head = 'Fotoland Wielkopolska Sp. z o.o. ul. Święty Marcin 12, 61-803 Poznań NIP 778-14-22-905 REGON 300123456 Urząd Skarbowy Poznań-Wilda';
    expect(chooseOcrLanguages(head, 'deu+eng')).toBe('pol');
    expect(chooseOcrLanguages('Rzeczpospolita Polska spółka z ograniczoną odpowiedzialnością, siedziba: Kraków', 'fra+eng')).toBe('pol');
    // a Polish counter's English page still gets eng
    expect(chooseOcrLanguages('This is to certify that the company is registered under number 123 and the address of its registered office is 10 High Street', 'pol')).toBe('eng');
  });

  it('pages of the other markets never ask for Polish', () => {
    for (const split of ['dev', 'dev3', 'dev4', 'dev6', 'dev7', 'dev8', 'dev9'] as const) {
      for (const doc of corpusDocs(split).filter((d) => d.country !== 'PL')) {
        const text = doc.pages[0]!.map((e) => e.text).join(' ');
        for (const country of ['NL', 'BE', 'DE', 'FR', 'GB', undefined]) expect(chooseOcrLanguages(text, ocrLanguagesFor(country)).split('+'), `${doc.file} at ${country}`).not.toContain('pol');
      }
    }
  });

  it('too little text keeps the current languages', () => {
    expect(chooseOcrLanguages('Rechnung 2025-044', 'nld+eng')).toBe('nld+eng');
    expect(chooseOcrLanguages('', 'fra+eng')).toBe('fra+eng');
  });
});

describe('the pipeline reads with the page’s languages', () => {
  /** A one-page image source and a recogniser that "reads" German text and records its languages. */
  function engine(text: string) {
    const image: GreyImage = { width: 200, height: 100, dpi: 300, data: new Uint8Array(200 * 100).fill(0) };
    const reads: string[] = [];
    let langs = 'nld+eng+deu+fra';
    const source: EvidenceSource = {
      pageCount: 1,
      pageSize: async () => ({ width: 48, height: 24 }),
      textWords: async () => [],
      render: async () => ({ ...image, data: image.data.slice() }),
      close: async () => undefined,
    };
    const lines: OcrLine[] = text.split('\n').map((l, i) => makeLine(l.split(' ').map((w, j) => ({ text: w, confidence: 0.95, bbox: [j * 60, i * 20, j * 60 + 50, i * 20 + 15] as [number, number, number, number] }))));
    const e: EvidenceEngine = {
      now: () => 0,
      open: async () => source,
      recogniser: {
        async recognise() {
          reads.push(langs);
          return lines;
        },
        async useLanguages(next) {
          langs = next;
        },
      },
    };
    return { e, reads };
  }

  it('form country NL, German page: read with nld+eng, then again with deu+eng; the result says deu+eng', async () => {
    const { e, reads } = engine(firstPageText('de-bzst-1.pdf'));
    const r = await readEvidenceWith(e, { name: 'x.png', bytes: png1x1() }, { languages: { country: 'NL' } });
    expect(reads).toEqual(['nld+eng', 'deu+eng']);
    expect(r.languages).toBe('deu+eng');
  });

  it('form country DE, German page: one reading with deu+eng', async () => {
    const { e, reads } = engine(firstPageText('de-bzst-1.pdf'));
    const r = await readEvidenceWith(e, { name: 'x.png', bytes: png1x1() }, { languages: { country: 'DE' } });
    expect(reads).toEqual(['deu+eng']);
    expect(r.languages).toBe('deu+eng');
  });
});

/** The smallest valid PNG header (1×1): the fake engine ignores the pixels. */
function png1x1(): Uint8Array {
  return Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==', 'base64'));
}
