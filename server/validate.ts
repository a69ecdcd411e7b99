/**
 * Validation of pushed documents against the collection schemas in shared/schemas (JSON schema,
 * compiled once with ajv). RxDB's own keywords (primaryKey, indexes, version, attachments) are not
 * JSON-schema keywords, so ajv runs non-strict and ignores them.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { collectionSchemas } from '../shared/schemas/index';
import { collectionNames, type CollectionName } from '../shared/schemas/common';
import { HttpError } from './errors';

const ajv = new Ajv({ strict: false, allErrors: false });
const validators = new Map<CollectionName, ValidateFunction>();
for (const name of collectionNames) validators.set(name, ajv.compile(collectionSchemas[name].schema as object));

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
  return { data, deleted };
}
