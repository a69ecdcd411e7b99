/**
 * Business identifiers: VAT numbers, Dutch KvK/RSIN/postcode, Belgian enterprise
 * number, German Handelsregister number, AT/FR/LU/GB/PL register numbers and their distractors,
 * legal forms per country, IBAN/BIC and ISO 3166 country codes. Every validator
 * returns `{ valid, normalised, error? }` and never throws on user input.
 */
export * from './result';
export * from './vat';
export * from './netherlands';
export * from './belgium';
export * from './germany';
export * from './registers';
export * from './legalForms';
export * from './bank';
export * from './countries';
export * from './euMemberStates';
export * from './creditorReference';
