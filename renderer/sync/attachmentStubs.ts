/**
 * The local attachments, as stubs, on the server's documents of a collection with attachments
 * (`evidenceDocuments`: the file lives beside the document and travels through the upload queue,
 * uploads.ts; the program server's documents carry no `_attachments`).
 *
 * RxDB's replication records every server document it receives — a pulled document and a push
 * answer alike — as the document's assumed master state. The next push of that document fills in
 * the attachment data by comparing the local attachments with the assumed master state's, and
 * throws (RxError AT4, rxdb 17.6 plugins/attachments/attachments-utils.ts
 * `fillWriteDataForAttachmentsChange`) when the recorded state has no `_attachments` at all. RxDB's
 * upstream reports that error and moves on: the document's later local changes are never pushed
 * (an evidence document's new file hash never reaches the server, so its upload waits for ever).
 * Hence every server document handed to RxDB carries the local document's attachments as stubs
 * (digest, length, type; no data) — so RxDB neither deletes the local file when it writes the
 * pulled state nor sees an attachment change that is not there — or `{}` when there is no local file.
 */
import type { RxCollection, WithDeleted } from 'rxdb';

/** An attachment as RxDB records it without its data. */
export interface AttachmentStub {
  digest: string;
  /** Bytes. */
  length: number;
  /** MIME type. */
  type: string;
}

/**
 * Returns `docs` (server documents of `collection`) each with `_attachments` set to the stubs of
 * the stored local document's attachments (deleted local documents included), `{}` when it has none.
 * One read of the local documents per call; the input documents are not changed.
 * @param primaryPath the collection's primary key field (`id` for every CPS collection).
 */
export async function withLocalAttachments<T>(collection: RxCollection, docs: WithDeleted<T>[], primaryPath = 'id'): Promise<WithDeleted<T>[]> {
  if (docs.length === 0) return docs;
  const idOf = (d: unknown) => (d as Record<string, unknown>)[primaryPath] as string;
  const stored = await collection.storageInstance.findDocumentsById(docs.map(idOf), true);
  const byId = new Map(stored.map((d) => [idOf(d), d._attachments as Record<string, AttachmentStub> | undefined]));
  return docs.map((doc) => {
    const local = byId.get(idOf(doc)) ?? {};
    const stubs = Object.fromEntries(Object.entries(local).map(([k, a]) => [k, { digest: a.digest, length: a.length, type: a.type }]));
    return { ...doc, _attachments: stubs };
  });
}
