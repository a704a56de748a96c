/** The shapes of the emulator's directory store (directory.ts) and of its saved form. */
export type ObjectType = 'user' | 'group' | 'servicePrincipal';
export type Props = Record<string, unknown>;

export interface DirObject {
  readonly id: string;
  readonly type: ObjectType;
  seq: number;
  props: Props;
  /** Groups only: member and owner object ids, in insertion order. */
  members?: Set<string>;
  owners?: Set<string>;
  /** Users only: the manager's object id. */
  manager?: string;
}

export interface RoleAssignment {
  id: string;
  principalId: string;
  /** The role definition id, which for built-in roles is the role template id. */
  roleDefinitionId: string;
  directoryScopeId: string;
}

export interface DeletedEntry {
  object: DirObject;
  deletedDateTime: string;
  memberOf: string[];
  ownerOf: string[];
  roleAssignments: RoleAssignment[];
}

export interface DirectoryJson {
  seq: number;
  objects: Array<{ id: string; type: ObjectType; seq: number; props: Props; members?: string[]; owners?: string[]; manager?: string }>;
  deleted: Array<{ object: DirectoryJson['objects'][number]; deletedDateTime: string; memberOf: string[]; ownerOf: string[]; roleAssignments: RoleAssignment[] }>;
  roleAssignments: RoleAssignment[];
  directoryRoleIds: Record<string, string>;
  passwords: Record<string, string>;
}
