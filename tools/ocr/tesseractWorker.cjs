'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS worker script, like tesseract.js's own */
/**
 * Entry of the tesseract.js worker threads of the Node reader (engine.ts, `workerPath`): the
 * Node worker script of tesseract.js 7 (node_modules/tesseract.js/src/worker-script/node/index.js)
 * with its own `getCore` (docs/performance.md, "Where the OCR time goes"). tesseract.js's Node
 * `getCore(oem, …)` is called with the `lstmOnly` flag (a boolean) where it compares with the OEM
 * numbers, so in Node it always loads the core WITH the legacy engine (tesseract-core-simd.wasm,
 * 3.45 MB) although the reader asks for LSTM only (OEM 1); the browser build loads the LSTM-only
 * core. Here the LSTM-only core (tesseract-core-simd-lstm.wasm, 2.86 MB, the same Tesseract
 * without the legacy classifier) is loaded when `lstmOnly` is set.
 *
 * It also turns on V8's relaxed SIMD for the core (see below), as Chromium has it.
 *
 * Everything else (messages, language loading, recognition) is tesseract.js's own code. Language
 * data comes only from `langPath` on disk: there is no fetch (no network at run time).
 */
// Relaxed SIMD (WebAssembly relaxed-simd proposal, phase 4): Chromium runs it by default, so the
// desktop reads with the relaxed-SIMD core; Node 20's V8 (11.3) has it behind this flag. It is set
// in this thread before the core is compiled, so the Node reader runs the same core as the desktop
// (about 4 % less time per reading, docs/performance.md "Where the OCR time goes"). Where the flag is unknown,
// `relaxedSimd()` below says no and the SIMD core is loaded.
try {
  require('node:v8').setFlagsFromString('--experimental-wasm-relaxed-simd');
} catch {
  /* not this V8: the SIMD core */
}
const { parentPort } = require('node:worker_threads');
const { gunzipSync } = require('node:zlib');
const { simd, relaxedSimd } = require('wasm-feature-detect');
const worker = require('tesseract.js/src/worker-script');
const cache = require('tesseract.js/src/worker-script/node/cache');

let factory = null;

/**
 * The Emscripten factory of the tesseract.js-core build for this V8: relaxed SIMD when enabled
 * (as Chromium), else SIMD (every Node ≥ 16), else plain; LSTM-only when `lstmOnly`.
 */
async function getCore(lstmOnly, _corePath, res) {
  if (factory) return factory;
  res.progress({ status: 'loading tesseract core', progress: 0 });
  const variant = (await relaxedSimd()) ? '-relaxedsimd' : (await simd()) ? '-simd' : '';
  const name = `tesseract-core${variant}${lstmOnly ? '-lstm' : ''}`;
  factory = require(`tesseract.js-core/${name}`);
  res.progress({ status: 'loading tesseract core', progress: 1 });
  return factory;
}

parentPort.on('message', (packet) => {
  worker.dispatchHandlers(packet, (obj) => parentPort.postMessage(obj));
});

worker.setAdapter({
  getCore,
  gunzip: gunzipSync,
  fetch: async (url) => {
    throw new Error(`No network for OCR data (${url}): langPath must be a folder.`);
  },
  ...cache,
});
