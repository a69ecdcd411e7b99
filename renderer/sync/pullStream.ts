/**
 * The pull stream of one collection (`GET /sync/:collection/pull-stream`, Server-Sent Events read
 * over fetch with the bearer token in a header) as the Observable RxDB's replication wants:
 * change batches `{documents, checkpoint}` and `'RESYNC'`.
 *
 * The stream reconnects by itself through the `SyncConnection` gate (backoff, offline probe,
 * expired token). Every reconnect must be followed by `'RESYNC'`, because changes made while it
 * was disconnected were never announced (RxDB then pulls from its stored checkpoint): the program
 * server opens each stream with `data: "RESYNC"`; for a server that does not, this module emits it. A stream that
 * stays silent for `silenceTimeoutMs` (no event and no heartbeat comment) is treated as dead.
 */
import { Observable } from 'rxjs';
import { pullStreamHeartbeatMs, type PullStreamEvent } from '../../shared/sync/protocol';
import type { CollectionName } from '../../shared/schemas/common';
import type { SyncConnection } from './connection';
import { networkError, responseError, SyncRequestError } from './errors';
import { readSse, type SseEvent } from './sse';

/** Options of `pullStream$`. */
export interface PullStreamOptions {
  /** Milliseconds without any byte after which the stream is reopened. Default 2.5 × the heartbeat (37.5 s). */
  silenceTimeoutMs?: number;
  /** Called each time the stream is (re)connected; for status and tests. */
  onConnected?(): void;
}

/**
 * Interprets one SSE event of the pull stream.
 * @returns the event, or null for events this client does not know (ignored, never fatal).
 * @throws SyncRequestError of kind `rejected` when the data is not valid JSON of the protocol.
 */
export function parsePullStreamEvent(ev: SseEvent): PullStreamEvent | null {
  const data = ev.data.trim();
  if (ev.event.toUpperCase() === 'RESYNC' || data === 'RESYNC' || data === '"RESYNC"') return 'RESYNC';
  if (ev.event !== 'message' && ev.event !== 'change' && ev.event !== 'changes') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    throw new SyncRequestError('rejected', 'The program server sent a change the client cannot read.', null, 'BAD_STREAM_EVENT', data.slice(0, 200));
  }
  if (parsed === 'RESYNC') return 'RESYNC';
  const p = parsed as { documents?: unknown; checkpoint?: unknown };
  if (!p || !Array.isArray(p.documents) || typeof p.checkpoint !== 'object' || p.checkpoint === null) {
    throw new SyncRequestError('rejected', 'The program server sent a change the client cannot read.', null, 'BAD_STREAM_EVENT', data.slice(0, 200));
  }
  return parsed as PullStreamEvent;
}

/**
 * Opens the pull stream of `collection` on subscribe and keeps it open until unsubscribe or the
 * connection stops. Never errors: failures go through the connection gate and are retried.
 */
export function pullStream$(connection: SyncConnection, collection: CollectionName, options: PullStreamOptions = {}): Observable<PullStreamEvent> {
  const silenceMs = options.silenceTimeoutMs ?? Math.round(pullStreamHeartbeatMs * 2.5);
  return new Observable<PullStreamEvent>((subscriber) => {
    const closed = new AbortController();
    let connectedBefore = false;
    let serverSendsResync = false;
    const loop = async () => {
      while (!closed.signal.aborted && !connection.signal.aborted) {
        try {
          await connection.run(`stream:${collection}`, async (token, stopSignal) => {
            const ctrl = new AbortController();
            let silent = false;
            const abort = () => ctrl.abort();
            stopSignal.addEventListener('abort', abort, { once: true });
            closed.signal.addEventListener('abort', abort, { once: true });
            let watchdog: ReturnType<typeof setTimeout> | undefined;
            const activity = () => {
              clearTimeout(watchdog);
              watchdog = setTimeout(() => ((silent = true), ctrl.abort()), silenceMs);
            };
            try {
              let res: Response;
              try {
                activity();
                res = await connection.fetch(`${connection.serverUrl}/sync/${collection}/pull-stream`, {
                  headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
                  signal: ctrl.signal,
                  cache: 'no-store',
                });
              } catch (e) {
                throw networkError(connection.serverUrl, silent ? new Error('no answer from the pull stream') : e);
              }
              if (!res.ok || !res.body) throw await responseError(res, `the live change stream of ${collection}`);
              connection.markOnline();
              options.onConnected?.();
              // The server opens every stream with RESYNC; a server that does not still gets one per reconnect.
              if (connectedBefore && !serverSendsResync) subscriber.next('RESYNC');
              connectedBefore = true;
              let first = true;
              try {
                for await (const ev of readSse(res.body, activity)) {
                  let parsed: PullStreamEvent | null = null;
                  try {
                    parsed = parsePullStreamEvent(ev);
                  } catch {
                    parsed = 'RESYNC'; // unreadable change: pull instead of trusting it
                  }
                  if (first && parsed === 'RESYNC') serverSendsResync = true;
                  first = false;
                  if (parsed) subscriber.next(parsed);
                }
              } catch (e) {
                if (closed.signal.aborted || stopSignal.aborted) throw new SyncRequestError('aborted', 'Sync stopped.');
                throw networkError(connection.serverUrl, silent ? new Error(`the pull stream was silent for ${silenceMs} ms`) : e);
              }
              if (closed.signal.aborted || stopSignal.aborted) throw new SyncRequestError('aborted', 'Sync stopped.');
              throw networkError(connection.serverUrl, new Error('the server closed the pull stream'));
            } finally {
              clearTimeout(watchdog);
              stopSignal.removeEventListener('abort', abort);
              closed.signal.removeEventListener('abort', abort);
            }
          });
        } catch (e) {
          if (closed.signal.aborted || connection.signal.aborted) return;
          if (!(e instanceof SyncRequestError) || e.kind !== 'aborted') continue;
        }
      }
    };
    void loop();
    return () => closed.abort();
  });
}
