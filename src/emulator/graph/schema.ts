import { extensionValueOk, type ExtensionDataType, type ExtensionStore } from '../extensions.js';
/**
 * The Graph properties the emulator knows for each directory object type: their JSON kind,
 * whether Graph treats them as read-only on write, and whether v1.0 returns them without
 * $select (users return a small default set; groups and service principals return all).
 * Unknown names in $select, $filter or a write body are errors, as in Graph.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';

/**
 * Only properties Graph's metadata defines (@microsoft/microsoft-graph-types is generated from
 * the CSDL): a property Graph does not have (e.g. createdDateTime on servicePrincipal) is a
 * compile error.
 */
type GraphProps<T> = { [K in keyof T]?: PropSpec };

export type Kind = 'string' | 'boolean' | 'strings' | 'object' | 'objects' | 'datetime' | 'int';

export interface PropSpec {
  kind: Kind;
  readOnly?: boolean;
  /** In v1.0's default projection (users only; other types return every property). */
  v1Default?: boolean;
  /** Accepted on write but never returned (null on read). */
  writeOnly?: boolean;
  /** A directory extension: returned only when selected, its value checked by `check`. */
  extension?: boolean;
  check?: (v: unknown) => boolean;
}

export interface TypeSpec {
  /** microsoft.graph.<name> */
  name: 'user' | 'group' | 'servicePrincipal';
  /** As Graph names the type in errors ("resource 'User'"). */
  title: string;
  props: Record<string, PropSpec>;
  /** True when v1.0 without $select returns only the v1Default properties. */
  reducedDefault: boolean;
}

const s = (extra: Partial<PropSpec> = {}): PropSpec => ({ kind: 'string', ...extra });
const ro = (kind: Kind): PropSpec => ({ kind, readOnly: true });

export const USER: TypeSpec = {
  name: 'user',
  title: 'User',
  reducedDefault: true,
  props: {
    id: { kind: 'string', readOnly: true, v1Default: true },
    accountEnabled: { kind: 'boolean' },
    ageGroup: s(),
    assignedLicenses: ro('objects'),
    assignedPlans: ro('objects'),
    businessPhones: { kind: 'strings', v1Default: true },
    city: s(),
    companyName: s(),
    consentProvidedForMinor: s(),
    country: s(),
    createdDateTime: ro('datetime'),
    creationType: ro('string'),
    deletedDateTime: ro('datetime'),
    department: s(),
    displayName: s({ v1Default: true }),
    employeeHireDate: { kind: 'datetime' },
    employeeId: s(),
    employeeOrgData: { kind: 'object' },
    employeeType: s(),
    externalUserState: ro('string'),
    externalUserStateChangeDateTime: ro('datetime'),
    faxNumber: s(),
    givenName: s({ v1Default: true }),
    identities: { kind: 'objects' },
    imAddresses: ro('strings'),
    jobTitle: s({ v1Default: true }),
    lastPasswordChangeDateTime: ro('datetime'),
    legalAgeGroupClassification: ro('string'),
    mail: s({ v1Default: true }),
    mailNickname: s(),
    mobilePhone: s({ v1Default: true }),
    officeLocation: s({ v1Default: true }),
    onPremisesDistinguishedName: ro('string'),
    onPremisesDomainName: ro('string'),
    onPremisesExtensionAttributes: { kind: 'object' },
    onPremisesImmutableId: s(),
    onPremisesLastSyncDateTime: ro('datetime'),
    onPremisesProvisioningErrors: ro('objects'),
    onPremisesSamAccountName: ro('string'),
    onPremisesSecurityIdentifier: ro('string'),
    onPremisesSyncEnabled: ro('boolean'),
    onPremisesUserPrincipalName: ro('string'),
    otherMails: { kind: 'strings' },
    passwordPolicies: s(),
    passwordProfile: { kind: 'object', writeOnly: true },
    postalCode: s(),
    preferredDataLocation: s(),
    preferredLanguage: s({ v1Default: true }),
    provisionedPlans: ro('objects'),
    proxyAddresses: ro('strings'),
    securityIdentifier: ro('string'),
    showInAddressList: { kind: 'boolean' },
    signInSessionsValidFromDateTime: ro('datetime'),
    state: s(),
    streetAddress: s(),
    surname: s({ v1Default: true }),
    usageLocation: s(),
    userPrincipalName: s({ v1Default: true }),
    userType: s(),
  } satisfies GraphProps<Graph.User>,
};

export const GROUP: TypeSpec = {
  name: 'group',
  title: 'Group',
  reducedDefault: false,
  props: {
    id: ro('string'),
    classification: s(),
    createdDateTime: ro('datetime'),
    creationOptions: { kind: 'strings' },
    deletedDateTime: ro('datetime'),
    description: s(),
    displayName: s(),
    expirationDateTime: ro('datetime'),
    groupTypes: { kind: 'strings' },
    isAssignableToRole: { kind: 'boolean' },
    mail: ro('string'),
    mailEnabled: { kind: 'boolean' },
    mailNickname: s(),
    membershipRule: s(),
    membershipRuleProcessingState: s(),
    onPremisesDomainName: ro('string'),
    onPremisesLastSyncDateTime: ro('datetime'),
    onPremisesNetBiosName: ro('string'),
    onPremisesProvisioningErrors: ro('objects'),
    onPremisesSamAccountName: ro('string'),
    onPremisesSecurityIdentifier: ro('string'),
    onPremisesSyncEnabled: ro('boolean'),
    preferredDataLocation: s(),
    preferredLanguage: s(),
    proxyAddresses: ro('strings'),
    renewedDateTime: ro('datetime'),
    resourceBehaviorOptions: { kind: 'strings' },
    resourceProvisioningOptions: ro('strings'),
    securityEnabled: { kind: 'boolean' },
    securityIdentifier: ro('string'),
    theme: s(),
    visibility: s(),
    // creationOptions, resourceBehaviorOptions and resourceProvisioningOptions are absent from the
    // generated (v1.0) types; Graph documents them for groups (the emulator serves beta as well).
  } satisfies GraphProps<Graph.Group> & Record<'creationOptions' | 'resourceBehaviorOptions' | 'resourceProvisioningOptions', PropSpec>,
};

export const SERVICE_PRINCIPAL: TypeSpec = {
  name: 'servicePrincipal',
  title: 'ServicePrincipal',
  reducedDefault: false,
  props: {
    id: ro('string'),
    accountEnabled: ro('boolean'),
    appDisplayName: ro('string'),
    appId: ro('string'),
    appOwnerOrganizationId: ro('string'),
    applicationTemplateId: ro('string'),
    deletedDateTime: ro('datetime'),
    displayName: ro('string'),
    servicePrincipalNames: ro('strings'),
    servicePrincipalType: ro('string'),
    signInAudience: ro('string'),
    tags: ro('strings'),
  } satisfies GraphProps<Graph.ServicePrincipal>,
};

export const SPECS = { user: USER, group: GROUP, servicePrincipal: SERVICE_PRINCIPAL } as const;

const EXTENSION_KIND: Record<ExtensionDataType, Kind> = { Binary: 'string', Boolean: 'boolean', DateTime: 'datetime', Integer: 'int', LargeInteger: 'int', String: 'string' };

/**
 * A type's spec with the directory extensions that target it. They are read and written with
 * the object's own requests and, on v1.0, returned only when $select names them (extensionproperty.md).
 */
export function withExtensions(spec: TypeSpec, store: ExtensionStore | undefined): TypeSpec {
  const defs = store?.forType(spec.name) ?? [];
  if (defs.length === 0) return spec;
  const props = { ...spec.props };
  for (const d of defs) {
    props[d.name] = { kind: d.isMultiValued ? 'strings' : EXTENSION_KIND[d.dataType], extension: true, check: (v) => extensionValueOk(d, v) };
  }
  return { ...spec, props };
}
