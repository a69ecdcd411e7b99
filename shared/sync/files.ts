/**
 * Evidence file transfer between the desktop and the program server. File bytes never travel in
 * the JSON replication (`protocol.ts`): they upload resumably with the tus 1.0 protocol
 * (https://tus.io/protocols/resumable-upload) and download from one endpoint.
 *
 *   POST  /files/                 create an upload (tus creation); headers:
 *                                   Authorization: Bearer <token>, Tus-Resumable: 1.0.0,
 *                                   Upload-Length: <bytes>,
 *                                   Upload-Metadata: evidenceDocumentId <b64>,sha256 <b64>,filename <b64>,filetype <b64>
 *                                 → 201 + Location: /files/<uploadId>
 *   HEAD  /files/<uploadId>       offset of the upload (resume)
 *   PATCH /files/<uploadId>       bytes from Upload-Offset (application/offset+octet-stream)
 *   GET   /evidence/<evidenceDocumentId>/file   the stored file (bearer token)
 *
 * A refused request answers the server's error body `{ statusCode, code, message }` with one of
 * the codes below (the body of a refusal on the last PATCH has the same shape).
 */
import type { EvidenceFileType } from '../ocr/types';

/** Path of the tus endpoint on the program server (with the trailing slash uploads are created at). */
export const uploadEndpointPath = '/files/';

/** Path of the download endpoint of an evidence document's stored file. */
export function evidenceFilePath(evidenceDocumentId: string): string {
  return `/evidence/${encodeURIComponent(evidenceDocumentId)}/file`;
}

/** The `Upload-Metadata` keys every upload carries (values are UTF-8, base64 on the wire). */
export interface UploadMetadata {
  evidenceDocumentId: string;
  /** SHA-256 of the whole file, lower-case hex. */
  sha256: string;
  filename: string;
  /** MIME type the client sniffed from the bytes (one of {@link evidenceMimeTypes}). */
  filetype: string;
}

/** MIME type of each evidence file type (the only types the server stores). */
export const evidenceMimeTypes: Record<EvidenceFileType, string> = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  png: 'image/png',
  tiff: 'image/tiff',
};

/**
 * Refusals that stay refused until the user attaches another file (retrying the same bytes cannot
 * help): `file-empty` (0 bytes), `file-too-large` (over the server's limit, 25 MB by default),
 * `hash-mismatch` (the received bytes do not hash to the declared SHA-256), `unsupported-file-type`
 * (not PDF, JPEG, PNG or TIFF by its first bytes), `type-mismatch` (the bytes are another type than
 * declared), `forbidden` (the evidence document is outside the uploader's scope).
 */
export const uploadRefusalCodes = ['file-empty', 'file-too-large', 'hash-mismatch', 'unsupported-file-type', 'type-mismatch', 'forbidden'] as const;
export type UploadRefusalCode = (typeof uploadRefusalCodes)[number];

/**
 * Answers that mean "not yet": `evidence-not-found` (404: the evidence document has not been pushed
 * yet), `evidence-file-changed` (409: the evidence document on the server describes another file —
 * push the newer document first), `evidence-deleted` (409). The client waits and tries again.
 */
export const uploadWaitCodes = ['evidence-not-found', 'evidence-file-changed', 'evidence-deleted'] as const;

/** True for a code of {@link uploadRefusalCodes}. */
export function isUploadRefusal(code: unknown): code is UploadRefusalCode {
  return typeof code === 'string' && (uploadRefusalCodes as readonly string[]).includes(code);
}

/** Default largest evidence file, bytes (25 MiB; the server's `MAX_UPLOAD_BYTES`). */
export const defaultMaxUploadBytes = 25 * 1024 * 1024;
