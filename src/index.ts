/**
 * The cloudsync library: the same functions the commands use, without any printing. The Entra ID
 * emulator is a separate entry, `cloudsync/emulator` (src/emulator/index.ts): importing this one
 * loads none of it.
 */
export * from './errors.js';
export * from './directory/types.js';
export { escapeFilterValue, equalityFilter } from './directory/filter.js';
export { AdDirectory, type AdConnectionOptions } from './directory/ad/index.js';
export { LdifSource } from './directory/ldif/source.js';
export { validateDirectory, type ValidateOptions, type ValidateResult, type RuleSet } from './validate/run.js';
export type { Finding, IdfixError, Severity } from './validate/findings.js';
export { resolveLdapSettings, type LdapSettings } from './config/ldap.js';
export { loadConfig } from './config/load.js';
export * as sync from './sync/index.js';
export { EntraClient } from './directory/entra/index.js';
