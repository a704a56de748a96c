/**
 * The schema a new cloud sync job starts with: one synchronization rule (AD → Entra ID) with the
 * object mappings Cloud Sync has (users, inetOrgPersons, groups, contacts), each with the
 * configuration's scope filter, and attribute mappings taken from cloudsync's own default
 * mappings (the same ones the cycles run), so what the schema says is what a cycle does.
 */
import { randomUUID } from 'node:crypto';
import type { AttributeMapping, AttributeMappingSource, ObjectMapping, SynchronizationSchema } from '../../directory/entra/synchronization-types.js';
import type { Scope } from '../../directory/types.js';
import { DEFAULT_GROUP_MAPPING, DEFAULT_USER_MAPPING } from '../../sync/mapping/index.js';
import { scopeFilter } from './scope.js';

const SIMPLE_ATTRIBUTE = /^\[([^\]]+)\]$/;

function mappingSource(expression: string): AttributeMappingSource {
  const a = SIMPLE_ATTRIBUTE.exec(expression.trim());
  if (a) return { expression: null, name: a[1]!, type: 'Attribute', parameters: [] };
  const fn = /^([A-Za-z]+)\(/.exec(expression.trim());
  return { expression, name: fn?.[1] ?? null, type: 'Function', parameters: [] };
}

function attributeMappings(defaults: readonly { target: string; expression: string; applyOn?: 'always' | 'create' }[]): AttributeMapping[] {
  return defaults.map((m) => ({
    targetAttributeName: m.target,
    source: mappingSource(m.expression),
    defaultValue: null,
    exportMissingReferences: false,
    flowBehavior: 'FlowWhenChanged',
    flowType: m.applyOn === 'create' ? 'ObjectAddOnly' : 'Always',
    matchingPriority: m.target === 'onPremisesImmutableId' ? 1 : 0,
  }));
}

function objectMapping(name: string, source: string, target: string, enabled: boolean, scope: Scope, mappings: AttributeMapping[]): ObjectMapping {
  return { name, enabled, flowTypes: 'Add, Update, Delete', sourceObjectName: source, targetObjectName: target, scope: scopeFilter(scope), attributeMappings: mappings, metadata: [] };
}

export function defaultSchema(templateId: string, domain: string, scope: Scope): SynchronizationSchema {
  const users = attributeMappings(DEFAULT_USER_MAPPING);
  const groups = attributeMappings(DEFAULT_GROUP_MAPPING);
  const objectMappings =
    templateId === 'AD2AADPasswordHash'
      ? [objectMapping('Provision Active Directory password hashes', 'user', 'User', true, scope, attributeMappings([{ target: 'passwordHash', expression: '[unicodePwd]' }]))]
      : [
          objectMapping('Provision Active Directory users', 'user', 'User', true, scope, users),
          objectMapping('Provision Active Directory inetOrgPersons', 'inetOrgPerson', 'User', true, scope, users),
          objectMapping('Provision Active Directory groups', 'group', 'Group', true, scope, groups),
          objectMapping('Provision Active Directory contacts', 'contact', 'Contact', false, scope, attributeMappings(DEFAULT_USER_MAPPING.filter((m) => ['displayName', 'givenName', 'surname', 'mail', 'mailNickname'].includes(m.target)))),
        ];
  return {
    id: templateId,
    version: `Date:${new Date().toISOString().slice(0, 10)}~ID:${randomUUID()}`,
    synchronizationRules: [
      {
        id: randomUUID(),
        name: templateId === 'AD2AADPasswordHash' ? 'Password hash synchronization' : 'Provision Active Directory objects',
        editable: true,
        sourceDirectoryName: 'Active Directory',
        targetDirectoryName: 'Azure Active Directory',
        objectMappings,
        metadata: [{ key: 'Domain', value: domain }],
      },
    ],
    directories: [
      { id: 'AD', name: 'Active Directory', objects: [{ name: 'user', attributes: [{ name: 'objectGUID', type: 'Binary', anchor: true }] }, { name: 'group', attributes: [{ name: 'objectGUID', type: 'Binary', anchor: true }] }] },
      { id: 'AAD', name: 'Azure Active Directory', objects: [{ name: 'User', attributes: [{ name: 'onPremisesImmutableId', type: 'String', anchor: true }] }, { name: 'Group', attributes: [{ name: 'objectId', type: 'String', anchor: true }] }] },
    ],
  };
}
