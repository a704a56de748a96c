/**
 * `cloudsync job provision <DN>… [--member DN…]`: provision on demand through the real cloud
 * sync service, shown step by step (docs/job.md). The object type comes from AD (or the LDIF)
 * when one is configured, else from --type.
 */
import type { ProvisionObjectType, ProvisionResult } from '../../cloud-sync/provision.js';
import { CloudsyncError } from '../../errors.js';
import type { Context } from '../context.js';
import { EXIT } from '../output/exit-codes.js';
import { jsonLine } from '../output/format.js';
import { toCsv } from '../output/csv.js';
import { renderProvisionResult } from '../output/job-provision.js';
import { tableWidth } from '../output/job.js';
import { openSource, type ConnectionFlags } from '../source.js';
import { openJob, type JobFlags } from './job.js';

export interface ProvisionFlags extends JobFlags, ConnectionFlags {
  member?: string[];
  type?: string;
  rule?: string;
}

function adConfigured(ctx: Context, flags: ConnectionFlags): boolean {
  return flags.from !== undefined || (flags.url?.length ?? 0) > 0 || (ctx.io.env.CLOUDSYNC_LDAP_URL ?? '') !== '' || ctx.config.ldap?.url !== undefined;
}

function parseType(v: string): ProvisionObjectType {
  const t = v.trim().toLowerCase();
  if (t === 'user' || t === 'group') return t;
  throw new CloudsyncError('usage', `unknown --type "${v}": use user or group`);
}

/** user/group per DN: --type, else the object class read from AD. */
async function objectTypes(ctx: Context, flags: ProvisionFlags, dns: readonly string[]): Promise<ProvisionObjectType[]> {
  if (flags.type !== undefined) return dns.map(() => parseType(flags.type!));
  if (!adConfigured(ctx, flags)) {
    throw new CloudsyncError('usage', 'cannot tell whether the object is a user or a group: give --type user|group, or an AD connection (--url, CLOUDSYNC_LDAP_URL) or --from FILE.ldif to read its object class');
  }
  const { objectTypeFromClasses } = await import('../../cloud-sync/provision.js');
  const source = await openSource(ctx, flags);
  try {
    const out: ProvisionObjectType[] = [];
    for (const dn of dns) {
      const o = await source.get(dn, ['objectClass']);
      if (o === undefined) throw new CloudsyncError('not-found', `${dn} does not exist in ${source.description}`);
      out.push(objectTypeFromClasses(o.objectClass, dn));
    }
    return out;
  } finally {
    await source.close();
  }
}

export async function runJobProvision(ctx: Context, flags: ProvisionFlags, dns: string[]): Promise<number> {
  const p = await import('../../cloud-sync/provision.js');
  const { parseDn } = await import('../../directory/dn.js');
  const members = flags.member ?? [];
  for (const dn of [...dns, ...members]) parseDn(dn);
  if (members.length > 0 && dns.length > 1) throw new CloudsyncError('usage', '--member goes with one group: give a single group DN');
  if (members.length > p.MAX_GROUP_MEMBERS) throw new CloudsyncError('usage', `a group can be provisioned on demand with at most ${p.MAX_GROUP_MEMBERS} members (${members.length} given)`);
  const types = await objectTypes(ctx, flags, dns);
  const { graph, ref } = await openJob(ctx, flags);
  const { getSchema } = await import('../../cloud-sync/schema.js');
  const rule = p.pickRule(await getSchema(graph, ref), flags.rule);
  const { provisionOnDemandLimiter } = await import('../../cloud-sync/rate-limit.js');
  const limiter = provisionOnDemandLimiter();

  const results: Array<{ dn: string; objectType: ProvisionObjectType; result: ProvisionResult }> = [];
  for (const [i, dn] of dns.entries()) {
    const request = p.provisionRequest(rule.id, dn, types[i]!, members);
    if (dns.length > 1) ctx.info(`provisioning ${dn} (${i + 1}/${dns.length})`);
    const result = await p.provisionOnDemand(graph, ref, request, limiter);
    results.push({ dn, objectType: types[i]!, result });
    if (ctx.format === 'ndjson') ctx.io.out(jsonLine({ dn, ...result }));
  }

  if (ctx.format === 'json') ctx.io.out(jsonLine(results.length === 1 ? results[0]!.result : results.map((r) => ({ dn: r.dn, ...r.result })), true));
  else if (ctx.format === 'csv') {
    ctx.io.out(
      toCsv(
        ['DN', 'RESULT', 'STEP', 'TYPE', 'STATUS', 'DESCRIPTION'],
        results.flatMap((r) => r.result.provisioningSteps.map((s) => [r.dn, r.result.result, s.name, s.type, s.status, s.description])),
      ),
    );
  } else if (ctx.format === 'table') {
    ctx.io.out(results.map((r) => renderProvisionResult(r.result, { dn: r.dn, objectType: r.objectType, rule: `${rule.name} (${rule.id})`, paint: ctx.paint, ...tableWidth(ctx) })).join('\n'));
  }
  // Skipped is an answer (already in sync, out of scope): the steps say why. Only failures fail.
  return results.some((r) => p.provisionFailed(r.result)) ? EXIT.runtime : EXIT.ok;
}
