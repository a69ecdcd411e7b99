import { checkDeclaredPixels, drawDpiFor, MIN_SCAN_DRAW_DPI, renderDpiFor } from './bounds';
import { EvidenceError, throwIfCancelled } from './errors';
import { extractEvidence } from './extract';
import { encodePgm, median3x3, rotateGrey, type GreyImage } from './image';
import { groupLines, makeLine } from './layout';
import { chooseOcrLanguages, ocrLanguagesFor } from './languages';
import { horizontalTextScore } from './orientation';
import { defaultEvidenceLimits, sniffEvidenceFile, type EvidenceLimits } from './sniff';
import type { AbortSignalLike, EvidenceFileType, EvidenceProgress, EvidenceReadResult, OcrLine, OcrWord, PageText, PageTiming } from './types';

/**
 * One opened document, as an engine gives it (pdfjs-dist for PDFs, an image decoder for images).
 * Page numbers are 1-based; sizes in PDF points (images: pixels × 72 / dpi).
 */
export interface EvidenceSource {
  pageCount: number;
  pageSize(page: number): Promise<{ width: number; height: number }>;
  /** Text-layer words in PDF points, top-left origin ([] for images and image-only PDFs). */
  textWords(page: number): Promise<OcrWord[]>;
  /** Renders the page at `dpi` as 8-bit greyscale. */
  render(page: number, dpi: number): Promise<GreyImage>;
  close(): Promise<void>;
}

/**
 * Recognises one greyscale image (already rotated upright) and returns its lines with words in
 * PIXELS of that image, confidences 0..1. Implementations: tesseract.js in Node or in web workers.
 */
export interface Recogniser {
  recognise(pgm: Uint8Array, image: GreyImage, signal?: AbortSignalLike): Promise<OcrLine[]>;
  /**
   * Reads the following pages with these Tesseract languages (joined by '+'); optional: a
   * recogniser without it keeps its own languages and `ReadEvidenceOptions.languages` is ignored.
   */
  useLanguages?(langs: string): Promise<void>;
}

/** The engine-specific parts the pipeline needs (injected: browser and Node differ). */
export interface EvidenceEngine {
  /** Opens the bytes; throws `EvidenceError` (`encrypted`, `corrupt`, `unsupported-type`) when it cannot. */
  open(bytes: Uint8Array, type: EvidenceFileType, fileName: string): Promise<EvidenceSource>;
  recogniser: Recogniser;
  /** Monotonic clock in ms (for timings). */
  now(): number;
}

/** Options of `readEvidenceWith`. */
export interface ReadEvidenceOptions {
  onProgress?: EvidenceProgress;
  signal?: AbortSignalLike;
  limits?: EvidenceLimits;
  /**
   * Render resolution for OCR, dpi (default 300): a page that is a scan of lower resolution is
   * drawn at the scan's own (`drawDpiFor`, not below `scanFloorDpi`), and huge pages lower to stay
   * within `maxPixelsPerSide` and `maxPixels` (`renderDpiFor`).
   */
  dpi?: number;
  /**
   * Lowest resolution a scanned page is drawn at, dpi (default `MIN_SCAN_DRAW_DPI`); the value of
   * `dpi` draws every page at `dpi` whatever its scan holds (as before scans were drawn at their
   * own resolution; benches compare the two).
   */
  scanFloorDpi?: number;
  /** Force OCR even when a page has a real text layer. */
  forceOcr?: boolean;
  /** Apply the 3×3 median filter before OCR (default true). */
  denoise?: boolean;
  /**
   * OCR languages (needs a recogniser with `useLanguages`): a string fixes them (e.g. `deu+eng`);
   * `{ country }` starts with the country's languages (`ocrLanguagesFor`, the form's country) and
   * lets the first page with enough text decide (`chooseOcrLanguages`): when it is in another
   * language, that page is read again with the page's languages and so are the pages after it.
   * Absent: the recogniser's own languages.
   */
  languages?: string | { country?: string };
  /** Called with each OCR'd page's image as recognised (upright, denoised), e.g. for a benchmark. */
  onPageImage?: (page: number, image: GreyImage) => void;
}

/**
 * Below this `horizontalTextScore` the page is read sideways first. Measured on the 20 scanned
 * fixtures: upright pages score 0.71–2.1 and the same pages turned 90° 0.55–1.32 (skew of 2–3°
 * blurs the profiles), so the test only overrides "upright first" when it is clear; a wrong guess
 * costs extra readings, never a wrong orientation (the reading quality decides).
 */
export const VERTICAL_TEXT_SCORE = 0.6;

/** Reading quality 0..1 from which a page is taken as upright without trying it turned 180°. */
export const GOOD_READING = 0.72;
/** Below this, both favoured turns read as junk and the other two quarter turns are tried too. */
export const POOR_READING = 0.4;

/**
 * Quality of an OCR reading: the character-weighted mean confidence of word-like tokens (letters
 * or digits, ≥ 2 characters), times the share of such tokens among all tokens. Upside-down or
 * sideways text reads as short junk with low confidence, so it scores low.
 */
export function readingQuality(lines: OcrLine[]): number {
  let chars = 0, weighted = 0, tokens = 0, wordy = 0;
  for (const l of lines) {
    for (const w of l.words) {
      tokens++;
      const t = w.text.replace(/[.,:;()]/g, '');
      if (t.length >= 2 && /^[\p{L}\d][\p{L}\d'&@/-]*$/u.test(t)) {
        wordy++;
        chars += t.length;
        weighted += t.length * w.confidence;
      }
    }
  }
  if (!tokens || !chars) return 0;
  return (weighted / chars) * (wordy / tokens);
}

/**
 * True when a greyscale page has (almost) no ink: fewer dark pixels (< 160) than one small printed
 * character has at 300 dpi (≈ 250), i.e. fewer than max(50, 0.005 % of the page).
 */
export function isBlank(image: GreyImage): boolean {
  const limit = Math.max(50, image.width * image.height * 0.00005);
  let dark = 0;
  for (let i = 0; i < image.data.length; i++) {
    if (image.data[i]! < 160 && ++dark >= limit) return false;
  }
  return true;
}

/**
 * Pixels of drawn pages held for recognition, above which the next page is drawn only once one is
 * read: 40 megapixels (40 MB of greyscale), four A4 pages at 300 dpi (8.7 MP each). Below it a
 * document's pages are all drawn and the PDF renderer closed before the OCR engine starts.
 */
export const DRAW_AHEAD_PIXELS = 40_000_000;

/** A page drawn ahead of its recognition: its real text layer, or its denoised image. */
interface DrawnPage {
  page: number;
  /** PDF points. */
  size: { width: number; height: number };
  words?: OcrWord[];
  image?: GreyImage;
  renderMs?: number;
}

/** Fewest letters and digits, in confidently read words, that count as readable text (see `hasReadableText`). */
export const MIN_READABLE_CHARS = 10;

/**
 * Does the document have readable text? True when its pages hold at least `MIN_READABLE_CHARS`
 * letters or digits in word-like tokens (≥ 2 letters/digits) read with confidence ≥ 0.5. A blank
 * page, a 1×1 image or a file that draws nothing reads as nothing or as a few low-confidence
 * specks; every real document, even a poor scan, has far more.
 */
export function hasReadableText(pages: PageText[]): boolean {
  let chars = 0;
  for (const p of pages) {
    for (const l of p.lines) {
      for (const w of l.words) {
        const t = w.text.replace(/[^\p{L}\d]/gu, '');
        if (t.length >= 2 && w.confidence >= 0.5) chars += t.length;
        if (chars >= MIN_READABLE_CHARS) return true;
      }
    }
  }
  return false;
}

/**
 * Is a PDF text layer "real text" worth trusting instead of OCR? At least 25 letters or digits,
 * at least 60 % of the non-blank characters letters or digits, and (almost) no U+FFFD or private
 * use characters (fonts without a Unicode map extract as those).
 */
export function isRealTextLayer(words: OcrWord[]): boolean {
  const text = words.map((w) => w.text).join('');
  const alnum = (text.match(/[\p{L}\d]/gu) ?? []).length;
  const junk = (text.match(/[\uFFFD\uE000-\uF8FF]/g) ?? []).length;
  return alnum >= 25 && alnum / Math.max(1, text.length) >= 0.6 && junk <= text.length * 0.02;
}

/**
 * Reads an evidence document: sniffs the type, enforces the limits, then per page uses the text
 * layer when it is real text, otherwise renders (≈300 dpi), denoises, finds the orientation and
 * OCRs; finally extracts the fields. Reports progress per page and stage; stops between stages
 * and inside recognition when `signal` aborts.
 *
 * Orientation: the page is read upright (sideways first only when the projection-profile hint is
 * clearly vertical); if the reading quality is below `GOOD_READING` it is also read turned 180°, and
 * when both read below `POOR_READING` the other two quarter turns are tried; the best reading wins.
 *
 * Bounds: image sizes declared in the file's headers are checked before the engine decodes
 * anything (`checkDeclaredPixels`) and each page is rendered within the pixel budget
 * (`renderDpiFor`); see bounds.ts. A page that is a scan below `opts.dpi` (300) is drawn at the
 * scan's own resolution, not below `MIN_SCAN_DRAW_DPI` (`drawDpiFor`).
 *
 * Memory: pages are drawn before they are recognised while the drawn ones hold fewer than
 * `DRAW_AHEAD_PIXELS`, and the source is closed once the last page is drawn, so for a document of
 * up to four A4 pages at 300 dpi the renderer (pdf.js and its canvases) is gone before the OCR
 * engine starts; longer documents keep at most that many drawn pages waiting.
 *
 * @throws EvidenceError `empty`, `too-large`, `unsupported-type`, `encrypted`, `corrupt`,
 *   `too-many-pages`, `image-too-large`, `page-too-large`, `no-text` (no page has readable text,
 *   see `hasReadableText`), `cancelled` (and whatever the engine
 *   throws as `EvidenceError`, e.g. `too-complex`).
 */
export async function readEvidenceWith(
  engine: EvidenceEngine,
  file: { name: string; mimeType?: string; bytes: Uint8Array },
  opts: ReadEvidenceOptions = {},
): Promise<EvidenceReadResult> {
  const limits = opts.limits ?? defaultEvidenceLimits;
  const { signal, onProgress } = opts;
  throwIfCancelled(signal, file.name);
  const fileType = sniffEvidenceFile(file, limits);
  const imageSizes = checkDeclaredPixels(file, fileType, limits);
  const source = await engine.open(file.bytes, fileType, file.name);
  let sourceOpen = true;
  const closeSource = async () => {
    if (sourceOpen) {
      sourceOpen = false;
      await source.close();
    }
  };
  const recogniser = engine.recogniser;
  const chosen = opts.languages !== undefined && recogniser.useLanguages ? opts.languages : undefined;
  let languages = typeof chosen === 'string' ? chosen : chosen ? ocrLanguagesFor(chosen.country) : undefined;
  let guessing = typeof chosen === 'object';
  try {
    if (languages) await recogniser.useLanguages!(languages);
    const n = source.pageCount;
    if (n === 0) throw new EvidenceError('empty', `"${file.name}" has no pages.`);
    if (n > limits.maxPages) throw new EvidenceError('too-many-pages', `"${file.name}" has ${n} pages; at most ${limits.maxPages} are accepted.`);
    const pages: PageText[] = [];
    const timings: PageTiming[] = [];
    // Pages are drawn ahead of their recognition while the drawn ones hold fewer than
    // `DRAW_AHEAD_PIXELS`: a short document is drawn whole and its renderer closed before the OCR
    // engine starts, so the two never hold their memory at once (docs/performance.md, OCR memory).
    const drawn: DrawnPage[] = [];
    let nextToDraw = 1;
    let heldPixels = 0;
    const draw = async (p: number): Promise<DrawnPage> => {
      throwIfCancelled(signal, file.name);
      onProgress?.(p, n, 'text-layer');
      const size = await source.pageSize(p);
      const words = opts.forceOcr ? [] : await source.textWords(p);
      if (!opts.forceOcr && isRealTextLayer(words)) return { page: p, size, words };
      onProgress?.(p, n, 'render');
      // a scan below 300 dpi is drawn at its own resolution: no pixels the scan does not hold
      const wanted = fileType === 'pdf' ? drawDpiFor(size, opts.dpi ?? 300, imageSizes, opts.scanFloorDpi ?? MIN_SCAN_DRAW_DPI) : (opts.dpi ?? 300);
      const dpi = renderDpiFor(size, wanted, limits, file.name, p);
      const t0 = engine.now();
      let image = await source.render(p, dpi);
      // the last page is drawn: free the renderer (pdf.js, its canvases) before OCR needs memory
      if (p === n) await closeSource();
      if (opts.denoise !== false) image = median3x3(image);
      return { page: p, size, image, renderMs: Math.round(engine.now() - t0) };
    };
    for (let p = 1; p <= n; p++) {
      while (nextToDraw <= n && (drawn.length === 0 || heldPixels < DRAW_AHEAD_PIXELS)) {
        const d = await draw(nextToDraw++);
        drawn.push(d);
        heldPixels += d.image ? d.image.width * d.image.height : 0;
      }
      // every page is drawn (the last may have had a text layer): the renderer is no longer needed
      if (nextToDraw > n) await closeSource();
      const d = drawn.shift()!;
      if (d.image) heldPixels -= d.image.width * d.image.height;
      const { size } = d;
      if (d.words) {
        const words = d.words;
        pages.push({ page: p, width: size.width, height: size.height, source: 'text-layer', rotation: 0, lines: groupLines(words) });
        timings.push({ page: p, renderMs: 0, recogniseMs: 0, source: 'text-layer', rotation: 0 });
        if (guessing) {
          const next = chooseOcrLanguages(words.map((w) => w.text).join(' '), languages!);
          if (next !== languages) await recogniser.useLanguages!((languages = next));
          guessing = false;
        }
        continue;
      }
      const image = d.image!;
      const t1 = engine.now();
      throwIfCancelled(signal, file.name);
      if (isBlank(image)) {
        // nothing printed: no OCR (four readings of an empty page only cost time)
        pages.push({ page: p, width: (image.width * 72) / image.dpi, height: (image.height * 72) / image.dpi, source: 'ocr', rotation: 0, lines: [] });
        timings.push({ page: p, renderMs: d.renderMs!, recogniseMs: 0, source: 'ocr', rotation: 0, quality: 0 });
        continue;
      }
      onProgress?.(p, n, 'recognise');
      const first: 0 | 90 = horizontalTextScore(image) >= VERTICAL_TEXT_SCORE ? 0 : 90;
      // The two turns the projection test favours first; the other two only if both read badly.
      const order: (0 | 90 | 180 | 270)[] = first === 0 ? [0, 180, 90, 270] : [90, 270, 0, 180];
      let best: { rotation: 0 | 90 | 180 | 270; lines: OcrLine[]; quality: number; image: GreyImage } | undefined;
      let readings = 0;
      for (const [i, rotation] of order.entries()) {
        if (i === 2 && best!.quality >= POOR_READING) break;
        readings++;
        const turned = rotateGrey(image, rotation);
        const lines = await recogniser.recognise(encodePgm(turned), turned, signal);
        const quality = readingQuality(lines);
        if (!best || quality > best.quality) best = { rotation, lines, quality, image: turned };
        if (quality >= GOOD_READING) break;
        throwIfCancelled(signal, file.name);
      }
      if (guessing && best!.quality >= POOR_READING) {
        // the first page with text decides the languages; read it again when they change
        guessing = false;
        const next = chooseOcrLanguages(best!.lines.map((l) => l.words.map((w) => w.text).join(' ')).join('\n'), languages!);
        if (next !== languages) {
          await recogniser.useLanguages!((languages = next));
          readings++;
          const lines = await recogniser.recognise(encodePgm(best!.image), best!.image, signal);
          best = { ...best!, lines, quality: readingQuality(lines) };
        }
      }
      const t2 = engine.now();
      opts.onPageImage?.(p, best!.image);
      const scale = 72 / best!.image.dpi;
      const lines = best!.lines.map((l) =>
        makeLine(l.words.map((w) => ({ ...w, bbox: [w.bbox[0] * scale, w.bbox[1] * scale, w.bbox[2] * scale, w.bbox[3] * scale] as OcrWord['bbox'] }))),
      );
      pages.push({ page: p, width: best!.image.width * scale, height: best!.image.height * scale, source: 'ocr', rotation: best!.rotation, lines });
      timings.push({ page: p, renderMs: d.renderMs!, recogniseMs: Math.round(t2 - t1), source: 'ocr', rotation: best!.rotation, quality: Math.round(best!.quality * 1000) / 1000, readings });
    }
    if (!hasReadableText(pages)) {
      throw new EvidenceError('no-text', `No text could be read from "${file.name}": is it the right document, and is it a scan of at least 150 dpi?`);
    }
    onProgress?.(n, n, 'extract');
    const extraction = extractEvidence(pages, languages ? { ocrLanguages: languages } : {});
    onProgress?.(n, n, 'done');
    return { ...extraction, fileType, pageCount: n, pages, timings, ...(languages ? { languages } : {}) };
  } finally {
    await closeSource();
  }
}
