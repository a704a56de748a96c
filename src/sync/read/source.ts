/**
 * Reading the source side: users and security groups in scope, excluded objects set aside, each
 * object mapped to its Graph properties, with its anchor, manager and direct members.
 */
import { guidToString } from '../../directory/decode.js';
import { isDescendantOf } from '../../directory/dn.js';
import { attrBuffer, attrStrings, type DirectoryObject, type DirectorySource, type Scope } from '../../directory/types.js';
import { CloudsyncError } from '../../errors.js';
import { sourceAnchor } from '../../validate/cloud/index.js';
import { EXCLUSION_ATTRIBUTES, exclusionOf, syncKind } from './exclusions.js';
import {
  applyMapping,
  compileMapping,
  DEFAULT_GROUP_MAPPING,
  DEFAULT_USER_MAPPING,
  IGNORE_FLOW,
  objectContext,
  type CompiledMapping,
  type EvalContext,
  type ExpressionNode,
  type MappedAttribute,
} from '../mapping/index.js';
import type { Exclusion, MappedTargets, ObjectKind, Properties, PropertyValue, SourceObject, SourceSnapshot } from '../types.js';
import { ownString, ownStrings, StringPool } from './own-strings.js';
import { fromMappedValue } from '../values.js';

/** The user and group mappings the sync uses. */
export interface SyncMapping {
  readonly user: CompiledMapping;
  readonly group: CompiledMapping;
}

/** The defaults with the configuration's overrides (`sync.mapping.user` / `.group`). */
export function compileSyncMapping(overrides: { user?: Readonly<Record<string, string | null>>; group?: Readonly<Record<string, string | null>> } = {}): SyncMapping {
  return { user: compileMapping(DEFAULT_USER_MAPPING, overrides.user), group: compileMapping(DEFAULT_GROUP_MAPPING, overrides.group) };
}

/** Users and inetOrgPersons, and groups; computers are users in AD's class chain, hence objectCategory. */
export const SYNC_TYPE_FILTER = '(|(&(objectCategory=person)(objectClass=user))(objectClass=group))';

const ANCHOR_TARGET = 'onpremisesimmutableid';
const NO_PROPERTIES: Properties = Object.freeze({});

/** Attributes every read asks for, besides those the mappings reference. */
const BASE_ATTRIBUTES = ['objectGUID', 'mS-DS-ConsistencyGuid', 'member', 'proxyAddresses', 'mail', 'userPrincipalName', 'displayName', 'manager'];

function collectAttributes(node: ExpressionNode, into: Set<string>): void {
  switch (node.kind) {
    case 'attribute':
      into.add(node.name);
      return;
    case 'call':
      for (const a of node.args) collectAttributes(a, into);
      return;
    case 'compare':
      collectAttributes(node.left, into);
      collectAttributes(node.right, into);
      return;
    case 'concat':
      for (const p of node.parts) collectAttributes(p, into);
      return;
    default:
      return;
  }
}

/** The AD attributes one expression reads, as written. */
export function expressionAttributes(ast: ExpressionNode): string[] {
  const names = new Set<string>();
  collectAttributes(ast, names);
  return [...names];
}

/** The AD attributes one mapping's expressions read. */
export function mappingAttributes(m: CompiledMapping): string[] {
  const names = new Set<string>();
  for (const e of m.entries) collectAttributes(e.parsed.ast, names);
  // [dn] is answered from the object itself.
  names.delete('dn');
  return [...names];
}

/** Every attribute a sync read needs. */
export function syncAttributes(mapping: SyncMapping, extra: readonly string[] = []): string[] {
  const seen = new Map<string, string>();
  for (const a of [...BASE_ATTRIBUTES, ...EXCLUSION_ATTRIBUTES, ...mappingAttributes(mapping.user), ...mappingAttributes(mapping.group), ...extra]) {
    if (!seen.has(a.toLowerCase())) seen.set(a.toLowerCase(), a);
  }
  return [...seen.values()];
}

/** Targets written on every sync (not create-only, not references). */
export function mappedTargets(mapping: SyncMapping): MappedTargets {
  const written = (m: CompiledMapping) => m.entries.filter((e) => e.applyOn === 'always' && !e.reference && e.target.toLowerCase() !== ANCHOR_TARGET);
  const always = (m: CompiledMapping) => written(m).map((e) => e.target);
  const collections = (m: CompiledMapping) => written(m).filter((e) => e.type === 'stringCollection').map((e) => e.target);
  return { user: always(mapping.user), group: always(mapping.group), collections: { user: collections(mapping.user), group: collections(mapping.group) } };
}

/** One object mapped: the SourceObject (or why there is none) and every mapping result. */
export interface MappedObject {
  readonly object?: SourceObject;
  /** Why the object cannot be synchronised (no anchor); exclusions are decided before mapping. */
  readonly problem?: Exclusion;
  readonly results: readonly MappedAttribute[];
}

/** Maps one in-scope object (its kind already decided). */
export async function mapObject(
  o: DirectoryObject,
  kind: ObjectKind,
  mapping: SyncMapping,
  extra: Omit<EvalContext, 'attribute'> = {},
  pool: StringPool = new StringPool(),
): Promise<MappedObject> {
  const results = await applyMapping(kind === 'user' ? mapping.user : mapping.group, objectContext(o, extra));
  const properties: Record<string, PropertyValue> = {};
  const createOnly: Record<string, PropertyValue> = {};
  const ignored: string[] = [];
  const errors: { target: string; message: string }[] = [];
  let managerDn: string | null | undefined;
  let mappedAnchor: string | null | undefined;
  for (const r of results) {
    if (r.error !== undefined) errors.push({ target: r.target, message: r.error });
    if (r.value === IGNORE_FLOW) {
      if (!r.reference && r.target.toLowerCase() !== ANCHOR_TARGET) ignored.push(r.target);
      continue;
    }
    // Kept in the snapshot for the whole run: owned, not views of the reader's buffers.
    const value = pool.value(fromMappedValue(r.value));
    if (r.reference) {
      if (r.target.toLowerCase() === 'manager') managerDn = typeof value === 'string' ? value : null;
      else errors.push({ target: r.target, message: 'only the manager reference is supported' });
      continue;
    }
    if (r.target.toLowerCase() === ANCHOR_TARGET) {
      mappedAnchor = typeof value === 'string' ? value : null;
      continue;
    }
    if (value === null || (Array.isArray(value) && value.length === 0)) continue;
    (r.applyOn === 'create' ? createOnly : properties)[r.target] = value;
  }
  // An onPremisesImmutableId mapping chooses the anchor (Cloud Sync lets it be changed); else the rule.
  const anchor = mappedAnchor ?? sourceAnchor(o);
  const consistency = attrBuffer(o, 'mS-DS-ConsistencyGuid');
  const guidBytes = attrBuffer(o, 'objectGUID');
  if (anchor === undefined || anchor === '') {
    return { results, problem: { dn: o.dn, rule: 'exclude.no-anchor', reason: 'neither mS-DS-ConsistencyGuid nor objectGUID holds 16 bytes, so there is no source anchor' } };
  }
  const guid = guidBytes?.length === 16 ? ownString(guidToString(guidBytes)) : undefined;
  const proxies = attrStrings(o, 'proxyAddresses');
  const primary = proxies.find((p) => p.startsWith('SMTP:'))?.slice(5) ?? attrStrings(o, 'mail')[0];
  const object: SourceObject = {
    kind,
    dn: ownString(o.dn),
    anchor: ownString(anchor),
    ...(guid !== undefined ? { objectGuid: guid } : {}),
    anchorSource:
      consistency?.length === 16 && consistency.toString('base64') === anchor
        ? 'mS-DS-ConsistencyGuid'
        : guidBytes?.length === 16 && guidBytes.toString('base64') === anchor
          ? 'objectGUID'
          : 'mapping',
    properties,
    // Most objects have none: one shared empty object instead of one each.
    createOnly: Object.keys(createOnly).length > 0 ? createOnly : NO_PROPERTIES,
    ...(ignored.length > 0 ? { ignored } : {}),
    ...(kind === 'user' && managerDn !== undefined ? { managerDn } : {}),
    ...(kind === 'group' ? { members: ownStrings(attrStrings(o, 'member')) } : {}),
    ...(primary !== undefined && primary.trim() !== '' ? { primarySmtp: sameText(primary.trim(), properties) } : {}),
    ...(errors.length > 0 ? { mappingErrors: errors } : {}),
  };
  return { object, results };
}

/** The text as owned, sharing a property's string when it holds the same (the primary SMTP address is usually mail). */
function sameText(s: string, properties: Record<string, PropertyValue>): string {
  for (const v of Object.values(properties)) if (v === s) return v;
  return ownString(s);
}

export interface ReadSourceOptions {
  readonly signal?: AbortSignal;
  /** Objects read so far. */
  readonly onProgress?: (read: number) => void;
  /** SelectUniqueValue's check, when a mapping uses it. */
  readonly isUnique?: (value: string, target: string) => Promise<boolean>;
  readonly now?: () => Date;
}

/**
 * Reads the scope and maps every user and security group. A read that fails part-way does not
 * throw: the snapshot comes back with complete = false and the reason, and the planner then plans
 * no removals. A read that fails before the first object, bad usage (an invalid filter), refused
 * credentials or certificates, and an abort do throw.
 */
export async function readSource(source: DirectorySource, scope: Scope, mapping: SyncMapping, opts: ReadSourceOptions = {}): Promise<SourceSnapshot> {
  const users: SourceObject[] = [];
  const groups: SourceObject[] = [];
  const excluded: Exclusion[] = [];
  const anchors = new Set<string>();
  const pool = new StringPool();
  const byOu: Record<string, number> = Object.fromEntries((scope.ous ?? []).map((ou) => [ou, 0]));
  const extra: Omit<EvalContext, 'attribute'> = { ...(opts.isUnique ? { isUnique: opts.isUnique } : {}), ...(opts.now ? { now: opts.now } : {}) };
  let read = 0;
  let incompleteReason: string | undefined;
  try {
    for await (const o of source.search({
      scope,
      typeFilter: SYNC_TYPE_FILTER,
      attributes: syncAttributes(mapping),
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    })) {
      read++;
      const why = exclusionOf(o);
      if (why !== undefined) {
        excluded.push({ dn: o.dn, ...why });
        continue;
      }
      const mapped = await mapObject(o, syncKind(o)!, mapping, extra, pool);
      if (mapped.object === undefined) {
        excluded.push(mapped.problem!);
        continue;
      }
      if (anchors.has(mapped.object.anchor)) {
        excluded.push({ dn: o.dn, rule: 'exclude.duplicate-anchor', reason: `another object in scope has the same source anchor ${mapped.object.anchor} (a copied mS-DS-ConsistencyGuid?)` });
        continue;
      }
      anchors.add(mapped.object.anchor);
      (mapped.object.kind === 'user' ? users : groups).push(mapped.object);
      for (const ou of scope.ous ?? []) if (isDescendantOf(o.dn, ou)) byOu[ou]!++;
    }
  } catch (e) {
    if (opts.signal?.aborted) throw e;
    // Nothing read, or refused outright: that is a failure to read, not a partial read.
    if (read === 0 || (e instanceof CloudsyncError && ['usage', 'config', 'auth', 'tls'].includes(e.kind))) throw e;
    incompleteReason = `the read of ${source.description} stopped after ${read} objects: ${e instanceof Error ? e.message : String(e)}`;
  }
  const partial = incompleteReason === undefined ? source.partialRead?.() : undefined;
  if (partial !== undefined) incompleteReason = `the read of ${source.description} was partial: ${partial}`;
  opts.onProgress?.(read);
  return {
    description: source.description,
    scope,
    complete: incompleteReason === undefined,
    ...(incompleteReason !== undefined ? { incompleteReason } : {}),
    users,
    groups,
    excluded,
    counts: { read, users: users.length, groups: groups.length, excluded: excluded.length, byOu },
    targets: mappedTargets(mapping),
  };
}
