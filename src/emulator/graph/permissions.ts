/**
 * Which permissions (application `roles` or delegated `scp`) allow each kind of operation,
 * per the Graph permissions reference: any one of a set suffices.
 */
const DIR_READ = ['Directory.Read.All', 'Directory.ReadWrite.All'];

export const PERMS = {
  userRead: ['User.Read.All', 'User.ReadWrite.All', 'User.ReadBasic.All', ...DIR_READ],
  userWrite: ['User.ReadWrite.All', 'Directory.ReadWrite.All'],
  groupRead: ['Group.Read.All', 'Group.ReadWrite.All', 'GroupMember.Read.All', 'GroupMember.ReadWrite.All', ...DIR_READ],
  groupWrite: ['Group.ReadWrite.All', 'Directory.ReadWrite.All'],
  memberWrite: ['GroupMember.ReadWrite.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'],
  orgRead: ['Organization.Read.All', 'Organization.ReadWrite.All', 'User.Read', ...DIR_READ],
  domainRead: ['Domain.Read.All', 'Domain.ReadWrite.All', ...DIR_READ],
  roleRead: ['RoleManagement.Read.Directory', 'RoleManagement.Read.All', 'RoleManagement.ReadWrite.Directory', ...DIR_READ],
  appRead: ['Application.Read.All', 'Application.ReadWrite.All', ...DIR_READ],
  syncRead: ['Synchronization.Read.All', 'Synchronization.ReadWrite.All', 'Application.ReadWrite.OwnedBy', 'Application.ReadWrite.All'],
  syncWrite: ['Synchronization.ReadWrite.All', 'Application.ReadWrite.OwnedBy', 'Application.ReadWrite.All'],
  agents: ['OnPremisesPublishingProfiles.ReadWrite.All'],
  me: ['User.Read', 'User.ReadWrite', 'User.Read.All', 'User.ReadWrite.All', ...DIR_READ],
  /** Provisioning logs (ProvisioningLog.Read.All is the newer, narrower permission). */
  auditLogRead: ['AuditLog.Read.All', 'ProvisioningLog.Read.All'],
} as const satisfies Record<string, readonly string[]>;

export const allowed = (held: ReadonlySet<string>, any: readonly string[]): boolean => any.some((p) => held.has(p));
