import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CloudsyncError } from '../errors.js';
import { echo } from '../util/echo.js';
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
    throw new CloudsyncError('config', `config file "${path}" is not valid JSON: ${echo((e as Error).message, 160)}`);
  }
  findInlineSecret(raw, path);
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(top level)';
    throw new CloudsyncError('config', `config file "${path}": ${echo(where, 120)}: ${echo(issue?.message ?? 'invalid', 200)}`);
  }
  return { config: parsed.data, path };
}

/** Deepest nesting of objects and arrays a config file may have (the real format needs about 5). */
export const MAX_CONFIG_DEPTH = 32;

/**
 * Refuses inline secrets anywhere in the file, and nesting deeper than MAX_CONFIG_DEPTH (which no
 * setting needs, and which would overflow the stack of any recursive reader). Iterative.
 */
function findInlineSecret(root: unknown, path: string): void {
  // Depth first, keys in file order: the same secret is named first as a recursive walk would.
  const stack: (readonly string[])[] = [[]];
  const values: unknown[] = [root];
  while (stack.length > 0) {
    const at = stack.pop()!;
    const value = values.pop();
    const key = at[at.length - 1];
    const hint = key === undefined ? undefined : INLINE_SECRETS[key];
    if (hint !== undefined) {
      throw new CloudsyncError('config', `config file "${path}": ${echo(at.join('.'), 120)}: secrets are not read from the config file; ${hint}`);
    }
    if (value === null || typeof value !== 'object') continue;
    if (at.length >= MAX_CONFIG_DEPTH) {
      throw new CloudsyncError('config', `config file "${path}": ${echo(at.slice(0, 4).join('.'), 80)}…: nested more than ${MAX_CONFIG_DEPTH} deep; no setting is`);
    }
    const entries = Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i--) {
      stack.push([...at, entries[i]![0]]);
      values.push(entries[i]![1]);
    }
  }
}
