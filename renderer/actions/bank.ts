/**
 * The back office's bank-transfer requests (shared/sync/bank.ts) over the session's authorised
 * fetch: import a camt.053 statement, read the review list, resolve a credit. The desk's bank
 * panel reaches them through `useActions()` (import, resolve) and renderer/hooks/desk.ts
 * `useBankReview` (the list), never `fetch`.
 */
import type { BankCredit, ResolveBankCredit, StatementImport } from '../../shared/sync/bank';
import { DeskRequestError, type AuthorisedFetch } from './desk';

/** Largest statement file the server takes (server/payments/bank/camt053.ts `STATEMENT_MAX_BYTES`): 10 MiB. */
export const STATEMENT_MAX_BYTES = 10 * 1024 * 1024;

async function answer<T>(res: Response): Promise<T> {
  const parsed = (await res.json().catch(() => ({}))) as T & { code?: string; message?: string };
  if (!res.ok) throw new DeskRequestError(res.status, parsed.code ?? 'http', parsed.message ?? `HTTP ${res.status}`);
  return parsed;
}

/**
 * Sends the statement file `file` (its text is read here) to the server to import and reconcile.
 * @throws DeskRequestError — 413 `file-too-large` before sending when the file is over 10 MiB; the
 *   server's 400 `statement-not-xml` / `statement-not-camt053` / `statement-invalid` /
 *   `statement-other-account`, 413 `statement-too-large`; SignInError `network`.
 */
export async function importBankStatement(fetcher: AuthorisedFetch, file: Pick<Blob, 'size' | 'text'>): Promise<StatementImport> {
  if (file.size > STATEMENT_MAX_BYTES) throw new DeskRequestError(413, 'file-too-large', `the file has ${file.size} bytes`);
  const xml = await file.text();
  return answer(await fetcher('/admin/bank/statements', { method: 'POST', headers: { 'content-type': 'application/xml' }, body: xml }));
}

/** The credits waiting for a person, oldest booking first. @throws DeskRequestError, SignInError `network`. */
export async function fetchBankReview(fetcher: AuthorisedFetch): Promise<BankCredit[]> {
  return answer(await fetcher('/admin/bank/review', { method: 'GET' }));
}

/**
 * Resolves credit `creditId`: mark its invoice paid (`invoiceNumber` when the credit matched none)
 * or set it aside with a note.
 * @throws DeskRequestError — 409 `already-resolved`, 400 `invoice-required` / `note-required`, 404; SignInError `network`.
 */
export async function resolveBankCredit(fetcher: AuthorisedFetch, creditId: string, body: ResolveBankCredit): Promise<BankCredit> {
  return answer(await fetcher(`/admin/bank/credits/${encodeURIComponent(creditId)}/resolve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
}
