import type { EvidenceKind } from '../schemas/evidenceDocuments';

/** Bounding box `[x0, y0, x1, y1]`; in PDF points (1/72 inch, origin top left) unless said otherwise. */
export type BBox = [number, number, number, number];

/** One recognised (or text-layer) word. `confidence` 0..1, `bbox` in PDF points of its page. */
export interface OcrWord {
  text: string;
  confidence: number;
  bbox: BBox;
}

/** One line of words, left to right, in PDF points. */
export interface OcrLine {
  words: OcrWord[];
  text: string;
  bbox: BBox;
  confidence: number;
}

/** Where a page's words came from: the PDF's own text layer or OCR. */
export type PageSource = 'text-layer' | 'ocr';

/**
 * The words of one page. `page` is 1-based; `width`/`height` are the page size in PDF points
 * (after orientation correction); `rotation` is the clockwise correction (degrees) that was applied
 * to the scan before recognition.
 */
export interface PageText {
  page: number;
  width: number;
  height: number;
  source: PageSource;
  rotation: 0 | 90 | 180 | 270;
  lines: OcrLine[];
}

/** Names of the fields read from evidence documents (docs/documents.md `organisations` field names). */
export const evidenceFieldNames = [
  'name',
  'legalForm',
  'street',
  'houseNumber',
  'postcode',
  'city',
  'country',
  'vatNumber',
  'chamberNumber',
  'rsin',
  'documentDate',
] as const;
export type EvidenceFieldName = (typeof evidenceFieldNames)[number];

/**
 * One extracted field, the shape of `evidenceDocuments.extracted[name]` (shared/schemas/evidenceDocuments.ts):
 * `value` (identifiers normalised, dates ISO `YYYY-MM-DD`, country ISO 3166 alpha-2), `confidence` 0..1,
 * 1-based `page`, `bbox` in PDF points, `invalid: true` when an identifier fails its checksum even
 * after the allowed OCR-confusion repairs. `repaired` is set when an OCR confusion was repaired
 * (the checksum validated only after it), with the text as read in `read`.
 */
export interface EvidenceField {
  value: string;
  confidence: number;
  page: number;
  bbox: BBox;
  invalid?: boolean;
  repaired?: boolean;
  read?: string;
  /** Other values found for this field that were close to the chosen one (then the field is flagged). */
  alternatives?: string[];
}

/** All fields found in one document, keyed by name; absent fields are not present. */
export type EvidenceFields = Partial<Record<EvidenceFieldName, EvidenceField>>;

/** Result of field extraction over a document's pages. */
export interface Extraction {
  kind: EvidenceKind;
  /** 0..1: how sure the classification is. */
  kindConfidence: number;
  fields: EvidenceFields;
  /**
   * Which party of the document `fields` describe: the invoice's `issuer`, a letter's `addressee`,
   * an extract's or licence's `subject` (`customer`/`other` when only such a party was found).
   */
  party?: 'issuer' | 'customer' | 'addressee' | 'subject' | 'other';
  /** The other organisations on the document (a customer, a letter's other party) with their fields, likelier first. */
  otherParties?: { role: 'issuer' | 'customer' | 'addressee' | 'subject' | 'other'; fields: EvidenceFields }[];
}

/** Timings of one page in milliseconds (`render` 0 for text-layer pages). */
export interface PageTiming {
  page: number;
  renderMs: number;
  recogniseMs: number;
  source: PageSource;
  rotation: 0 | 90 | 180 | 270;
  /** OCR reading quality 0..1 of the kept orientation (see `readingQuality`); absent for text-layer pages. */
  quality?: number;
  /**
   * Recognitions the page took (OCR pages): 1 upright and good; +1 per orientation tried
   * (`GOOD_READING`), +1 when the page's languages differed from the loaded ones and it was read again.
   */
  readings?: number;
}

/** What `readEvidence` returns: the extraction plus the pages' words and timings. */
export interface EvidenceReadResult extends Extraction {
  fileType: EvidenceFileType;
  pageCount: number;
  pages: PageText[];
  timings: PageTiming[];
  /** Tesseract languages the OCR'd pages were read with, joined by '+' (absent: the recogniser's own). */
  languages?: string;
}

/** File types accepted as evidence. */
export type EvidenceFileType = 'pdf' | 'jpeg' | 'png' | 'tiff';

/** Stages reported through progress callbacks, per page. */
export type EvidenceStage = 'open' | 'render' | 'recognise' | 'text-layer' | 'extract' | 'done';

/** Progress callback: 1-based `page` of `pages`, and the stage that page entered. */
export type EvidenceProgress = (page: number, pages: number, stage: EvidenceStage) => void;

/**
 * The part of the DOM/Node `AbortSignal` the pipeline uses (shared/ has neither DOM nor Node types;
 * a real `AbortSignal` fits this shape).
 */
export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}
