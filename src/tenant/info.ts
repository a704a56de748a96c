/**
 * What cloudsync is connected to and with what rights (AADCloudSyncTools' Get-AADCloudSyncToolsInfo,
 * and more): tenant, verified domains, app, sign-in method, endpoints, token expiry, the
 * permissions in the token and, per command, whether they suffice. Uses the doctor's table of
 * what each command needs, so `doctor` and `info` never disagree. Reads only; a part Graph
 * refuses is reported as unreadable, not fatal. No secret is returned.
 */
import type { Domain, Organization } from '@microsoft/microsoft-graph-types';
import { decodeJwt } from 'jose';
import { COMMAND_PERMISSIONS, missingFor, type PermissionNeed } from '../doctor/permissions.js';
import { isCloudsyncError } from '../errors.js';
import type { TokenInfo } from '../directory/entra/token-info.js';
import { AGENTS_APP_UNSUPPORTED } from './agents.js';

/**
 * `cloudsync agents`: Microsoft documents delegated OnPremisesPublishingProfiles.ReadWrite.All
 * (a signed-in administrator, device code) and no application permission (onpremisesagent-list.md);
 * an app's token is reported with that note.
 */
export const AGENTS_PERMISSIONS: readonly PermissionNeed[] = [
  {
    what: 'read the provisioning agents',
    anyOf: ['OnPremisesPublishingProfiles.ReadWrite.All', 'Policy.Read.HybridAuthentication', 'Policy.ReadWrite.HybridAuthentication', 'Directory.ReadWrite.All'],
  },
];

/** The doctor's table plus the commands only `info` reports on. */
export const INFO_PERMISSIONS: Readonly<Record<string, readonly PermissionNeed[]>> = { ...COMMAND_PERMISSIONS, agents: AGENTS_PERMISSIONS };

/** The client surface info needs (EntraClient has it). */
export interface InfoClient {
  readonly settings: { tenantId: string; clientId?: string; method: string; authorityHost: string; graphEndpoint: string };
  token(): Promise<TokenInfo>;
  organization(): Promise<Organization>;
  domains(): Promise<Domain[]>;
}

export interface CommandPermissions {
  command: string;
  ok: boolean;
  missing: Array<{ what: string; anyOf: string[] }>;
  /** What the permissions alone do not say (agents with an application token). */
  note?: string;
}

export interface TenantInfoReport {
  tenant: { id: string | null; name: string | null; configured: string; error?: string };
  domains: Array<{ name: string; isDefault: boolean; isInitial: boolean }>;
  domainsError?: string;
  app: { clientId: string | null; displayName: string | null };
  auth: { method: string; authorityHost: string; graphEndpoint: string };
  token: { expiresOn: string; type: 'application' | 'delegated'; permissions: string[] };
  commands: CommandPermissions[];
}

export async function tenantInfo(client: InfoClient): Promise<TenantInfoReport> {
  const s = client.settings;
  const token = await client.token();
  const delegated = token.roles.length === 0 && token.scopes.length > 0;
  const permissions = [...(delegated ? token.scopes : token.roles)].sort();
  const [org, domains] = await Promise.allSettled([client.organization(), client.domains()]);

  const tenant: TenantInfoReport['tenant'] = { id: token.tenantId ?? null, name: null, configured: s.tenantId };
  if (org.status === 'fulfilled') {
    tenant.id = org.value.id ?? tenant.id;
    tenant.name = org.value.displayName ?? null;
  } else {
    tenant.error = reason(org.reason);
  }
  const report: TenantInfoReport = {
    tenant,
    domains: [],
    app: { clientId: token.appId ?? s.clientId ?? null, displayName: appDisplayName(token.accessToken) },
    auth: { method: s.method, authorityHost: s.authorityHost, graphEndpoint: s.graphEndpoint },
    token: { expiresOn: token.expiresOn.toISOString(), type: delegated ? 'delegated' : 'application', permissions },
    commands: commandPermissions(permissions).map((c) => (c.command === 'agents' && !delegated ? { ...c, note: AGENTS_APP_UNSUPPORTED } : c)),
  };
  if (domains.status === 'fulfilled') {
    report.domains = domains.value
      .filter((d) => d.isVerified === true && typeof d.id === 'string')
      .map((d) => ({ name: d.id!, isDefault: d.isDefault === true, isInitial: d.isInitial === true }))
      .sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.name.localeCompare(b.name));
  } else {
    report.domainsError = reason(domains.reason);
  }
  return report;
}

/** Per command: do these permissions suffice, and what is missing (the first of each list is the least one to grant). */
export function commandPermissions(permissions: readonly string[], table: Readonly<Record<string, readonly PermissionNeed[]>> = INFO_PERMISSIONS): CommandPermissions[] {
  return Object.entries(table).map(([command, needs]) => {
    const missing = missingFor(permissions, needs).map((n) => ({ what: n.what, anyOf: [...n.anyOf] }));
    return { command, ok: missing.length === 0, missing };
  });
}

/** Entra's access tokens name the app (app_displayname); nothing else of the token leaves here. */
function appDisplayName(accessToken: string): string | null {
  try {
    const name = decodeJwt(accessToken).app_displayname;
    return typeof name === 'string' && name !== '' ? name : null;
  } catch {
    return null;
  }
}

function reason(e: unknown): string {
  return isCloudsyncError(e) ? e.message : e instanceof Error ? e.message : String(e);
}
