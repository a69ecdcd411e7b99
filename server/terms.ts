/**
 * The program's terms and conditions as program data (docs/program.md#terms-and-conditions):
 * published versions are `programTerms` documents, pulled by every client like the tiers.
 *
 * - {@link publishTerms}: publishes versions (the back office's `publish-terms` command and every
 *   start, from resources/program.json). A published version is never changed: the same id with
 *   other content, or a version label used by another id, is refused; an identical one is skipped.
 * - {@link termsInForce}: the version in force today in one language, as `GET /program/terms` serves it.
 *
 * Which version a sign-up must accept is decided by shared/program/terms.ts (`currentTerms`), on
 * the client (sign-up screen) and here (server/authority/memberships.ts) alike.
 */
import type { Db, Queryable } from './db';
import { HttpError } from './errors';
import { allDocs, writeTransaction } from './store';
import { validatePushedDocument } from './validate';
import { documentsEqual } from '../shared/sync/conflicts';
import { currentTerms, type TermsDocument } from '../shared/program/terms';
import type { ProgramTerms, TermsLanguage } from '../shared/schemas/programTerms';

/** Result of {@link publishTerms}: the versions stored now and those already published unchanged. */
export interface PublishResult {
  published: string[];
  unchanged: string[];
}

const withoutServerFields = (d: Record<string, unknown>): Record<string, unknown> => {
  const { updatedAt: _u, _deleted: _d, ...rest } = d;
  return rest;
};

/**
 * Publishes terms versions (each `{id, version, effectiveOn, texts: {nl, en}}`; `updatedAt` is
 * set by the server). All are checked before anything is written, in one transaction, audited as
 * `publish-terms` by `actor` when something was stored.
 * @throws HttpError 400 `schema-invalid` (naming the version and field), 409 `terms-published`
 *   (that id is published with other content, or the version label belongs to another id).
 */
export async function publishTerms(db: Db, actor: string, versions: unknown[]): Promise<PublishResult> {
  const checked = versions.map((v, i) => withoutServerFields(validatePushedDocument('programTerms', { ...(v as object), updatedAt: '' }, `terms ${i}`).data));
  return writeTransaction(db, actor, async (w) => {
    const stored = (await allDocs(w.q, 'programTerms')).map((d) => withoutServerFields(d.data));
    const result: PublishResult = { published: [], unchanged: [] };
    for (const t of checked) {
      const same = stored.find((s) => s.id === t.id);
      if (same) {
        if (!documentsEqual(same, t)) throw new HttpError(409, 'terms-published', `terms ${String(t.id)} (version ${String(same.version)}) are published already; a change is a new version with its own id`);
        result.unchanged.push(String(t.version));
        continue;
      }
      const label = stored.find((s) => s.version === t.version);
      if (label) throw new HttpError(409, 'terms-published', `version ${String(t.version)} is published already as ${String(label.id)}`);
      await w.put('programTerms', t, { organisationId: null, dealerId: null });
      stored.push(t);
      result.published.push(String(t.version));
    }
    if (result.published.length) await w.audit('publish-terms', 'programTerms', { published: result.published });
    return result;
  });
}

/** The terms in force on `today` (`YYYY-MM-DD`) in `language`: version, effective date, title and sections. */
export interface TermsInForce {
  version: string;
  effectiveOn: string;
  language: TermsLanguage;
  title: string;
  sections: { heading: string; paragraphs: string[] }[];
}

/** The version in force on `today` in `language`. @throws HttpError 404 `no-terms` when none is in force. */
export async function termsInForce(q: Queryable, today: string, language: TermsLanguage): Promise<TermsInForce> {
  const docs = (await allDocs(q, 'programTerms')).map((d) => d.data as unknown as ProgramTerms & TermsDocument);
  const t = currentTerms(docs, today);
  if (!t) throw new HttpError(404, 'no-terms', `no terms and conditions are in force on ${today}`);
  const text = t.texts[language];
  return { version: t.version, effectiveOn: t.effectiveOn, language, title: text.title, sections: text.sections.map((s) => ({ heading: s.heading, paragraphs: [...s.paragraphs] })) };
}
