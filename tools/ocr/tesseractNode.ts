/**
 * tesseract.js's `createWorker` for the Node reader, with its worker threads started without a
 * TypeScript loader.
 *
 * tesseract.js starts its Node worker with `new Worker(workerPath)`
 * (tesseract.js/src/worker/node/spawnWorker.js), so the thread inherits the parent's `execArgv`.
 * Under tsx (the CLI, the benches) that is tsx's `--require`/`--import` pair, and every worker
 * thread then registers tsx's loader and starts a loader-hooks thread of its own before it runs a
 * line: about 0.1 s of each engine start (its first line 140–165 ms after the spawn against 57 ms
 * without tsx; docs/performance.md, "Where the OCR time goes"). The worker script
 * (tesseractWorker.cjs) is plain CommonJS and needs no loader, so this module puts its own
 * `spawnWorker` in Node's module cache before tesseract.js is loaded, passing the parent's
 * `execArgv` without tsx's flags, as the PDF thread is started (pdfInWorker.ts).
 *
 * Where tesseract.js was loaded before this module (another import of it in the same process),
 * its own `spawnWorker` is kept: the workers start as before, only slower under tsx.
 */
import Module, { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type TesseractModule from 'tesseract.js';
import { execArgvWithoutTsx } from './pdfInWorker';

const require = createRequire(import.meta.url);
const spawnFile = require.resolve('tesseract.js/src/worker/node/spawnWorker.js');
if (!require.cache[spawnFile]) {
  const spawn = new Module(spawnFile);
  spawn.filename = spawnFile;
  spawn.loaded = true;
  spawn.exports = ({ workerPath }: { workerPath: string }) => new Worker(workerPath, { execArgv: execArgvWithoutTsx() });
  require.cache[spawnFile] = spawn;
}

/** tesseract.js's `createWorker` (see the module comment for how its Node worker threads start). */
export const createWorker: typeof TesseractModule.createWorker = (require('tesseract.js') as typeof TesseractModule).createWorker;
