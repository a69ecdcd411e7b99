/**
 * Versioned schema migrations, applied in order at start (`migrate(db)`), each in its own
 * transaction and recorded in `schema_migrations`. Never edit a released migration: append one.
 * Plain SQL that runs unchanged on PostgreSQL 15+ and PGlite (PostgreSQL 18).
 */
import type { Db } from './db';

/** One migration: a version number (strictly increasing) and its SQL statements. */
export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'core: users, tokens, documents, clock, claims, counters, outbox, audit, legacy accounts',
    statements: [
      `create table users (
        id text primary key,
        email text not null unique,
        password_hash text,
        role text not null check (role in ('dealer', 'studio-manager', 'back-office')),
        name text not null,
        dealer_id text,
        organisation_id text,
        created_at text not null
      )`,
      `create table auth_tokens (
        token_hash text primary key,
        user_id text not null references users(id),
        kind text not null default 'session',
        created_at text not null,
        expires_at text not null,
        revoked_at text
      )`,
      `create index auth_tokens_user on auth_tokens (user_id)`,
      // Every replicated document. `data` is the document exactly as it replicates (incl. updatedAt
      // and _deleted); organisation_id / dealer_id are the scope columns; meta is server-internal.
      `create table documents (
        collection text not null,
        id text not null,
        updated_at text not null,
        deleted boolean not null default false,
        organisation_id text,
        dealer_id text,
        data jsonb not null,
        meta jsonb not null default '{}'::jsonb,
        primary key (collection, id)
      )`,
      `create index documents_feed on documents (collection, updated_at, id)`,
      `create index documents_dealer_feed on documents (collection, dealer_id, updated_at, id)`,
      `create index documents_org_feed on documents (collection, organisation_id, updated_at, id)`,
      // The server clock: microseconds since the epoch of the last updatedAt handed out. Its row
      // lock is the single writer lock that makes updatedAt follow commit order.
      `create table clock (id int primary key, us bigint not null)`,
      `insert into clock (id, us) values (1, 0)`,
      // Which registration holds a (product model, normalised serial): the first by server receipt.
      `create table serial_claims (
        product_model_id text not null,
        serial text not null,
        registration_id text not null,
        claimed_at text not null,
        primary key (product_model_id, serial)
      )`,
      `create index serial_claims_registration on serial_claims (registration_id)`,
      `create table invoice_counters (year int primary key, last int not null)`,
      `create table membership_numbers (number text primary key, organisation_id text not null, membership_id text not null, issued_at text not null)`,
      `create table outbox (
        id text primary key,
        created_at text not null,
        recipient text not null,
        subject text not null,
        body text not null,
        kind text not null,
        sent_at text,
        claimed_until text,
        attempts int not null default 0,
        last_error text
      )`,
      `create index outbox_unsent on outbox (sent_at, created_at)`,
      `create table audit_log (
        id text primary key,
        at text not null,
        actor text not null,
        action text not null,
        subject text not null,
        details jsonb not null default '{}'::jsonb
      )`,
      `create table legacy_registrations (
        id text primary key,
        legacy_email text not null,
        product_model_id text not null,
        serial_number text not null,
        purchase_date text,
        purchase_country text,
        dealer_name text,
        migrated_to_organisation_id text,
        migrated_registration_id text,
        migrated_at text,
        unique (legacy_email, product_model_id, serial_number)
      )`,
      `create index legacy_registrations_email on legacy_registrations (legacy_email)`,
    ],
  },
  {
    version: 2,
    name: 'membership number sequence (shared/program/membership.ts rule 3)',
    statements: [
      // The sequence value of membershipNumberFromSequence: 1 … 89,999,999, never cycling.
      // Drawn by server/store/numbers.ts; nextval is atomic across sessions.
      `create sequence membership_number_sequence as integer minvalue 1 maxvalue 89999999 start with 1 no cycle`,
    ],
  },
  {
    version: 3,
    name: 'evidence files: blobs, blob chunks (PostgreSQL), uploads, the stored file of each evidence document',
    statements: [
      // A blob whose bytes are complete (on disk under DATA_DIR/blobs with PGlite, in blob_chunks with PostgreSQL).
      `create table blobs (sha256 text primary key, size bigint not null, created_at text not null)`,
      `create table blob_chunks (
        sha256 text not null references blobs(sha256),
        seq int not null,
        data bytea not null,
        primary key (sha256, seq)
      )`,
      // One tus upload: who sends which file for which evidence document, and how it ended.
      `create table file_uploads (
        id text primary key,
        evidence_document_id text not null,
        user_id text not null,
        sha256 text not null,
        size bigint not null,
        file_name text not null,
        file_type text not null,
        state text not null check (state in ('receiving', 'stored', 'refused')),
        reason_code text,
        reason text,
        created_at text not null,
        finished_at text
      )`,
      `create index file_uploads_evidence on file_uploads (evidence_document_id)`,
      // The file currently stored for an evidence document (the latest stored upload).
      `create table evidence_files (
        evidence_document_id text primary key,
        sha256 text not null references blobs(sha256),
        size bigint not null,
        mime_type text not null,
        file_name text not null,
        upload_id text not null,
        uploaded_by text not null,
        uploaded_at text not null
      )`,
      `create index evidence_files_sha256 on evidence_files (sha256)`,
    ],
  },
  {
    version: 4,
    name: 'credit note counters: the gapless per-year series of credit notes (server/authority/tierChange.ts)',
    statements: [`create table credit_note_counters (year int primary key, last int not null)`],
  },
  {
    version: 5,
    name: 'bank transfers: imported camt.053 statements and their credits (server/payments/bank)',
    statements: [
      // One imported statement: `id` is `<account IBAN>/<Stmt/Id>` (unique per account at the bank),
      // so importing the same statement again finds it and changes nothing.
      `create table bank_statements (
        id text primary key,
        account_iban text not null,
        statement_id text not null,
        message_id text,
        file_sha256 text not null,
        imported_at text not null,
        imported_by text not null,
        credits int not null default 0,
        paid int not null default 0,
        review int not null default 0,
        duplicates int not null default 0,
        skipped int not null default 0
      )`,
      // One booked credit. `entry_key` is `<account IBAN>/<the bank's reference of the credit>`: a
      // credit that reappears in another statement is not reconciled twice.
      `create table bank_credits (
        id text primary key,
        entry_key text not null unique,
        statement_id text not null references bank_statements(id),
        booking_date text,
        amount_cents bigint not null,
        currency text not null,
        reference text,
        remittance text,
        debtor_name text,
        debtor_iban text,
        invoice_id text,
        outcome text not null check (outcome in ('paid', 'partial', 'over-payment', 'unmatched', 'already-paid', 'currency-mismatch')),
        created_at text not null,
        resolution text check (resolution in ('marked-paid', 'dismissed')),
        resolved_by text,
        resolved_at text,
        note text
      )`,
      `create index bank_credits_review on bank_credits (resolved_at, outcome)`,
      `create index bank_credits_invoice on bank_credits (invoice_id)`,
    ],
  },
  {
    version: 6,
    name: 'card payments: provider customers, card authorisations, due-date charges, received provider webhooks, card update links',
    statements: [
      // The payment provider's customer of an organisation (one per organisation and provider).
      `create table payment_customers (
        organisation_id text not null,
        provider text not null,
        customer_id text not null,
        created_at text not null,
        primary key (organisation_id, provider)
      )`,
      // One hosted card setup (zero-amount authorisation) per row; the latest authorised one of a
      // membership holds the saved card that the due-date charge uses.
      `create table card_authorisations (
        session_id text primary key,
        membership_id text not null,
        organisation_id text not null,
        provider text not null,
        customer_id text not null,
        status text not null check (status in ('pending', 'authorised', 'declined', 'abandoned')),
        setup_intent_id text,
        payment_method_id text,
        reason_code text,
        reason text,
        created_at text not null,
        decided_at text
      )`,
      `create index card_authorisations_membership on card_authorisations (membership_id, created_at)`,
      // The due-date charge of one card invoice: claimed with FOR UPDATE SKIP LOCKED and a lease.
      `create table card_charges (
        invoice_id text primary key,
        membership_id text not null,
        organisation_id text not null,
        due_date text not null,
        state text not null check (state in ('scheduled', 'paid', 'failed')),
        attempt int not null default 0,
        tries int not null default 0,
        next_attempt_at text not null,
        claimed_until text,
        claimed_by text,
        payment_intent_id text,
        last_code text,
        last_error text,
        updated_at text not null
      )`,
      `create index card_charges_due on card_charges (state, next_attempt_at)`,
      // Every provider webhook event taken in (its id), so a replay changes nothing.
      `create table payment_webhook_events (
        event_id text primary key,
        provider text not null,
        type text not null,
        created_at text not null,
        received_at text not null
      )`,
      // One-time links e-mailed after a final charge failure: open a new hosted card setup.
      `create table card_update_links (
        token_hash text primary key,
        membership_id text not null,
        invoice_id text not null,
        created_at text not null,
        expires_at text not null,
        used_at text
      )`,
    ],
  },
];

/** Applies every migration newer than the database's version. Idempotent; safe to run from several processes (an advisory lock serialises them). */
export async function migrate(db: Db): Promise<number[]> {
  await db.exec(`create table if not exists schema_migrations (version int primary key, name text not null, applied_at text not null)`);
  const applied: number[] = [];
  for (const m of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock(727001)');
      const rows = await tx.query('select 1 from schema_migrations where version = $1', [m.version]);
      if (rows.length > 0) return false;
      for (const s of m.statements) await tx.query(s);
      await tx.query('insert into schema_migrations (version, name, applied_at) values ($1, $2, $3)', [m.version, m.name, new Date().toISOString()]);
      return true;
    });
    if (done) applied.push(m.version);
  }
  return applied;
}
