/**
 * `cloudsync job list|status|schedule|start|pause|restart|service-account`: Microsoft's cloud
 * sync jobs over Graph /beta, as the AADCloudSyncTools module does it (docs/job.md).
 */
import type { EntraClient } from '../../directory/entra/client.js';
import type { CloudSyncJobRef } from '../../cloud-sync/discovery.js';
import { CloudsyncError } from '../../errors.js';
import type { Context } from '../context.js';
import { entraSettingsFor, openEntra, type EntraCliFlags } from '../entra.js';
import { EXIT } from '../output/exit-codes.js';
import { jsonLine } from '../output/format.js';
import { toCsv } from '../output/csv.js';
import { renderJobList, renderSchedule, renderStatus, renderServiceAccounts, tableWidth } from '../output/job.js';
import { confirm } from '../prompt.js';

export interface JobFlags extends EntraCliFlags {
  job?: string;
  yes?: boolean;
}

export async function openGraph(ctx: Context, flags: EntraCliFlags): Promise<EntraClient> {
  const settings = await entraSettingsFor(ctx, flags);
  if (settings === undefined) {
    throw new CloudsyncError('config', 'no tenant configured: set AZURE_TENANT_ID and AZURE_CLIENT_ID (or --tenant-id/--client-id), see docs/authentication.md');
  }
  return openEntra(ctx, settings);
}

/** The Graph client and the job --job names (or the only provisioning job). */
export async function openJob(ctx: Context, flags: JobFlags): Promise<{ graph: EntraClient; ref: CloudSyncJobRef }> {
  const graph = await openGraph(ctx, flags);
  const { findJob } = await import('../../cloud-sync/discovery.js');
  return { graph, ref: await findJob(graph, flags.job) };
}

/**
 * A "yes" for a change: --yes, or the answer on a terminal. Without either nothing is sent: one
 * warning, and the caller exits 4 (pending, like `graph` and sync without --apply). 'no' when
 * declined at the terminal (the caller says what was not done).
 */
export async function confirmChange(ctx: Context, flags: { yes?: boolean }, question: string, why: string): Promise<'yes' | 'no' | 'unconfirmed'> {
  if (flags.yes === true) return 'yes';
  if (!(ctx.io.stdinIsTty && ctx.io.stderrIsTty)) {
    ctx.warn(`not sent: ${why} needs --yes (no terminal to confirm on)`);
    return 'unconfirmed';
  }
  return (await confirm(question)) ? 'yes' : 'no';
}

export async function runJobList(ctx: Context, flags: JobFlags): Promise<number> {
  const graph = await openGraph(ctx, flags);
  const { cloudSyncConfigurations, allJobs } = await import('../../cloud-sync/discovery.js');
  const { listRow } = await import('../../cloud-sync/status.js');
  const configs = await cloudSyncConfigurations(graph);
  const rows = allJobs(configs).map(listRow);
  if (ctx.format === 'json') ctx.io.out(jsonLine({ configurations: configs.map((c) => ({ servicePrincipal: c.servicePrincipal, jobs: c.jobs.map((j) => j.id) })), jobs: rows }, true));
  else if (ctx.format === 'ndjson') for (const r of rows) ctx.io.out(jsonLine(r));
  else if (ctx.format === 'csv')
    ctx.io.out(
      toCsv(
        ['DOMAIN', 'TEMPLATE', 'JOB_ID', 'STATUS', 'INTERVAL_MINUTES', 'SCHEDULE', 'LAST_RUN_END', 'LAST_RUN_STATE', 'IMPORTED', 'EXPORTED', 'ESCROWED', 'QUARANTINE'],
        rows.map((r) => [r.domain, r.template, r.jobId, r.code, r.intervalMinutes === null ? '' : String(r.intervalMinutes), r.scheduleState, r.lastRun?.timeEnded ?? '', r.lastRun?.state ?? '', String(r.lastRun?.imported ?? ''), String(r.lastRun?.exported ?? ''), String(r.lastRun?.escrowed ?? ''), r.quarantined ? (r.quarantineReason ?? 'yes') : 'no']),
      ),
    );
  else {
    if (configs.length === 0) ctx.info('no cloud sync configuration in this tenant');
    else ctx.io.out(renderJobList(rows, { paint: ctx.paint, ...tableWidth(ctx) }));
    const empty = configs.filter((c) => c.jobs.length === 0);
    for (const c of empty) ctx.warn(`configuration ${c.servicePrincipal.displayName} (${c.servicePrincipal.id}) has no job`);
  }
  return EXIT.ok;
}

export async function runJobStatus(ctx: Context, flags: JobFlags): Promise<number> {
  const { ref } = await openJob(ctx, flags);
  return showStatus(ctx, ref);
}

async function showStatus(ctx: Context, ref: CloudSyncJobRef): Promise<number> {
  const { statusView } = await import('../../cloud-sync/status.js');
  const view = statusView(ref);
  if (ctx.format === 'json' || ctx.format === 'ndjson') ctx.io.out(jsonLine(view, ctx.format === 'json'));
  else if (ctx.format === 'csv') ctx.io.out(toCsv(['FIELD', 'VALUE'], flatten(view)));
  else ctx.io.out(renderStatus(view, { paint: ctx.paint }));
  return view.health === 'ok' ? EXIT.ok : EXIT.findings;
}

export async function runJobSchedule(ctx: Context, flags: JobFlags): Promise<number> {
  const { ref } = await openJob(ctx, flags);
  const { scheduleView } = await import('../../cloud-sync/status.js');
  const view = { job: ref.name, jobId: ref.job.id, ...scheduleView(ref.job.schedule) };
  if (ctx.format === 'json' || ctx.format === 'ndjson') ctx.io.out(jsonLine(view, ctx.format === 'json'));
  else if (ctx.format === 'csv') ctx.io.out(toCsv(['JOB', 'JOB_ID', 'INTERVAL', 'INTERVAL_MINUTES', 'STATE', 'EXPIRATION'], [[view.job, view.jobId, view.interval, view.intervalMinutes === null ? '' : String(view.intervalMinutes), view.state, view.expiration ?? '']]));
  else ctx.io.out(renderSchedule(view));
  return EXIT.ok;
}

export async function runJobControl(ctx: Context, flags: JobFlags & { reset?: string[] }, action: 'start' | 'pause' | 'restart'): Promise<number> {
  const control = await import('../../cloud-sync/control.js');
  // Parse --reset before signing in: a typo is a usage error, nothing is sent.
  const reset = action === 'restart' ? control.parseResetScope(flags.reset) : undefined;
  const { graph, ref } = await openJob(ctx, flags);
  if (reset !== undefined && reset.destructive) {
    const what = reset.scopes.includes('ForceDeletes')
      ? 'lets the staged deletes through'
      : reset.scopes.includes('Full')
        ? 'forgets what the job has synchronised and reads everything again (a full cycle)'
        : 'forgets the watermark: the next cycle reads everything again';
    const answer = await confirmChange(ctx, flags, `Restart ${ref.name} with reset ${reset.resetScope}? It ${what}.`, `restart --reset ${reset.resetScope} (it ${what})`);
    if (answer !== 'yes') {
      if (answer === 'no') ctx.info('not restarted');
      return EXIT.findings;
    }
  }
  if (action === 'start') await control.startJob(graph, ref);
  else if (action === 'pause') await control.pauseJob(graph, ref);
  else await control.restartJob(graph, ref, reset!);
  ctx.info(`${action === 'start' ? 'started' : action === 'pause' ? 'paused' : `restarted (${reset!.resetScope})`}: ${ref.name} (${ref.job.id})`);
  const fresh = await control.refreshJob(graph, ref);
  await showStatus(ctx, fresh);
  // The action was done: its exit code does not depend on the job's health (status shows that).
  return EXIT.ok;
}

export async function runJobServiceAccount(ctx: Context, flags: JobFlags): Promise<number> {
  const graph = await openGraph(ctx, flags);
  const filter = encodeURIComponent("startswith(userPrincipalName,'ADToAADSyncServiceAccount@')");
  const users: Array<Record<string, unknown>> = [];
  for await (const u of graph.pages<Record<string, unknown>>(`/beta/users?$filter=${filter}&$select=id,userPrincipalName,displayName,accountEnabled,createdDateTime`)) users.push(u);
  if (ctx.format === 'json' || ctx.format === 'ndjson') ctx.io.out(jsonLine(users, ctx.format === 'json'));
  else if (ctx.format === 'csv') ctx.io.out(toCsv(['ID', 'USER_PRINCIPAL_NAME', 'DISPLAY_NAME', 'ENABLED', 'CREATED'], users.map((u) => [String(u.id ?? ''), String(u.userPrincipalName ?? ''), String(u.displayName ?? ''), String(u.accountEnabled ?? ''), String(u.createdDateTime ?? '')])));
  else if (users.length === 0) ctx.info('no cloud sync service account (ADToAADSyncServiceAccount@…) in this tenant');
  else ctx.io.out(renderServiceAccounts(users, { paint: ctx.paint, ...tableWidth(ctx) }));
  return EXIT.ok;
}

/** Nested data as FIELD,VALUE rows for CSV. */
export function flatten(v: unknown, prefix = ''): string[][] {
  if (v === null || v === undefined) return [[prefix, '']];
  if (Array.isArray(v)) return v.length === 0 ? [[prefix, '']] : v.flatMap((x, i) => flatten(x, `${prefix}[${i}]`));
  if (typeof v === 'object') return Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => flatten(x, prefix === '' ? k : `${prefix}.${k}`));
  return [[prefix, String(v)]];
}
