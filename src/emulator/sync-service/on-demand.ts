/**
 * provisionOnDemand: cloudsync's test-user pipeline for one DN, applied, answered in Graph's
 * shape, and logged in the provisioning logs as initiated by the calling app.
 */
import { randomUUID } from 'node:crypto';
import type { EntraClient } from '../../directory/entra/client.js';
import type { ProvisionOnDemandSubject, StringKeyStringValuePair } from '../../directory/entra/synchronization-types.js';
import { isCloudsyncError } from '../../errors.js';
import { apply, type ApplyResult } from '../../sync/apply.js';
import { toProvisioningObjectSummary, type ProvisioningObjectSummary } from '../../sync/provisioning-summary.js';
import { testUser } from '../../sync/test-user.js';
import { notFoundAnswer, testUserAnswer } from './on-demand-answer.js';
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
  record?: ProvisioningObjectSummary;
}

export async function provisionOnDemand(deps: OnDemandDeps, config: ConfigurationRecord, job: JobRecord, subject: ProvisionOnDemandSubject): Promise<OnDemandResult> {
  const started = new Date();
  const dn = subject.objectId;
  if (config.source === undefined) return { answer: notFoundAnswer(dn, subject.objectTypeName, 'no source directory is connected to this configuration', started) };
  let source;
  try {
    source = await openSyncSource(config.source, deps.env);
  } catch (e) {
    return { answer: notFoundAnswer(dn, subject.objectTypeName, `the source directory cannot be read: ${(e as Error).message}`, started) };
  }
  try {
    const scope = jobScope(job);
    const ws = workspace(deps.workDir, config.servicePrincipalId, deps.tenantId);
    const state = ws.loadState();
    let result;
    try {
      result = await testUser(dn, { source, scope, mapping: jobMapping(job), target: deps.client, state, plan: { tenant: deps.tenantId, scopeKey: ws.key, onDelete: 'delete' } });
    } catch (e) {
      if (isCloudsyncError(e) && e.kind === 'not-found') return { answer: notFoundAnswer(dn, subject.objectTypeName, 'the object was not found in the source directory', started) };
      throw e;
    }
    let applied: ApplyResult | undefined;
    if (result.plan.operations.length > 0) {
      const journal = ws.startRun();
      journal.start({ command: 'provision-on-demand', tenant: deps.tenantId, scopeKey: ws.key, scope, options: { dn, jobId: job.id } });
      journal.planned(result.plan);
      const writer = deps.client.batchWriter();
      try {
        applied = await apply(result.plan, writer, journal, { state, graphEndpoint: deps.graphEndpoint });
        await writer.close();
      } catch (e) {
        journal.end({ outcome: 'failed', message: (e as Error).message });
        throw e;
      }
      ws.saveState(applied.state);
      journal.end({ outcome: applied.outcome, counts: { ...applied.counts } });
    }
    const summary = toProvisioningObjectSummary(result, { tenantId: deps.tenantId, ...(applied ? { applied } : {}), durationMs: Date.now() - started.getTime() });
    const record: ProvisioningObjectSummary = {
      ...summary,
      jobId: job.id,
      cycleId: randomUUID(),
      initiatedBy: deps.initiatedBy,
      servicePrincipal: { id: config.servicePrincipalId, displayName: config.domain },
      sourceSystem: { ...summary.sourceSystem, details: { Domain: config.domain } },
      targetSystem: { ...summary.targetSystem, details: { ServicePrincipalId: config.servicePrincipalId, ServicePrincipalDisplayName: config.domain } },
    };
    return { answer: testUserAnswer(result, applied, started), record };
  } finally {
    await source.close();
  }
}
