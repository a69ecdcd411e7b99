/**
 * Conflict rules of the replication, one per collection (docs/sync.md: "Conflicts are resolved by a
 * documented per-collection rule, not by last write wins"). Pure functions over plain documents:
 * the client installs them as RxDB conflict handlers (`conflictHandlers`, passed to
 * `addCollections` as `conflictHandler`). The server does not resolve conflicts: it answers a push
 * whose assumed state is stale with its master document (server/push.ts), and this rule decides on
 * the client what is kept.
 *
 * A conflict is the situation where the client pushed `{assumedMasterState, newDocumentState}` and
 * the server's real state (`realMasterState`) differs from what the client assumed. The resolved
 * document is written locally; when it differs from the master, RxDB pushes it again with the
 * master as the new assumed state.
 *
 * The rules, per collection:
 *
 * - `productModels`, `programTiers`, `programTerms`, `invoices` — pull-only (catalog, program
 *   data, server-made invoices). The master always wins, wholesale. A local change to these is never kept.
 * - `organisations` — server-owned: `status`, `statusReason`, `dealerId`, `createdAt`, `updatedAt`
 *   always take the master's value. Client-owned (name, legal form, address, VAT/KvK numbers,
 *   e-mails) keep the local edit while the master's status is `draft`, `pending-validation` or
 *   `rejected` — a rejected account is corrected and submitted again (pushing `status:
 *   'pending-validation'`, docs/program.md#business-account); once the back office validated the
 *   account, the master wins wholesale.
 * Where the client's edits still count, the merge is three-way per field: a client-owned field the
 * client did not change (its value equals the assumed master state it started from) takes the
 * master's value, so an accepted edit from another device is not undone; a changed one keeps the
 * local edit.
 *
 * - `registrations` — server-owned: `status`, `statusReason`, `points`, `migratedFrom`,
 *   `createdAt`, `updatedAt` always take the master's value. Client-owned (organisationId,
 *   productModelId, serialNumber, purchaseDate, purchaseDateEstimated, purchaseCountry,
 *   dealerName) keep the local edit while no points are assigned, i.e. while the master's status
 *   is `draft`, `incomplete` or `rejected-duplicate` (a duplicate is most often a mistyped serial:
 *   corrected, the server decides it again; until then it stays in the local database, not
 *   deleted, with the server's `statusReason` for the user to read). Once the server assigned
 *   points (`points-assigned`) or the back office rejected it (`rejected`) the master wins
 *   wholesale; only the back office can withdraw it then (server/registrationWithdrawal.ts).
 * - `memberships` — server-owned: `status`, `statusReason`, `membershipNumber`, `validFrom`,
 *   `validTo`, `replacedBy*`, `replacedOn`, `cardAuthorisation`, `cardAuthorisationReason`, `createdAt`, `updatedAt` always take the master's value. Client-owned (tierId,
 *   paymentMethod, purchaseOrderNumber, termsAcceptedAt) keep the local edit while the master is
 *   `requested` without a membership number; once the server activated, rejected or expired it,
 *   the master wins wholesale.
 * - `evidenceDocuments` — server-owned: `updatedAt`. Client-owned: everything else (the file and
 *   what OCR read from it are the client's), so the local edit is kept.
 *
 * Deletions: a deletion on the master always wins (the back office removed it, or it left the
 * user's scope). A local deletion is kept only while the client-owned fields are editable by the
 * rules above; a confirmed document cannot be deleted by a client and comes back.
 */
import type { CollectionName } from '../schemas/common';
import { registrationEditable } from '../program/registration';

/** A document as RxDB's conflict handler sees it: collection fields plus `_deleted`. */
export type ConflictDocument = Record<string, unknown> & { _deleted: boolean };

/** The three states RxDB hands a conflict handler (same shape as RxDB's `RxConflictHandlerInput`). */
export interface ConflictInput<T extends ConflictDocument = ConflictDocument> {
  assumedMasterState?: T;
  realMasterState: T;
  newDocumentState: T;
}

/** The rule of one collection: which fields the server owns and when client fields may still change. */
export interface ConflictRule {
  /** Short human statement of the rule (the same words as docs/sync.md; not shown in the UI). */
  summary: string;
  /** True for catalog, program data and invoices: the master wins wholesale, always. */
  pullOnly: boolean;
  /** Fields whose value always comes from the master. */
  serverOwned: readonly string[];
  /** Whether the client's edits still count, judged on the master's current state. */
  clientMayEdit(master: ConflictDocument): boolean;
}

const masterWins: ConflictRule = {
  summary: 'Pull-only: the server is the only writer; its document always wins.',
  pullOnly: true,
  serverOwned: [],
  clientMayEdit: () => false,
};

/** Per-collection conflict rules (see the module comment for the prose version). */
export const conflictRules: Record<CollectionName, ConflictRule> = {
  productModels: masterWins,
  programTiers: masterWins,
  programTerms: masterWins,
  invoices: masterWins,
  organisations: {
    summary: 'Status, reason and dealer come from the server; address and identifiers keep the local edit until the back office validated the account (a rejected account may be corrected and submitted again).',
    pullOnly: false,
    serverOwned: ['status', 'statusReason', 'dealerId', 'createdAt', 'updatedAt'],
    clientMayEdit: (m) => m.status === 'draft' || m.status === 'pending-validation' || m.status === 'rejected',
  },
  registrations: {
    summary: 'Status, reason, points and migration come from the server; product, serial, date, country and dealer keep the local edit until points are assigned (a rejected duplicate can still be corrected) or the back office rejected it.',
    pullOnly: false,
    serverOwned: ['status', 'statusReason', 'points', 'migratedFrom', 'createdAt', 'updatedAt'],
    clientMayEdit: (m) => registrationEditable(m.status as string | undefined),
  },
  memberships: {
    summary: 'Status, reason, membership number and validity come from the server; tier, payment method and PO number keep the local edit until the membership is active, rejected or expired.',
    pullOnly: false,
    serverOwned: ['status', 'statusReason', 'membershipNumber', 'validFrom', 'validTo', 'replacedByMembershipId', 'replacedByTierId', 'replacedOn', 'cardAuthorisation', 'cardAuthorisationReason', 'createdAt', 'updatedAt'],
    clientMayEdit: (m) => m.status === 'requested' && (m.membershipNumber === null || m.membershipNumber === undefined),
  },
  evidenceDocuments: {
    summary: 'The file and its extracted fields are the client’s; only the timestamp comes from the server.',
    pullOnly: false,
    serverOwned: ['updatedAt'],
    clientMayEdit: () => true,
  },
};

/** Fields RxDB keeps for itself; never carried from one state to another by a resolution. */
const internalFields = new Set(['_meta', '_rev']);

function attachmentDigests(v: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (v && typeof v === 'object') for (const [name, a] of Object.entries(v)) out[name] = (a as { digest?: unknown })?.digest;
  return out;
}

/**
 * Deep equality of two documents as the replication compares them: RxDB's bookkeeping
 * (`_meta`, `_rev`) is ignored, attachments compare by name and digest only (as RxDB's default
 * handler does); a missing key equals `undefined`.
 */
export function documentsEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => documentsEqual(v, b[i]));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const k of keys) {
    if (k === '_meta' || k === '_rev') continue;
    if (k === '_attachments') {
      if (!documentsEqual(attachmentDigests(ra[k]), attachmentDigests(rb[k]))) return false;
      continue;
    }
    if (!documentsEqual(ra[k], rb[k])) return false;
  }
  return true;
}

function withoutInternals<T extends ConflictDocument>(doc: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (!internalFields.has(k)) out[k] = v;
  return out as T;
}

/**
 * Resolves one conflict of `collection` by its rule.
 * @returns the document to keep locally: the master's server-owned fields, plus the local
 *   client-owned fields while the rule lets the client edit; otherwise the master unchanged.
 * @throws Error for an unknown collection name.
 */
export function resolveConflict<T extends ConflictDocument>(collection: CollectionName, input: ConflictInput<T>): T {
  const rule = conflictRules[collection];
  if (!rule) throw new Error(`No conflict rule for collection "${String(collection)}"`);
  const master = withoutInternals(input.realMasterState);
  const local = withoutInternals(input.newDocumentState);
  if (rule.pullOnly || master._deleted || !rule.clientMayEdit(master)) return master;
  // Client edits still count. Three-way merge per field: a client-owned field the client did not
  // change (local equals the assumed master) takes the master's value, so another window's or
  // device's accepted edit is not undone; a field the client changed keeps the local edit.
  // Server-owned fields always come from the master.
  const assumed = input.assumedMasterState ? withoutInternals(input.assumedMasterState) : null;
  const serverOwned = new Set(rule.serverOwned);
  const merged: Record<string, unknown> = {};
  for (const field of new Set([...Object.keys(local), ...Object.keys(master)])) {
    const fromMaster = serverOwned.has(field) || (field !== '_deleted' && assumed !== null && documentsEqual(local[field], assumed[field]));
    const v = fromMaster ? master[field] : local[field];
    if (v !== undefined) merged[field] = v;
  }
  merged._deleted = local._deleted;
  return merged as T;
}

/** Structural twin of RxDB's `RxConflictHandler` (kept here so shared/ needs no runtime import). */
export interface ConflictHandler<T extends ConflictDocument = ConflictDocument> {
  isEqual(a: T, b: T, context: string): boolean;
  resolve(input: ConflictInput<T>, context: string): Promise<T>;
}

/** Builds the RxDB conflict handler of one collection from its rule. */
export function conflictHandlerFor(collection: CollectionName): ConflictHandler {
  return {
    isEqual: (a, b) => documentsEqual(a, b),
    resolve: (input) => Promise.resolve(resolveConflict(collection, input)),
  };
}

/**
 * The conflict handler of every collection, keyed by name; pass each as `conflictHandler` in
 * `addCollections` (e.g. `{ ...collectionSchemas.registrations, conflictHandler: conflictHandlers.registrations }`).
 */
export const conflictHandlers: Record<CollectionName, ConflictHandler> = {
  productModels: conflictHandlerFor('productModels'),
  programTiers: conflictHandlerFor('programTiers'),
  programTerms: conflictHandlerFor('programTerms'),
  invoices: conflictHandlerFor('invoices'),
  organisations: conflictHandlerFor('organisations'),
  registrations: conflictHandlerFor('registrations'),
  memberships: conflictHandlerFor('memberships'),
  evidenceDocuments: conflictHandlerFor('evidenceDocuments'),
};
