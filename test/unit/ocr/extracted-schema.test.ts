/**
 * What OCR extraction produces fits what the server accepts as an evidence document's `extracted`
 * (shared/schemas/evidenceDocuments.ts `closedExtractedSchema`): every field name it can read is a
 * known name, and a field with all its keys validates; other shapes do not.
 */
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { evidenceFieldNames, type EvidenceFields } from '../../../shared/ocr/types';
import { closedExtractedSchema, extractedFieldNames } from '../../../shared/schemas/evidenceDocuments';

const validate = new Ajv({ strict: false }).compile(closedExtractedSchema);

describe('extracted fields and the closed schema', () => {
  it('knows every field name OCR reads', () => {
    for (const name of evidenceFieldNames) expect(extractedFieldNames as readonly string[]).toContain(name);
  });

  it('accepts every key an extracted field may carry, and nothing more', () => {
    const fields: EvidenceFields = {};
    for (const name of evidenceFieldNames) fields[name] = { value: 'x'.repeat(500), confidence: 0.5, page: 3, bbox: [0, 0, 595.28, 841.89], invalid: true, repaired: true, read: 'y' };
    expect(validate(fields), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ name: { ...fields.name, alternatives: [] } })).toBe(false);
    expect(validate({ name: { ...fields.name, value: 'x'.repeat(501) } })).toBe(false);
    expect(validate({ iban: fields.name })).toBe(false);
  });
});
