// Entry of the PDF worker thread (see pdfInWorker.ts): registers tsx's loader so the TypeScript
// worker runs the same under `tsx` (the CLI) and under vitest (whose transforms do not reach
// worker threads), then loads it.
import { register } from 'tsx/esm/api';

register();
await import('./pdfWorker.ts');
