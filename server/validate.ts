/**
 * Validation of pushed documents against the collection schemas in shared/schemas (JSON schema,
 * compiled once with ajv). RxDB's own keywords (primaryKey, indexes, version, attachments) are not
 * JSON-schema keywords, so ajv runs non-strict and ignores them.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { collectionSchemas } from '../shared/schemas/index';
import { evidenceDocumentPushSchema } from '../shared/schemas/evidenceDocuments';
import { collectionNames, multilineFields, type CollectionName } from '../shared/schemas/common';
import { findTextProblem, describeTextProblem } from '../shared/text/index';
import { HttpError } from './errors';

/** Where the server is stricter than the client's stored schema (see each schema's comment). */
const pushSchemas: Partial<Record<CollectionName, object>> = { evidenceDocuments: evidenceDocumentPushSchema };
const ajv = new Ajv({ strict: false, allErrors: false });
const validators = new Map<CollectionName, ValidateFunction>();
for (const name of collectionNames) validators.set(name, ajv.compile(pushSchemas[name] ?? (collectionSchemas[name].schema as object)));

/** RxDB bookkeeping that may travel with a pushed document and is not part of the collection schema. */
const transportFields = ['_deleted', '_meta', '_rev', '_attachments'] as const;

/** True when `name` is a replicated collection. */
export function isCollectionName(name: string): name is CollectionName {
  return (collectionNames as readonly string[]).includes(name);
}

/** The schema's property names of a collection. */
export function schemaFields(collection: CollectionName): string[] {
  return Object.keys((collectionSchemas[collection].schema as { properties: Record<string, unknown> }).properties);
}

/**
 * Checks one pushed document: an object with a string `id`, a boolean `_deleted`, and the rest valid
 * against the collection schema. Returns the document without RxDB transport fields, plus `_deleted`.
 * @throws HttpError 400 `schema-invalid` naming the document id and the first failing field.
 */
export function validatePushedDocument(collection: CollectionName, doc: unknown, where: string): { data: Record<string, unknown>; deleted: boolean } {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new HttpError(400, 'schema-invalid', `${where}: newDocumentState must be an object`);
  const raw = doc as Record<string, unknown>;
  const id = typeof raw.id === 'string' ? raw.id : '(no id)';
  const deleted = raw._deleted ?? false;
  if (typeof deleted !== 'boolean') throw new HttpError(400, 'schema-invalid', `${where}: ${collection} ${id}: _deleted must be a boolean`);
  const data: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) if (!(transportFields as readonly string[]).includes(k)) data[k] = v;
  const validate = validators.get(collection)!;
  if (!validate(data)) {
    const e = validate.errors?.[0];
    const path = e?.instancePath || (e?.params && 'additionalProperty' in e.params ? `/${String(e.params.additionalProperty)}` : '');
    throw new HttpError(400, 'schema-invalid', `${where}: ${collection} ${id}: ${path || 'document'} ${e?.message ?? 'is invalid'}`);
  }
  const text = oneLineProblem(data);
  if (text) throw new HttpError(400, 'invalid-text', `${where}: ${collection} ${id}: ${text}`);
  return { data, deleted };
}

/**
 * Checks that every string of a document is valid one-line text (shared/text), except the fields
 * in `multilineFields`, which may hold tabs and line feeds. Returns the message naming the field, or null.
 */
function oneLineProblem(doc: Record<string, unknown>): string | null {
  const stack: { v: unknown; path: string }[] = Object.entries(doc).map(([k, v]) => ({ v, path: k }));
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'string') {
      const p = findTextProblem(v, { multiline: multilineFields.includes(path) });
      if (p) return `${path} contains ${describeTextProblem(p)}${p.kind === 'line-break' ? '; this field is one line' : ''}`;
    } else if (v && typeof v === 'object') {
      for (const [k, c] of Object.entries(v)) stack.push({ v: c, path: `${path}.${k}` });
    }
  }
  return null;
}
