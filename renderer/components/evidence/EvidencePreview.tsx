/**
 * The imported scan with the source of each extracted field highlighted: the page is drawn to a
 * canvas (PDF via pdfjs-dist) or shown as an image, and every field's `bbox` (PDF points, origin top
 * left, shared/ocr/types.ts) is drawn as a labelled box over it. The field in focus in the form is
 * emphasised; low-confidence fields are drawn in the warning colour. A PDF that pdf.js cannot open
 * shows one translated line (`evidence.previewError` with an `evidence.error.*` text) instead of
 * the page box; the library's own message is never shown. Bounds as in OCR (shared/ocr/bounds.ts):
 * an image whose header declares more than the pixel budget is not drawn, pdf.js skips images
 * above it (`maxImageSize`), and a page that is not drawn within `PREVIEW_DEADLINE_MS` stops
 * pdf.js (its worker is terminated) and shows `evidence.error.too-complex`.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_IMAGE_DPI, imageDpi } from '../../../shared/ocr/raster';
import { checkDeclaredPixels, DEFAULT_MAX_PIXELS } from '../../../shared/ocr/bounds';
import { contentType } from '../../../shared/ocr/sniff';
import { LOW_CONFIDENCE } from '../../../shared/ocr/extract';
import type { EvidenceFields } from '../../../shared/ocr/types';
import { loadPdfjs } from './pdfjs';

export interface EvidencePreviewProps {
  bytes: Uint8Array;
  mimeType: string;
  fileName: string;
  fields: EvidenceFields;
  /** Name of the field whose source to emphasise (the form field in focus). */
  activeField: string | null;
  /** Labels of the fields, by name. */
  fieldLabel(name: string): string;
}

/** Width the page is drawn at, CSS pixels. */
const viewWidth = 560;

/** Longest the preview waits for pdf.js to open and draw a page, ms. */
export const PREVIEW_DEADLINE_MS = 20_000;

/** True when the file's headers declare an image above the pixel budget (it is then not drawn). */
function declaresTooManyPixels(bytes: Uint8Array, fileName: string): boolean {
  const type = contentType(bytes);
  if (!type || type === 'pdf') return false;
  try {
    checkDeclaredPixels({ name: fileName, bytes }, type, {});
    return false;
  } catch {
    return true;
  }
}

export function EvidencePreview({ bytes, mimeType, fileName, fields, activeField, fieldLabel }: EvidencePreviewProps) {
  const { t } = useTranslation();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [page, setPage] = useState(1);
  const [pageCount, setPageCount] = useState(1);
  /** CSS pixels per PDF point, and the page height in CSS pixels. */
  const [geometry, setGeometry] = useState<{ scale: number; height: number } | null>(null);
  /** i18n key of why the scan cannot be drawn (`evidence.error.*`); never a library's own message. */
  const [error, setError] = useState<string | null>(null);
  const isPdf = mimeType === 'application/pdf';
  const tooLarge = useMemo(() => !isPdf && declaresTooManyPixels(bytes, fileName), [bytes, fileName, isPdf]);
  const imageUrl = useMemo(() => (isPdf || tooLarge ? null : URL.createObjectURL(new Blob([bytes.slice()], { type: mimeType }))), [bytes, mimeType, isPdf, tooLarge]);
  useEffect(() => () => (imageUrl ? URL.revokeObjectURL(imageUrl) : undefined), [imageUrl]);

  useEffect(() => {
    if (!isPdf) return;
    let cancelled = false;
    let destroy: (() => Promise<void>) | null = null;
    const deadline = setTimeout(() => {
      cancelled = true;
      void destroy?.();
      setError('evidence.error.too-complex');
    }, PREVIEW_DEADLINE_MS);
    void (async () => {
      try {
        const pdfjs = await loadPdfjs();
        const task = pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false, maxImageSize: DEFAULT_MAX_PIXELS });
        destroy = () => task.destroy();
        const doc = await task.promise;
        if (cancelled) return;
        setPageCount(doc.numPages);
        const p = await doc.getPage(Math.min(page, doc.numPages));
        const base = p.getViewport({ scale: 1 });
        const scale = viewWidth / base.width;
        const ratio = window.devicePixelRatio || 1;
        const viewport = p.getViewport({ scale: scale * ratio });
        const canvas = canvasRef.current;
        if (!canvas || cancelled) return;
        canvas.width = Math.round(viewport.width);
        canvas.height = Math.round(viewport.height);
        canvas.style.width = `${viewWidth}px`;
        canvas.style.height = `${Math.round(base.height * scale)}px`;
        await p.render({ canvas, viewport }).promise;
        if (!cancelled) setGeometry({ scale, height: base.height * scale });
      } catch (e) {
        if (!cancelled) setError(e instanceof Error && e.name === 'PasswordException' ? 'evidence.error.encrypted' : 'evidence.error.corrupt');
      } finally {
        clearTimeout(deadline);
      }
    })();
    return () => {
      clearTimeout(deadline);
      cancelled = true;
      void destroy?.();
    };
  }, [bytes, isPdf, page]);

  const onImageLoad = (img: HTMLImageElement) => {
    const dpi = imageDpi(bytes) ?? DEFAULT_IMAGE_DPI;
    const widthPt = (img.naturalWidth * 72) / dpi;
    const scale = viewWidth / widthPt;
    setGeometry({ scale, height: (img.naturalHeight * 72 * scale) / dpi });
  };

  const boxes = Object.entries(fields).filter(([, f]) => f && f.page === page);
  // nothing to show: no empty page box, one translated line instead
  const shownError = tooLarge ? 'evidence.error.image-too-large' : error;
  if (shownError) return <p className="error-text evidence-preview-error">{t('evidence.previewError', { message: t(shownError) })}</p>;
  return (
    <figure className="evidence-preview" aria-label={t('evidence.previewLabel', { file: fileName })}>
      <div className="evidence-page" style={{ width: viewWidth, height: geometry?.height ?? 400 }}>
        {isPdf ? <canvas ref={canvasRef} aria-hidden="true" /> : <img src={imageUrl ?? undefined} alt="" width={viewWidth} onLoad={(e) => onImageLoad(e.currentTarget)} />}
        {geometry
          ? boxes.map(([name, f]) => {
              const [x0, y0, x1, y1] = f!.bbox;
              const low = f!.confidence < LOW_CONFIDENCE || f!.invalid;
              return (
                <div
                  key={name}
                  className={`field-box${name === activeField ? ' active' : ''}${low ? ' low' : ''}`}
                  data-field={name}
                  style={{ left: x0 * geometry.scale, top: y0 * geometry.scale, width: Math.max(4, (x1 - x0) * geometry.scale), height: Math.max(4, (y1 - y0) * geometry.scale) }}
                >
                  <span className="field-box-label">{fieldLabel(name)}</span>
                </div>
              );
            })
          : null}
      </div>
      <figcaption>
        {fileName}
        {pageCount > 1 ? (
          <span className="pager">
            <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              {t('evidence.previousPage')}
            </button>
            {t('evidence.page', { page, pages: pageCount })}
            <button type="button" disabled={page >= pageCount} onClick={() => setPage(page + 1)}>
              {t('evidence.nextPage')}
            </button>
          </span>
        ) : null}
      </figcaption>
    </figure>
  );
}
