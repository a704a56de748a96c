import type { Command } from 'commander';
import { resolveLdapSettings, type LdapFlags, type LdapSettings } from '../config/ldap.js';
import type { DirectorySource, DirectoryWriter } from '../directory/types.js';
import { CloudsyncError } from '../errors.js';
import type { Context } from './context.js';
import { parseNumber } from './options/number.js';

/** Flags every command that reads AD shares (docs/connection.md). */
export function addConnectionOptions(cmd: Command, options: { ldif: boolean }): Command {
  if (options.ldif) cmd.option('--from <file.ldif>', 'read an LDIF export instead of a live AD (read-only)');
  return cmd
    .option('--url <url...>', 'LDAP URL(s), ldaps://host[:port]; several (or comma-separated) for failover [env CLOUDSYNC_LDAP_URL]')
    .option('--bind-dn <name>', 'bind as this UPN, DN or DOMAIN\\user [env CLOUDSYNC_LDAP_BIND_DN]')
    .option('--password-file <file>', 'read the bind password from a file [env CLOUDSYNC_LDAP_PASSWORD_FILE; or CLOUDSYNC_LDAP_PASSWORD]')
    .option('--ca-file <file>', 'PEM CA bundle that signed the DC certificate [env CLOUDSYNC_LDAP_CA_FILE]')
    .option('--start-tls', 'upgrade ldap:// with StartTLS')
    .option('--base-dn <dn>', "search base (default: the domain's defaultNamingContext) [env CLOUDSYNC_LDAP_BASE_DN]")
    .option('--insecure-skip-tls-verify', 'do not verify the DC certificate (labs only: anyone on the path can read the password)')
    .option('--allow-plaintext', 'allow a simple bind over unencrypted ldap:// (labs only)')
    .option('--timeout <seconds>', 'LDAP operation timeout in seconds (default 120)', parseSeconds);
}

const parseSeconds = (v: string): number => parseNumber(v, { flag: 'timeout', expect: 'a number of seconds above 0', above: 0 });

export interface ConnectionFlags {
  from?: string;
  url?: string[];
  bindDn?: string;
  passwordFile?: string;
  caFile?: string;
  startTls?: boolean;
  baseDn?: string;
  insecureSkipTlsVerify?: boolean;
  allowPlaintext?: boolean;
  timeout?: number;
}

function ldapFlags(f: ConnectionFlags): LdapFlags {
  const out: LdapFlags = {};
  if (f.url) out.url = f.url;
  if (f.bindDn !== undefined) out.bindDn = f.bindDn;
  if (f.passwordFile !== undefined) out.passwordFile = f.passwordFile;
  if (f.caFile !== undefined) out.caFile = f.caFile;
  if (f.startTls) out.startTls = true;
  if (f.baseDn !== undefined) out.baseDn = f.baseDn;
  if (f.insecureSkipTlsVerify) out.tlsVerify = false;
  if (f.allowPlaintext) out.allowPlaintext = true;
  if (f.timeout !== undefined) out.timeout = f.timeout;
  return out;
}

const NO_SOURCE =
  'no directory to read: give --from FILE.ldif, or an AD URL with --url, CLOUDSYNC_LDAP_URL or ldap.url in cloudsync.config.json';

/** Resolves the LDAP settings and fills in the password (prompting on a terminal when needed). */
export async function ldapSettingsFor(ctx: Context, flags: ConnectionFlags): Promise<LdapSettings> {
  const settings = await resolveLdapSettings(ldapFlags(flags), ctx.io.env, ctx.config.ldap, ctx.io.cwd);
  if (settings === undefined) throw new CloudsyncError('usage', NO_SOURCE);
  if (settings.bindDn !== undefined && settings.password === undefined) {
    if (!ctx.io.stdinIsTty) {
      throw new CloudsyncError(
        'config',
        `no password for "${settings.bindDn}": set CLOUDSYNC_LDAP_PASSWORD or CLOUDSYNC_LDAP_PASSWORD_FILE, or use --password-file`,
      );
    }
    settings.password = await ctx.io.promptSecret(`Password for ${settings.bindDn}: `);
    settings.passwordSource = 'prompt';
  }
  if (!settings.tlsVerify) {
    ctx.warn(
      ctx.paintErr.red('TLS certificate verification is OFF') +
        ': anyone between this machine and the DC can impersonate it and read the bind password. Use --ca-file instead.',
    );
  }
  return settings;
}

export type OpenedDirectory = DirectorySource & Partial<DirectoryWriter>;

/** Opens the source the flags name: an LDIF file (read-only) or a live AD. */
export async function openSource(ctx: Context, flags: ConnectionFlags): Promise<OpenedDirectory> {
  if (flags.from !== undefined) {
    if (flags.url !== undefined) throw new CloudsyncError('usage', '--from and --url cannot be used together');
    const { LdifSource } = await import('../directory/ldif/source.js');
    return new LdifSource(flags.from);
  }
  return openAd(ctx, flags);
}

export async function openAd(ctx: Context, flags: ConnectionFlags): Promise<DirectorySource & DirectoryWriter> {
  const settings = await ldapSettingsFor(ctx, flags);
  const { AdDirectory } = await import('../directory/ad/index.js');
  return AdDirectory.connect(
    {
      urls: settings.urls,
      ...(settings.bindDn !== undefined ? { bindDn: settings.bindDn } : {}),
      ...(settings.password !== undefined ? { password: settings.password } : {}),
      ...(settings.caFile !== undefined ? { caFile: settings.caFile } : {}),
      ...(settings.baseDn !== undefined ? { baseDn: settings.baseDn } : {}),
      ...(settings.pageSize !== undefined ? { pageSize: settings.pageSize } : {}),
      startTls: settings.startTls,
      tlsVerify: settings.tlsVerify,
      allowPlaintext: settings.allowPlaintext,
      connectTimeoutMs: settings.connectTimeoutMs,
      timeoutMs: settings.timeoutMs,
    },
    { onWarning: (m) => ctx.warn(m) },
  );
}
