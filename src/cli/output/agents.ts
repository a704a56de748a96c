import type { AgentsReport } from '../../tenant/agents.js';
import { toCsv } from './csv.js';
import { jsonLine, type OutputFormat } from './format.js';
import type { Paint } from './paint.js';
import { renderTable } from './table.js';

/**
 * `cloudsync agents` output. JSON: {agents, domains, warnings}; NDJSON: one line per agent;
 * CSV: one row per agent; table: agents, then domains. Warnings go to stderr in table, CSV and
 * NDJSON mode (the command prints them), inside the document in JSON mode.
 */
export function renderAgents(r: AgentsReport, o: { format: OutputFormat; paint: Paint; width?: number }): string {
  switch (o.format) {
    case 'json':
      return jsonLine(r, true);
    case 'ndjson':
      return r.agents.map((a) => jsonLine(a)).join('');
    case 'csv':
      return toCsv(
        ['ID', 'STATUS', 'MACHINE', 'EXTERNAL_IP', 'VERSION', 'AGENT_GROUPS', 'DOMAINS'],
        r.agents.map((a) => [a.id, a.status, a.machineName, a.externalIp, a.version ?? '', a.agentGroups.map((g) => g.displayName).join('; '), a.domains.join('; ')]),
      );
    case 'table': {
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
  }
}
