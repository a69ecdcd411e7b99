/**
 * Barcode scanners at the counter act as keyboards ("keyboard wedge"): a burst of characters a few
 * milliseconds apart, ended by Enter. This module tells a scan from typing and recognises a
 * product barcode (EAN/UPC, i.e. a GTIN) scanned by mistake instead of the serial-number label.
 */

/** Largest gap between two keystrokes of one scan burst, in ms. People type 80–200 ms apart. */
export const scanKeyGapMs = 35;

/** Tracks keystroke timing in one input; `finish()` on Enter says whether the entry was a scan. */
export class ScanDetector {
  private times: number[] = [];

  /** Records a character keystroke at `time` (ms, e.g. `event.timeStamp`). */
  key(time: number): void {
    this.times.push(time);
  }

  /** Forgets the keystrokes (after the field was cleared or edited by mouse). */
  reset(): void {
    this.times = [];
  }

  /** On Enter: true when at least 6 characters came in one burst with every gap ≤ `scanKeyGapMs`. */
  finish(): boolean {
    const t = this.times;
    this.reset();
    if (t.length < 6) return false;
    for (let i = 1; i < t.length; i++) if (t[i]! - t[i - 1]! > scanKeyGapMs) return false;
    return true;
  }
}

/**
 * True when `code` is a GTIN-8, GTIN-12 (UPC-A), GTIN-13 (EAN-13) or GTIN-14 with a correct check
 * digit (GS1 General Specifications §7.9.1: weights 3 and 1 from the right, mod 10).
 */
export function isGtin(code: string): boolean {
  if (!/^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(code)) return false;
  const digits = [...code].map(Number);
  const check = digits.pop()!;
  let sum = 0;
  digits.reverse().forEach((d, i) => (sum += d * (i % 2 === 0 ? 3 : 1)));
  return (10 - (sum % 10)) % 10 === check;
}

/**
 * Whether to warn that a product barcode was entered instead of a serial number: a valid GTIN that
 * the model's serial pattern does not accept (a 12-digit body serial may look like a UPC-A).
 */
export function looksLikeProductBarcode(value: string, serialPattern: string | undefined): boolean {
  if (!isGtin(value)) return false;
  if (!serialPattern) return true;
  try {
    return !new RegExp(`^(?:${serialPattern})$`).test(value);
  } catch {
    return true;
  }
}
