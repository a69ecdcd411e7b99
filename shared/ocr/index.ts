/**
 * shared/ocr — engine-independent evidence reading: file sniffing and limits, the page loop
 * (text layer vs OCR, orientation), pixel helpers, and field extraction over words with boxes.
 * Engines (pdfjs-dist + tesseract.js) are injected by renderer/ocr (browser) and tools/ocr (Node).
 */
export * from './types';
export * from './errors';
export * from './sniff';
export * from './image';
export * from './orientation';
export * from './layout';
export * from './text';
export * from './repair';
export * from './labels';
export * from './extract';
export * from './pipeline';
export * from './raster';
export * from './bounds';
export * from './languages';
export * from './switchParty';
