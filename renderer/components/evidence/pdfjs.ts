/**
 * pdfjs-dist for the scan preview, loaded on first use (it is large) with its worker served by the
 * app itself (CSP `worker-src 'self'`), never from a CDN.
 */
import type * as Pdfjs from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

let loading: Promise<typeof Pdfjs> | null = null;

/** The pdfjs-dist module with `GlobalWorkerOptions.workerSrc` set. */
export function loadPdfjs(): Promise<typeof Pdfjs> {
  loading ??= import('pdfjs-dist').then((m) => {
    m.GlobalWorkerOptions.workerSrc = workerUrl;
    return m;
  });
  return loading;
}
