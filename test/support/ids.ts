/**
 * Unique ids and serial numbers for tests (not a test file). Ids carry a readable prefix and the
 * process id, so documents of test files running in parallel on one database never collide.
 */

let seq = 0;

/** A fresh id: `<prefix>-<pid>-<n>-<8 random hex>`, e.g. `org-4711-3-1f2e3d4c`. */
export function uid(prefix: string): string {
  return `${prefix}-${process.pid}-${++seq}-${crypto.randomUUID().slice(0, 8)}`;
}

/**
 * A 12-digit serial number (the pattern of the catalog's EOS models) that does not repeat within
 * the process and is unlikely to repeat across processes: a random block of a million plus a
 * counter.
 */
export function uniqueSerial(): string {
  return String(100_000_000_000 + Math.floor(Math.random() * 899_999) * 1_000_000 + (++seq % 1_000_000));
}
