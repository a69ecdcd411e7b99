/**
 * Checks a corpus split's ground truth against its own pages (the ground-truth rule of
 * test/fixtures/evidence/corpus/kit.ts), shared by the fixtures tests of the splits written with
 * organisations of their own. Reads the fixtures only, never what the extraction reads from them.
 */
import type { CorpusDoc } from '../../fixtures/evidence/corpus';

/** Upper case without blanks, dots, dashes and slashes: how identifiers are compared with the printed text. */
export const compact = (s: string): string => s.toUpperCase().replace(/[\s./-]/g, '');

/** Every positioned text of the document's pages, one per line. */
export const pageText = (d: CorpusDoc): string => d.pages.flat().map((e) => e.text).join('\n');

/**
 * The ground-truth values of `docs` not printed on their own document, as `file field=value`
 * lines (empty when all are): dates in any of `allFormats(iso)`, identifiers compared `compact`
 * (GB and PL VAT numbers may be printed without their country prefix, as HMRC and Polish
 * documents print them), legal forms in any case; and a name, street or city expected in capitals
 * although the page also prints another spelling of it (`… also printed as …`).
 */
export function missingTruth(docs: readonly CorpusDoc[], allFormats: (iso: string) => string[]): string[] {
  const missing: string[] = [];
  for (const d of docs) {
    const text = pageText(d);
    for (const [field, { value }] of Object.entries(d.fields)) {
      let found: boolean;
      if (field === 'country') found = value === d.country;
      else if (field === 'documentDate') found = allFormats(value).some((s) => text.includes(s));
      else if (field === 'legalForm') found = text.toLowerCase().includes(value.toLowerCase());
      // HMRC prints the GB number and Polish documents the NIP without the country prefix
      else if (field === 'vatNumber') found = compact(text).includes(compact(value)) || (['GB', 'PL'].includes(d.country) && compact(text).includes(compact(value).slice(2)));
      else if (['chamberNumber', 'rsin'].includes(field)) found = compact(text).includes(compact(value));
      else found = text.includes(value);
      if (!found) missing.push(`${d.file} ${field}=${value}`);
    }
    // the kit's rule: a value in capitals is expected only when the page has no other spelling of it
    for (const field of ['name', 'street', 'city']) {
      const want = d.fields[field]?.value;
      if (!want || want !== want.toUpperCase()) continue;
      const lower = text.toLowerCase();
      for (let i = lower.indexOf(want.toLowerCase()); i >= 0; i = lower.indexOf(want.toLowerCase(), i + 1)) {
        const printed = text.slice(i, i + want.length);
        if (printed !== want) missing.push(`${d.file} ${field}=${want} also printed as ${printed}`);
      }
    }
  }
  return missing;
}
