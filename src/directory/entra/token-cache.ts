import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { EntraSettings } from '../../config/entra.js';
import { CloudsyncError } from '../../errors.js';

/**
 * msal cache plugin persisting the device-code sign-in (refresh token) to one file readable by its
 * owner only: directory 0700, file 0600, written to a temporary file and renamed so a crash or a
 * second cloudsync never leaves half a file.
 */
export function fileCachePlugin(path: string): ICachePlugin {
  return {
    async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
      const text = await readCacheFile(path);
      if (text !== undefined) context.tokenCache.deserialize(text);
    },
    async afterCacheAccess(context: TokenCacheContext): Promise<void> {
      if (!context.cacheHasChanged) return;
      await writeCacheFile(path, context.tokenCache.serialize());
    },
  };
}

async function readCacheFile(path: string): Promise<string | undefined> {
  try {
    const text = await readFile(path, 'utf8');
    // A damaged cache only costs a new sign-in; msal would throw on it.
    JSON.parse(text);
    return text;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || e instanceof SyntaxError) return undefined;
    throw new CloudsyncError('config', `cannot read the token cache "${path}": ${(e as NodeJS.ErrnoException).code ?? 'error'}`, { cause: e });
  }
}

export async function writeCacheFile(path: string, text: string): Promise<void> {
  const dir = dirname(path);
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFile(tmp, text, { mode: 0o600, flag: 'wx' });
    // The umask cannot widen 0600, but an inherited ACL-less filesystem may ignore mode on create.
    await chmod(tmp, 0o600);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw new CloudsyncError('config', `cannot write the token cache "${path}": ${(e as NodeJS.ErrnoException).code ?? 'error'}`, { cause: e });
  }
}

/** Deletes the device-code token cache. Returns whether there was one. */
export async function logout(settings: Pick<EntraSettings, 'tokenCachePath'>): Promise<boolean> {
  try {
    await rm(settings.tokenCachePath);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new CloudsyncError('config', `cannot delete the token cache "${settings.tokenCachePath}": ${(e as NodeJS.ErrnoException).code ?? 'error'}`, { cause: e });
  }
}
