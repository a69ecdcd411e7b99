/**
 * ISO 3166 alpha-2 codes of the 27 EU member states (since 1 February 2020). Source: europa.eu,
 * "EU countries". Greece is `GR` here (its VAT prefix is `EL`, see ./vat.ts).
 */
export const euMemberStates: readonly string[] = [
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU',
  'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
];

/** True when `country` (ISO 3166 alpha-2, any case) is an EU member state. */
export function isEuMemberState(country: string): boolean {
  return euMemberStates.includes(country.trim().toUpperCase());
}

/**
 * True when VIES, the EU VAT Information Exchange System, answers for VAT number `vatNumber`
 * (normalised, with its prefix, e.g. `NL004495445B01`): the prefixes of the member states (Greece
 * `EL`) and `XI`, Northern Ireland's traders under the Windsor Framework. Not for GB, CH, NO or
 * OSS (`EU…`) numbers. Source: European Commission, "VIES — VAT number validation", member states.
 */
export function isViesVatNumber(vatNumber: string): boolean {
  const prefix = vatNumber.trim().slice(0, 2).toUpperCase();
  if (prefix === 'EL' || prefix === 'XI') return true;
  return prefix !== 'GR' && isEuMemberState(prefix);
}
