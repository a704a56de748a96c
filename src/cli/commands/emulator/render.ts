import type { RunningEmulator } from '../../../emulator/index.js';

/** stdout: exactly one JSON line, what a script needs to point cloudsync at the emulator. */
export function readyLine(emu: RunningEmulator): string {
  return `${JSON.stringify(emu.info)}\n`;
}

/** stderr: how to use it (never the client secret itself). */
export function guidance(emu: RunningEmulator, statePath: string | undefined, writeEnv?: string): string {
  const i = emu.info;
  const mi = emu.managedIdentity;
  return [
    `cloudsync emulator: tenant ${emu.state.initialDomain} (${i.tenantId}) at ${i.graphEndpoint}`,
    `  use it: NODE_EXTRA_CA_CERTS=${i.caCertFile} AZURE_AUTHORITY_HOST=${i.authorityHost} CLOUDSYNC_GRAPH_ENDPOINT=${i.graphEndpoint} AZURE_TENANT_ID=${i.tenantId} AZURE_CLIENT_ID=${i.clientId} AZURE_CLIENT_SECRET=<clientSecret> cloudsync …`,
    `  managed identity: IDENTITY_ENDPOINT=${mi.identityEndpoint} IDENTITY_HEADER=${mi.identityHeader} (or AZURE_POD_IDENTITY_AUTHORITY_HOST=${mi.imdsAuthorityHost})`,
    ...(emu.state.dir.findUser(`admin@${emu.state.initialDomain}`) ? [`  device code sign-in: ${i.authorityHost}/devicelogin as admin@${emu.state.initialDomain}, password: the client secret`] : []),
    ...(writeEnv ? [`  settings written to ${writeEnv} (removed when the emulator stops): source it in another shell`] : []),
    statePath ? `  state is kept in ${statePath}` : '  state is in memory only (use --state FILE to keep it)',
    '  stop with Ctrl+C',
  ].join('\n');
}
