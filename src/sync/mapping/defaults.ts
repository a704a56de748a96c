/**
 * The default AD → Entra mappings, in Microsoft Graph property names.
 *
 * Sources (see docs/mapping.md): the accountEnabled expression is Cloud Sync's own default
 * (AD2AADProvisioning schema, "Provision Active Directory users"); extension attributes flow as
 * Trim([extensionAttributeN]) as Cloud Sync's transformation guide shows; the other attributes
 * follow the attribute list Cloud Sync points to ("Attributes synchronized to Microsoft Entra ID")
 * with the transformations of Connect Sync's default rules (Trim, displayName falling back to cn).
 * Marked "cloudsync:" where cloudsync had to choose because Graph, not the sync engine, writes.
 *
 * Left out on purpose: Graph cannot write onPremisesSamAccountName, onPremisesDistinguishedName,
 * onPremisesDomainName, onPremisesSecurityIdentifier, onPremisesUserPrincipalName or
 * onPremisesSyncEnabled (the sync engine sets them; through the public API they are read-only),
 * proxyAddresses (read-only in Graph) and showInAddressList (not writable through Graph). Cloud
 * Sync's EmployeeNumber has no Graph v1.0 user property. Group membership is not an attribute
 * mapping: the sync planner resolves members.
 */
import type { AttributeMapping } from './mapping.js';

/** Graph's mailNickname refuses spaces and @()\[]";:<>, — keep letters, digits, '.', '_' and '-'. */
const NICKNAME = 'Coalesce([mailNickname], Replace(NormalizeDiacritics([sAMAccountName]), , "[^A-Za-z0-9._-]", , "", , ))';

const extensionAttributes: AttributeMapping[] = Array.from({ length: 15 }, (_, k) => ({
  target: `onPremisesExtensionAttributes.extensionAttribute${k + 1}`,
  // Writable through Graph for users that cloudsync creates (cloud users); read-only on users
  // synchronized by Connect or Cloud Sync.
  expression: `Trim([extensionAttribute${k + 1}])`,
}));

export const DEFAULT_USER_MAPPING: readonly AttributeMapping[] = [
  // Cloud Sync's default, verbatim: bit 2 of userAccountControl is ACCOUNTDISABLE.
  {
    target: 'accountEnabled',
    type: 'boolean',
    expression: 'IIF(IsPresent([userAccountControl]), IIF(BitAnd([userAccountControl], 2)="0", "True", "False"), Not([accountDisabled]))',
  },
  { target: 'displayName', expression: 'IIF(IsNullOrEmpty([displayName]), [cn], [displayName])' },
  { target: 'givenName', expression: 'Trim([givenName])' },
  { target: 'surname', expression: 'Trim([sn])' },
  { target: 'userPrincipalName', expression: '[userPrincipalName]' },
  { target: 'mail', expression: 'Trim([mail])' },
  // cloudsync: Graph requires mailNickname on create; AD holds it only for Exchange recipients.
  { target: 'mailNickname', expression: NICKNAME },
  { target: 'department', expression: 'Trim([department])' },
  { target: 'jobTitle', expression: 'Trim([title])' },
  { target: 'companyName', expression: 'Trim([company])' },
  { target: 'officeLocation', expression: 'Trim([physicalDeliveryOfficeName])' },
  { target: 'streetAddress', expression: 'Trim([streetAddress])' },
  { target: 'city', expression: 'Trim([l])' },
  { target: 'state', expression: 'Trim([st])' },
  { target: 'postalCode', expression: 'Trim([postalCode])' },
  // AD co is the country name ("Germany"), c the ISO 3166 two-letter code Graph's usageLocation needs.
  { target: 'country', expression: 'Trim([co])' },
  { target: 'usageLocation', expression: 'Trim([c])' },
  // Graph allows one business phone; the collection is written whole.
  { target: 'businessPhones', type: 'stringCollection', expression: 'Trim([telephoneNumber])' },
  { target: 'mobilePhone', expression: 'Trim([mobile])' },
  { target: 'faxNumber', expression: 'Trim([facsimileTelephoneNumber])' },
  { target: 'employeeId', expression: '[employeeID]' },
  { target: 'employeeType', expression: '[employeeType]' },
  { target: 'preferredLanguage', expression: 'Trim([preferredLanguage])' },
  { target: 'preferredDataLocation', expression: '[msDS-preferredDataLocation]' },
  // The manager's DN; the sync planner turns it into the manager's Entra object.
  { target: 'manager', reference: true, expression: '[manager]' },
  // The source anchor (ms-DS-ConsistencyGuid, else objectGUID), set once when the user is created.
  {
    target: 'onPremisesImmutableId',
    applyOn: 'create',
    expression: 'IIF(IsPresent([mS-DS-ConsistencyGuid]), ConvertToBase64([mS-DS-ConsistencyGuid]), ConvertToBase64([objectGUID]))',
  },
  ...extensionAttributes,
];

export const DEFAULT_GROUP_MAPPING: readonly AttributeMapping[] = [
  { target: 'displayName', expression: 'IIF(IsNullOrEmpty([displayName]), [cn], [displayName])' },
  { target: 'description', expression: 'Left(Trim(Item([description], 1)), 448)' },
  { target: 'mailNickname', expression: NICKNAME },
  // groupType bit 0x80000000 marks a security group (AD stores groupType as a signed 32-bit number).
  { target: 'securityEnabled', type: 'boolean', expression: 'IIF(BitAnd([groupType], &H80000000)="0", "False", "True")' },
  // cloudsync: Graph cannot create mail-enabled security groups or distribution lists.
  { target: 'mailEnabled', type: 'boolean', expression: '"False"' },
];
