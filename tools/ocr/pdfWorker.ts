/**
 * The PDF worker thread: opens one PDF with pdfjs-dist (legacy build, @napi-rs/canvas) and answers
 * `pageSize`, `textWords` and `render` requests from `pdfInWorker.ts`. It runs under the memory
 * limit the parent set (`resourceLimits`) and is terminated by the parent on a deadline, so a PDF
 * that makes pdf.js loop or allocate without end costs this thread, never the process.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isEvidenceError } from '../../shared/ocr/errors';
import { openPdfSource } from '../../renderer/ocr/pdfSource';
import { loadPdfjs, pdfjsAssetParams } from './engine';
import type { PdfWorkerData, PdfWorkerReply, PdfWorkerRequest } from './pdfInWorker';

const port = parentPort!;
const { bytes, fileName } = workerData as PdfWorkerData;

function fail(id: number, e: unknown): void {
  const error = isEvidenceError(e) ? { code: e.code, message: e.message } : { code: 'corrupt' as const, message: `"${fileName}" is damaged or incomplete and cannot be opened as a PDF.` };
  port.postMessage({ id, ok: false, error } satisfies PdfWorkerReply);
}

const pdfjs = await loadPdfjs();
let source: Awaited<ReturnType<typeof openPdfSource>> | undefined;
port.on('message', (req: PdfWorkerRequest) => {
  void (async () => {
    try {
      if (req.op === 'open') {
        source = await openPdfSource(pdfjs, bytes, fileName, pdfjsAssetParams(), null);
        port.postMessage({ id: req.id, ok: true, value: source.pageCount } satisfies PdfWorkerReply);
        return;
      }
      if (!source) throw new Error('not open');
      if (req.op === 'pageSize') port.postMessage({ id: req.id, ok: true, value: await source.pageSize(req.page) } satisfies PdfWorkerReply);
      else if (req.op === 'textWords') port.postMessage({ id: req.id, ok: true, value: await source.textWords(req.page) } satisfies PdfWorkerReply);
      else if (req.op === 'render') {
        const image = await source.render(req.page, req.dpi);
        port.postMessage({ id: req.id, ok: true, value: image } satisfies PdfWorkerReply, [image.data.buffer as ArrayBuffer]);
      } else {
        await source.close();
        port.postMessage({ id: req.id, ok: true, value: null } satisfies PdfWorkerReply);
      }
    } catch (e) {
      fail(req.id, e);
    }
  })();
});
// modules are loaded: the parent starts its deadlines from here (loading is not the file's fault)
port.postMessage({ id: 0, ok: true, value: 'ready' } satisfies PdfWorkerReply);
