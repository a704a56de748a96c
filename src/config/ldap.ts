import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CloudsyncError } from '../errors.js';
import type { LdapConfig } from './schema.js';

/** Connection flags as the CLI parsed them (all optional). */
export interface LdapFlags {
  url?: string[];
  bindDn?: string;
  passwordFile?: string;
  caFile?: string;
  startTls?: boolean;
  tlsVerify?: boolean;
  allowPlaintext?: boolean;
  baseDn?: string;
  timeout?: number;
}

/** Settings for the AD client, resolved as flags > environment > config file > defaults. */
export interface LdapSettings {
  urls: string[];
  bindDn?: string;
  password?: string;
  /** Where the password came from, for messages (never the password itself). */
  passwordSource?: 'environment' | 'file' | 'prompt';
  caFile?: string;
  startTls: boolean;
  tlsVerify: boolean;
  allowPlaintext: boolean;
  baseDn?: string;
  connectTimeoutMs: number;
  timeoutMs: number;
  pageSize?: number;
}

const ENV = {
  url: 'CLOUDSYNC_LDAP_URL',
  bindDn: 'CLOUDSYNC_LDAP_BIND_DN',
  password: 'CLOUDSYNC_LDAP_PASSWORD',
  passwordFile: 'CLOUDSYNC_LDAP_PASSWORD_FILE',
  caFile: 'CLOUDSYNC_LDAP_CA_FILE',
  baseDn: 'CLOUDSYNC_LDAP_BASE_DN',
} as const;

function splitUrls(v: string | readonly string[] | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  const list = (typeof v === 'string' ? [v] : v).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  return list.length > 0 ? list : undefined;
}

function boolEnv(v: string | undefined): boolean | undefined {
  if (v === undefined || v === '') return undefined;
  return /^(1|true|yes|on)$/i.test(v);
}

/**
 * Resolves LDAP settings. Returns undefined when no URL is configured anywhere (the caller then
 * says how to configure one). Reads the password file when one is named.
 */
export async function resolveLdapSettings(
  flags: LdapFlags,
  env: NodeJS.ProcessEnv,
  config: LdapConfig | undefined,
  cwd: string,
): Promise<LdapSettings | undefined> {
  const urls = splitUrls(flags.url) ?? splitUrls(env[ENV.url]) ?? splitUrls(config?.url);
  if (urls === undefined) return undefined;
  for (const u of urls) {
    if (!/^ldaps?:\/\/[^/\s]+\/?$/i.test(u)) {
      throw new CloudsyncError('usage', `invalid LDAP URL "${u}": expected ldaps://host[:port] or ldap://host[:port]`);
    }
  }
  const settings: LdapSettings = {
    urls,
    startTls: flags.startTls ?? boolEnv(env.CLOUDSYNC_LDAP_START_TLS) ?? config?.startTls ?? false,
    tlsVerify: flags.tlsVerify ?? config?.tlsVerify ?? true,
    allowPlaintext: flags.allowPlaintext ?? config?.allowPlaintext ?? false,
    connectTimeoutMs: (config?.connectTimeoutSeconds ?? 10) * 1000,
    timeoutMs: (flags.timeout ?? config?.timeoutSeconds ?? 120) * 1000,
  };
  const bindDn = flags.bindDn ?? nonEmpty(env[ENV.bindDn]) ?? config?.bindDn;
  if (bindDn !== undefined) settings.bindDn = bindDn;
  const caFile = flags.caFile ?? nonEmpty(env[ENV.caFile]) ?? config?.caFile;
  if (caFile !== undefined) settings.caFile = resolve(cwd, caFile);
  const baseDn = flags.baseDn ?? nonEmpty(env[ENV.baseDn]) ?? config?.baseDn;
  if (baseDn !== undefined) settings.baseDn = baseDn;
  if (config?.pageSize !== undefined) settings.pageSize = config.pageSize;

  const passwordFile = flags.passwordFile ?? nonEmpty(env[ENV.passwordFile]) ?? config?.passwordFile;
  const envPassword = flags.passwordFile === undefined ? env[ENV.password] : undefined;
  if (envPassword !== undefined && envPassword !== '') {
    settings.password = envPassword;
    settings.passwordSource = 'environment';
  } else if (passwordFile !== undefined) {
    settings.password = await readPasswordFile(resolve(cwd, passwordFile));
    settings.passwordSource = 'file';
  }
  return settings;
}

async function readPasswordFile(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new CloudsyncError('config', `cannot read password file "${path}": ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  // One trailing newline is the file's, not the password's (echo adds one).
  return text.replace(/\r?\n$/, '');
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}

/** The settings as they may be shown: the password is never included. */
export function describeLdapSettings(s: LdapSettings): Record<string, unknown> {
  const { password: _password, ...rest } = s;
  return { ...rest, password: s.password === undefined ? '(none)' : `(redacted, from ${s.passwordSource})` };
}
