/**
 * Waiting in tests (not a test file): poll a condition until it holds, instead of sleeping for a
 * guessed time.
 */

/**
 * Polls `fn` every `intervalMs` (default 50 ms) until it returns a truthy value and returns that
 * value. `fn` may be synchronous or return a promise.
 * @throws Error `timed out waiting for <what>` after `ms` milliseconds (default 10 s).
 */
export async function eventually<T>(what: string, fn: () => T | null | undefined | false | Promise<T | null | undefined | false>, ms = 10_000, intervalMs = 50): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
