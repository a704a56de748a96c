/**
 * Microsoft Graph application permissions each cloudsync command needs. Each requirement is a
 * list of alternatives: any one of them is enough.
 */
export interface PermissionNeed {
  readonly what: string;
  readonly anyOf: readonly string[];
}

export const COMMAND_PERMISSIONS: Readonly<Record<string, readonly PermissionNeed[]>> = {
  'validate (tenant-aware)': [
    { what: 'read users and groups', anyOf: ['Directory.Read.All', 'Directory.ReadWrite.All', 'User.Read.All', 'User.ReadWrite.All'] },
    { what: 'read verified domains', anyOf: ['Domain.Read.All', 'Directory.Read.All', 'Directory.ReadWrite.All', 'Domain.ReadWrite.All'] },
    { what: 'read admin role holders', anyOf: ['RoleManagement.Read.Directory', 'RoleManagement.ReadWrite.Directory', 'Directory.Read.All', 'Directory.ReadWrite.All'] },
  ],
  sync: [
    { what: 'create and update users', anyOf: ['User.ReadWrite.All', 'Directory.ReadWrite.All'] },
    { what: 'create and update groups', anyOf: ['Group.ReadWrite.All', 'Directory.ReadWrite.All'] },
    { what: 'change group members', anyOf: ['GroupMember.ReadWrite.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'] },
  ],
  'logs cloud': [{ what: 'read provisioning logs', anyOf: ['AuditLog.Read.All', 'ProvisioningLog.Read.All'] }],
  job: [
    { what: 'manage synchronization jobs', anyOf: ['Synchronization.ReadWrite.All'] },
    { what: 'find the cloud sync service principals', anyOf: ['Application.Read.All', 'Application.ReadWrite.All', 'Directory.Read.All', 'Synchronization.ReadWrite.All'] },
  ],
};

export function missingFor(roles: readonly string[], needs: readonly PermissionNeed[]): PermissionNeed[] {
  const have = new Set(roles);
  return needs.filter((n) => !n.anyOf.some((p) => have.has(p)));
}
