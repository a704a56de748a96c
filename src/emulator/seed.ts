import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { CloudsyncError } from '../errors.js';
import type { DirObject, Props } from './directory.js';
import { groupDefaults, withGroupMail } from './graph/groups.js';
import { USER } from './graph/schema.js';
import { userDefaults } from './graph/users.js';
import { checkMailNickname, checkUnique, checkUserPrincipalName, proxiesForMail } from './graph/validate.js';
import { newId } from './ids.js';
import { findRoleTemplate } from './roles-catalog.js';
import { cloudSyncSeed } from './sync-service/seed-schema.js';
import type { AppRecord, EmulatorState, ManagedIdentityRecord } from './state.js';
import { thumbprints } from './tls.js';
import { echo } from '../util/echo.js';

/**
 * The seed file (documented in docs/emulator.md): domains, apps (roles, secrets, certificates,
 * federated credentials), managed identities, users, groups and role holders to start with.
 * Users and groups may carry read-only properties (proxyAddresses, onPremises*…) that a Graph
 * client could not write, so a seed can describe a tenant that is already synchronised.
 * Uniqueness and verified-domain rules still apply. A seed is applied only to a new state.
 */
const guid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'a GUID');
const when = z.string().datetime({ offset: true }).nullable().optional();

const domainSchema = z.union([
  z.string().min(1),
  z.object({ name: z.string().min(1), isVerified: z.boolean().default(true), isDefault: z.boolean().default(false), authenticationType: z.enum(['Managed', 'Federated']).default('Managed') }).strict(),
]);

const appSchema = z
  .object({
    clientId: guid.optional(),
    displayName: z.string().min(1).default('seeded app'),
    roles: z.array(z.string()).default([]),
    delegatedScopes: z.array(z.string()).default([]),
    secrets: z.array(z.union([z.string().min(1), z.object({ value: z.string().min(1), displayName: z.string().optional(), endDateTime: when }).strict()])).default([]),
    certificates: z.array(z.union([z.string().min(1), z.object({ pem: z.string().min(1), endDateTime: when }).strict()])).default([]),
    federatedCredentials: z
      .array(
        z
          .object({
            name: z.string().optional(),
            issuer: z.string().min(1),
            subject: z.string().min(1),
            audiences: z.array(z.string()).default(['api://AzureADTokenExchange']),
            jwks: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }).optional(),
          })
          .strict(),
      )
      .default([]),
    publicClient: z.boolean().default(false),
    disabled: z.boolean().default(false),
  })
  .strict();

const identitySchema = z
  .object({
    clientId: guid.optional(),
    principalId: guid.optional(),
    displayName: z.string().min(1).default('seeded identity'),
    type: z.enum(['SystemAssigned', 'UserAssigned']).default('UserAssigned'),
    resourceId: z.string().optional(),
    roles: z.array(z.string()).default([]),
  })
  .strict();

const objectExtras = { id: guid.optional(), deleted: z.boolean().optional() };

const userSchema = z
  .object({ userPrincipalName: z.string().min(3), displayName: z.string().min(1), password: z.string().optional(), ...objectExtras })
  .catchall(z.unknown());

const groupSchema = z
  .object({
    displayName: z.string().min(1),
    mailNickname: z.string().optional(),
    securityEnabled: z.boolean().default(true),
    mailEnabled: z.boolean().default(false),
    groupTypes: z.array(z.string()).default([]),
    members: z.array(z.string()).default([]),
    owners: z.array(z.string()).default([]),
    ...objectExtras,
  })
  .catchall(z.unknown());

export const seedSchema = z
  .object({
    $schema: z.string().optional(),
    tenant: z
      .object({
        id: guid.optional(),
        name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,26}$/i, 'letters, digits and dashes').optional(),
        displayName: z.string().optional(),
        onPremisesSyncEnabled: z.boolean().nullable().optional(),
        directorySizeQuotaTotal: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
    defaultAdmin: z.boolean().default(true),
    domains: z.array(domainSchema).default([]),
    apps: z.array(appSchema).default([]),
    managedIdentities: z.array(identitySchema).default([]),
    users: z.array(userSchema).default([]),
    groups: z.array(groupSchema).default([]),
    roleAssignments: z.array(z.object({ role: z.string().min(1), principal: z.string().min(1) }).strict()).default([]),
    /** Cloud sync configurations and agents (src/emulator/sync-service/seed-schema.ts). */
    cloudSync: cloudSyncSeed.optional(),
  })
  .strict();

export type EmulatorSeed = z.input<typeof seedSchema>;
export type ParsedSeed = z.output<typeof seedSchema>;

export function parseSeed(input: unknown, source = 'seed'): ParsedSeed {
  const r = seedSchema.safeParse(input);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new CloudsyncError('input', `${source}: ${i.path.join('.') || '(top level)'}: ${i.message} (see docs/emulator.md for the seed format)`);
  }
  return r.data;
}

export async function loadSeed(seed: EmulatorSeed | string): Promise<ParsedSeed> {
  if (typeof seed !== 'string') return parseSeed(seed);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(seed, 'utf8'));
  } catch (e) {
    throw new CloudsyncError('input', `cannot read the seed file ${seed}: ${echo((e as Error).message, 160)}`, { cause: e });
  }
  return parseSeed(json, `seed file ${seed}`);
}

const lower = (s: string): string => s.toLowerCase();

export function servicePrincipalProps(state: EmulatorState, id: string, appId: string, displayName: string, type: 'Application' | 'ManagedIdentity'): Props {
  return {
    id,
    accountEnabled: true,
    appDisplayName: displayName,
    appId,
    appOwnerOrganizationId: type === 'Application' ? state.tenant.id : null,
    displayName,
    servicePrincipalNames: [appId],
    servicePrincipalType: type,
    signInAudience: type === 'Application' ? 'AzureADMyOrg' : null,
    tags: [],
  };
}

export function addApp(state: EmulatorState, app: AppRecord): void {
  state.apps.push(app);
  state.dir.insert('servicePrincipal', servicePrincipalProps(state, app.servicePrincipalId, app.appId, app.displayName, 'Application'));
}

export function addManagedIdentity(state: EmulatorState, mi: ManagedIdentityRecord): void {
  state.managedIdentities.push(mi);
  state.dir.insert('servicePrincipal', servicePrincipalProps(state, mi.principalId, mi.clientId, mi.displayName, 'ManagedIdentity'));
}

/** Applies a parsed seed to a new state; errors name the seed entry. */
export function applySeed(state: EmulatorState, seed: ParsedSeed, source = 'seed'): void {
  const fail = (where: string, e: unknown): never => {
    throw new CloudsyncError('input', `${source}: ${echo(where, 120)}: ${echo((e as Error).message, 200)}`, { cause: e });
  };
  for (const d of seed.domains) {
    const rec = typeof d === 'string' ? { name: d, isVerified: true, isDefault: false, authenticationType: 'Managed' as const } : d;
    state.addDomain({ id: lower(rec.name), isVerified: rec.isVerified, isDefault: rec.isDefault, isInitial: false, authenticationType: rec.authenticationType, supportedServices: ['Email', 'OfficeCommunicationsOnline'] });
  }
  seed.apps.forEach((a, i) => {
    try {
      addApp(state, {
        appId: lower(a.clientId ?? newId()),
        displayName: a.displayName,
        servicePrincipalId: newId(),
        roles: a.roles,
        delegatedScopes: a.delegatedScopes,
        secrets: a.secrets.map((s) => (typeof s === 'string' ? { value: s, displayName: null, endDateTime: null } : { value: s.value, displayName: s.displayName ?? null, endDateTime: s.endDateTime ?? null })).map((s) => ({ keyId: newId(), ...s })),
        certificates: a.certificates.map((c) => {
          const pem = typeof c === 'string' ? c : c.pem;
          return { keyId: newId(), pem, ...thumbprints(pem), endDateTime: typeof c === 'string' ? null : (c.endDateTime ?? null) };
        }),
        federatedCredentials: a.federatedCredentials.map((f, j) => ({ ...f, name: f.name ?? `credential-${j + 1}` })),
        publicClient: a.publicClient,
        disabled: a.disabled,
      });
    } catch (e) {
      fail(`apps[${i}]`, e);
    }
  });
  seed.managedIdentities.forEach((m, i) => {
    try {
      const principalId = lower(m.principalId ?? newId());
      addManagedIdentity(state, {
        clientId: lower(m.clientId ?? newId()),
        principalId,
        displayName: m.displayName,
        type: m.type,
        resourceId: m.resourceId ?? `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/emulator/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${m.displayName}`,
        roles: m.roles,
      });
    } catch (e) {
      fail(`managedIdentities[${i}]`, e);
    }
  });
  const deleted: DirObject[] = [];
  seed.users.forEach((u, i) => {
    try {
      const { password, deleted: del, id, ...rest } = u;
      for (const k of Object.keys(rest)) if (!USER.props[k]) throw new Error(`unknown user property '${k}'`);
      checkUserPrincipalName(state, USER, rest.userPrincipalName);
      const oid = lower(id ?? newId());
      const props: Props = { ...userDefaults(state, oid, rest.userPrincipalName), accountEnabled: true, mailNickname: rest.userPrincipalName.split('@')[0], ...rest };
      checkMailNickname(USER, props.mailNickname);
      if (typeof props.mail === 'string' && rest.proxyAddresses === undefined) props.proxyAddresses = proxiesForMail(props.mail, []);
      checkUnique(state, 'user', undefined, props);
      const o = state.dir.insert('user', props);
      if (password) state.dir.setPassword(o.id, password);
      if (del) deleted.push(o);
    } catch (e) {
      fail(`users[${i}] (${u.userPrincipalName})`, e);
    }
  });
  const groups = seed.groups.map((g, i) => {
    try {
      const { members: _m, owners: _o, deleted: del, id, ...rest } = g;
      const oid = lower(id ?? newId());
      const props = withGroupMail(state, { ...groupDefaults(oid), mailNickname: g.displayName.replace(/[^A-Za-z0-9._-]/g, '').slice(0, 64) || 'group', ...rest });
      checkUnique(state, 'group', undefined, props);
      const o = state.dir.insert('group', props);
      if (del) deleted.push(o);
      return o;
    } catch (e) {
      return fail(`groups[${i}] (${g.displayName})`, e);
    }
  });
  const resolve = (ref: string): string => {
    const u = state.dir.findUser(ref);
    if (u) return u.id;
    const byId = state.dir.get(ref);
    if (byId) return byId.id;
    const app = state.findApp(ref);
    if (app) return app.servicePrincipalId;
    const mi = state.managedIdentities.find((m) => m.clientId === lower(ref));
    if (mi) return mi.principalId;
    const named = state.dir.lookup('group', 'displayName', ref) ?? [];
    if (named.length === 1) return named[0]!.id;
    throw new Error(`'${ref}' names no user (UPN or id), group (id or unique displayName), app or identity (client id)`);
  };
  seed.groups.forEach((g, i) => {
    try {
      for (const m of g.members) state.dir.addMember(groups[i]!, resolve(m));
      for (const m of g.owners) state.dir.addOwner(groups[i]!, resolve(m));
    } catch (e) {
      fail(`groups[${i}] (${g.displayName})`, e);
    }
  });
  seed.roleAssignments.forEach((r, i) => {
    try {
      const t = findRoleTemplate(r.role);
      if (!t) throw new Error(`unknown directory role '${r.role}' (use a built-in role name or template id)`);
      state.dir.assignRole(resolve(r.principal), t.templateId, newId);
    } catch (e) {
      fail(`roleAssignments[${i}]`, e);
    }
  });
  for (const o of deleted) state.dir.remove(o, true);
  if (seed.tenant?.onPremisesSyncEnabled !== undefined) state.tenant.onPremisesSyncEnabled = seed.tenant.onPremisesSyncEnabled;
}

