import { checkAd } from '../../../doctor/ad.js';
import { checkEntra } from '../../../doctor/entra.js';
import { checkAgentEndpoints } from '../../../doctor/network.js';
import { AGENTS_APP_UNSUPPORTED } from '../../../tenant/agents.js';
import type { CheckResult } from '../../../doctor/types.js';
import type { Context } from '../../context.js';
import { entraSettingsFor, openEntra } from '../../entra.js';
import { emitOptions } from '../../output/emit.js';
import { EXIT } from '../../output/exit-codes.js';
import { ldapSettingsFor } from '../../source.js';
import { doctorOptions, type DoctorFlags } from './options.js';
import { checkLine, countChecks, renderDoctor } from './render.js';

const PUBLIC_AUTHORITY = /^https:\/\/login\.microsoftonline\.com\/?$/i;

export async function runDoctor(ctx: Context, flags: DoctorFlags): Promise<number> {
  const o = await doctorOptions(ctx, flags);
  const results: CheckResult[] = [];
  const live = ctx.format === 'table';
  const add = (r: CheckResult) => {
    results.push(r);
    if (live) ctx.io.out(checkLine(r, ctx.paint));
  };

  if (o.ad && o.ldapConfigured) {
    const settings = await ldapSettingsFor(ctx, o);
    for await (const r of checkAd(settings)) add(r);
  } else {
    add({ target: 'ad', check: 'configuration', status: 'skip', detail: !o.ad ? 'skipped (--no-ad)' : 'no LDAP URL configured (--url, CLOUDSYNC_LDAP_URL)' });
  }

  const entra = !o.entra ? undefined : await entraSettingsFor(ctx, o);
  if (entra) {
    for await (const r of checkEntra(() => openEntra(ctx, entra) as never, undefined, ctx.io.fetch, { extensionAppId: ctx.config.entra?.extensionAppId })) add(r);
    // No application permission can make `cloudsync agents` work: Microsoft documents its API for delegated sign-in only.
    if (entra.method !== 'device-code') add({ target: 'entra', check: 'permissions: agents', status: 'skip', detail: AGENTS_APP_UNSUPPORTED });
  } else {
    add({ target: 'entra', check: 'configuration', status: 'skip', detail: !o.entra ? 'skipped (--no-entra)' : 'no tenant configured (AZURE_TENANT_ID, --tenant-id)' });
  }

  // The agent's endpoints are Microsoft's public cloud: probe them only where that is the cloud in use.
  const publicCloud = entra !== undefined && PUBLIC_AUTHORITY.test(entra.authorityHost);
  if (o.agentEndpoints === true || (o.agentEndpoints !== false && publicCloud)) {
    for await (const r of checkAgentEndpoints()) add(r);
  } else {
    add({ target: 'network', check: 'cloud sync agent endpoints', status: 'skip',
      detail: entra ? `skipped: the authority ${entra.authorityHost} is not Microsoft's public cloud (--agent-endpoints to probe anyway)` : 'skipped (--agent-endpoints to probe)' });
  }

  ctx.io.out(renderDoctor(results, emitOptions(ctx)));
  const counts = countChecks(results);
  if (counts.skip === results.length) {
    // Every check skipped: a pipeline's doctor step must not pass on nothing (docs/doctor.md).
    ctx.io.err('cloudsync: error: doctor checked nothing: configure AD (--url, CLOUDSYNC_LDAP_URL) or Entra ID (AZURE_TENANT_ID, --tenant-id), or pass --agent-endpoints\n');
    return EXIT.usage;
  }
  return counts.fail > 0 ? EXIT.runtime : EXIT.ok;
}
