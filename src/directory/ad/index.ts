/** Active Directory over LDAP (ldapts): connect with failover, bind, rootDSE, paged streaming search, writes. */
export { AdDirectory, type AdConnectionOptions, type AdHooks, type RootDse } from './directory.js';
export { AD_BIND_DATA_CODES, adDataCode } from './errors.js';
export { SHOW_DELETED_OID, type ChangeWatermark } from './changes.js';
export { changedSinceFilter } from '../filter.js';
