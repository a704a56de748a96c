import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CloudsyncError } from '../errors.js';
import { configSchema, type Config } from './schema.js';

export const DEFAULT_CONFIG_FILE = 'cloudsync.config.json';

/** Keys that would put a secret in a file people commit; refused with the alternative named. */
const INLINE_SECRETS: Record<string, string> = {
  password: 'use ldap.passwordFile or CLOUDSYNC_LDAP_PASSWORD',
  clientSecret: 'use AZURE_CLIENT_SECRET',
  certificatePassword: 'use AZURE_CLIENT_CERTIFICATE_PASSWORD',
};

/**
 * Loads the config file: the explicit path (must exist) or ./cloudsync.config.json (optional).
 * Returns an empty config when there is none.
 */
export async function loadConfig(explicitPath: string | undefined, cwd: string): Promise<{ config: Config; path?: string }> {
  const path = resolve(cwd, explicitPath ?? DEFAULT_CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' && explicitPath === undefined) return { config: {} };
    throw new CloudsyncError('config', `cannot read config file "${path}": ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new CloudsyncError('config', `config file "${path}" is not valid JSON: ${(e as Error).message}`);
  }
  findInlineSecret(raw, path);
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(top level)';
    throw new CloudsyncError('config', `config file "${path}": ${where}: ${issue?.message ?? 'invalid'}`);
  }
  return { config: parsed.data, path };
}

function findInlineSecret(value: unknown, path: string, at: string[] = []): void {
  if (value === null || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value)) {
    const hint = INLINE_SECRETS[k];
    if (hint !== undefined) {
      throw new CloudsyncError('config', `config file "${path}": ${[...at, k].join('.')}: secrets are not read from the config file; ${hint}`);
    }
    findInlineSecret(v, path, [...at, k]);
  }
}
