/**
 * Renders one invoice to PDF bytes: PDF/A-3b with the Factur-X EN 16931 XML embedded (the
 * default), in Node (CLI) and in the browser (renderer). Fonts and the ICC profile are bytes the
 * caller loads (`resources/fonts`, `resources/icc`), so this module stays free of DOM and Node.
 */
import { PDFContentStream, PDFDocument, PDFName, StandardFonts, type PDFContext } from 'pdf-lib';
import { zlibSync } from 'fflate';
import fontkit from '@pdf-lib/fontkit';
import type { InvoiceInput } from './model';
import { customerDisplayName, InvoiceInputError, isCreditNoteInput } from './model';
import { label, invoiceLanguage, invoiceLocales, type InvoiceLanguage } from './labels';
import { drawInvoice } from './layout';
import { buildFacturXml } from './facturx';
import { addOutputIntent, applyMetadata, attachFacturX, type PdfMetadata } from './pdfa';
import { toWinAnsi, type InvoiceFonts } from './text';

/** The bytes of the regular and bold TrueType fonts to embed (subset). */
export interface InvoiceFontFiles {
  regular: Uint8Array;
  bold: Uint8Array;
}

/** How to render an invoice. */
export interface RenderInvoiceOptions {
  /**
   * Language of the document; default (and what the app uses): the invoice's own language,
   * {@link invoiceLanguage} (the organisation's), in which the server wrote the line texts.
   */
  lang?: InvoiceLanguage;
  /**
   * Unicode TTF bytes to embed as subsets (required for PDF/A), or `'standard'` for the
   * non-embedded Helvetica pair (WinAnsi only; non-Latin-1 letters are approximated). The
   * standard pair exists only as the benchmark floor; it never yields PDF/A.
   */
  fonts: InvoiceFontFiles | 'standard';
  /** RGB ICC profile bytes for the PDF/A output intent; required unless `pdfa` is false. */
  iccProfile?: Uint8Array;
  /** Produce PDF/A-3b with the Factur-X XML attached (default true). */
  pdfa?: boolean;
  /** Creation time written to the info dictionary and XMP (default: now). */
  createdAt?: Date;
}

/** The result: the PDF and the Factur-X XML embedded in it (null when `pdfa` is false). */
export interface RenderedInvoice {
  bytes: Uint8Array;
  xml: string | null;
  pages: number;
}

/** Name written as the PDF producer and XMP CreatorTool. */
export const INVOICE_CREATOR = 'CPS Desk';
const PRODUCER = 'CPS Desk invoice renderer (pdf-lib 1.17.1)';

/** The part of a fontkit font the unshaped layout uses. */
interface FontkitFontLike {
  hasGlyphForCodePoint(codePoint: number): boolean;
  glyphForCodePoint(codePoint: number): { id: number; advanceWidth: number };
  layout(text: string, features?: unknown): { glyphs: unknown[] };
}

// Parsed fonts are reused across documents: fontkit parses a 500 KB TTF in several ms, and
// pdf-lib only reads the parsed font (each document makes its own subset). pdf-lib asks fontkit
// to `layout()` every string it measures or draws, which runs full OpenType shaping (GSUB/GPOS)
// at ~1 ms a call; the invoice's scripts (Latin, Greek, Cyrillic, NFC-normalised) need no
// shaping, and pdf-lib ignores the positions anyway (widths come from advanceWidth), so layout
// here maps code points to glyphs through the cmap directly.
const parsedFonts = new WeakMap<Uint8Array, unknown>();
const cachingFontkit = {
  create(data: Uint8Array, postscriptName?: string) {
    let font = parsedFonts.get(data) as FontkitFontLike | undefined;
    if (!font) {
      font = fontkit.create(data, postscriptName) as unknown as FontkitFontLike;
      const f = font;
      f.layout = (text: string) => {
        const glyphs = [];
        for (const ch of text) glyphs.push(f.glyphForCodePoint(ch.codePointAt(0)!));
        return { glyphs };
      };
      parsedFonts.set(data, font);
    }
    return font;
  },
} as unknown as typeof fontkit;

/** zlib level for every stream we compress. */
const FLATE_LEVEL = 3;

/**
 * Makes `context` compress its streams with fflate instead of pdf-lib's pako: same zlib/Flate
 * format, several times faster (deflate was the largest cost in profiles). Covers the font
 * subsets, the ICC profile and the embedded XML, which pdf-lib creates through `flateStream`.
 */
function useFastFlate(context: PDFContext): void {
  // Level 3: within 0.3 % of level 6's size on font data, ≈15 % faster.
  context.flateStream = (contents, dict = {}) => {
    const bytes = typeof contents === 'string' ? Uint8Array.from(contents, (c) => c.charCodeAt(0) & 0xff) : contents;
    return context.stream(zlibSync(bytes, { level: FLATE_LEVEL }), { ...dict, Filter: 'FlateDecode' });
  };
}

/** Replaces the pages' content streams (pako-encoded at save) by fflate-compressed raw streams. */
function compressContentStreams(context: PDFContext): void {
  for (const [ref, obj] of context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFContentStream)) continue;
    const raw = context.stream(zlibSync(obj.getUnencodedContents(), { level: FLATE_LEVEL }), { Filter: 'FlateDecode' });
    for (const [key, value] of obj.dict.entries()) if (key !== PDFName.of('Filter') && key !== PDFName.of('Length')) raw.dict.set(key, value);
    context.assign(ref, raw);
  }
}

/** Every text field of the input with its dotted path, for the font coverage check. */
function textFields(input: InvoiceInput): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const part of ['invoice', 'organisation', 'supplier'] as const)
    for (const [key, value] of Object.entries(input[part])) if (typeof value === 'string') out.push([`${part}.${key}`, value]);
  input.invoice.lines.forEach((l, i) => out.push([`invoice.lines.${i}.description`, l.description]));
  return out;
}

/**
 * Refuses text the embedded fonts have no glyph for (it would print as empty boxes and extract
 * as nothing). @throws InvoiceInputError naming the field and the characters.
 */
function assertFontCovers(input: InvoiceInput, fonts: FontkitFontLike[]): void {
  for (const [field, value] of textFields(input)) {
    const missing = new Set<string>();
    for (const ch of value.normalize('NFC')) {
      const cp = ch.codePointAt(0)!;
      if (cp >= 0x20 && !fonts.every((f) => f.hasGlyphForCodePoint(cp))) missing.add(ch);
    }
    if (missing.size) throw new InvoiceInputError(field, `contains characters the invoice font (Noto Sans: Latin, Greek, Cyrillic) cannot show: ${[...missing].join(' ')}`);
  }
}

/**
 * Renders `input` (already validated with `parseInvoiceInput`) as an A4 invoice in `options.lang`,
 * by default in the invoice's own language ({@link invoiceLanguage}).
 * @throws InvoiceInputError when a text field has characters the fonts cannot show.
 * @throws Error when PDF/A is requested without embedded fonts or without an ICC profile.
 */
export async function renderInvoicePdf(input: InvoiceInput, options: RenderInvoiceOptions): Promise<RenderedInvoice> {
  const pdfa = options.pdfa ?? true;
  if (pdfa && options.fonts === 'standard') throw new Error('renderInvoicePdf: PDF/A needs embedded fonts; pass font bytes or set pdfa: false');
  if (pdfa && !options.iccProfile?.length) throw new Error('renderInvoicePdf: PDF/A needs an ICC profile (resources/icc/sRGB.icc)');
  const lang = options.lang ?? invoiceLanguage(input);
  const createdAt = options.createdAt ?? new Date();
  const doc = await PDFDocument.create({ updateMetadata: false });
  useFastFlate(doc.context);
  let fonts: InvoiceFonts;
  if (options.fonts === 'standard') {
    fonts = { regular: await doc.embedFont(StandardFonts.Helvetica), bold: await doc.embedFont(StandardFonts.HelveticaBold), clean: toWinAnsi };
  } else {
    doc.registerFontkit(cachingFontkit);
    fonts = {
      regular: await doc.embedFont(options.fonts.regular, { subset: true }),
      bold: await doc.embedFont(options.fonts.bold, { subset: true }),
      clean: (s) => s.normalize('NFC').replace(/\u202f/g, '\u00a0'),
    };
  }
  if (options.fonts !== 'standard') assertFontCovers(input, [cachingFontkit.create(options.fonts.regular), cachingFontkit.create(options.fonts.bold)] as unknown as FontkitFontLike[]);
  const pages = drawInvoice(doc, fonts, input, lang);
  const { invoice, organisation, supplier } = input;
  const customer = customerDisplayName(organisation);
  const credit = isCreditNoteInput(invoice);
  const documentTitle = label(lang, credit ? 'creditNoteDocumentTitle' : 'documentTitle');
  const meta: PdfMetadata = {
    title: `${documentTitle} ${invoice.number}`,
    author: supplier.name,
    subject: label(lang, credit ? 'creditNoteSubject' : 'subject', { number: invoice.number, customer }),
    keywords: [documentTitle, invoice.number, customer, ...(pdfa ? ['Factur-X', 'EN 16931'] : [])],
    language: invoiceLocales[lang],
    creator: INVOICE_CREATOR,
    producer: PRODUCER,
    createdAt,
  };
  applyMetadata(doc, meta, pdfa, pdfa);
  let xml: string | null = null;
  if (pdfa) {
    addOutputIntent(doc, options.iccProfile!);
    xml = buildFacturXml(input, lang);
    await attachFacturX(doc, xml, createdAt);
  }
  compressContentStreams(doc.context);
  const bytes = await doc.save({ useObjectStreams: true });
  return { bytes, xml, pages };
}
