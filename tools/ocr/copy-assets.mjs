#!/usr/bin/env node
// Copies the OCR engine's assets into renderer/public/ocr/ so the app serves them itself (no CDN,
// no network at run time). Run before `vite build`: `node tools/ocr/copy-assets.mjs`.
//   ocr/tesseract/worker.min.js            tesseract.js worker script (workerBlobURL: false)
//   ocr/tesseract/core/tesseract-core-*.js/.wasm/.wasm.js   all six core variants
//   ocr/tesseract/lang/<lang>.traineddata                   nld, eng, deu, fra, pol (4.0.0_best_int), unpacked:
//     the worker then loads them without a JavaScript gunzip at every start (20 MB instead of 11 MB packed);
//     the list is shared/ocr/languages.ts `shippedOcrLanguages`
//   ocr/pdfjs/pdf.worker.min.mjs, wasm/, cmaps/, iccs/, standard_fonts/
import { cpSync, existsSync, mkdirSync, readdirSync, copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'renderer', 'public', 'ocr');
const pkg = (name) => dirname(require.resolve(`${name}/package.json`));

mkdirSync(join(out, 'tesseract', 'core'), { recursive: true });
mkdirSync(join(out, 'tesseract', 'lang'), { recursive: true });
copyFileSync(join(pkg('tesseract.js'), 'dist', 'worker.min.js'), join(out, 'tesseract', 'worker.min.js'));
const core = pkg('tesseract.js-core');
for (const f of readdirSync(core).filter((f) => /^tesseract-core.*\.(js|wasm)$/.test(f))) copyFileSync(join(core, f), join(out, 'tesseract', 'core', f));
for (const lang of ['nld', 'eng', 'deu', 'fra', 'pol']) {
  const src = join(pkg(`@tesseract.js-data/${lang}`), '4.0.0_best_int', `${lang}.traineddata.gz`);
  if (!existsSync(src)) throw new Error(`missing OCR language data ${src}`);
  writeFileSync(join(out, 'tesseract', 'lang', `${lang}.traineddata`), gunzipSync(readFileSync(src)));
  rmSync(join(out, 'tesseract', 'lang', `${lang}.traineddata.gz`), { force: true });
}
const pdfjs = pkg('pdfjs-dist');
mkdirSync(join(out, 'pdfjs'), { recursive: true });
copyFileSync(join(pdfjs, 'build', 'pdf.worker.min.mjs'), join(out, 'pdfjs', 'pdf.worker.min.mjs'));
for (const d of ['wasm', 'cmaps', 'iccs', 'standard_fonts']) cpSync(join(pdfjs, d), join(out, 'pdfjs', d), { recursive: true });
console.log(`OCR assets copied to ${out}`);
