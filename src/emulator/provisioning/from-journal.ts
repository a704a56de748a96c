/**
 * One cloud sync cycle's provisioning-log records from the run journal that cloudsync's sync
 * pipeline wrote for it: one record per object, as Entra writes them (GUID-only identities,
 * Entra's steps, errors and actions). Member and manager lines fold into their object's record.
 * An object planned but never applied gives an 'other' + skipped record, or a stagedDelete when
 * the cycle was held by the accidental-deletions guard.
 */
import type { IntentEvent, JournalEvent, OperationFields, PlannedEvent, ResultEvent } from '../../sync/store/journal.js';
import type { ProvisioningObjectSummary, ProvisioningStep, ProvisioningStepStatus } from '../../sync/explain/provisioning-summary.js';
import type { ObjectRef, PropertyValue } from '../../sync/types.js';
import { toErrorInformation } from './errors.js';
import { anchorToGuid, derivedId } from './guid.js';

export interface CycleContext {
  tenantId: string;
  jobId: string;
  cycleId: string;
  servicePrincipal: { id: string; displayName: string };
  /** The AD domain the configuration serves. */
  domain: string;
  initiatedBy?: { id: string; displayName: string; initiatorType: string };
  /** The cycle was held by the accidental-deletions guard: planned deletes are staged. */
  staged?: boolean;
}

type Action = ProvisioningObjectSummary['provisioningAction'];
type OpEvent = PlannedEvent | IntentEvent | ResultEvent;

interface OpTrace {
  fields: OperationFields;
  planned?: string;
  intent?: string;
  result?: ResultEvent;
}

interface ObjectTrace {
  kind: 'user' | 'group';
  anchor?: string;
  cloudId?: string;
  dn?: string;
  ops: Map<number, OpTrace>;
  first: number;
}

const PROVISIONING_SERVICE = { id: '', displayName: 'Azure AD Provisioning Service', initiatorType: 'system' };

/** A property value as the logs show it: text, multi-values joined by ", ", null for none. */
function shown(v: PropertyValue | undefined): string | null {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return v.length === 0 ? null : v.join(', ');
  return String(v);
}

/** Cloud ids the journal names for anchors (objects created in the same run are referred to by anchor). */
type CloudIds = ReadonlyMap<string, string>;

/** GUID-only: the cloud id, else the source GUID. */
const refId = (r: ObjectRef | undefined, ids: CloudIds): string => r?.cloudId ?? (r?.anchor !== undefined ? ids.get(r.anchor) : undefined) ?? anchorToGuid(r?.anchor) ?? '';

function collect(events: readonly JournalEvent[]): ObjectTrace[] {
  const objects: ObjectTrace[] = [];
  const index = new Map<string, ObjectTrace>();
  for (const e of events) {
    if (e.type !== 'planned' && e.type !== 'intent' && e.type !== 'result') continue;
    const ev = e as OpEvent;
    const keys = [ev.anchor && `a:${ev.anchor}`, ev.cloudId && `c:${ev.cloudId.toLowerCase()}`, ev.dn && `d:${ev.dn.toLowerCase()}`].filter((k): k is string => !!k);
    let o = keys.map((k) => index.get(k)).find((x) => x !== undefined);
    if (o === undefined) {
      o = { kind: ev.kind, ops: new Map(), first: objects.length };
      objects.push(o);
    }
    for (const k of keys) index.set(k, o);
    o.anchor ??= ev.anchor;
    o.dn ??= ev.dn;
    if (ev.cloudId !== undefined) o.cloudId = ev.cloudId;
    let op = o.ops.get(ev.op);
    if (op === undefined) o.ops.set(ev.op, (op = { fields: ev }));
    if (ev.type === 'planned') op.planned = ev.time;
    else if (ev.type === 'intent') op.intent = ev.time;
    else op.result = ev;
  }
  return objects;
}

function actionOf(actions: ReadonlySet<string>): Action {
  if (actions.has('delete')) return 'delete';
  if (actions.has('disable')) return 'disable';
  if (actions.has('create') || actions.has('restore')) return 'create';
  return 'update';
}

function modifiedProperties(ops: readonly OpTrace[], ids: CloudIds): ProvisioningObjectSummary['modifiedProperties'] {
  const out: ProvisioningObjectSummary['modifiedProperties'] = [];
  const added: string[] = [];
  const removed: string[] = [];
  for (const { fields: f, result } of ops) {
    // What was never sent changed nothing.
    if (result?.status === 'skipped') continue;
    for (const c of f.changes ?? []) out.push({ displayName: c.attribute, oldValue: shown(c.old), newValue: shown(c.new) });
    if (f.action === 'add-member') added.push(refId(f.member, ids));
    if (f.action === 'remove-member') removed.push(refId(f.member, ids));
    if (f.action === 'set-manager') out.push({ displayName: 'manager', oldValue: null, newValue: refId(f.manager, ids) || null });
    if (f.action === 'remove-manager') out.push({ displayName: 'manager', oldValue: null, newValue: null });
  }
  if (added.length > 0 || removed.length > 0) out.push({ displayName: 'members', oldValue: removed.length > 0 ? removed.join(', ') : null, newValue: added.length > 0 ? added.join(', ') : null });
  return out;
}

const VERB: Record<Action, [string, string, string]> = {
  create: ['Add', 'created', 'create'],
  update: ['Update', 'updated', 'update'],
  disable: ['Update', 'disabled', 'disable'],
  delete: ['Delete', 'deleted', 'delete'],
  stagedDelete: ['Delete', 'deleted', 'delete'],
  other: ['Skip', 'skipped', 'skip'],
};

function toRecord(o: ObjectTrace, ctx: CycleContext, guardMessage: string | undefined, ids: CloudIds): ProvisioningObjectSummary {
  const ops = [...o.ops.values()].sort((a, b) => a.fields.op - b.fields.op);
  const type = o.kind === 'group' ? 'Group' : 'User';
  const sourceId = anchorToGuid(o.anchor) ?? '';
  const targetId = o.cloudId ?? '';
  const applied = ops.filter((x) => x.result !== undefined);
  const unanswered = ops.filter((x) => x.result === undefined && x.intent !== undefined);
  const failed = applied.find((x) => x.result!.status === 'failed');
  const skipped = applied.filter((x) => x.result!.status === 'skipped');

  let action = actionOf(new Set(ops.map((x) => x.fields.action)));
  let status: ProvisioningStepStatus;
  if (applied.length === 0 && unanswered.length === 0) {
    action = ctx.staged && (action === 'delete' || action === 'disable') ? 'stagedDelete' : 'other';
    status = 'skipped';
  } else if (failed) status = 'failure';
  else if (skipped.length === applied.length && unanswered.length === 0) status = 'skipped';
  else if (skipped.length > 0 || unanswered.length > 0 || applied.length < ops.length) status = 'warning';
  else status = 'success';

  const times = ops.flatMap((x) => [x.planned, x.intent, x.result?.time]).filter((t): t is string => t !== undefined);
  const resultTimes = applied.map((x) => x.result!.time).sort();
  const activityDateTime = resultTimes.at(-1) ?? [...times].sort().at(-1) ?? new Date(0).toISOString();
  const intents = ops.map((x) => x.intent).filter((t): t is string => t !== undefined).sort();
  const duration = intents.length > 0 && resultTimes.length > 0 ? Math.max(0, Date.parse(resultTimes.at(-1)!) - Date.parse(intents[0]!)) : 0;

  const [change, done, verb] = VERB[action];
  const adopt = ops.find((x) => x.fields.action === 'adopt')?.fields;
  const importChange = action === 'create' ? 'Add' : action === 'update' || action === 'other' ? 'Update' : 'Delete';
  const steps: ProvisioningStep[] = [
    { name: `EntryImport${importChange}`, provisioningStepType: 'import', status: 'success', description: `Received ${type} '${sourceId}' change of type (${importChange}) from Active Directory`, details: {} },
    {
      name: 'EntrySynchronizationScoping',
      provisioningStepType: 'scoping',
      status: 'success',
      description: importChange === 'Delete' ? `${type} '${sourceId}' is no longer in scope (deleted in Active Directory or moved out of scope)` : `Determined that ${type} '${sourceId}' is in scope`,
      details: {},
    },
    {
      name: 'EntryImport',
      provisioningStepType: 'matching',
      status: 'success',
      description:
        adopt !== undefined
          ? `Matched ${type} '${sourceId}' to the Entra ID ${type} '${adopt.cloudId ?? targetId}' on ${adopt.matchedOn ?? 'a matching attribute'}`
          : ops.some((x) => x.fields.action === 'create')
            ? `No matching ${type} was found in Entra ID`
            : `Retrieved ${type} '${targetId}' from Entra ID`,
      details: {},
    },
  ];
  if (action === 'other' || action === 'stagedDelete') {
    steps.push({
      name: 'EntrySynchronizationSkip',
      provisioningStepType: 'export',
      status: 'skipped',
      description:
        action === 'stagedDelete'
          ? `The delete of ${type} '${targetId || sourceId}' is staged: ${guardMessage ?? 'the accidental-deletions threshold was reached'}. Restart the job with ForceDeletes to apply it.`
          : `${type} '${sourceId}' was not exported in this cycle: the change was planned but not applied`,
      details: {},
    });
  } else {
    steps.push({ name: `EntrySynchronization${change}`, provisioningStepType: 'processing', status: 'success', description: `${type} '${sourceId}' will be ${done} in Entra ID`, details: {} });
    const exportStatus: ProvisioningStepStatus = status;
    const failure = failed?.result;
    steps.push({
      name: `EntryExport${change}`,
      provisioningStepType: 'export',
      status: exportStatus,
      description:
        failure !== undefined
          ? `Failed to ${verb} ${type} '${targetId || sourceId}' in Entra ID: ${failure.error?.message ?? 'no answer'}`
          : status === 'skipped'
            ? `${type} '${targetId || sourceId}' was not exported: ${skipped[0]?.result?.note ?? 'nothing to send'}`
            : `${type} '${targetId}' was ${done} in Entra ID${status === 'warning' ? ` (some changes were not applied: ${skipped[0]?.result?.note ?? 'no answer recorded'})` : ''}`,
      details: { ReportableIdentifier: targetId || sourceId },
    });
  }

  const key = o.anchor ?? o.cloudId ?? o.dn ?? String(o.first);
  const failure = failed?.result;
  return {
    id: derivedId(ctx.cycleId, key, 'id'),
    activityDateTime,
    changeId: derivedId(ctx.cycleId, key, 'change'),
    cycleId: ctx.cycleId,
    jobId: ctx.jobId,
    durationInMilliseconds: duration,
    initiatedBy: ctx.initiatedBy ?? PROVISIONING_SERVICE,
    modifiedProperties: modifiedProperties(ops, ids),
    provisioningAction: action,
    provisioningStatusInfo: {
      status,
      errorInformation:
        failure !== undefined
          ? toErrorInformation({ message: failure.error?.message ?? 'no answer', ...(failure.httpStatus !== undefined ? { httpStatus: failure.httpStatus } : {}), ...(failure.error?.code !== undefined ? { code: failure.error.code } : {}), ...(failure.requestId ? { requestId: failure.requestId } : {}) })
          : null,
    },
    provisioningSteps: steps,
    servicePrincipal: { id: ctx.servicePrincipal.id, displayName: ctx.servicePrincipal.displayName },
    sourceIdentity: { id: sourceId, displayName: '', identityType: type, details: {} },
    targetIdentity: { id: targetId, displayName: '', identityType: type, details: {} },
    sourceSystem: { id: '', displayName: 'Active Directory', details: { Domain: ctx.domain } },
    targetSystem: { id: '', displayName: 'Entra ID', details: { ServicePrincipalId: ctx.servicePrincipal.id, ServicePrincipalDisplayName: ctx.servicePrincipal.displayName } },
    tenantId: ctx.tenantId,
  };
}

export function recordsFromJournal(events: readonly JournalEvent[], ctx: CycleContext): ProvisioningObjectSummary[] {
  const guard = events.find((e) => e.type === 'guard' && e.blocking && !e.forced);
  const guardMessage = guard?.type === 'guard' ? guard.message : undefined;
  const objects = collect(events);
  const ids = new Map<string, string>();
  for (const o of objects) if (o.anchor !== undefined && o.cloudId !== undefined) ids.set(o.anchor, o.cloudId);
  return objects.map((o) => toRecord(o, ctx, guardMessage, ids));
}
