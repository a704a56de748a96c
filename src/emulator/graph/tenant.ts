import type { DomainRecord, EmulatorState } from '../state.js';
import { directoryQuota } from './common.js';
import { notFound } from './errors.js';
import { PERMS } from './permissions.js';
import { plainCollection, plainEntity, plainSpec, type Plain } from './plain.js';
import type { Route } from './router.js';

/** /organization and /domains, shaped as Graph returns them. */
export function organization(state: EmulatorState): Plain {
  const t = state.tenant;
  return {
    id: t.id,
    deletedDateTime: null,
    businessPhones: [],
    city: null,
    country: null,
    countryLetterCode: t.countryLetterCode,
    createdDateTime: t.createdDateTime,
    defaultUsageLocation: null,
    displayName: t.displayName,
    isMultipleDataLocationsForServicesEnabled: null,
    marketingNotificationEmails: [],
    onPremisesLastSyncDateTime: t.onPremisesLastSyncDateTime,
    onPremisesSyncEnabled: t.onPremisesSyncEnabled,
    partnerTenantType: null,
    postalCode: null,
    preferredLanguage: 'en',
    securityComplianceNotificationMails: [],
    securityComplianceNotificationPhones: [],
    state: null,
    street: null,
    technicalNotificationMails: [],
    tenantType: 'AAD',
    directorySizeQuota: directoryQuota(state),
    assignedPlans: [],
    privacyProfile: null,
    provisionedPlans: [],
    verifiedDomains: state.domains
      .filter((d) => d.isVerified)
      .map((d) => ({ capabilities: d.supportedServices.length > 0 ? d.supportedServices.join(', ') : 'None', isDefault: d.isDefault, isInitial: d.isInitial, name: d.id, type: d.authenticationType })),
  };
}

export function domain(state: EmulatorState, d: DomainRecord): Plain {
  const parent = state.domains.some((x) => x.id !== d.id && d.id.endsWith(`.${x.id}`));
  return {
    authenticationType: d.authenticationType,
    availabilityStatus: null,
    id: d.id,
    isAdminManaged: true,
    isDefault: d.isDefault,
    isInitial: d.isInitial,
    isRoot: !parent,
    isVerified: d.isVerified,
    passwordNotificationWindowInDays: 14,
    passwordValidityPeriodInDays: 2147483647,
    supportedServices: d.supportedServices,
    state: null,
  };
}

/** Organizational contacts exist only when synced from on-premises; the emulator's tenant has none. */
const CONTACT_SPEC = plainSpec('orgContact', {
  id: '', displayName: '', givenName: '', surname: '', mail: '', mailNickname: '', proxyAddresses: [''],
  onPremisesSyncEnabled: false, onPremisesLastSyncDateTime: '', companyName: '', department: '', jobTitle: '',
});

export const tenantRoutes: Route[] = [
  {
    method: 'GET',
    path: 'contacts',
    perms: ['OrgContact.Read.All', ...PERMS.userRead],
    handle: ({ req }) => plainCollection(req, 'contacts', CONTACT_SPEC, []),
  },
  {
    method: 'GET',
    path: 'organization',
    perms: PERMS.orgRead,
    handle: ({ state, req }) => {
      const org = organization(state);
      return plainCollection(req, 'organization', plainSpec('organization', org), [org]);
    },
  },
  {
    method: 'GET',
    path: 'organization/:id',
    perms: PERMS.orgRead,
    handle: ({ state, req, params }) => {
      if (params.id!.toLowerCase() !== state.tenant.id) throw notFound(params.id!);
      const org = organization(state);
      return plainEntity(req, 'organization', plainSpec('organization', org), org);
    },
  },
  {
    method: 'GET',
    path: 'domains',
    perms: PERMS.domainRead,
    handle: ({ state, req }) => {
      const items = state.domains.map((d) => domain(state, d));
      return plainCollection(req, 'domains', plainSpec('domain', items[0]!), items);
    },
  },
  {
    method: 'GET',
    path: 'domains/:id',
    perms: PERMS.domainRead,
    handle: ({ state, req, params }) => {
      const d = state.domains.find((x) => x.id === params.id!.toLowerCase());
      if (!d) throw notFound(params.id!);
      const item = domain(state, d);
      return plainEntity(req, 'domains', plainSpec('domain', item), item);
    },
  },
];
