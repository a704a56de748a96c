/**
 * provisionOnDemand: cloudsync's test-user pipeline for one DN (and, for a group, the members
 * named in links.members), applied as one plan, answered in Graph's shape, and logged in the
 * provisioning logs as initiated by the calling app: one record for the subject, one per member
 * that went through the pipeline.
 */
import { randomUUID } from 'node:crypto';
import type { EntraClient } from '../../directory/entra/client.js';
import type { ProvisionOnDemandSubject, StringKeyStringValuePair } from '../../directory/entra/synchronization-types.js';
import { isCloudsyncError } from '../../errors.js';
import { apply, type ApplyResult } from '../../sync/apply/apply.js';
import { toProvisioningObjectSummary, type ProvisioningObjectSummary } from '../../sync/explain/provisioning-summary.js';
import { testUser, type TestUserOptions, type TestUserResult } from '../../sync/explain/test-user.js';
import type { Action, Binding, Operation, Plan, PlanCounts } from '../../sync/types.js';
import { notFoundAnswer, pair, testUserAnswer, testUserParts } from './on-demand-answer.js';
import { memberOutcomes, resultsOf, withMembersAnswer, withMembersRecord } from './on-demand-group.js';
import { combineOperations, planNamedMembers, type NamedMember, type Owner } from './on-demand-members.js';
import type { ConfigurationRecord, JobRecord } from './model.js';
import { jobMapping, jobScope, workspace } from './pipeline.js';
import { openSyncSource } from './source.js';

export interface OnDemandDeps {
  tenantId: string;
  workDir: string;
  graphEndpoint: string;
  client: EntraClient;
  initiatedBy: { id: string; displayName: string; initiatorType: string };
  env?: NodeJS.ProcessEnv;
}

export interface OnDemandResult {
  answer: StringKeyStringValuePair;
  /** The subject's record first, then one per named member run through the pipeline. */
  records: ProvisioningObjectSummary[];
}

/** The subject's plan with the members' operations and adds, as one plan to apply. */
function combinedPlan(group: TestUserResult, members: readonly NamedMember[]): { plan: Plan; owners: Map<number, Owner> } {
  const { operations, owners } = combineOperations(group, members);
  const counts = Object.fromEntries(Object.keys(group.plan.counts).map((k) => [k, 0])) as Record<string, number>;
  for (const op of operations) counts[op.action] = (counts[op.action] ?? 0) + 1;
  const bindings = new Map<string, Binding>();
  for (const b of [group, ...members.flatMap((m) => (m.result && m.membership !== 'skipped' ? [m.result] : []))].flatMap((r) => r.plan.bindings)) bindings.set(b.anchor, b);
  const planCounts = { ...(counts as Record<Action, number>), total: operations.length, unchanged: operations.length === 0 ? 1 : 0 } as PlanCounts;
  return { plan: { ...group.plan, operations: operations as Operation[], counts: planCounts, bindings: [...bindings.values()], unbind: [], guards: [] }, owners };
}

export async function provisionOnDemand(deps: OnDemandDeps, config: ConfigurationRecord, job: JobRecord, subject: ProvisionOnDemandSubject): Promise<OnDemandResult> {
  const started = new Date();
  const dn = subject.objectId;
  if (config.source === undefined) return { answer: notFoundAnswer(dn, subject.objectTypeName, 'no source directory is connected to this configuration', started), records: [] };
  let source;
  try {
    source = await openSyncSource(config.source, deps.env);
  } catch (e) {
    return { answer: notFoundAnswer(dn, subject.objectTypeName, `the source directory cannot be read: ${(e as Error).message}`, started), records: [] };
  }
  try {
    const scope = jobScope(job);
    const ws = workspace(deps.workDir, config.servicePrincipalId, deps.tenantId);
    const state = ws.loadState();
    const opts: TestUserOptions = { source, scope, mapping: jobMapping(job), target: deps.client, state, plan: { tenant: deps.tenantId, scopeKey: ws.key, onDelete: 'delete' } };
    let result;
    try {
      result = await testUser(dn, opts);
    } catch (e) {
      if (isCloudsyncError(e) && e.kind === 'not-found') return { answer: notFoundAnswer(dn, subject.objectTypeName, 'the object was not found in the source directory', started), records: [] };
      throw e;
    }
    const named = subject.links?.members?.map((m) => m.objectId) ?? [];
    const members = named.length > 0 && subject.objectTypeName === 'group' ? await planNamedMembers(result, named, opts) : [];
    const { plan, owners } = combinedPlan(result, members);
    let applied: ApplyResult | undefined;
    if (plan.operations.length > 0) {
      const journal = ws.startRun();
      journal.start({ command: 'provision-on-demand', tenant: deps.tenantId, scopeKey: ws.key, scope, options: { dn, jobId: job.id, ...(named.length > 0 ? { members: named } : {}) } });
      journal.planned(plan);
      const writer = deps.client.batchWriter();
      try {
        applied = await apply(plan, writer, journal, { state, graphEndpoint: deps.graphEndpoint });
        await writer.close();
      } catch (e) {
        journal.end({ outcome: 'failed', message: (e as Error).message });
        throw e;
      }
      ws.saveState(applied.state);
      journal.end({ outcome: applied.outcome, counts: { ...applied.counts } });
    }
    const record = (r: TestUserResult, a: ApplyResult | undefined): ProvisioningObjectSummary => {
      const summary = toProvisioningObjectSummary(r, { tenantId: deps.tenantId, ...(a ? { applied: a } : {}), durationMs: Date.now() - started.getTime() });
      return {
        ...summary,
        jobId: job.id,
        cycleId: randomUUID(),
        initiatedBy: deps.initiatedBy,
        servicePrincipal: { id: config.servicePrincipalId, displayName: config.domain },
        sourceSystem: { ...summary.sourceSystem, details: { Domain: config.domain } },
        targetSystem: { ...summary.targetSystem, details: { ServicePrincipalId: config.servicePrincipalId, ServicePrincipalDisplayName: config.domain } },
      };
    };
    if (named.length === 0) return { answer: testUserAnswer(result, applied, started), records: [record(result, applied)] };
    const own = resultsOf(applied, owners, (o) => o.of !== 'member');
    const out = memberOutcomes(members, applied, owners);
    const { key, value } = withMembersAnswer(testUserParts(result, resultsOf(applied, owners, (o) => o.of === 'group'), started), result, out);
    const memberRecords = members.flatMap((m, index) => (m.result !== undefined ? [record(m.result, resultsOf(applied, owners, (o) => o.of === 'member' && o.index === index))] : []));
    return { answer: pair(key, value), records: [withMembersRecord(record(result, own), result, out), ...memberRecords] };
  } finally {
    await source.close();
  }
}
