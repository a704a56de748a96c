/**
 * An IdFix 2.6.0.3 (Multi-Tenant) compatible rule engine, with four deliberate improvements:
 * the current IANA TLD list, a duplicate row for every holder of a duplicated value, the
 * msExchRecipientTypeDetails skip on decimal values, and exact .NET `\s` / `$` semantics.
 */
export { createIdfixValidator } from './validator.js';
export type { IdfixOptions, IdfixStats, IdfixValidator } from './validator.js';
export { idfixSkipReason } from './skip.js';
export { checkRfc2822 } from './rules.js';
export type { RfcResult } from './rules.js';
export { DEFAULT_TLDS } from './tlds.js';
export { idfixLegacyTlds } from './legacy-tlds.js';

/** The attributes IdFix (Multi-Tenant) requests, spelled as in its code. */
export const IDFIX_ATTRIBUTES: readonly string[] = [
  'cn',
  'displayName',
  'distinguishedName',
  'givenName',
  'groupType',
  'homeMdb',
  'isCriticalSystemObject',
  'mail',
  'mailnickname',
  'msExchHideFromAddressLists',
  'msExchRecipientTypeDetails',
  'objectClass',
  'proxyAddresses',
  'sAMAccountName',
  'targetAddress',
  'userPrincipalName',
];

/** IdFix's default Multi-Tenant LDAP filter (users, inetOrgPersons, contacts and groups). */
export const IDFIX_FILTER = '(|(objectCategory=Person)(objectCategory=Group))';
