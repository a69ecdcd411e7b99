/**
 * The purchase date the Counter keeps for the next product after saving one. A dealer registering
 * a customer's kit usually enters one purchase for several products, so the date stays — and its
 * best-guess flag (`purchaseDateEstimated`) stays with it: a guessed date never becomes an exact
 * one by being carried over (docs/program.md#product-registration). An empty date starts again
 * from today, exact.
 */

/** The purchase date fields of the Counter's form: `purchaseDate` is `YYYY-MM-DD` or '' (none). */
export interface PurchaseDateEntry {
  purchaseDate: string;
  estimated: boolean;
}

/**
 * The date fields for the next registration after `saved` was stored; `today` is `YYYY-MM-DD`.
 * The date and its flag are kept together, or both start over (today, exact) when no date was given.
 */
export function purchaseDateAfterSave(saved: PurchaseDateEntry, today: string): PurchaseDateEntry {
  if (!saved.purchaseDate) return { purchaseDate: today, estimated: false };
  return { purchaseDate: saved.purchaseDate, estimated: saved.estimated };
}
