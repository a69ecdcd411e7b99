/**
 * Program rules (docs/program.md): pure functions, no I/O, used by desktop and server alike.
 */
export * from './dates';
export * from './catalog';
export * from './registration';
export * from './points';
export * from './tiers';
export * from './money';
export * from './membership';
export * from './programData';
export * from './backOffice';
export * from './terms';
export * from './organisation';
export * from './application';
export * from './tierChange';
