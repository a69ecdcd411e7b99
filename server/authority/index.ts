/**
 * Server authority per collection: defaults of server-owned fields for a new document, and the
 * decision applied inside the push transaction (docs/sync.md).
 */
import type { CollectionName } from '../../shared/schemas/common';
import type { User } from '../auth';
import type { Db } from '../db';
import type { StoredDoc, WriteTx } from '../store';
import type { ProgramData } from '../seed';
import type { Outbox } from '../outbox';
import { organisationAuthority, evidenceAuthority } from './organisations';
import { registrationAuthority } from './registrations';
import { membershipAuthority } from './memberships';

/** What the authority and the routes need from the running server. */
export interface ServerServices {
  db: Db;
  program: ProgramData;
  outbox: Outbox;
  /** Today's date `YYYY-MM-DD` (UTC), the "today" of the program rules. */
  today(): string;
  /** Base URL put in e-mailed links (PUBLIC_URL). */
  publicUrl: string;
}

/** Input of a decision: the merged document (client fields from the push, server fields from the master or defaults). */
export interface DecideInput {
  services: ServerServices;
  w: WriteTx;
  user: User;
  master: StoredDoc | null;
  /** The pushed document as validated (without `_deleted`). */
  incoming: Record<string, unknown>;
  /** The document to store; the authority sets its server-owned fields. */
  doc: Record<string, unknown>;
  /** True when the push deletes the document. */
  deleted: boolean;
  organisationId: string;
  dealerId: string | null;
}

/** Output of a decision: the document to store, its server-internal meta, and work to do after it is stored. */
export interface Decision {
  doc: Record<string, unknown>;
  meta?: Record<string, unknown>;
  after?: (stored: Record<string, unknown>) => Promise<void>;
}

/** The organisation and dealer a pushed document belongs to (the scope columns it is stored with). */
export interface DocumentOwner {
  organisationId: string;
  dealerId: string | null;
}

/** The authority of one collection. */
export interface Authority {
  /** Server-owned fields of a document the server has not seen yet. */
  defaults(user: User, incoming: Record<string, unknown>): Record<string, unknown>;
  decide(input: DecideInput): Promise<Decision>;
  /**
   * For a collection whose documents are themselves the scope (organisations): who owns pushed
   * document `id`. Without it the document belongs to the organisation it names (checked by the push).
   * @throws HttpError 403 when `user` may not create such a document.
   */
  owner?(user: User, id: string, master: StoredDoc | null, incoming: Record<string, unknown>): DocumentOwner;
  /**
   * Whether a push whose client-owned fields equal the master's still asks the server to act (e.g.
   * submitting a draft organisation changes only the server-owned `status`): a request, not a no-op.
   */
  isRequest?(master: StoredDoc, incoming: Record<string, unknown>): boolean;
}

const pullOnly: Authority = {
  defaults: () => ({}),
  decide: () => Promise.reject(new Error('pull-only collection')),
};

/** Authority per collection. */
export const authorities: Record<CollectionName, Authority> = {
  productModels: pullOnly,
  programTiers: pullOnly,
  programTerms: pullOnly,
  invoices: pullOnly,
  organisations: organisationAuthority,
  evidenceDocuments: evidenceAuthority,
  registrations: registrationAuthority,
  memberships: membershipAuthority,
};
