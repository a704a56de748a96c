/**
 * Opens a configuration's source: an LDIF file, or an LDAP directory whose bind password is read
 * from the environment variable the seed names (the password is never kept in the state).
 */
import type { DirectorySource } from '../../directory/types.js';
import { CloudsyncError } from '../../errors.js';
import type { SyncSourceConfig } from './model.js';

export async function openSyncSource(s: SyncSourceConfig, env: NodeJS.ProcessEnv = process.env): Promise<DirectorySource> {
  if (s.kind === 'ldif') {
    const { LdifSource } = await import('../../directory/ldif/source.js');
    const { stat } = await import('node:fs/promises');
    await stat(s.path).catch((e: Error) => {
      throw new CloudsyncError('input', `cannot read the LDIF source ${s.path}: ${e.message}`);
    });
    return new LdifSource(s.path);
  }
  const password = s.passwordEnv !== undefined ? env[s.passwordEnv] : undefined;
  if (s.bindDn !== undefined && password === undefined) throw new CloudsyncError('config', `no bind password: the environment variable ${s.passwordEnv ?? '(passwordEnv not set in the seed)'} is not set`);
  const { AdDirectory } = await import('../../directory/ad/index.js');
  return AdDirectory.connect({
    urls: s.urls,
    ...(s.bindDn !== undefined ? { bindDn: s.bindDn } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(s.caFile !== undefined ? { caFile: s.caFile } : {}),
    ...(s.baseDn !== undefined ? { baseDn: s.baseDn } : {}),
    ...(s.startTls !== undefined ? { startTls: s.startTls } : {}),
    ...(s.tlsVerify !== undefined ? { tlsVerify: s.tlsVerify } : {}),
    ...(s.allowPlaintext !== undefined ? { allowPlaintext: s.allowPlaintext } : {}),
  });
}

export const describeSource = (s: SyncSourceConfig): string => (s.kind === 'ldif' ? s.path : s.urls.join(', '));
