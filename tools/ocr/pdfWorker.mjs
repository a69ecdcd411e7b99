// Fallback entry of the PDF worker thread (see pdfInWorker.ts `pdfWorkerEntry`: the thread normally
// loads pdfWorker.ts bundled by esbuild, without a TypeScript loader). pdf.js and its worker code (which pdf.js
// finds on globalThis.pdfjsWorker instead of importing it on the first getDocument) are loaded
// first, as plain JavaScript (through tsx's hooks these 2 MB modules load 3× slower); then tsx's loader is
// registered so the TypeScript worker runs the same under `tsx` (the CLI) and under vitest
// (whose transforms do not reach worker threads), and the worker is loaded.
import 'pdfjs-dist/legacy/build/pdf.mjs';
import 'pdfjs-dist/legacy/build/pdf.worker.mjs';
import { register } from 'tsx/esm/api';

register();
await import('./pdfWorker.ts');
