/**
 * `cloudsync job provision <DN>… [--member DN…]`: provision on demand through the real cloud
 * sync service, shown step by step (docs/job.md). The object type comes from AD (or the LDIF)
 * when one is configured, else from --type.
 */
import type { ProvisionObjectType } from '../../../../cloud-sync/provision.js';
import { CloudsyncError } from '../../../../errors.js';
import type { Context } from '../../../context.js';
import { emitOptions } from '../../../output/emit.js';
import { EXIT } from '../../../output/exit-codes.js';
import { openSource } from '../../../source.js';
import { openJob } from '../open.js';
import { provisionOptions, type ProvisionFlags, type ProvisionOptions } from './options.js';
import { provisionLine, renderProvisionResults, type Provisioned } from './render.js';

/** user/group per DN: --type, else the object class read from AD. */
async function objectTypes(ctx: Context, o: ProvisionOptions): Promise<ProvisionObjectType[]> {
  if (o.type !== undefined) return o.dns.map(() => o.type!);
  if (!o.adConfigured) {
    throw new CloudsyncError('usage', 'cannot tell whether the object is a user or a group: give --type user|group, or an AD connection (--url, CLOUDSYNC_LDAP_URL) or --from FILE.ldif to read its object class');
  }
  const { objectTypeFromClasses } = await import('../../../../cloud-sync/provision.js');
  const source = await openSource(ctx, o);
  try {
    const out: ProvisionObjectType[] = [];
    for (const dn of o.dns) {
      const obj = await source.get(dn, ['objectClass']);
      if (obj === undefined) throw new CloudsyncError('not-found', `${dn} does not exist in ${source.description}`);
      out.push(objectTypeFromClasses(obj.objectClass, dn));
    }
    return out;
  } finally {
    await source.close();
  }
}

export async function runJobProvision(ctx: Context, flags: ProvisionFlags, args: string[]): Promise<number> {
  const o = await provisionOptions(ctx, flags, args);
  const p = await import('../../../../cloud-sync/provision.js');
  const types = await objectTypes(ctx, o);
  const { graph, ref } = await openJob(ctx, o);
  const { getSchema } = await import('../../../../cloud-sync/schema.js');
  const rule = p.pickRule(await getSchema(graph, ref), o.rule);
  const { provisionOnDemandLimiter } = await import('../../../../cloud-sync/rate-limit.js');
  const limiter = provisionOnDemandLimiter();

  const results: Provisioned[] = [];
  for (const [i, dn] of o.dns.entries()) {
    const request = p.provisionRequest(rule.id, dn, types[i]!, o.member);
    if (o.dns.length > 1) ctx.info(`provisioning ${dn} (${i + 1}/${o.dns.length})`);
    const result = await p.provisionOnDemand(graph, ref, request, limiter);
    results.push({ dn, objectType: types[i]!, result });
    // NDJSON streams: each object's line as soon as the service has answered.
    if (ctx.format === 'ndjson') ctx.io.out(provisionLine(results[i]!));
  }
  if (ctx.format !== 'ndjson') ctx.io.out(renderProvisionResults(results, `${rule.name} (${rule.id})`, emitOptions(ctx)));
  // Skipped is an answer (already in sync, out of scope): the steps say why. Only failures fail.
  return results.some((r) => p.provisionFailed(r.result)) ? EXIT.runtime : EXIT.ok;
}
