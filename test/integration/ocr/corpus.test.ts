/**
 * OCR of two corpus documents end to end (rendered scan → pdfjs → tesseract.js with the
 * country's languages → extraction): a German invoice (customer in the address window, issuer in
 * the footer columns, Steuernummer beside the USt-IdNr.) and a BZSt letter (addressee, ß in the
 * street). The letter is read as if brought to a Dutch counter (form country NL): the first page
 * is read with nld+eng, its text says German, and it is read again with deu+eng. The whole corpus
 * runs in `npm run bench:ocr`; OCR costs seconds per page, so the suite keeps to these two.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createNodeEvidenceReader } from '../../../tools/ocr/engine';
import { corpusDocs } from '../../fixtures/evidence/corpus';
import { renderDoc } from '../../fixtures/evidence/corpus/render';
import { prng } from '../../fixtures/evidence/organisations';
import { scoreExtraction } from '../../bench/ocr/score';

const reader = createNodeEvidenceReader({ workerPerDocument: true });
const counter: Record<string, string> = { 'de-rechnung-footer-1.pdf': 'DE', 'de-bzst-1.pdf': 'NL' };
afterAll(() => reader.close());

describe('corpus scans read by OCR: fields exact or flagged, no wrong identifier, the issuer on an invoice', () => {
  for (const file of ['de-rechnung-footer-1.pdf', 'de-bzst-1.pdf']) {
    it(file, async () => {
      const doc = corpusDocs('dev').find((d) => d.file === file)!;
      const bytes = await renderDoc(doc, prng(7));
      const r = await reader.read({ name: file, bytes }, { languages: { country: counter[file] } });
      expect(r.languages, 'languages decided by the page, not the form').toBe('deu+eng');
      const s = scoreExtraction(r, doc.kind, doc.fields);
      expect(r.kind).toBe(doc.kind);
      expect(s.identifiersWrongUnflagged).toBe(0);
      for (const f of s.fields) expect(['exact', 'flagged'], `${f.field}: want ${f.want}, got ${f.got} (${f.confidence})`).toContain(f.outcome);
      if (doc.kind === 'company-invoice') expect(r.otherParties?.some((p) => p.fields.name?.value === doc.other.name)).toBe(true);
    }, 180_000);
  }
});
