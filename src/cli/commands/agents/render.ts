import type { AgentsReport, AgentView } from '../../../tenant/agents.js';
import { emit, type Column, type EmitOptions } from '../../output/emit.js';
import { renderTable } from '../../output/table.js';

const CSV: readonly Column<AgentView>[] = [
  { header: 'ID', cell: (a) => a.id },
  { header: 'STATUS', cell: (a) => a.status },
  { header: 'MACHINE', cell: (a) => a.machineName },
  { header: 'EXTERNAL_IP', cell: (a) => a.externalIp },
  { header: 'VERSION', cell: (a) => a.version ?? '' },
  { header: 'AGENT_GROUPS', cell: (a) => a.agentGroups.map((g) => g.displayName).join('; ') },
  { header: 'DOMAINS', cell: (a) => a.domains.join('; ') },
];

/**
 * `cloudsync agents` output. JSON: {agents, domains, warnings}; NDJSON: one line per agent;
 * CSV: one row per agent; table: agents, then domains. Warnings go to stderr in table, CSV and
 * NDJSON mode (the command prints them), inside the document in JSON mode.
 */
export function renderAgents(r: AgentsReport, o: EmitOptions): string {
  return emit({ rows: r.agents, json: r, csv: CSV, table: () => agentsTable(r, o) }, o);
}

function agentsTable(r: AgentsReport, o: EmitOptions): string {
  if (r.agents.length === 0) return 'no provisioning agents\n';
  const p = o.paint;
  const status = (s: string): string => (s.toLowerCase() === 'active' ? p.green(s) : p.yellow(s));
  const t = { color: p.enabled, ...(o.width !== undefined ? { width: o.width } : {}) };
  let out = renderTable(
    ['Status', 'Machine', 'External IP', 'Version', 'Agent groups', 'Domains', 'Id'],
    r.agents.map((a) => [status(a.status), a.machineName, a.externalIp, a.version ?? '', a.agentGroups.map((g) => g.displayName).join(', '), a.domains.join(', '), a.id]),
    { ...t, weights: [1, 2, 2, 1, 2, 2, 3] },
  );
  if (r.domains.length > 0) {
    out += '\n' + renderTable(
      ['Domain', 'Active agents', 'Agents', 'Agent groups'],
      r.domains.map((d) => [d.domain, d.activeAgents < 2 ? p.yellow(String(d.activeAgents)) : String(d.activeAgents), d.agents, d.agentGroups.join(', ')]),
      { ...t, weights: [3, 1, 1, 3] },
    );
  }
  return out;
}
