/**
 * The planner's shared context: the inputs (source, cloud, state, options), the cloud index, and
 * what the phases learn and produce as they go (bindings, drafts, names, who is created or
 * deleted). Each phase (objects, deletes, references, guard trips, assemble) reads and extends it.
 */
import { normalizeDn } from '../../directory/dn.js';
import { CloudIndex } from './match.js';
import { recordedOptions, type ObjectDecision, type PlanOptions } from './options.js';
import { ownedState, type PlanOwnership } from './ownership.js';
import type { SyncState } from '../store/state.js';
import type {
  Binding,
  CloudSnapshot,
  ObjectKind,
  Operation,
  PlanWarning,
  Properties,
  PropertyValue,
  RecordedPlanOptions,
  SkippedObject,
  SourceObject,
  SourceSnapshot,
} from '../types.js';

/** An operation before the plan numbers it. */
export type Draft = Operation extends infer O ? (O extends Operation ? Omit<O, 'seq'> : never) : never;

/** Properties Graph requires: never cleared by an update, and filled in on create. */
const REQUIRED: Record<ObjectKind, readonly string[]> = {
  user: ['accountenabled', 'displayname', 'mailnickname', 'userprincipalname'],
  group: ['displayname', 'mailnickname', 'securityenabled', 'mailenabled'],
};

/**
 * Graph's writable string collections (Collection(Edm.String), Nullable="false" in the v1.0 CSDL;
 * user.md: businessPhones, otherMails, imAddresses is read-only, schools, skills, interests,
 * pastProjects, responsibilities; group.md: groupTypes, resourceBehaviorOptions,
 * resourceProvisioningOptions). A target of one of these names is a
 * collection whatever the mapping says: Graph refuses null for them ("Invalid value specified for
 * property"), so "no value" is sent as [].
 */
const GRAPH_STRING_COLLECTIONS: Record<ObjectKind, readonly string[]> = {
  user: ['businessphones', 'othermails', 'schools', 'skills', 'interests', 'pastprojects', 'responsibilities'],
  group: ['grouptypes', 'resourcebehavioroptions', 'resourceprovisioningoptions'],
};

/** The mapped targets of one kind, with the names the planner looks up, resolved once. */
export interface KindMeta {
  readonly targets: readonly string[];
  /** Targets Graph requires (never cleared by an update). */
  readonly required: ReadonlySet<string>;
  /** Collection-valued targets: cleared with [], never null. */
  readonly collections: ReadonlySet<string>;
  /** lower-case name → the target as the mapping spells it. */
  readonly key: ReadonlyMap<string, string>;
}

function kindMeta(kind: ObjectKind, targets: readonly string[], collections: readonly string[] = []): KindMeta {
  const key = new Map(targets.map((t) => [t.toLowerCase(), t]));
  const isCollection = (t: string): boolean => collections.includes(t) || GRAPH_STRING_COLLECTIONS[kind].includes(t.toLowerCase());
  return { targets, required: new Set(targets.filter((t) => REQUIRED[kind].includes(t.toLowerCase()))), collections: new Set(targets.filter(isCollection)), key };
}

export interface PlanContext {
  readonly source: SourceSnapshot;
  readonly cloud: CloudSnapshot;
  readonly state: SyncState;
  readonly opts: RecordedPlanOptions;
  readonly index: CloudIndex;
  readonly meta: Record<ObjectKind, KindMeta>;
  /** Keep per-object decisions (test-user); a plain plan does not, to save memory. */
  readonly explain: boolean;
  /** Plan group membership changes. */
  readonly memberships: boolean;
  readonly tenant?: string;
  readonly scopeKey?: string;
  readonly now?: () => Date;
  /** Ownership recorded in Entra (ownership.ts), when set up. */
  readonly ownership?: PlanOwnership;

  readonly decisions: Map<string, ObjectDecision>;
  readonly drafts: Draft[];
  readonly warnings: PlanWarning[];
  readonly skipped: SkippedObject[];
  readonly bindings: Binding[];
  readonly unbind: string[];
  /** Cloud ids bound (matched) in this plan. */
  readonly bound: Set<string>;
  /** anchor → cloud id of in-scope objects that exist in the cloud. */
  readonly cloudIdOf: Map<string, string>;
  /** Anchors this plan creates. */
  readonly creating: Set<string>;
  /** Anchors whose objects take no changes (protected, skipped, mastered elsewhere). */
  readonly frozen: Set<string>;
  /** Normalized DN → in-scope object. */
  readonly byDn: Map<string, SourceObject>;
  /** The UPN and display name each in-scope object will have, for references. */
  readonly names: Map<string, { readonly upn: string | null; readonly displayName: string | null }>;
  /** Anchors of users this plan restores. */
  readonly restoring: Set<string>;
  /** Cloud ids being deleted: their memberships go with them. */
  readonly deleting: Set<string>;
  /** Source objects planned without any operation or skip. */
  unchanged: number;
  /** Normalized DN → anchor of managed objects (delta plans only: objects not read are unchanged). */
  managedByDn?: Map<string, string>;
}

export function createContext(source: SourceSnapshot, cloud: CloudSnapshot, localState: SyncState, options: PlanOptions, explain: boolean): PlanContext {
  const opts = recordedOptions(options);
  const state = ownedState(localState, cloud, options.ownership);
  const ctx: PlanContext = {
    source,
    cloud,
    state,
    opts,
    index: new CloudIndex(cloud, state, opts.protected),
    meta: {
      user: kindMeta('user', source.targets.user, source.targets.collections?.user),
      group: kindMeta('group', source.targets.group, source.targets.collections?.group),
    },
    explain,
    memberships: options.memberships !== false,
    ...(options.tenant !== undefined ? { tenant: options.tenant } : {}),
    ...(options.scopeKey !== undefined ? { scopeKey: options.scopeKey } : {}),
    ...(options.now !== undefined ? { now: options.now } : {}),
    ...(options.ownership !== undefined ? { ownership: options.ownership } : {}),
    decisions: new Map(),
    drafts: [],
    warnings: [],
    skipped: [],
    bindings: [],
    unbind: [],
    bound: new Set(),
    cloudIdOf: new Map(),
    creating: new Set(),
    frozen: new Set(),
    byDn: new Map(),
    names: new Map(),
    restoring: new Set(),
    deleting: new Set(),
    unchanged: 0,
  };
  for (const o of [...source.users, ...source.groups]) {
    try {
      ctx.byDn.set(normalizeDn(o.dn), o);
    } catch {
      // A DN the parser refuses cannot be referenced either.
    }
  }
  return ctx;
}

export const str = (v: PropertyValue | undefined): string | null => (typeof v === 'string' ? v : null);

/** A property by name, whatever its case. */
export function get(props: Properties, name: string): PropertyValue | undefined {
  if (name in props) return props[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(props)) if (k.toLowerCase() === lower) return props[k];
  return undefined;
}

export function safeNormalize(dn: string): string {
  try {
    return normalizeDn(dn);
  } catch {
    return dn.toLowerCase();
  }
}
