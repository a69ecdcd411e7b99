/**
 * The evidence scan on the desk: every page under one another (PDF pages drawn by pdfjs-dist,
 * an image as one page), zoom and rotation in 90° steps, and each OCR-read field's source box
 * (`bbox` in PDF points, origin top left, shared/schemas/evidenceDocuments.ts) drawn on its page.
 * Boxes turn with the page; the field in focus on the review is emphasised.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { PDFDocumentProxy as PdfDocument } from 'pdfjs-dist';
import { useTranslation } from 'react-i18next';
import { DEFAULT_IMAGE_DPI, imageDpi } from '../../shared/ocr/raster';
import { LOW_CONFIDENCE } from '../../shared/ocr/extract';
import type { ReadField } from '../../shared/sync/desk';
import { loadPdfjs } from '../components/evidence/pdfjs';

export interface ScanViewerProps {
  bytes: Uint8Array;
  mimeType: string;
  fileName: string;
  fields: Record<string, ReadField>;
  /** Field whose box to emphasise. */
  activeField: string | null;
  fieldLabel(name: string): string;
}

/** Width of a page at 100 %, CSS pixels. */
const baseWidth = 520;
const zoomSteps = [0.5, 0.75, 1, 1.25, 1.5, 2, 3];

/** Size of a page at 100 % in CSS pixels and CSS pixels per PDF point. */
interface PageGeometry {
  width: number;
  height: number;
  scale: number;
}

export function ScanViewer({ bytes, mimeType, fileName, fields, activeField, fieldLabel }: ScanViewerProps) {
  const { t } = useTranslation();
  const [zoom, setZoom] = useState(1);
  const [rotation, setRotation] = useState<0 | 90 | 180 | 270>(0);
  const [pages, setPages] = useState<PageGeometry[]>([]);
  const [error, setError] = useState<string | null>(null);
  const isPdf = mimeType === 'application/pdf';
  const imageUrl = useMemo(() => (isPdf ? null : URL.createObjectURL(new Blob([bytes.slice()], { type: mimeType }))), [bytes, mimeType, isPdf]);
  useEffect(() => () => (imageUrl ? URL.revokeObjectURL(imageUrl) : undefined), [imageUrl]);

  const [doc, setDoc] = useState<PdfDocument | null>(null);
  useEffect(() => {
    if (!isPdf) return;
    let cancelled = false;
    let destroy: (() => Promise<void>) | null = null;
    void (async () => {
      try {
        const pdfjs = await loadPdfjs();
        const task = pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false });
        destroy = () => task.destroy();
        const loaded = await task.promise;
        const geometry: PageGeometry[] = [];
        for (let n = 1; n <= loaded.numPages; n++) {
          const base = (await loaded.getPage(n)).getViewport({ scale: 1 });
          const scale = baseWidth / base.width;
          geometry.push({ width: baseWidth, height: base.height * scale, scale });
        }
        if (cancelled) return;
        setPages(geometry);
        setDoc(loaded);
      } catch (e) {
        if (!cancelled) setError(e instanceof Error && e.name === 'PasswordException' ? 'evidence.error.encrypted' : 'evidence.error.corrupt');
      }
    })();
    return () => {
      cancelled = true;
      setDoc(null);
      void destroy?.();
    };
  }, [bytes, isPdf]);

  const onImageLoad = (img: HTMLImageElement) => {
    const dpi = imageDpi(bytes) ?? DEFAULT_IMAGE_DPI;
    const scale = baseWidth / ((img.naturalWidth * 72) / dpi);
    setPages([{ width: baseWidth, height: (img.naturalHeight * 72 * scale) / dpi, scale }]);
  };

  if (error) return <p className="error-text">{t('evidence.previewError', { message: t(error) })}</p>;
  const zoomIndex = zoomSteps.indexOf(zoom);
  const turned = rotation === 90 || rotation === 270;
  const pageCount = isPdf ? pages.length : 1;
  return (
    <figure className="desk-scan" aria-label={t('evidence.previewLabel', { file: fileName })}>
      <div className="desk-scan-tools" role="toolbar" aria-label={t('desk.scan.tools')}>
        <button type="button" onClick={() => setZoom(zoomSteps[Math.max(0, zoomIndex - 1)]!)} disabled={zoomIndex <= 0} aria-label={t('desk.scan.zoomOut')}>
          −
        </button>
        <output data-testid="scan-zoom">{Math.round(zoom * 100)} %</output>
        <button type="button" onClick={() => setZoom(zoomSteps[Math.min(zoomSteps.length - 1, zoomIndex + 1)]!)} disabled={zoomIndex >= zoomSteps.length - 1} aria-label={t('desk.scan.zoomIn')}>
          +
        </button>
        <button type="button" onClick={() => setRotation(((rotation + 90) % 360) as 0 | 90 | 180 | 270)} aria-label={t('desk.scan.rotate')} data-testid="scan-rotate">
          ⟳ {rotation}°
        </button>
        <span>{t('desk.scan.pages', { count: pageCount })}</span>
      </div>
      <div className="desk-scan-pages">
        {(isPdf ? pages : [pages[0] ?? { width: baseWidth, height: 400, scale: 1 }]).map((g, i) => {
          const w = g.width * zoom;
          const h = g.height * zoom;
          const transform =
            rotation === 90 ? `translate(${h}px, 0) rotate(90deg)` : rotation === 180 ? `translate(${w}px, ${h}px) rotate(180deg)` : rotation === 270 ? `translate(0, ${w}px) rotate(270deg)` : undefined;
          const boxes = Object.entries(fields).filter(([, f]) => f && f.page === i + 1 && Array.isArray(f.bbox));
          return (
            <div key={i} className="desk-scan-slot" style={{ width: turned ? h : w, height: turned ? w : h }} data-page={i + 1}>
              <div className="evidence-page desk-scan-page" style={{ width: w, height: h, transform, transformOrigin: '0 0' }}>
                {isPdf ? (
                  doc ? <PdfPageCanvas doc={doc} pageNumber={i + 1} scale={g.scale * zoom} width={w} height={h} onError={() => setError('evidence.error.corrupt')} /> : null
                ) : (
                  <img src={imageUrl ?? undefined} alt="" style={{ width: w, height: h }} onLoad={(e) => onImageLoad(e.currentTarget)} />
                )}
                {pages.length
                  ? boxes.map(([name, f]) => {
                      const [x0, y0, x1, y1] = f.bbox;
                      const s = g.scale * zoom;
                      return (
                        <div
                          key={name}
                          className={`field-box${name === activeField ? ' active' : ''}${f.confidence < LOW_CONFIDENCE || f.invalid ? ' low' : ''}`}
                          data-field={name}
                          style={{ left: x0 * s, top: y0 * s, width: Math.max(4, (x1 - x0) * s), height: Math.max(4, (y1 - y0) * s) }}
                        >
                          <span className="field-box-label">{fieldLabel(name)}</span>
                        </div>
                      );
                    })
                  : null}
              </div>
            </div>
          );
        })}
      </div>
      <figcaption>{fileName}</figcaption>
    </figure>
  );
}

/** One PDF page drawn to a canvas at `scale` CSS pixels per point (times the device pixel ratio); redrawn when the scale changes. */
function PdfPageCanvas({ doc, pageNumber, scale, width, height, onError }: { doc: PdfDocument; pageNumber: number; scale: number; width: number; height: number; onError(): void }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let cancelled = false;
    let task: { cancel(): void; promise: Promise<void> } | null = null;
    void (async () => {
      try {
        const page = await doc.getPage(pageNumber);
        const canvas = ref.current;
        if (cancelled || !canvas) return;
        const viewport = page.getViewport({ scale: scale * (window.devicePixelRatio || 1) });
        canvas.width = Math.round(viewport.width);
        canvas.height = Math.round(viewport.height);
        task = page.render({ canvas, viewport });
        await task.promise;
      } catch (e) {
        if (!cancelled && (e as Error)?.name !== 'RenderingCancelledException') onError();
      }
    })();
    return () => {
      cancelled = true;
      task?.cancel();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc, pageNumber, scale]);
  return <canvas ref={ref} style={{ width, height }} aria-hidden="true" data-page={pageNumber} />;
}
