/**
 * The PDF worker thread: opens one PDF at a time with pdfjs-dist (legacy build, @napi-rs/canvas) and answers
 * `pageSize`, `textWords` and `render` requests from `pdfInWorker.ts`. It runs under the memory
 * limit the parent set (`resourceLimits`) and is terminated by the parent on a deadline, so a PDF
 * that makes pdf.js loop or allocate without end costs this thread, never the process.
 */
import { parentPort } from 'node:worker_threads';
import { isEvidenceError } from '../../shared/ocr/errors';
import { openPdfSource } from '../../renderer/ocr/pdfSource';
import { loadPdfjs, pdfjsAssetParams } from './pdfjs';
import type { PdfWorkerReply, PdfWorkerRequest } from './pdfInWorker';

const port = parentPort!;
let fileName = 'the file';

function fail(id: number, e: unknown): void {
  const error = isEvidenceError(e) ? { code: e.code, message: e.message } : { code: 'corrupt' as const, message: `"${fileName}" is damaged or incomplete and cannot be opened as a PDF.` };
  port.postMessage({ id, ok: false, error } satisfies PdfWorkerReply);
}

const pdfjs = await loadPdfjs();
let source: Awaited<ReturnType<typeof openPdfSource>> | undefined;
port.on('message', (req: PdfWorkerRequest) => {
  void (async () => {
    try {
      if (req.op === 'close') {
        // the thread stays for the next document: free this one's pdf.js state
        await source?.close();
        source = undefined;
        port.postMessage({ id: req.id, ok: true, value: null } satisfies PdfWorkerReply);
        return;
      }
      if (req.op === 'open') {
        await source?.close();
        source = undefined;
        fileName = req.fileName;
        source = await openPdfSource(pdfjs, req.bytes, fileName, pdfjsAssetParams(), null);
        port.postMessage({ id: req.id, ok: true, value: source.pageCount } satisfies PdfWorkerReply);
        return;
      }
      if (!source) throw new Error('not open');
      if (req.op === 'pageSize') port.postMessage({ id: req.id, ok: true, value: await source.pageSize(req.page) } satisfies PdfWorkerReply);
      else if (req.op === 'textWords') port.postMessage({ id: req.id, ok: true, value: await source.textWords(req.page) } satisfies PdfWorkerReply);
      else if (req.op === 'render') {
        const image = await source.render(req.page, req.dpi);
        port.postMessage({ id: req.id, ok: true, value: image } satisfies PdfWorkerReply, [image.data.buffer as ArrayBuffer]);
      }
    } catch (e) {
      fail(req.id, e);
    }
  })();
});
// modules are loaded: the parent starts its deadlines from here (loading is not the file's fault)
port.postMessage({ id: 0, ok: true, value: 'ready' } satisfies PdfWorkerReply);
