/**
 * Exponential backoff with jitter for failed sync requests ("equal jitter": half the exponential
 * delay is fixed, half is random, so many clients that lost the same server do not come back in
 * lock-step; see AWS Architecture Blog, "Exponential Backoff And Jitter", 2015).
 */

/** Options of `createBackoff`; all durations in milliseconds. */
export interface BackoffOptions {
  /** Delay ceiling before jitter of the first retry. Default 500 ms. */
  baseMs?: number;
  /** Largest delay ever returned. Default 60,000 ms. */
  maxMs?: number;
  /** Growth per failed attempt. Default 2. */
  factor?: number;
  /** Random source in [0, 1); tests pass a seeded one. Default `Math.random`. */
  random?: () => number;
}

/** A backoff sequence: `next()` after each failure, `reset()` after a success. */
export interface Backoff {
  /** Delay in ms to wait before the next attempt; grows with every call until `reset()`. */
  next(): number;
  /** Starts over at the base delay (call after a success). */
  reset(): void;
  /** Failed attempts since the last reset. */
  readonly attempts: number;
}

/**
 * Creates a backoff sequence. Attempt n (0-based) waits `d/2 + random·d/2` ms with
 * `d = min(maxMs, baseMs·factor^n)`, so the delay lies in [d/2, d).
 * @throws RangeError when a duration is negative or `factor` < 1.
 */
export function createBackoff(options: BackoffOptions = {}): Backoff {
  const baseMs = options.baseMs ?? 500;
  const maxMs = options.maxMs ?? 60_000;
  const factor = options.factor ?? 2;
  const random = options.random ?? Math.random;
  if (!(baseMs >= 0) || !(maxMs >= baseMs)) throw new RangeError(`backoff: need 0 <= baseMs <= maxMs, got baseMs=${baseMs} maxMs=${maxMs}`);
  if (!(factor >= 1)) throw new RangeError(`backoff: factor must be >= 1, got ${factor}`);
  let attempts = 0;
  return {
    next() {
      const ceiling = Math.min(maxMs, baseMs * Math.pow(factor, attempts));
      attempts++;
      return Math.round(ceiling / 2 + random() * (ceiling / 2));
    },
    reset() {
      attempts = 0;
    },
    get attempts() {
      return attempts;
    },
  };
}
