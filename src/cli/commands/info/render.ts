import type { TenantInfoReport } from '../../../tenant/info.js';
import { toCsv } from '../../output/csv.js';
import { emit, type EmitOptions } from '../../output/emit.js';
import type { Paint } from '../../output/paint.js';
import { COMPACT_BELOW, renderTable } from '../../output/table.js';
import { wrapCell } from '../../output/wrap.js';
import { localTime, utcOffset } from '../../output/time.js';

/** What `cloudsync info` shows: the tenant report plus the local facts the CLI adds. */
export interface InfoView extends TenantInfoReport {
  cloudsync: { version: string; configFile: string | null; stateDir: string };
}

/** JSON (one line in NDJSON); CSV: PROPERTY,VALUE with ISO 8601 UTC times; table: the facts, then each command's permissions. */
export function renderInfo(v: InfoView, o: EmitOptions): string {
  return emit({ rows: [v], json: v, csv: () => toCsv(['PROPERTY', 'VALUE'], facts(v, false)), table: () => infoTable(v, o) }, o);
}

function infoTable(v: InfoView, o: EmitOptions): string {
  const p = o.paint;
  const width = o.width !== undefined ? { width: o.width } : {};
  // A narrow terminal gets "property: value" lines instead of a two-column box.
  let out =
    o.width !== undefined && o.width < COMPACT_BELOW
      ? facts(v).map(([k, val]) => keyValue(k, val, o.width!, p)).join('')
      : renderTable(['Property', 'Value'], facts(v), { color: p.enabled, ...width });
  out += '\n' + renderTable(
    ['Command', 'Permissions', 'Missing (grant one of each)'],
    v.commands.map((c) => [
      c.command,
      c.note !== undefined ? p.yellow('see note') : c.ok ? p.green('sufficient') : p.yellow('missing'),
      [...c.missing.map((m) => `${m.what}: ${m.anyOf.join(' or ')}`), ...(c.note !== undefined ? [`note: ${c.note}`] : [])].join('\n'),
    ]),
    { color: p.enabled, ...width },
  );
  return out;
}

/** "key: value" wrapped on words to `width`, later lines indented two spaces; the key in bold after wrapping. */
function keyValue(key: string, value: string, width: number, p: Paint): string {
  const [first = '', ...rest] = wrapCell(`${key}: ${value}`, width - 2).split('\n');
  return [`${p.bold(`${key}:`)}${first.slice(key.length + 1)}`, ...rest.map((l) => `  ${l}`)].join('\n') + '\n';
}

/** `human`: the table (local time); CSV keeps ISO 8601 UTC, as JSON. */
function facts(v: InfoView, human = true): Array<[string, string]> {
  const domains = v.domainsError !== undefined ? `unreadable: ${v.domainsError}` : v.domains.map((d) => `${d.name}${d.isDefault ? ' (default)' : ''}${d.isInitial ? ' (initial)' : ''}`).join(', ') || '(none)';
  return [
    ['tenant id', v.tenant.id ?? v.tenant.configured],
    ['tenant name', v.tenant.name ?? (v.tenant.error !== undefined ? `unreadable: ${v.tenant.error}` : '')],
    ['verified domains', domains],
    ['app (client id)', v.app.clientId ?? ''],
    ['app name', v.app.displayName ?? ''],
    ['sign-in method', v.auth.method],
    ['authority', v.auth.authorityHost],
    ['Graph endpoint', v.auth.graphEndpoint],
    ['token expires', human ? `${localTime(v.token.expiresOn)} (${utcOffset()})` : v.token.expiresOn],
    [`permissions (${v.token.type})`, v.token.permissions.join(', ') || '(none)'],
    ['cloudsync version', v.cloudsync.version],
    ['config file', v.cloudsync.configFile ?? '(none)'],
    ['state directory', v.cloudsync.stateDir],
  ];
}
