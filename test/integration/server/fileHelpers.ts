/**
 * Helpers of the evidence file tests (not a test file): real scanned PDFs padded to a size, a real
 * PNG, a tus upload with tus-js-client (the client the desktop uses), evidence documents.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Upload, type HttpRequest } from 'tus-js-client';
import { newId } from './helpers';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/evidence/${name}`, import.meta.url));

/**
 * A real scanned PDF (test/fixtures/evidence/kvk-e2e.pdf) followed by a PDF comment of random bytes
 * up to `size` bytes: a valid PDF whose hash is unique to this call (PDF readers ignore data after
 * `%%EOF`; the server judges the type by the first bytes).
 */
export function scanOfSize(size: number): Buffer {
  const pdf = fixture('kvk-e2e.pdf');
  const padding = randomBytes(Math.max(0, size - pdf.length - 2));
  return Buffer.concat([pdf, Buffer.from('%\n'), padding]).subarray(0, Math.max(size, pdf.length));
}

/** A valid 1×1 PNG image. */
export const pngBytes = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** An evidence document of `organisationId` as the client pushes it. */
export function evidenceDoc(organisationId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: newId('ev'),
    organisationId,
    kind: 'chamber-extract',
    fileName: 'kvk.pdf',
    mimeType: 'application/pdf',
    updatedAt: '2000-01-01T00:00:00.000Z',
    _deleted: false,
    ...over,
  };
}

/** Outcome of {@link tusUpload}: stored, or refused with the server's error body. */
export type UploadOutcome = { ok: true; url: string } | { ok: false; status: number; code: string; message: string };

/**
 * Uploads `bytes` for an evidence document with tus-js-client (no retries).
 * `meta` overrides the metadata derived from the bytes (to send a wrong hash or type).
 */
export function tusUpload(
  serverUrl: string,
  token: string,
  evidenceDocumentId: string,
  bytes: Buffer,
  meta: Partial<{ sha256: string; filename: string; filetype: string }> = {},
  opts: { uploadUrl?: string; onPatch?: (offset: number) => void; chunkSize?: number } = {},
): Promise<UploadOutcome> {
  return new Promise((resolve) => {
    const upload = new Upload(bytes, {
      endpoint: `${serverUrl}/files/`,
      ...(opts.uploadUrl ? { uploadUrl: opts.uploadUrl } : {}),
      ...(opts.chunkSize ? { chunkSize: opts.chunkSize } : {}),
      headers: { authorization: `Bearer ${token}` },
      metadata: { evidenceDocumentId, sha256: meta.sha256 ?? sha256(bytes), filename: meta.filename ?? 'scan.pdf', filetype: meta.filetype ?? 'application/pdf' },
      retryDelays: [],
      storeFingerprintForResuming: false,
      onBeforeRequest: (req: HttpRequest) => {
        if (req.getMethod() === 'PATCH') opts.onPatch?.(Number(req.getHeader('Upload-Offset')));
      },
      onSuccess: () => resolve({ ok: true, url: upload.url ?? '' }),
      onError: (err) => {
        const res = (err as { originalResponse?: { getStatus(): number; getBody(): string } | null }).originalResponse;
        let body: { code?: string; message?: string } = {};
        try {
          body = JSON.parse(res?.getBody() ?? '{}') as typeof body;
        } catch {
          body = { message: res?.getBody() };
        }
        resolve({ ok: false, status: res?.getStatus() ?? 0, code: body.code ?? 'network', message: body.message ?? String(err) });
      },
    });
    upload.start();
  });
}
