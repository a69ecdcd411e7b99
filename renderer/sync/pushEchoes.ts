/**
 * The pull's echo of a push answer: documents the client already took from a push answer, which
 * the next pull brings back unchanged.
 *
 * The server answers every row it stores with the stored document (docs/sync.md, "Push answers");
 * RxDB resolves the answer and records it as the document's master state. The pull that follows
 * (the pull stream's announcement, a RESYNC) returns those same documents once more, and RxDB's
 * downstream (rxdb 17.6 replication-protocol/downstream.ts) reads the local document and its master
 * record for each, compares, and writes nothing: for an offline backlog of 10,000 registrations,
 * 20,000 storage reads that change nothing (docs/performance.md, "What the push of an offline
 * backlog costs").
 *
 * A pulled document equal to the answer recorded for its id (same `updatedAt` — the server gives
 * every stored version a new one — and the same fields) is that same server version, so the
 * downstream's verdict is already known and it is left out of the page:
 * - RxDB took the answer: the local document is its resolution and the master record is the
 *   answer, so the downstream would find the pulled version equal to what it has and write nothing;
 * - RxDB could not write the resolution (the user changed the document meanwhile): the local
 *   document holds a change not yet pushed, so the downstream would skip the pulled version, and
 *   that change goes to the server with the rule deciding;
 * - the pull returned the version before the push answer did (a pull already running when the push
 *   was stored: test/integration/sync/pushAnswerOrder.test.ts): nothing is recorded yet, so it is
 *   not left out, and the answer brings the version as before.
 * Each recorded answer is used once: a matching pulled document, or a pulled newer version of the
 * same id, forgets it. At most `max` answers are kept (the oldest go first); a forgotten one only
 * means the downstream does its reads.
 */
import { documentsEqual } from '../../shared/sync/conflicts';

/** A document as it travels (server JSON: fields, `updatedAt`, `_deleted`). */
type Doc = Record<string, unknown>;

/** Push answers the client took, by document id, until the pull brings them back (see module doc). */
export class PushEchoes {
  private readonly answers = new Map<string, Doc>();

  /** @param max most answers kept (default 50,000 documents); the oldest are forgotten first. */
  constructor(private readonly max = 50_000) {}

  /** Number of answers kept. */
  get size(): number {
    return this.answers.size;
  }

  /** Records the server documents a push was answered with (as the server sent them, before RxDB takes them). */
  record(docs: readonly Doc[]): void {
    for (const d of docs) {
      const id = d.id;
      if (typeof id !== 'string') continue;
      this.answers.delete(id); // re-insert: insertion order is age
      this.answers.set(id, d);
    }
    for (const id of this.answers.keys()) {
      if (this.answers.size <= this.max) break;
      this.answers.delete(id);
    }
  }

  /**
   * Pulled `docs` without the echoes of recorded answers (order kept). Every pulled id forgets its
   * recorded answer, matching or not (a different version means the answer is outdated).
   */
  drop<T>(docs: readonly T[]): T[] {
    if (this.answers.size === 0) return docs as T[];
    const kept: T[] = [];
    for (const doc of docs) {
      const d = doc as Doc;
      const id = d.id as string;
      const answer = this.answers.get(id);
      if (answer === undefined) {
        kept.push(doc);
        continue;
      }
      this.answers.delete(id);
      if (answer.updatedAt !== d.updatedAt || !documentsEqual(withDeleted(answer), withDeleted(d))) kept.push(doc);
    }
    return kept;
  }

  /** Forgets every answer (sync stops). */
  clear(): void {
    this.answers.clear();
  }
}

/** `_deleted` as a boolean (the server always sends it; a missing flag means false). */
function withDeleted(d: Doc): Doc {
  return d._deleted === undefined ? { ...d, _deleted: false } : d;
}
