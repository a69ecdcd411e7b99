/**
 * Offline readiness of the browser build: registers the service worker (renderer/public/sw.js)
 * and, once it controls the page, warms its cache with everything the app loads on demand
 * (lazy chunks, the pdfjs worker, invoice fonts), so importing a scan or exporting an invoice
 * works after the connection drops. The Electron app serves itself from app:// and needs none
 * of this (no-op there).
 */
import pdfWorkerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import regularUrl from '../../resources/fonts/NotoSans-Regular.ttf?url';
import boldUrl from '../../resources/fonts/NotoSans-Bold.ttf?url';
import iccUrl from '../../resources/icc/sRGB.icc?url';
import { loadPdfjs } from '../components/evidence/pdfjs';
import { readEvidence } from '../ocr';
import { shippedOcrLanguages } from '../../shared/ocr/languages';

/** Extra URLs (relative to the app) feature modules want cached for offline use, e.g. OCR engine files. */
export const offlineAssets: string[] = [
  pdfWorkerUrl,
  regularUrl,
  boldUrl,
  iccUrl,
  // OCR engine (renderer/public/ocr, filled by tools/ocr/copy-assets.mjs): tesseract picks one LSTM core by CPU features
  'ocr/tesseract/worker.min.js',
  ...['relaxedsimd-lstm', 'simd-lstm', 'lstm'].map((v) => `ocr/tesseract/core/tesseract-core-${v}.wasm.js`),
  ...shippedOcrLanguages.map((l) => `ocr/tesseract/lang/${l}.traineddata`),
  'ocr/pdfjs/pdf.worker.min.mjs',
  ...['openjpeg.wasm', 'qcms_bg.wasm', 'jbig2.wasm'].map((f) => `ocr/pdfjs/wasm/${f}`),
];

/**
 * Registers the service worker and warms the cache. Resolves when done (or at once where service
 * workers are unavailable); never throws — an offline cache is an improvement, not a requirement.
 */
export async function prepareOffline(): Promise<void> {
  if (!('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) return;
  try {
    await navigator.serviceWorker.register('./sw.js', { scope: './' });
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((resolve) => {
        navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true });
        setTimeout(resolve, 3000);
      });
    }
    const pageAssets = [...document.querySelectorAll<HTMLScriptElement | HTMLLinkElement>('script[src], link[href]')].map((el) => ('src' in el ? el.src : el.href));
    const urls = new Set([location.href.split('#')[0]!, ...pageAssets, ...offlineAssets.map((u) => new URL(u, location.href).href)]);
    await Promise.all([...urls].map((u) => fetch(u, { cache: 'no-cache' }).catch(() => undefined)));
    await loadPdfjs();
    // start the OCR worker once (its module chunk and imports get cached): an empty file is refused at once
    await readEvidence({ name: 'warm-up.pdf', mimeType: 'application/pdf', bytes: new Uint8Array(0) }).catch(() => undefined);
    document.body.dataset.offlineReady = 'true';
  } catch (error) {
    console.warn('Offline cache not prepared:', error);
  }
}
