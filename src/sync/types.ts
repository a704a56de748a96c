/**
 * The data the sync pipeline passes between its stages: source and cloud snapshots, the plan and
 * its operations. Everything here is plain JSON (a plan is saved to a file and read back).
 */
import type { Scope } from '../directory/types.js';

export type ObjectKind = 'user' | 'group';

/** A Graph property value in the shapes the mappings produce: text, boolean, string collection, or none. */
export type PropertyValue = string | boolean | readonly string[] | null;

/**
 * Graph properties by name. Nested properties are flattened with a dot
 * (`onPremisesExtensionAttributes.extensionAttribute1`); an absent key means null.
 */
export type Properties = Readonly<Record<string, PropertyValue>>;

// ---- source ---------------------------------------------------------------------------------

/** One AD user or group in scope, with its mapped Graph properties. */
export interface SourceObject {
  readonly kind: ObjectKind;
  readonly dn: string;
  /** The source anchor: base64 of mS-DS-ConsistencyGuid, else of objectGUID (= onPremisesImmutableId). */
  readonly anchor: string;
  /** objectGUID in its text form, when the source returned it. */
  readonly objectGuid?: string;
  /** Where the anchor came from (objectGUID: mS-DS-ConsistencyGuid is not set, write-back may set it). */
  readonly anchorSource: 'mS-DS-ConsistencyGuid' | 'objectGUID' | 'mapping';
  /** Mapped properties written on every sync; null values are left out. */
  readonly properties: Properties;
  /** Mapped properties written only when the object is created (applyOn: 'create'). */
  readonly createOnly: Properties;
  /** Targets left alone for this object (IgnoreFlowIfNullOrEmpty, or an expression that failed). */
  readonly ignored?: readonly string[];
  /**
   * The manager's DN from the manager reference mapping: null when the user has none, undefined
   * when the mapping has no manager target (or IgnoreFlow'd it): then cloudsync leaves it alone.
   */
  readonly managerDn?: string | null;
  /** Groups: the DNs of the direct members, as AD gives them. */
  readonly members?: readonly string[];
  /** The primary SMTP address (the SMTP: proxy, else mail), for soft matching. */
  readonly primarySmtp?: string;
  /** Expressions that failed for this object; the property is then left alone. */
  readonly mappingErrors?: readonly { readonly target: string; readonly message: string }[];
}

/** Why an object read from the source is not synchronised. */
export interface Exclusion {
  readonly dn: string;
  /** Stable rule id, e.g. `exclude.critical-system-object` (see docs/sync.md). */
  readonly rule: string;
  readonly reason: string;
}

export interface SourceCounts {
  /** Objects the source returned. */
  readonly read: number;
  readonly users: number;
  readonly groups: number;
  readonly excluded: number;
  /** Users and groups in scope under each --ou, by the DN as given. */
  readonly byOu: Readonly<Record<string, number>>;
}

export interface SourceSnapshot {
  readonly description: string;
  readonly scope: Scope;
  /** False when the read failed part-way: such a snapshot never produces removals. */
  readonly complete: boolean;
  readonly incompleteReason?: string;
  readonly users: readonly SourceObject[];
  readonly groups: readonly SourceObject[];
  readonly excluded: readonly Exclusion[];
  readonly counts: SourceCounts;
  /** The mapped targets (written on every sync) per kind: a target absent from properties is null. */
  readonly targets: MappedTargets;
  /**
   * Set for a delta read: users/groups hold only the objects changed since the watermark, and
   * `removed` the anchors that were deleted or left the scope. The planner then treats objects
   * absent from the read as unchanged, never as deleted.
   */
  readonly delta?: DeltaRead;
}

export interface DeltaRead {
  /** The USN the read started after. */
  readonly sinceUsn: string;
  /** Anchors deleted in AD (tombstones) or changed and now out of scope. */
  readonly removed: readonly string[];
  /** Changed objects read (in scope, out of scope and tombstones, each counted once). */
  readonly changed: number;
}

export interface MappedTargets {
  readonly user: readonly string[];
  readonly group: readonly string[];
  /** The targets among them that are collections (Graph clears a collection with [], never null). */
  readonly collections?: { readonly user: readonly string[]; readonly group: readonly string[] };
}

// ---- cloud ----------------------------------------------------------------------------------

export interface CloudUser {
  readonly id: string;
  readonly userPrincipalName: string | null;
  readonly displayName: string | null;
  readonly mail: string | null;
  readonly mailNickname: string | null;
  readonly proxyAddresses: readonly string[];
  readonly accountEnabled: boolean | null;
  readonly onPremisesImmutableId: string | null;
  /** True for objects that Entra Connect or Cloud Sync masters (Graph cannot change them). */
  readonly onPremisesSyncEnabled: boolean | null;
  /** The mapped properties as Graph holds them (flattened like Properties). */
  readonly properties: Properties;
  /** The manager's object id; null for none; undefined when managers were not read. */
  readonly managerId?: string | null;
  /** The ownership extensions' values (read only when they are set up; docs/state.md). */
  readonly ownership?: CloudOwnership;
}

/** What an object carries of the ownership extensions: its anchor and the marker of the configuration that manages it. */
export interface CloudOwnership {
  readonly anchor: string | null;
  readonly marker: string | null;
}

export interface CloudGroup {
  readonly id: string;
  readonly displayName: string | null;
  readonly mailNickname: string | null;
  readonly mail: string | null;
  readonly securityEnabled: boolean | null;
  readonly mailEnabled: boolean | null;
  readonly groupTypes: readonly string[];
  readonly onPremisesSyncEnabled: boolean | null;
  readonly createdDateTime: string | null;
  readonly properties: Properties;
  /** Direct member object ids; undefined when this group's members were not read. */
  readonly members?: readonly string[];
  readonly ownership?: CloudOwnership;
}

export interface CloudSnapshot {
  readonly users: readonly CloudUser[];
  readonly groups: readonly CloudGroup[];
  /** Soft-deleted users (directory/deletedItems), restorable for 30 days. */
  readonly deletedUsers: readonly CloudUser[];
  /** principal id → role names, for every holder of a directory role. */
  readonly adminRoleHolders: ReadonlyMap<string, readonly string[]>;
  /** Verified domain names, lower-case. */
  readonly verifiedDomains: readonly string[];
  /** The tenant's initial domain (`<tenant>.onmicrosoft.com`). */
  readonly initialDomain?: string;
  /** Whether users' managers were read (`$expand=manager`). */
  readonly managersKnown: boolean;
}

// ---- plan -----------------------------------------------------------------------------------

/** One property change: the value Entra holds now and the value the sync writes. */
export interface Change {
  readonly attribute: string;
  readonly old: PropertyValue;
  readonly new: PropertyValue;
}

/** Names an object for people (DN, UPN, display name) and for Graph (anchor, cloud id). */
export interface ObjectRef {
  readonly kind: ObjectKind;
  readonly anchor?: string;
  /** The Entra object id; absent for an object this plan creates (resolved by anchor at apply). */
  readonly cloudId?: string;
  readonly dn?: string;
  readonly upn?: string;
  readonly displayName?: string;
}

export type Action =
  | 'create'
  | 'restore'
  | 'adopt'
  | 'update'
  | 'set-manager'
  | 'remove-manager'
  | 'add-member'
  | 'remove-member'
  | 'disable'
  | 'delete';

export type MatchedOn = 'userPrincipalName' | 'primarySmtp' | 'displayName' | 'recovery';

interface OperationBase extends ObjectRef {
  /** Position in the plan (1-based); journal lines refer to it. */
  readonly seq: number;
  readonly action: Action;
  /** Property changes, old → new (create: null → new). */
  readonly changes?: readonly Change[];
  readonly warnings?: readonly string[];
}

export interface CreateOperation extends OperationBase {
  readonly action: 'create';
  readonly anchor: string;
  /** Everything written on create (non-null), including onPremisesImmutableId for users. */
  readonly properties: Properties;
}

export interface RestoreOperation extends OperationBase {
  readonly action: 'restore';
  readonly anchor: string;
  readonly cloudId: string;
}

export interface AdoptOperation extends OperationBase {
  readonly action: 'adopt';
  readonly anchor: string;
  readonly cloudId: string;
  readonly matchedOn: MatchedOn;
  readonly changes: readonly Change[];
  /** Unchanged siblings of a changed nested property, sent along so the whole object is written. */
  readonly keep?: Properties;
}

export interface UpdateOperation extends OperationBase {
  readonly action: 'update';
  readonly cloudId: string;
  readonly changes: readonly Change[];
  readonly keep?: Properties;
}

export interface ManagerOperation extends OperationBase {
  readonly action: 'set-manager' | 'remove-manager';
  readonly kind: 'user';
  /** The new manager (set-manager). */
  readonly manager?: ObjectRef;
  /** The manager's object id before the change. */
  readonly oldManagerId: string | null;
}

export interface MemberOperation extends OperationBase {
  readonly action: 'add-member' | 'remove-member';
  readonly kind: 'group';
  readonly member: ObjectRef;
}

export interface DisableOperation extends OperationBase {
  readonly action: 'disable';
  readonly cloudId: string;
}

export interface DeleteOperation extends OperationBase {
  readonly action: 'delete';
  readonly cloudId: string;
}

export type Operation =
  | CreateOperation
  | RestoreOperation
  | AdoptOperation
  | UpdateOperation
  | ManagerOperation
  | MemberOperation
  | DisableOperation
  | DeleteOperation;

export type PlanCounts = Readonly<Record<Action, number>> & { readonly total: number; readonly unchanged: number };

/** An object the plan leaves alone, and why. */
export interface SkippedObject extends ObjectRef {
  /** Stable reason id, e.g. `match.admin-role-holder`, `protected`, `synced-by-entra-connect`. */
  readonly rule: string;
  readonly reason: string;
}

export interface PlanWarning {
  readonly dn?: string;
  readonly message: string;
}

/** An object cloudsync manages after this plan is applied (hard-matched or name-matched). */
export interface Binding {
  readonly anchor: string;
  readonly kind: ObjectKind;
  readonly cloudId: string;
  readonly dn?: string;
}

export type GuardName = 'delete-threshold' | 'source-incomplete' | 'source-shrunk' | 'removal-share';

/** The removals guard (plan/removal-share.ts): more than `share` of a kind or of a group's members, and more than `minimum`, blocks. */
export interface RemovalGuardOptions {
  /** 0..1 of the managed users, of the managed groups, of one group's members (default 0.2). */
  readonly share: number;
  /** Removals of a kind or from one group that never trip it, however large the share (default 10). */
  readonly minimum: number;
}

/** A guard that fired while planning. Blocking guards make apply refuse the plan. */
export interface GuardTrip {
  readonly guard: GuardName;
  readonly blocking: boolean;
  /** True when --force-deletes let the plan through. */
  readonly forced?: boolean;
  readonly message: string;
  /** Removals (disables, deletes, member removes) involved. */
  readonly removals: number;
}

/** The options a plan was made with (recorded in the plan file; no secrets). */
export interface RecordedPlanOptions {
  readonly softMatch: boolean;
  readonly matchGroupsByName: boolean;
  readonly onDelete: 'delete' | 'disable';
  readonly deleteThreshold: number | `${number}%`;
  readonly forceDeletes: boolean;
  readonly shrinkRatio: number;
  /** The removals guard, or false when it is off (absent in plans saved before it existed: the default). */
  readonly removalGuard?: RemovalGuardOptions | false;
  readonly protected: readonly string[];
}

export interface Plan {
  readonly format: 'cloudsync-plan';
  readonly version: 1;
  readonly createdAt: string;
  /** The tenant and the state key (tenant + scope) the plan was made for. */
  readonly tenant?: string;
  readonly scopeKey?: string;
  readonly scope: Scope;
  readonly options: RecordedPlanOptions;
  readonly source: {
    readonly description: string;
    readonly complete: boolean;
    readonly incompleteReason?: string;
    readonly counts: SourceCounts;
    /** Hash of every object in scope (anchor, DN, mapped properties, manager, members). */
    readonly fingerprint: string;
    /** anchor → [digest, DN], to name what changed when a saved plan is out of date. */
    readonly digests: Readonly<Record<string, readonly [string, string]>>;
  };
  readonly cloud: {
    /** Hash of the cloud objects the plan touches. */
    readonly fingerprint: string;
    /** cloud id → digest, for each object an operation touches. */
    readonly digests: Readonly<Record<string, string>>;
    readonly managersKnown: boolean;
  };
  readonly operations: readonly Operation[];
  readonly counts: PlanCounts;
  readonly guards: readonly GuardTrip[];
  readonly warnings: readonly PlanWarning[];
  readonly skipped: readonly SkippedObject[];
  /** Removals left out of the plan by a guard (incomplete or shrunk source). */
  readonly withheldRemovals: number;
  readonly bindings: readonly Binding[];
  /** Anchors the state forgets: out of scope and gone from Entra (purged). */
  readonly unbind: readonly string[];
}
