/**
 * The back office's desk API (server/routes-admin.ts), as the desk screen reads it. All requests
 * carry the back-office user's bearer token; errors are `ErrorBody` (protocol.ts).
 *
 *   GET  /admin/pending?country=&kind=                → PendingOrganisation[] (oldest submission first)
 *   GET  /admin/organisations/:id/review              → OrganisationReview
 *   POST /admin/organisations/:id/vies-check          → VatCheck
 *   POST /admin/organisations/:id/validate            {seen}                      → DecisionResult
 *   POST /admin/organisations/:id/reject              {reasonCode?, reason?, seen} → DecisionResult
 *   POST /admin/organisations/:id/request-document    {reasonCode?, reason?, seen} → DecisionResult
 *   GET  /evidence/:evidenceDocumentId/file           → the scan's bytes (404 until uploaded)
 *
 * A decision whose `seen.organisationUpdatedAt` is no longer the organisation's is answered 409
 * `changed-since-opened`; one on an account already validated or rejected 409 `already-decided`.
 */
import type { StandardReasonCode, ValidationDue } from '../program/backOffice';

/** Result of a VIES check of a VAT number (`unknown`: the service could not answer). */
export interface VatCheck {
  result: 'valid' | 'invalid' | 'unknown';
  vatNumber: string;
  name: string | null;
  address: string | null;
  /** VIES consultation number (`requestIdentifier`). */
  consultationNumber: string | null;
  checkedAt: string;
  /** Why the result is unknown: `MS_UNAVAILABLE`, `TIMEOUT`, `NETWORK`, `DISABLED`, … */
  error: string | null;
}

/** An open request for a new evidence document. */
export interface DocumentRequest {
  reason: string;
  by: string;
  at: string;
}

/**
 * An account submitted again after a rejection (same organisation): the how-manyth resubmission,
 * when, and the rejection it answers (its reason in the organisation's language, who, when).
 */
export interface Resubmission {
  count: number;
  at: string;
  previousRejection: { reason: string; by: string; at: string } | null;
}

/** One row of the queue. */
export interface PendingOrganisation {
  id: string;
  name: string;
  country: string;
  vatNumber: string | null;
  chamberNumber: string | null;
  email: string | null;
  dealerId: string | null;
  legacyEmail: string | null;
  updatedAt: string;
  submittedAt: string;
  ageBusinessDays: number;
  dueOn: string;
  due: ValidationDue;
  documentRequest: DocumentRequest | null;
  /** Set when the account was rejected before and submitted again. */
  resubmission: Resubmission | null;
  evidence: { id: string; kind: string; fileName: string; updatedAt: string }[];
}

/** One field read by OCR: value, confidence 0..1, 1-based page, bbox in PDF points (origin top left). */
export interface ReadField {
  value: string;
  confidence: number;
  page: number;
  bbox: [number, number, number, number];
  invalid?: boolean;
}

/** An evidence document in a review. */
export interface ReviewEvidence {
  id: string;
  kind: string;
  fileName: string;
  mimeType: string;
  sha256: string | null;
  updatedAt: string;
  extracted: Record<string, ReadField>;
}

/** Checksum check of an identifier: `source` is `submitted` or the evidence document's id. */
export interface IdentifierCheck {
  field: 'vatNumber' | 'chamberNumber';
  source: string;
  value: string;
  valid: boolean;
  normalised: string;
  error?: string;
}

/** Everything the review screen shows about one organisation. */
export interface OrganisationReview {
  organisation: Record<string, unknown> & { id: string; name: string; updatedAt: string; status: string };
  submittedAt: string;
  ageBusinessDays: number;
  dueOn: string;
  due: ValidationDue;
  evidence: ReviewEvidence[];
  identifierChecks: IdentifierCheck[];
  duplicates: { id: string; name: string; status: string; dealerId: string | null; matchedOn: ('vatNumber' | 'chamberNumber')[] }[];
  legacy: {
    legacyEmail: string;
    report: { migrated: { productModelId: string; serialNumber: string; status?: string; points?: number }[]; alreadyMigrated: unknown[]; claimedElsewhere: { productModelId: string; serialNumber: string; reason?: string }[]; pointsChange: number };
  } | null;
  vatCheck: VatCheck | null;
  documentRequest: DocumentRequest | null;
  /** Set when the account was rejected before and submitted again. */
  resubmission: Resubmission | null;
  decisions: { at: string; actor: string; action: string; details: Record<string, unknown> }[];
}

/** What the clerk looked at when deciding. */
export interface DecisionSeen {
  organisationUpdatedAt: string;
  evidence: { id: string; sha256: string | null }[];
}

/** A decision the desk sends. */
export type Decision = { kind: 'validate' } | { kind: 'reject' | 'request-document'; reasonCode: StandardReasonCode | null; reason: string };

/** The server's answer to a decision. */
export interface DecisionResult {
  id: string;
  status: string;
  reason?: string;
}
