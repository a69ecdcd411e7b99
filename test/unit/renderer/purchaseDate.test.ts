/** The Counter's purchase date after a save: the date and its best-guess flag stay together. */
import { describe, expect, it } from 'vitest';
import { purchaseDateAfterSave } from '../../../renderer/counter/purchaseDate';

describe('purchaseDateAfterSave', () => {
  it('keeps a best-guess date as a best guess for the next product', () => {
    expect(purchaseDateAfterSave({ purchaseDate: '2025-06-01', estimated: true }, '2026-12-01')).toEqual({ purchaseDate: '2025-06-01', estimated: true });
  });
  it('keeps an exact date exact', () => {
    expect(purchaseDateAfterSave({ purchaseDate: '2025-06-01', estimated: false }, '2026-12-01')).toEqual({ purchaseDate: '2025-06-01', estimated: false });
  });
  it('starts over from today, exact, when no date was given (the flag is cleared with it)', () => {
    expect(purchaseDateAfterSave({ purchaseDate: '', estimated: true }, '2026-12-01')).toEqual({ purchaseDate: '2026-12-01', estimated: false });
  });
});
