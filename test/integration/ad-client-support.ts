/** What the AdDirectory integration files share: the test DC's connection options and small helpers. */
import { expect } from 'vitest';
import type { AdConnectionOptions } from '../../src/directory/ad/index.js';
import { CloudsyncError } from '../../src/errors.js';
import { attrFirst, type DirectoryObject } from '../../src/directory/types.js';
import { adEnv } from './ad-env.js';

export const env = adEnv();
export const USERS = '(&(objectCategory=person)(objectClass=user))';
export const USERS_AND_GROUPS = '(|(&(objectCategory=person)(objectClass=user))(objectClass=group))';

export function options(extra: Partial<AdConnectionOptions> = {}): AdConnectionOptions {
  const e = env!;
  return {
    urls: [e.url],
    bindDn: e.bindDn,
    password: e.password,
    ...(e.caFile !== undefined ? { caFile: e.caFile } : {}),
    connectTimeoutMs: 5000,
    timeoutMs: 30_000,
    ...extra,
  };
}

export async function failure(p: Promise<unknown>): Promise<CloudsyncError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(CloudsyncError);
    return err as CloudsyncError;
  }
  throw new Error('expected a failure');
}

export async function collect(it: AsyncIterable<DirectoryObject>): Promise<DirectoryObject[]> {
  const out: DirectoryObject[] = [];
  for await (const o of it) out.push(o);
  return out;
}

export function cnOf(o: DirectoryObject): string {
  return attrFirst(o, 'cn') ?? '';
}

/** The test DC's LDAP host is the loopback address (scripts/ad), so other loopback names can be tried. */
export const local = env !== undefined && /^ldaps:\/\/127\.0\.0\.1(:636)?$/.test(env.url);
/** scripts/ad's own DC: known certificate subject, UPN suffix, plain port 389. */
export const ownDc = env?.target !== undefined;
