/**
 * The connection to the program server as the sync module sees it: one gate every sync request
 * goes through. It knows whether the server is reachable, whether the token is still good, and
 * how long to wait before the next attempt (exponential backoff with jitter).
 *
 * - A request that cannot reach the server (fetch rejects, or `navigator.onLine` is false) puts
 *   the connection `offline`: every request waits, and ONE probe (`GET <serverUrl>/health`, any
 *   HTTP answer counts) runs with backoff until the server answers; the browser's `online` event
 *   and "retry now" probe at once. Then all waiting requests go again: sync resumes by itself.
 * - A missing token (`getToken()` gives null or an empty string) is read again with backoff, as the
 *   evidence upload queue does (uploads.ts): the desk reads it from the OS secret store before
 *   every request, and that read can come back empty for a moment (a keyring locked briefly).
 *   Only after `tokenReads` reads in a row found none (a few seconds with the default backoff;
 *   "retry now" cuts each wait short) does the connection go `unauthorized` as below.
 * - A 401 puts it `unauthorized` at once (the server refused the token: reading it again would
 *   give the same one): `onUnauthorized()` is called once, requests wait (local writes
 *   keep queueing in the database) until `signedIn()` says a new token is stored. Only `signedIn()`
 *   leaves that state: a request that was already in flight when the 401 came and then fails to
 *   reach the server (say a pull stream the server ends because the token was revoked) is not
 *   reported and does not make the connection `offline`, and one that then succeeds does not make
 *   it `online` — either would replace "sign in again", the one thing the user must act on, with
 *   a state that resolves by itself.
 * - Any other failure (5xx, 4xx) is retried by the same request after a backoff delay; "retry
 *   now" cuts the wait short. From the 5th server error (5xx) in a row of one request, its error
 *   says the server keeps failing (`reportServerFaultAfter`), so the Sync screen shows a fault to
 *   look into rather than a passing hiccup.
 */
import { BehaviorSubject, Subject, type Observable } from 'rxjs';
import { createBackoff, type BackoffOptions } from './backoff';
import { networkError, persistentServerError, SyncRequestError } from './errors';

/** Where the connection stands. `connecting` until the first answer. */
export type ConnectionState = 'connecting' | 'online' | 'offline' | 'unauthorized' | 'stopped';

/** Options of `SyncConnection`. */
export interface SyncConnectionOptions {
  /** Base URL of the program server, e.g. `https://cps.example.com` (no trailing slash needed). */
  serverUrl: string;
  /** The current bearer token, or null when signed out. Read before every request. */
  getToken(): Promise<string | null> | string | null;
  /** Called once each time the server refuses the token (HTTP 401) or no token is stored. */
  onUnauthorized?(): void;
  /** `fetch` to use; default the global one. */
  fetch?: typeof fetch;
  /** Backoff of retries and probes (ms). Default base 500 ms, max 30,000 ms. */
  backoff?: BackoffOptions;
  /** Whether the platform believes it is online; default `navigator.onLine` (true where absent). */
  platformOnline?(): boolean;
  /** After this many server errors (5xx) in a row, a request's error is reported as a persistent fault ({@link persistentServerError}). Default 5. */
  reportServerFaultAfter?: number;
  /**
   * Reads of `getToken()` that must all find no token, waiting `backoff` between them, before the
   * connection goes `unauthorized`. Default 4 (with the default backoff about 2 to 3.5 s of waits).
   */
  tokenReads?: number;
}

/** A request run through the gate: gets the token and an abort signal (aborted on `stop()`). */
export type GatedRequest<T> = (token: string, signal: AbortSignal) => Promise<T>;

/** See the module comment. */
export class SyncConnection {
  private readonly state = new BehaviorSubject<ConnectionState>('connecting');
  private readonly errors = new Subject<{ scope: string; error: SyncRequestError }>();
  private readonly successes = new Subject<{ scope: string }>();
  private readonly reconnected = new Subject<void>();
  private readonly nextRetry = new BehaviorSubject<number | null>(null);
  private wake = new Subject<void>();
  private readonly stopper = new AbortController();
  private probing = false;
  private readonly fetchFn: typeof fetch;
  private readonly removeOnlineListener: () => void;
  readonly serverUrl: string;

  constructor(private readonly options: SyncConnectionOptions) {
    this.serverUrl = options.serverUrl.replace(/\/+$/, '');
    this.fetchFn = options.fetch ?? ((...args) => globalThis.fetch(...args));
    const onOnline = () => this.retryNow();
    if (typeof window !== 'undefined' && typeof window.addEventListener === 'function') {
      window.addEventListener('online', onOnline);
      this.removeOnlineListener = () => window.removeEventListener('online', onOnline);
    } else {
      this.removeOnlineListener = () => undefined;
    }
  }

  /** Connection state, as the status indicator shows it. */
  get state$(): Observable<ConnectionState> {
    return this.state.asObservable();
  }
  get current(): ConnectionState {
    return this.state.getValue();
  }
  /** Every failed request, with the scope (collection name or `stream:<collection>`) it ran for. */
  get errors$(): Observable<{ scope: string; error: SyncRequestError }> {
    return this.errors.asObservable();
  }
  /** Every successful request, by scope. */
  get successes$(): Observable<{ scope: string }> {
    return this.successes.asObservable();
  }
  /** Emits each time the server answers again after being offline or unauthorized. */
  get reconnected$(): Observable<void> {
    return this.reconnected.asObservable();
  }
  /** Epoch ms of the next scheduled retry or probe, or null when none is waiting. */
  get nextRetryAt$(): Observable<number | null> {
    return this.nextRetry.asObservable();
  }
  /** Aborted when the connection stops. */
  get signal(): AbortSignal {
    return this.stopper.signal;
  }
  /** `fetch` bound to this connection (the injected one or the global). */
  get fetch(): typeof fetch {
    return this.fetchFn;
  }

  /**
   * Runs `request` until it succeeds, waiting out offline periods, expired tokens and backoff
   * delays. Errors are reported on `errors$` and never end the loop, except `stop()`.
   * @throws SyncRequestError of kind `aborted` once the connection is stopped.
   */
  async run<T>(scope: string, request: GatedRequest<T>): Promise<T> {
    const backoff = createBackoff({ baseMs: 500, maxMs: 30_000, ...this.options.backoff });
    let serverFaults = 0;
    for (;;) {
      this.throwIfStopped();
      await this.whenUsable();
      this.throwIfStopped();
      const token = await this.readToken();
      if (!token) {
        // another request gave up, or the server refused the token meanwhile: that one said so
        const s = this.state.getValue();
        if (s === 'unauthorized' || s === 'stopped') continue;
        this.markUnauthorized(scope, new SyncRequestError('unauthorized', 'You are not signed in. Sign in to sync; your changes are kept on this computer.'));
        continue;
      }
      try {
        const result = await request(token, this.stopper.signal);
        this.markOnline();
        this.successes.next({ scope });
        return result;
      } catch (e) {
        this.throwIfStopped();
        const error = e instanceof SyncRequestError ? e : networkError(this.serverUrl, e);
        if (error.kind === 'aborted') throw error; // the caller cancelled its own request
        if (error.kind === 'network') this.markOffline(scope, error);
        else if (error.kind === 'unauthorized') this.markUnauthorized(scope, error);
        else {
          serverFaults = error.kind === 'server' && error.status !== null && error.status >= 500 ? serverFaults + 1 : 0;
          const faultAfter = this.options.reportServerFaultAfter ?? 5;
          this.errors.next({ scope, error: serverFaults >= faultAfter ? persistentServerError(error, serverFaults) : error });
          if (this.state.getValue() === 'connecting') this.state.next('online'); // it answered
          await this.sleep(backoff.next());
        }
      }
    }
  }

  /**
   * The token, read up to `tokenReads` times while it is missing, with backoff between the reads
   * (`retryNow()` cuts a wait short). Stops early when the connection went `unauthorized` (another
   * request gave up, or a 401) or stopped meanwhile.
   * @returns the token, or null when every read found none.
   */
  private async readToken(): Promise<string | null> {
    const reads = Math.max(1, this.options.tokenReads ?? 4);
    const backoff = createBackoff({ baseMs: 500, maxMs: 30_000, ...this.options.backoff });
    for (let read = 1; ; read++) {
      const token = await this.options.getToken();
      if (token) return token;
      if (read >= reads) return null;
      await this.sleep(backoff.next());
      const s = this.state.getValue();
      if (s === 'unauthorized' || s === 'stopped') return null;
    }
  }

  /** Skips every backoff wait now: waiting requests go again, an offline connection probes at once. */
  retryNow(): void {
    const w = this.wake;
    this.wake = new Subject<void>();
    w.next();
    w.complete();
  }

  /** Call after a new token was stored: sync resumes with the queued local writes. */
  signedIn(): void {
    if (this.state.getValue() === 'unauthorized') this.state.next('connecting');
    this.retryNow();
  }

  /** Marks the server as answering (used by the pull stream when it connects). No effect while `unauthorized`: only `signedIn()` ends that. */
  markOnline(): void {
    const before = this.state.getValue();
    if (before === 'stopped' || before === 'online' || before === 'unauthorized') return;
    this.state.next('online');
    this.nextRetry.next(null);
    if (before === 'offline') this.reconnected.next();
  }

  /**
   * Records that the server could not be reached (reported on `errors$`) and starts the probe loop.
   * Ignored while `unauthorized`: the refused token is what the user must fix first, and the
   * request goes again after `signedIn()`.
   */
  markOffline(scope: string, error: SyncRequestError): void {
    const s = this.state.getValue();
    if (s === 'unauthorized') return;
    this.errors.next({ scope, error });
    if (s === 'stopped') return;
    if (s !== 'offline') this.state.next('offline');
    void this.probeLoop();
  }

  private markUnauthorized(scope: string, error: SyncRequestError): void {
    this.errors.next({ scope, error });
    if (this.state.getValue() === 'unauthorized' || this.state.getValue() === 'stopped') return;
    this.state.next('unauthorized');
    try {
      this.options.onUnauthorized?.();
    } catch {
      // the callback's failure must not break sync; the state already says what is wrong
    }
  }

  /** Stops: every waiting or running request ends with an `aborted` error. Idempotent. */
  stop(): void {
    if (this.state.getValue() === 'stopped') return;
    this.state.next('stopped');
    this.stopper.abort();
    this.removeOnlineListener();
    this.retryNow();
  }

  private platformOnline(): boolean {
    if (this.options.platformOnline) return this.options.platformOnline();
    return typeof navigator === 'undefined' || typeof navigator.onLine !== 'boolean' ? true : navigator.onLine;
  }

  private throwIfStopped(): void {
    if (this.stopper.signal.aborted) throw new SyncRequestError('aborted', 'Sync stopped.');
  }

  /** Resolves once requests may be made: not offline, not unauthorized (or stopped). */
  private async whenUsable(): Promise<void> {
    for (;;) {
      const s = this.state.getValue();
      if (s === 'stopped') return;
      if ((s === 'connecting' || s === 'online') && !this.platformOnline()) {
        this.markOffline('connection', networkError(this.serverUrl, new Error('the platform reports no network (navigator.onLine is false)')));
        continue;
      }
      if (s === 'connecting' || s === 'online') return;
      // offline or unauthorized: wait for a state change or a wake-up
      await new Promise<void>((resolve) => {
        const finish = () => {
          sub.unsubscribe();
          w.unsubscribe();
          this.stopper.signal.removeEventListener('abort', finish);
          resolve();
        };
        const w = this.wake.subscribe({ complete: () => queueMicrotask(finish) });
        const sub = this.state.subscribe((v) => {
          if (v !== s) queueMicrotask(finish);
        });
        this.stopper.signal.addEventListener('abort', finish, { once: true });
      });
      if (this.state.getValue() === s && s === 'offline') await this.sleep(50); // woken: let the probe run first
    }
  }

  /** Waits `ms`, or less when `retryNow()`/`stop()` comes first. */
  private sleep(ms: number): Promise<void> {
    this.nextRetry.next(Date.now() + ms);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        w.unsubscribe();
        resolve();
      };
      const timer = setTimeout(done, ms);
      const w = this.wake.subscribe({ complete: done });
    });
  }

  private async probeLoop(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    const backoff = createBackoff({ baseMs: 500, maxMs: 30_000, ...this.options.backoff });
    try {
      while (this.state.getValue() === 'offline') {
        await this.sleep(backoff.next());
        if (this.state.getValue() !== 'offline') break;
        if (!this.platformOnline()) continue;
        try {
          const ctrl = new AbortController();
          const t = setTimeout(() => ctrl.abort(), 5_000);
          const onStop = () => ctrl.abort();
          this.stopper.signal.addEventListener('abort', onStop, { once: true });
          try {
            const res = await this.fetchFn(`${this.serverUrl}/health`, { signal: ctrl.signal, cache: 'no-store' });
            await res.body?.cancel().catch(() => undefined);
          } finally {
            clearTimeout(t);
            this.stopper.signal.removeEventListener('abort', onStop);
          }
          if (this.state.getValue() === 'offline') {
            // any HTTP answer means the server is back; requests will find out about the token
            this.state.next('connecting');
            this.nextRetry.next(null);
            this.reconnected.next();
          }
        } catch {
          // still unreachable: back off and probe again
        }
      }
    } finally {
      this.probing = false;
    }
  }
}
