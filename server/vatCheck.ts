/**
 * VAT number checks for the new-account form: a dealer (or the back office) asks whether a VAT
 * number is registered, before any organisation exists (`POST /vat-check`, server/routes-program.ts).
 * The question goes to VIES through the one VIES client (./vies.ts); this module only adds what
 * many counters asking at once need:
 * - a short-lived cache per VAT number: a verdict (`valid` / `invalid`) is reused for `ttlMs`;
 *   an `unknown` result (service unavailable, timeout) is never cached, so the next question asks
 *   again;
 * - one question at a time per VAT number: concurrent checks of the same number share one request;
 * - a bounded cache (`maxEntries`, the oldest entry goes first).
 * The cache lives in this server process (each instance behind a load balancer has its own).
 */
import { checkVatNumber, type VatCheck, type ViesOptions } from './vies';

/** Cache settings of a {@link VatChecks}. */
export interface VatChecksOptions {
  /** How long a verdict (`valid` / `invalid`) is reused, ms; 0 disables the cache. */
  ttlMs: number;
  /** Most VAT numbers kept (default 5,000). */
  maxEntries?: number;
  /** Clock, epoch ms (tests). */
  now?: () => number;
}

/** VIES checks with a per-VAT-number cache and request sharing (see module doc). */
export class VatChecks {
  private readonly verdicts = new Map<string, { check: VatCheck; until: number }>();
  private readonly asking = new Map<string, Promise<VatCheck>>();
  private readonly now: () => number;
  private readonly maxEntries: number;

  constructor(
    private readonly vies: ViesOptions,
    private readonly opts: VatChecksOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.maxEntries = Math.max(1, opts.maxEntries ?? 5000);
  }

  /**
   * The VIES result for `vatNumber` (normalised, with its prefix: `NL004495445B01`), from the cache
   * while a verdict is fresh. Never throws: failures are `unknown` (./vies.ts).
   */
  async check(vatNumber: string): Promise<VatCheck> {
    const cached = this.verdicts.get(vatNumber);
    if (cached && cached.until > this.now()) return cached.check;
    if (cached) this.verdicts.delete(vatNumber);
    const inFlight = this.asking.get(vatNumber);
    if (inFlight) return inFlight;
    const asked = checkVatNumber(this.vies, vatNumber).then((check) => {
      this.asking.delete(vatNumber);
      if (check.result !== 'unknown' && this.opts.ttlMs > 0) {
        this.verdicts.set(vatNumber, { check, until: this.now() + this.opts.ttlMs });
        while (this.verdicts.size > this.maxEntries) this.verdicts.delete(this.verdicts.keys().next().value!);
      }
      return check;
    });
    this.asking.set(vatNumber, asked);
    return asked;
  }
}
