/**
 * The evidence upload queue: sends the file of every evidence document to the program server with
 * the tus 1.0 resumable upload protocol (tus-js-client; wire contract in shared/sync/files.ts),
 * separately from the JSON replication — file bytes never travel in a push.
 *
 * It observes the `evidenceDocuments` collection. A live document with an attachment `file` gets
 * its `sha256` and `fileSize` filled in (computed from the attachment, so the server can tell this
 * file from an older one), then an upload unless this file (by hash) is already stored or refused.
 * - Uploads start at once and run `parallel` at a time; one failure never blocks the others.
 * - The evidence document must be on the server first: 404 `evidence-not-found` / 409
 *   `evidence-file-changed` mean "not pushed yet" — the upload waits and tries again when the
 *   document changes (the pull brings the server's version) or after a backoff delay.
 * - Network loss, 5xx: retried with exponential backoff and jitter (backoff.ts), resuming from the
 *   server's offset (tus HEAD), not from zero; "retry now" and the browser's `online` event cut
 *   the wait short.
 * - Signed out (no token, or the server refused it with 401): waits as `signed-out` for
 *   `signedIn()`, and meanwhile looks at the token store again with backoff (a local read, no
 *   request), so a token that was missing for a moment or was replaced without `signedIn()` does
 *   not park the upload; a refused token is not sent again.
 * - The queue never parks silently: any other failure of an attempt (the token store throwing, the
 *   file unreadable) or of recording the file's hash on the document is retried with backoff and
 *   shown as `retrying` with its message. A running upload that is dropped (another file attached,
 *   the document deleted) gives its place back at once.
 * - A refusal (`file-empty`, `file-too-large`, `hash-mismatch`, `unsupported-file-type`,
 *   `type-mismatch`, `forbidden`) is final for that file: not retried until the user attaches
 *   another file (another hash). The local file is kept.
 * - Persistence: the upload URL (to resume after a restart) and the outcome per evidence document
 *   live in the RxDB local document `cps-evidence-uploads` of the same database, so they follow the
 *   database (one per user) and survive a restart.
 *
 * States for the UI (`states$`): `waiting` (with why), `uploading` (percent), `stored`, `refused`
 * (code and the server's message).
 */
import { BehaviorSubject, Subscription, type Observable } from 'rxjs';
import type { RxCollection, RxDatabase, RxDocument } from 'rxdb';
import { Upload, type DetailedError } from 'tus-js-client';
import { evidenceMimeTypes, isUploadRefusal, uploadEndpointPath, uploadWaitCodes } from '../../shared/sync/files';
import { contentType } from '../../shared/ocr/sniff';
import { createBackoff, type Backoff, type BackoffOptions } from './backoff';

/** Why an upload waits. */
export type UploadWaitReason = 'queued' | 'not-on-server' | 'offline' | 'retrying' | 'signed-out';

/** What the user sees for one evidence document's file. */
export type EvidenceUploadState =
  | { state: 'waiting'; reason: UploadWaitReason; message: string | null; nextAttemptAt: number | null }
  | { state: 'uploading'; bytesSent: number; bytesTotal: number; percent: number }
  | { state: 'stored'; at: string }
  | { state: 'refused'; code: string; message: string; at: string };

/** What is kept per evidence document in the local document. */
interface PersistedUpload {
  sha256: string;
  size: number;
  uploadUrl: string | null;
  outcome: 'pending' | 'stored' | 'refused';
  code?: string;
  message?: string;
  at?: string;
}

/** Options of {@link startEvidenceUploads}. */
export interface EvidenceUploadOptions {
  /** The local database with the `evidenceDocuments` collection (local documents enabled to persist). */
  db: RxDatabase;
  /** Program server base URL. */
  serverUrl: string;
  /** Current bearer token, or null when signed out. */
  getToken(): Promise<string | null> | string | null;
  /** Called when the server refuses the token. */
  onUnauthorized?(): void;
  /** Uploads at the same time. Default 2. */
  parallel?: number;
  /** Bytes per PATCH request; default the whole rest of the file in one request (fastest). */
  chunkSize?: number;
  /** Retry backoff, ms. Default base 1,000, max 60,000. */
  backoff?: BackoffOptions;
  /** Emits when the server is reachable again (the sync connection's `reconnected$`): waiting uploads go at once. */
  wake$?: Observable<unknown>;
  /** Turns the attachment into tus-js-client input. Default: the Blob (browsers); Node tests pass a Buffer. */
  uploadInput?(blob: Blob): Promise<unknown>;
  /** Resolves when this window may upload (leader election); default at once. */
  ready?: Promise<void>;
}

/** The running queue. */
export interface EvidenceUploads {
  /** Upload state per evidence document id; emits on every change. */
  readonly states$: Observable<ReadonlyMap<string, EvidenceUploadState>>;
  readonly states: ReadonlyMap<string, EvidenceUploadState>;
  /** Waiting uploads try again now. */
  retryNow(): void;
  /** A new token was stored: uploads waiting for sign-in go again. */
  signedIn(): void;
  /** Resolves when no upload is waiting or running (every file stored or refused). */
  idle(): Promise<void>;
  /** Stops uploads (a running one resumes from its offset next time). */
  stop(): Promise<void>;
}

const localId = 'cps-evidence-uploads';

type LocalCapable = RxDatabase & {
  getLocal?: (id: string) => Promise<{ get(k: string): unknown } | null>;
  upsertLocal?: (id: string, data: unknown) => Promise<unknown>;
};

/** The message of a thrown value, for the waiting state. */
function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** SHA-256 of bytes as lower-case hex (Web Crypto). */
export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

interface Job {
  id: string;
  /** An attempt runs (from the queue's pick to the upload's end): never two at once for one job. */
  active: boolean;
  /** Ends the running attempt's wait (after an abort tus-js-client calls neither onSuccess nor onError). */
  settle: (() => void) | null;
  /** The token the server refused with 401: not sent again. */
  refusedToken: string | null;
  sha256: string;
  size: number;
  fileName: string;
  mimeType: string;
  blob: Blob;
  backoff: Backoff;
  timer: ReturnType<typeof setTimeout> | null;
  running: Upload | null;
  waitingForDocChange: boolean;
}

/**
 * Starts the evidence upload queue (see the module comment).
 * @throws Error when the database has no `evidenceDocuments` collection.
 */
export function startEvidenceUploads(options: EvidenceUploadOptions): EvidenceUploads {
  const db = options.db as LocalCapable;
  const col = db.collections.evidenceDocuments as RxCollection | undefined;
  if (!col) throw new Error('startEvidenceUploads: the database has no evidenceDocuments collection');
  const base = options.serverUrl.replace(/\/+$/, '');
  const parallel = Math.max(1, options.parallel ?? 2);
  const toInput = options.uploadInput ?? (async (b: Blob) => b);
  const subject = new BehaviorSubject<ReadonlyMap<string, EvidenceUploadState>>(new Map());
  const subs = new Subscription();
  const jobs = new Map<string, Job>();
  const queue: string[] = [];
  let running = 0;
  let stopped = false;
  let persisted: Record<string, PersistedUpload> = {};
  let writes: Promise<unknown> = Promise.resolve();
  const hashes = new Map<string, { digest: string; sha256: string; mimeType: string | null }>();
  let idleWaiters: (() => void)[] = [];

  const setState = (id: string, s: EvidenceUploadState | null) => {
    const next = new Map(subject.getValue());
    if (s) next.set(id, s);
    else next.delete(id);
    subject.next(next);
    checkIdle();
  };
  const checkIdle = () => {
    const busy = [...subject.getValue().values()].some((s) => s.state === 'waiting' || s.state === 'uploading');
    if (!busy && idleWaiters.length) {
      const w = idleWaiters;
      idleWaiters = [];
      for (const f of w) f();
    }
  };
  const persist = (id: string, p: PersistedUpload | null) => {
    persisted = { ...persisted };
    if (p) persisted[id] = p;
    else delete persisted[id];
    const snapshot = persisted;
    if (typeof db.upsertLocal === 'function') writes = writes.then(() => db.upsertLocal!(localId, { items: snapshot })).catch(() => undefined);
  };
  const fromPersisted = (p: PersistedUpload): EvidenceUploadState | null =>
    p.outcome === 'stored'
      ? { state: 'stored', at: p.at ?? '' }
      : p.outcome === 'refused'
        ? { state: 'refused', code: p.code ?? 'refused', message: p.message ?? '', at: p.at ?? '' }
        : null;

  const pump = () => {
    while (!stopped && running < parallel && queue.length) {
      const id = queue.shift()!;
      const job = jobs.get(id);
      if (!job || job.active) continue;
      running++;
      job.active = true;
      void attempt(job)
        .catch((error: unknown) => {
          // whatever failed (token store, reading the file, tus itself): tried again, never parked
          if (!stopped && jobs.get(job.id) === job) later(job, 'retrying', errorMessage(error));
        })
        .finally(() => {
          job.active = false;
          job.settle = null;
          running--;
          pump();
        });
    }
  };
  const enqueue = (job: Job) => {
    if (job.timer) clearTimeout(job.timer);
    job.timer = null;
    job.waitingForDocChange = false;
    if (!queue.includes(job.id) && !job.active) queue.push(job.id);
    pump();
  };
  const later = (job: Job, reason: UploadWaitReason, message: string | null, opts: { onDocChange?: boolean } = {}) => {
    const delay = job.backoff.next();
    job.waitingForDocChange = opts.onDocChange ?? false;
    setState(job.id, { state: 'waiting', reason, message, nextAttemptAt: Date.now() + delay });
    if (job.timer) clearTimeout(job.timer);
    job.timer = setTimeout(() => {
      job.timer = null;
      if (jobs.get(job.id) === job) enqueue(job);
    }, delay);
  };

  const attempt = async (job: Job): Promise<void> => {
    if (stopped || jobs.get(job.id) !== job) return;
    const token = await options.getToken();
    if (!token || token === job.refusedToken) {
      // signed out, or still the refused token: waits for signedIn(), looking at the store again meanwhile
      later(job, 'signed-out', null);
      return;
    }
    job.refusedToken = null;
    const prev = persisted[job.id];
    const uploadUrl = prev && prev.sha256 === job.sha256 && prev.outcome === 'pending' ? prev.uploadUrl : null;
    const input = await toInput(job.blob);
    if (stopped || jobs.get(job.id) !== job) return;
    setState(job.id, { state: 'uploading', bytesSent: 0, bytesTotal: job.size, percent: 0 });
    await new Promise<void>((resolve) => {
      job.settle = resolve;
      let lastPercent = -1;
      const upload = new Upload(input as Blob, {
        endpoint: base + uploadEndpointPath,
        ...(uploadUrl ? { uploadUrl } : {}),
        headers: { Authorization: `Bearer ${token}` },
        metadata: { evidenceDocumentId: job.id, sha256: job.sha256, filename: job.fileName, filetype: job.mimeType },
        uploadSize: job.size,
        ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}),
        retryDelays: [], // our own backoff below decides when to try again
        storeFingerprintForResuming: false, // the upload URL is kept in the database instead
        onUploadUrlAvailable: () => {
          if (upload.url) persist(job.id, { sha256: job.sha256, size: job.size, uploadUrl: upload.url, outcome: 'pending' });
        },
        onProgress: (sent, total) => {
          const percent = total > 0 ? Math.floor((sent / total) * 100) : 0;
          if (percent === lastPercent) return;
          lastPercent = percent;
          setState(job.id, { state: 'uploading', bytesSent: sent, bytesTotal: total, percent });
        },
        onSuccess: () => {
          job.running = null;
          const at = new Date().toISOString();
          persist(job.id, { sha256: job.sha256, size: job.size, uploadUrl: null, outcome: 'stored', at });
          job.backoff.reset();
          setState(job.id, { state: 'stored', at });
          resolve();
        },
        onError: (err) => {
          job.running = null;
          try {
            if (!stopped) onFailure(job, err as DetailedError, token);
          } finally {
            resolve();
          }
        },
      });
      job.running = upload;
      upload.start();
    });
  };

  const onFailure = (job: Job, err: DetailedError, token: string) => {
    const res = err.originalResponse;
    const status = res?.getStatus() ?? 0;
    let body: { code?: unknown; message?: unknown } = {};
    try {
      body = JSON.parse(res?.getBody() ?? '') as typeof body;
    } catch {
      /* not our error body */
    }
    const code = typeof body.code === 'string' ? body.code : null;
    const message = typeof body.message === 'string' ? body.message : null;
    if (isUploadRefusal(code)) {
      const at = new Date().toISOString();
      persist(job.id, { sha256: job.sha256, size: job.size, uploadUrl: null, outcome: 'refused', code, message: message ?? code, at });
      setState(job.id, { state: 'refused', code, message: message ?? code, at });
      return;
    }
    if (status === 401) {
      options.onUnauthorized?.();
      job.refusedToken = token;
      return later(job, 'signed-out', message);
    }
    if (code && (uploadWaitCodes as readonly string[]).includes(code)) return later(job, 'not-on-server', message, { onDocChange: true });
    if (status === 0) return later(job, 'offline', null);
    if (code === 'upload-not-found') persist(job.id, null); // the upload URL is gone: start a new upload
    later(job, 'retrying', message ?? `HTTP ${status}`);
  };

  /** Reacts to the current evidence documents: fills in hashes, creates, replaces or drops jobs. */
  const reconcile = async (docs: RxDocument<Record<string, unknown>>[]): Promise<boolean> => {
    let recorded = true;
    const seen = new Set<string>();
    for (const doc of docs) {
      const id = String(doc.get('id'));
      const attachment = doc.getAttachment('file');
      if (!attachment) continue;
      seen.add(id);
      let known = hashes.get(id);
      if (!known || known.digest !== attachment.digest) {
        const bytes = await (await attachment.getData()).arrayBuffer();
        const sniffed = contentType(new Uint8Array(bytes, 0, Math.min(bytes.byteLength, 1024)));
        known = { digest: attachment.digest, sha256: await sha256Hex(bytes), mimeType: sniffed ? evidenceMimeTypes[sniffed] : null };
        hashes.set(id, known);
      }
      const sha256 = known.sha256;
      const size = attachment.length;
      // The MIME type is the one the bytes show (never the name's); an unknown type keeps the declared one and the server refuses it.
      const mimeType = known.mimeType ?? String(doc.get('mimeType') ?? attachment.type);
      if (doc.get('sha256') !== sha256 || doc.get('fileSize') !== size || doc.get('mimeType') !== mimeType) {
        // Recorded on the document (a local change that is pushed): the server then knows which file to expect.
        try {
          await doc.incrementalPatch({ sha256, fileSize: size, mimeType });
        } catch (error) {
          // not recorded (storage error): reconciled again after a backoff, shown meanwhile
          recorded = false;
          const delay = rereconcileLater();
          if (!jobs.has(id)) setState(id, { state: 'waiting', reason: 'retrying', message: `the file’s hash could not be recorded: ${errorMessage(error)}`, nextAttemptAt: Date.now() + delay });
        }
        continue; // the patch emits the collection again
      }
      const prev = persisted[id];
      if (prev && prev.sha256 === sha256 && prev.outcome !== 'pending') {
        const existing = jobs.get(id);
        if (existing) dropJob(existing);
        setState(id, fromPersisted(prev));
        continue;
      }
      const job = jobs.get(id);
      if (job && job.sha256 === sha256) {
        if (job.waitingForDocChange) enqueue(job); // the document changed: perhaps it is on the server now
        continue;
      }
      if (job) dropJob(job); // another file was attached: the old upload is moot
      const fresh: Job = {
        id,
        active: false,
        settle: null,
        refusedToken: null,
        sha256,
        size,
        fileName: String(doc.get('fileName') ?? 'evidence'),
        mimeType,
        blob: await attachment.getData(),
        backoff: createBackoff({ baseMs: 1000, maxMs: 60_000, ...options.backoff }),
        timer: null,
        running: null,
        waitingForDocChange: false,
      };
      jobs.set(id, fresh);
      setState(id, { state: 'waiting', reason: 'queued', message: null, nextAttemptAt: null });
      enqueue(fresh);
    }
    for (const [id, job] of jobs) if (!seen.has(id)) dropJob(job, true);
    return recorded;
  };
  const dropJob = (job: Job, clearState = false) => {
    if (job.timer) clearTimeout(job.timer);
    void job.running?.abort();
    job.running = null;
    job.settle?.(); // the aborted upload reports nothing more: its place in `parallel` is free now
    jobs.delete(job.id);
    const i = queue.indexOf(job.id);
    if (i >= 0) queue.splice(i, 1);
    if (clearState) setState(job.id, null);
  };

  let reconciling: Promise<void> = Promise.resolve();
  const reconcileBackoff = createBackoff({ baseMs: 1000, maxMs: 60_000, ...options.backoff });
  let reconcileTimer: ReturnType<typeof setTimeout> | null = null;
  /** Runs `reconcile` on the current documents after the next backoff delay (once, however often asked); returns the delay in ms. */
  const rereconcileLater = (): number => {
    const delay = reconcileBackoff.next();
    if (reconcileTimer) clearTimeout(reconcileTimer);
    reconcileTimer = setTimeout(() => {
      reconcileTimer = null;
      if (!stopped) queueReconcile(col.find().exec() as Promise<RxDocument<Record<string, unknown>>[]>);
    }, delay);
    return delay;
  };
  /** Reconciles `docs` after the reconciles queued before; a failed one is run again later. */
  const queueReconcile = (docs: Promise<RxDocument<Record<string, unknown>>[]> | RxDocument<Record<string, unknown>>[]) => {
    reconciling = reconciling
      .then(async () => {
        if (stopped) return;
        if (await reconcile(await docs)) reconcileBackoff.reset();
      })
      .catch(() => {
        if (!stopped) rereconcileLater();
      });
  };
  const start = (async () => {
    await options.ready;
    if (stopped) return;
    try {
      const local = typeof db.getLocal === 'function' ? await db.getLocal(localId) : null;
      persisted = ((local?.get('items') as Record<string, PersistedUpload> | undefined) ?? {}) as Record<string, PersistedUpload>;
    } catch {
      persisted = {}; // a database without local documents: outcomes are kept in memory only
    }
    subs.add(
      col.find().$.subscribe((docs) => queueReconcile(docs as RxDocument<Record<string, unknown>>[])),
    );
    if (options.wake$) subs.add(options.wake$.subscribe(() => wakeAll()));
  })();
  const wakeAll = () => {
    if (reconcileTimer) {
      clearTimeout(reconcileTimer);
      reconcileTimer = null;
      reconcileBackoff.reset();
      queueReconcile(col.find().exec() as Promise<RxDocument<Record<string, unknown>>[]>);
    }
    for (const job of jobs.values()) {
      const s = subject.getValue().get(job.id);
      if (s?.state === 'waiting') {
        job.backoff.reset();
        enqueue(job);
      }
    }
  };
  const onOnline = () => wakeAll();
  if (typeof window !== 'undefined' && typeof window.addEventListener === 'function') window.addEventListener('online', onOnline);

  return {
    get states$() {
      return subject.asObservable();
    },
    get states() {
      return subject.getValue();
    },
    retryNow: wakeAll,
    signedIn: wakeAll,
    async idle() {
      await start;
      await reconciling;
      if (![...subject.getValue().values()].some((s) => s.state === 'waiting' || s.state === 'uploading')) return;
      await new Promise<void>((r) => idleWaiters.push(r));
    },
    async stop() {
      stopped = true;
      if (typeof window !== 'undefined' && typeof window.removeEventListener === 'function') window.removeEventListener('online', onOnline);
      subs.unsubscribe();
      await start.catch(() => undefined);
      if (reconcileTimer) clearTimeout(reconcileTimer);
      for (const job of [...jobs.values()]) {
        if (job.timer) clearTimeout(job.timer);
        await job.running?.abort().catch(() => undefined);
        job.settle?.();
      }
      jobs.clear();
      await reconciling.catch(() => undefined);
      await writes;
    },
  };
}
