import type { Command } from 'commander';
import type { EntraSettings } from '../config/entra.js';
import type { EntraClient } from '../directory/entra/index.js';
import { CloudsyncError } from '../errors.js';
import type { Context } from './context.js';
import { startProgress, type Progress } from './progress.js';

/** Flags every command that talks to Entra ID shares (docs/authentication.md). */
export function addEntraOptions(cmd: Command): Command {
  return cmd
    .option('--tenant-id <id>', 'tenant id or primary domain [env AZURE_TENANT_ID]')
    .option('--client-id <id>', 'application (client) id [env AZURE_CLIENT_ID]')
    .option('--auth-method <method>', 'secret, certificate, federated, github-oidc, azure-devops-oidc, managed-identity or device-code (default: chosen from the environment)')
    .option('--certificate <file>', 'PEM with the certificate and its private key [env AZURE_CLIENT_CERTIFICATE_PATH]')
    .option('--graph-endpoint <url>', 'Microsoft Graph endpoint (national clouds, the emulator) [env CLOUDSYNC_GRAPH_ENDPOINT]')
    .option('--authority-host <url>', 'sign-in authority [env AZURE_AUTHORITY_HOST]');
}

export interface EntraCliFlags {
  tenantId?: string;
  clientId?: string;
  authMethod?: string;
  certificate?: string;
  graphEndpoint?: string;
  authorityHost?: string;
}

/** The Entra settings the flags, environment and config give, or undefined when no tenant is configured. */
export async function entraSettingsFor(ctx: Context, flags: EntraCliFlags): Promise<EntraSettings | undefined> {
  const { resolveEntraSettings } = await import('../config/entra.js');
  return resolveEntraSettings(
    {
      ...(flags.tenantId !== undefined ? { tenantId: flags.tenantId } : {}),
      ...(flags.clientId !== undefined ? { clientId: flags.clientId } : {}),
      ...(flags.authMethod !== undefined ? { authMethod: flags.authMethod } : {}),
      ...(flags.certificate !== undefined ? { certificatePath: flags.certificate } : {}),
      ...(flags.graphEndpoint !== undefined ? { graphEndpoint: flags.graphEndpoint } : {}),
      ...(flags.authorityHost !== undefined ? { authorityHost: flags.authorityHost } : {}),
    },
    ctx.io.env,
    ctx.config.entra,
    ctx.io.cwd,
  );
}

/** Opens the Graph client; device code only on a terminal (the code is shown on stderr). */
export async function openEntra(ctx: Context, settings: EntraSettings): Promise<EntraClient> {
  if (settings.method === 'device-code' && !(ctx.io.stdinIsTty && ctx.io.stderrIsTty)) {
    throw new CloudsyncError(
      'config',
      'no Entra credentials for a non-interactive run: set AZURE_CLIENT_ID with AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH or AZURE_FEDERATED_TOKEN_FILE (docs/authentication.md)',
    );
  }
  const { EntraClient } = await import('../directory/entra/index.js');
  let waiting: Promise<Progress> | undefined;
  const client = await EntraClient.create(
    settings,
    {
      // Shown once; then one spinner line (none when stderr is not a terminal) until sign-in ends.
      onDeviceCode: (m) => {
        ctx.info(m);
        waiting ??= startProgress(ctx, 'Waiting for the sign-in in the browser (Ctrl-C to stop)');
      },
      onWarning: (m) => ctx.warn(m),
    },
    ctx.io.fetch !== undefined ? { fetch: ctx.io.fetch } : {},
  );
  if (settings.method === 'device-code') {
    // Sign in now, before any spinner of the command: the code is read on a quiet screen, and the
    // wait is its own step (Ctrl-C and SIGTERM stop it at once; an expired code is one error line).
    try {
      await client.token();
    } finally {
      if (waiting !== undefined) (await waiting).stop();
    }
  }
  return client;
}
