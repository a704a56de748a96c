/**
 * The test AD DC for integration tests, and helpers that change it.
 *
 * global-setup.ts finds or starts the DC and passes its facts with vitest `provide`; here they
 * are read with `inject('cloudsyncAd')`. Use:
 *
 *   const env = adEnv();                     // undefined when no DC: skip
 *   describe.skipIf(!env)('…', () => { … });
 *   const ou = await withTestOu('paging');   // OU=t-paging-<random>,<base>
 *   await addUser(ou.dn, 'Jane Doe', { mail: 'jane@corp.example.com' });
 *   await ou.cleanup();                      // tree delete
 *
 * Tests create their own OUs and delete them; nothing else in the directory is changed.
 * For the CLI as a subprocess: cliLdapEnv() gives the CLOUDSYNC_LDAP_* variables.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Attribute, Client, Control } from 'ldapts';
import { inject } from 'vitest';
import { escapeDnValue } from '../../src/directory/dn.js';

export interface AdTestEnv {
  url: string;
  bindDn: string;
  password: string;
  caFile?: string;
  baseDn: string;
  /** The DC's directory when the tests started it (scripts/ad). */
  target?: string;
  /** The pid of the test run that owns the OUs it creates (see withTestOu). */
  ownerPid?: number;
}

/** What global-setup provides: the DC, or why there is none. */
export interface AdProvided {
  env?: AdTestEnv;
  skipReason?: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    cloudsyncAd: AdProvided;
  }
}

const provided: AdProvided = inject('cloudsyncAd') ?? { skipReason: 'global-setup did not run' };

export const adSkipReason: string | undefined = provided.env === undefined ? (provided.skipReason ?? 'no test DC') : undefined;

/** The description prefix of test OUs, followed by the owning test run's pid. */
export const TEST_OU_OWNER = 'cloudsync test run pid ';

export function adEnv(): AdTestEnv | undefined {
  return provided.env;
}

function requireEnv(): AdTestEnv {
  if (provided.env === undefined) throw new Error(`no test DC: ${adSkipReason}`);
  return provided.env;
}

/** The variables the CLI reads to reach the test DC (for runMain's or runCli's env). */
export function cliLdapEnv(): Record<string, string> {
  const e = requireEnv();
  const out: Record<string, string> = {
    CLOUDSYNC_LDAP_URL: e.url,
    CLOUDSYNC_LDAP_BIND_DN: e.bindDn,
    CLOUDSYNC_LDAP_PASSWORD: e.password,
    CLOUDSYNC_LDAP_BASE_DN: e.baseDn,
  };
  if (e.caFile !== undefined) out.CLOUDSYNC_LDAP_CA_FILE = e.caFile;
  return out;
}

let shared: Promise<Client> | undefined;

/** A bound ldapts client for test fixtures (shared; closed by any cleanup() or closeAdminClient()). */
export function adminClient(): Promise<Client> {
  shared ??= (async () => {
    const e = requireEnv();
    const tlsOptions = e.caFile === undefined ? undefined : { ca: readFileSync(e.caFile) };
    const c = new Client({ url: e.url, timeout: 60_000, connectTimeout: 10_000, ...(e.url.startsWith('ldaps:') && tlsOptions ? { tlsOptions } : {}) });
    await c.bind(e.bindDn, e.password);
    return c;
  })();
  const p = shared;
  p.catch(() => {
    if (shared === p) shared = undefined;
  });
  return p;
}

export async function closeAdminClient(): Promise<void> {
  const p = shared;
  shared = undefined;
  if (p) await (await p).unbind().catch(() => undefined);
}

const TREE_DELETE = '1.2.840.113556.1.4.805';

/** Deletes an entry and everything under it (no error when it is already gone). */
export async function treeDelete(dn: string): Promise<void> {
  const c = await adminClient();
  try {
    await c.del(dn, new Control(TREE_DELETE, { critical: true }));
  } catch (err) {
    if ((err as { code?: number }).code !== 32) throw err;
  }
}

/** Creates OU=t-<name>-<random> under the base DN; cleanup() deletes the subtree. */
export async function withTestOu(name: string): Promise<{ dn: string; cleanup: () => Promise<void> }> {
  const e = requireEnv();
  const dn = `OU=t-${name}-${randomBytes(4).toString('hex')},${e.baseDn}`;
  // The owner's pid lets a later run's setup remove only OUs whose run is gone (global-setup.ts).
  const attrs: Record<string, string | string[]> = { objectClass: ['top', 'organizationalUnit'] };
  if (e.ownerPid !== undefined) attrs.description = `${TEST_OU_OWNER}${e.ownerPid}`;
  await (await adminClient()).add(dn, attrs);
  return {
    dn,
    cleanup: async () => {
      await treeDelete(dn);
      await closeAdminClient();
    },
  };
}

export type FixtureAttrs = Record<string, string | Buffer | readonly (string | Buffer)[]>;

function toAttributes(attrs: FixtureAttrs): Attribute[] {
  return Object.entries(attrs).map(([type, v]) => {
    const list = Array.isArray(v) ? [...(v as (string | Buffer)[])] : [v as string | Buffer];
    const binary = list.some((x) => Buffer.isBuffer(x));
    const values = binary ? list.map((x) => (Buffer.isBuffer(x) ? x : Buffer.from(x))) : (list as string[]);
    return new Attribute({ type, values: values as string[] | Buffer[] });
  });
}

function samName(cn: string): string {
  return `${cn.replace(/[^A-Za-z0-9]/g, '').slice(0, 12)}${randomBytes(3).toString('hex')}`.slice(0, 20);
}

/** An AD password value: the password in double quotes, UTF-16LE. */
export function unicodePwd(password: string): Buffer {
  return Buffer.from(`"${password}"`, 'utf16le');
}

/**
 * Adds a user CN=<cn>,<ouDn>. Disabled (514) unless `password` is given (then enabled, 512).
 * sAMAccountName defaults to a unique name derived from cn. Returns the DN.
 */
export async function addUser(ouDn: string, cn: string, attrs: FixtureAttrs = {}, password?: string): Promise<string> {
  const dn = `CN=${escapeDnValue(cn)},${ouDn}`;
  const all: FixtureAttrs = {
    objectClass: ['top', 'person', 'organizationalPerson', 'user'],
    sAMAccountName: samName(cn),
    ...attrs,
  };
  if (password !== undefined) {
    all.unicodePwd = unicodePwd(password);
    all.userAccountControl = '512';
  } else if (all.userAccountControl === undefined) {
    all.userAccountControl = '514';
  }
  await (await adminClient()).add(dn, toAttributes(all));
  return dn;
}

/** Adds a global security group CN=<cn>,<ouDn> with the given member DNs. Returns the DN. */
export async function addGroup(ouDn: string, cn: string, members: readonly string[] = [], attrs: FixtureAttrs = {}): Promise<string> {
  const dn = `CN=${escapeDnValue(cn)},${ouDn}`;
  const all: FixtureAttrs = { objectClass: ['top', 'group'], sAMAccountName: samName(cn), ...attrs };
  if (members.length > 0) all.member = members;
  await (await adminClient()).add(dn, toAttributes(all));
  return dn;
}
