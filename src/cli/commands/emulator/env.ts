import type { EmulatorInfo } from '../../../emulator/index.js';

/** The shells `--print-env` and `--write-env` write for. */
export const ENV_FORMATS = ['sh', 'pwsh', 'dotenv'] as const;
export type EnvFormat = (typeof ENV_FORMATS)[number];

/** The variables that point cloudsync (or any msal-node / Graph client) at the emulator, in order. */
export function emulatorVariables(info: EmulatorInfo): [string, string][] {
  return [
    ['NODE_EXTRA_CA_CERTS', info.caCertFile],
    ['AZURE_AUTHORITY_HOST', info.authorityHost],
    ['CLOUDSYNC_GRAPH_ENDPOINT', info.graphEndpoint],
    ['AZURE_TENANT_ID', info.tenantId],
    ['AZURE_CLIENT_ID', info.clientId],
    ['AZURE_CLIENT_SECRET', info.clientSecret],
  ];
}

/** POSIX sh: single quotes, a `'` as `'\''`. */
export const shQuote = (v: string): string => `'${v.replaceAll("'", `'\\''`)}'`;
/** PowerShell: single quotes (no expansion), a `'` doubled. */
export const pwshQuote = (v: string): string => `'${v.replaceAll("'", "''")}'`;
/** dotenv: single quotes (taken literally) unless the value holds one; then double quotes with `\` and `"` escaped. */
export const dotenvQuote = (v: string): string =>
  v.includes("'") || v.includes('\n') ? `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"` : `'${v}'`;

/** The lines that set the variables in `format`, one per variable, each ending in a newline. */
export function renderEnv(info: EmulatorInfo, format: EnvFormat): string {
  return emulatorVariables(info)
    .map(([name, value]) => {
      if (format === 'sh') return `export ${name}=${shQuote(value)}\n`;
      if (format === 'pwsh') return `$env:${name} = ${pwshQuote(value)}\n`;
      return `${name}=${dotenvQuote(value)}\n`;
    })
    .join('');
}

/** The format for `--write-env F` without `--print-env`: by F's extension (.ps1 pwsh, .env dotenv), else sh. */
export function writeEnvFormat(file: string): EnvFormat {
  const lower = file.toLowerCase();
  if (lower.endsWith('.ps1')) return 'pwsh';
  return lower.endsWith('.env') ? 'dotenv' : 'sh';
}
