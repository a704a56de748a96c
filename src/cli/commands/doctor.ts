import { checkAd } from '../../doctor/ad.js';
import { checkEntra } from '../../doctor/entra.js';
import { checkAgentEndpoints } from '../../doctor/network.js';
import type { CheckResult } from '../../doctor/types.js';
import type { Context } from '../context.js';
import { entraSettingsFor, openEntra, type EntraCliFlags } from '../entra.js';
import { EXIT } from '../output/exit-codes.js';
import { toCsv } from '../output/csv.js';
import { jsonLine } from '../output/format.js';
import type { Paint } from '../output/paint.js';
import { ldapSettingsFor, type ConnectionFlags } from '../source.js';

export interface DoctorFlags extends ConnectionFlags, EntraCliFlags {
  ad?: boolean;
  entra?: boolean;
  agentEndpoints?: boolean;
}

const PUBLIC_AUTHORITY = /^https:\/\/login\.microsoftonline\.com\/?$/i;

export async function runDoctor(ctx: Context, flags: DoctorFlags): Promise<number> {
  const results: CheckResult[] = [];
  const live = ctx.format === 'table';
  const emit = (r: CheckResult) => {
    results.push(r);
    if (live) ctx.io.out(line(r, ctx.paint));
  };

  const ldapConfigured = flags.ad !== false && (flags.url !== undefined || ctx.io.env.CLOUDSYNC_LDAP_URL || ctx.config.ldap?.url);
  if (ldapConfigured) {
    const settings = await ldapSettingsFor(ctx, flags);
    for await (const r of checkAd(settings)) emit(r);
  } else {
    emit({ target: 'ad', check: 'configuration', status: 'skip', detail: flags.ad === false ? 'skipped (--no-ad)' : 'no LDAP URL configured (--url, CLOUDSYNC_LDAP_URL)' });
  }

  const entra = flags.entra === false ? undefined : await entraSettingsFor(ctx, flags);
  if (entra) {
    for await (const r of checkEntra(() => openEntra(ctx, entra) as never, undefined, ctx.io.fetch)) emit(r);
  } else {
    emit({ target: 'entra', check: 'configuration', status: 'skip', detail: flags.entra === false ? 'skipped (--no-entra)' : 'no tenant configured (AZURE_TENANT_ID, --tenant-id)' });
  }

  // The agent's endpoints are Microsoft's public cloud: probe them only where that is the cloud in use.
  const publicCloud = entra !== undefined && PUBLIC_AUTHORITY.test(entra.authorityHost);
  if (flags.agentEndpoints === true || (flags.agentEndpoints !== false && publicCloud)) {
    for await (const r of checkAgentEndpoints()) emit(r);
  } else {
    emit({ target: 'network', check: 'cloud sync agent endpoints', status: 'skip',
      detail: entra ? `skipped: the authority ${entra.authorityHost} is not Microsoft's public cloud (--agent-endpoints to probe anyway)` : 'skipped (--agent-endpoints to probe)' });
  }

  const counts = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const r of results) counts[r.status]++;
  switch (ctx.format) {
    case 'json':
      ctx.io.out(jsonLine({ ok: counts.fail === 0, counts, checks: results }, true));
      break;
    case 'ndjson':
      ctx.io.out(results.map((r) => jsonLine(r)).join(''));
      break;
    case 'csv':
      ctx.io.out(toCsv(['TARGET', 'CHECK', 'STATUS', 'DETAIL', 'FIX'], results.map((r) => [r.target, r.check, r.status, r.detail, r.fix])));
      break;
    case 'table':
      ctx.io.out(`\n${counts.pass} passed, ${counts.warn} warnings, ${counts.fail} failed, ${counts.skip} skipped\n`);
  }
  return counts.fail > 0 ? EXIT.runtime : EXIT.ok;
}

function line(r: CheckResult, p: Paint): string {
  const mark = { pass: p.green('pass'), warn: p.yellow('warn'), fail: p.red('FAIL'), skip: p.dim('skip') }[r.status];
  return `${mark}  ${r.target}  ${r.check}: ${r.detail}${r.fix ? `\n      → ${r.fix}` : ''}\n`;
}
