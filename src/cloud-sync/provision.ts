/**
 * Provision on demand for a cloud sync job: one AD object (a group with up to 5 members) pushed
 * through the real service now. The rule comes from the job's schema, the request is Graph's
 * documented shape, and the answer, whose key and value are JSON documents inside strings, is
 * parsed into one object.
 */
import type {
  ProvisionOnDemandKey,
  ProvisionOnDemandRequest,
  ProvisionOnDemandStatusInfo,
  ProvisionOnDemandSystem,
  ProvisionOnDemandValue,
  StringKeyStringValuePair,
  SynchronizationRule,
  SynchronizationSchema,
} from '../directory/entra/synchronization-types.js';
import { CloudsyncError } from '../errors.js';
import { jobPath } from './control.js';
import type { CloudSyncJobRef, GraphReader } from './discovery.js';
import type { RateLimiter } from './rate-limit.js';

export const MAX_GROUP_MEMBERS = 5;
export type ProvisionObjectType = 'user' | 'group';

const isAd = (name: string | undefined): boolean => {
  const n = (name ?? '').trim().toLowerCase();
  return n === 'ad' || n === 'active directory' || (n.includes('active directory') && !n.includes('azure') && !n.includes('entra'));
};

/** The job's AD → Entra ID rule; `ruleId` chooses when the schema has several. */
export function pickRule(schema: SynchronizationSchema, ruleId?: string): SynchronizationRule {
  const rules = schema.synchronizationRules ?? [];
  if (ruleId !== undefined) {
    const r = rules.find((x) => x.id.toLowerCase() === ruleId.toLowerCase());
    if (r === undefined) throw new CloudsyncError('usage', `no rule "${ruleId}" in the job's schema (rules: ${rules.map((x) => `${x.id} ${x.name}`).join(', ') || 'none'})`);
    return r;
  }
  const fromAd = rules.filter((r) => isAd(r.sourceDirectoryName));
  if (fromAd.length === 1) return fromAd[0]!;
  if (fromAd.length === 0) {
    throw new CloudsyncError('runtime', `the job's schema has no rule whose source is Active Directory (rules: ${rules.map((x) => `${x.id} ${x.sourceDirectoryName} → ${x.targetDirectoryName}`).join(', ') || 'none'})`);
  }
  throw new CloudsyncError('usage', `the job's schema has several rules from Active Directory: choose one with --rule (${fromAd.map((x) => `${x.id} "${x.name}"`).join(', ')})`);
}

/** user or group from an AD object's objectClass values (inetOrgPerson is a user). */
export function objectTypeFromClasses(objectClass: readonly string[], dn: string): ProvisionObjectType {
  const oc = objectClass.map((c) => c.toLowerCase());
  if (oc.includes('group')) return 'group';
  if (oc.includes('user') || oc.includes('inetorgperson')) return 'user';
  throw new CloudsyncError('usage', `${dn} is neither a user nor a group (objectClass ${objectClass.join(', ') || 'none'}): provision on demand takes users and groups`);
}

export function provisionRequest(ruleId: string, dn: string, type: ProvisionObjectType, members: readonly string[] = []): ProvisionOnDemandRequest {
  if (members.length > 0 && type !== 'group') throw new CloudsyncError('usage', '--member is for groups: the object is a user');
  if (members.length > MAX_GROUP_MEMBERS) throw new CloudsyncError('usage', `a group can be provisioned on demand with at most ${MAX_GROUP_MEMBERS} members (${members.length} given)`);
  return {
    parameters: [
      {
        ruleId,
        subjects: [
          {
            objectId: dn,
            objectTypeName: type,
            ...(members.length > 0 ? { links: { members: members.map((m) => ({ objectId: m, objectTypeName: 'User' })) } } : {}),
          },
        ],
      },
    ],
  };
}

/** The parsed answer: the key's result and details, and everything the value holds. */
export interface ProvisionResult extends Partial<ProvisionOnDemandValue> {
  result: ProvisionOnDemandKey['result'];
  details: Record<string, unknown>;
  provisioningSteps: ProvisionOnDemandValue['provisioningSteps'];
  modifiedProperties: ProvisionOnDemandValue['modifiedProperties'];
}

function parseInner(text: unknown, what: string): Record<string, unknown> {
  if (typeof text !== 'string') throw new CloudsyncError('runtime', `Graph's provisionOnDemand answer has no ${what} string`);
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
    return v as Record<string, unknown>;
  } catch (e) {
    throw new CloudsyncError('runtime', `Graph's provisionOnDemand answer: the ${what} is not a JSON object (${(e as Error).message})`);
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** A system is an object `{id, name, details}`; a bare name is taken as one too. */
function system(v: unknown): ProvisionOnDemandSystem | undefined {
  if (typeof v === 'string') return { id: null, name: v, details: null };
  if (!isRecord(v)) return undefined;
  return { id: str(v.id), name: str(v.name) ?? str(v.displayName), details: isRecord(v.details) ? (v.details as Record<string, string>) : null };
}

/**
 * statusInfo is flat (status, errorCode, reason, additionalDetails, errorCategory,
 * recommendedAction); an `errorInformation` object, as the provisioning logs nest it, is
 * flattened into it.
 */
function status(v: unknown): ProvisionOnDemandStatusInfo | undefined {
  if (!isRecord(v)) return undefined;
  const e = isRecord(v.errorInformation) ? v.errorInformation : v;
  return {
    status: str(v.status) ?? 'Unknown',
    errorCode: str(e.errorCode),
    reason: str(e.reason),
    additionalDetails: str(e.additionalDetails),
    errorCategory: str(e.errorCategory),
    recommendedAction: str(e.recommendedAction),
  };
}

/** Graph answers {key: "<JSON>", value: "<JSON>"}: each string is parsed once more. */
export function parseProvisionAnswer(answer: StringKeyStringValuePair | { value?: StringKeyStringValuePair[] }): ProvisionResult {
  const pair = Array.isArray((answer as { value?: unknown }).value) ? (answer as { value: StringKeyStringValuePair[] }).value[0] : (answer as StringKeyStringValuePair);
  if (pair === undefined) throw new CloudsyncError('runtime', "Graph's provisionOnDemand answer is empty");
  const key = parseInner(pair.key, 'key') as Partial<ProvisionOnDemandKey>;
  const value = parseInner(pair.value, 'value') as Partial<ProvisionOnDemandValue>;
  const sourceSystem = system(value.sourceSystem);
  const targetSystem = system(value.targetSystem);
  const statusInfo = status(value.statusInfo);
  return {
    ...value,
    result: typeof key.result === 'string' ? key.result : 'Unknown',
    details: isRecord(key.details) ? key.details : {},
    provisioningSteps: Array.isArray(value.provisioningSteps) ? value.provisioningSteps : [],
    modifiedProperties: Array.isArray(value.modifiedProperties) ? value.modifiedProperties : [],
    ...(sourceSystem ? { sourceSystem } : {}),
    ...(targetSystem ? { targetSystem } : {}),
    ...(statusInfo ? { statusInfo } : {}),
  };
}

/**
 * The error a failed answer carries: statusInfo's flat fields, else the key's details
 * (`{errorCode, errorMessage}`), which is all some answers give.
 */
export function provisionError(r: ProvisionResult): { code: string; reason: string; additionalDetails?: string; recommendedAction?: string } | undefined {
  const s = r.statusInfo;
  const code = s?.errorCode ?? str(r.details.errorCode);
  const reason = s?.reason ?? str(r.details.errorMessage);
  if (!code && !reason) return undefined;
  return { code: code ?? 'error', reason: reason ?? '', ...(s?.additionalDetails ? { additionalDetails: s.additionalDetails } : {}), ...(s?.recommendedAction ? { recommendedAction: s.recommendedAction } : {}) };
}

/** Whether the service did what was asked (Skipped is an answer too: the steps say why). */
export function provisionFailed(r: ProvisionResult): boolean {
  const bad = (s: string | null | undefined): boolean => s?.toLowerCase() === 'failure' || s?.toLowerCase() === 'failed';
  return bad(r.result) || bad(r.statusInfo?.status) || r.provisioningSteps.some((s) => bad(s.status));
}

export async function provisionOnDemand(graph: GraphReader, ref: CloudSyncJobRef, request: ProvisionOnDemandRequest, limiter?: RateLimiter): Promise<ProvisionResult> {
  await limiter?.acquire();
  const answer = await graph.request<StringKeyStringValuePair>('POST', `${jobPath(ref)}/provisionOnDemand`, request);
  return parseProvisionAnswer(answer);
}
