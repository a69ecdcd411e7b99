/**
 * Evidence document files: what OCR read is stored with the document (`extracted`), and a new
 * scan can replace a document's file offline — written locally at once, uploaded by sync
 * (renderer/sync/uploads.ts) when the server is reachable.
 */
import type { EvidenceFields } from '../../shared/ocr/types';
import { extractedValueMaxLength, type EvidenceDocument } from '../../shared/schemas';
import { cleanText } from '../../shared/text';
import type { DeskDatabase } from '../db/database';

/** The stored form of OCR fields (`EvidenceDocument.extracted`): values cleaned of control characters and cut to the schema's maximum length. */
export function extractedFromFields(fields: EvidenceFields): NonNullable<EvidenceDocument['extracted']> {
  const extracted: NonNullable<EvidenceDocument['extracted']> = {};
  for (const [name, f] of Object.entries(fields)) {
    if (f) extracted[name] = { value: cleanText(f.value).slice(0, extractedValueMaxLength), confidence: f.confidence, page: f.page, bbox: [...f.bbox], ...(f.invalid ? { invalid: true } : {}) };
  }
  return extracted;
}

/**
 * Replaces the file of an evidence document (attachment `file`) and what was read from it.
 * Returns false when the document no longer exists locally (nothing written).
 * @throws the storage's error.
 */
export async function replaceEvidenceFile(db: DeskDatabase, evidenceDocumentId: string, file: { name: string; mimeType: string; bytes: Uint8Array }, scanFields: EvidenceFields): Promise<boolean> {
  const current = await db.evidenceDocuments.findOne(evidenceDocumentId).exec();
  if (!current) return false;
  const updated = await current.incrementalPatch({ fileName: file.name, mimeType: file.mimeType, extracted: extractedFromFields(scanFields) });
  await updated.putAttachment({ id: 'file', data: new Blob([file.bytes.slice()], { type: file.mimeType }), type: file.mimeType });
  return true;
}
