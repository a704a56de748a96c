/**
 * AdDirectory: Active Directory over LDAP as a DirectorySource and DirectoryWriter.
 * Connects to the first URL that answers (failover), binds, reads the rootDSE.
 */
import { readFile } from 'node:fs/promises';
import { Attribute, Change } from 'ldapts';
import { CloudsyncError, type ErrorKind } from '../../errors.js';
import { domainOfDn, parseDn } from '../dn.js';
import type { DirectoryObject, DirectorySource, DirectoryWriter, Modification, SearchRequest } from '../types.js';
import { deletedSince, readWatermark, type ChangeWatermark } from './changes.js';
import { isConnectionLevel } from './errors.js';
import { getObject, searchObjects } from './search.js';
import { AdSession } from './session.js';
import { parseLdapUrl, type LdapUrl } from './tls.js';

export interface AdConnectionOptions {
  /** Tried in order (failover): ldaps://host[:port] or ldap://host[:port]. */
  urls: readonly string[];
  /** UPN, DN or DOMAIN\user; absent = anonymous (rootDSE only). */
  bindDn?: string;
  password?: string;
  /** PEM bundle for private CAs. */
  caFile?: string;
  /** Upgrade ldap:// with StartTLS. */
  startTls?: boolean;
  /** Default true; false only for labs. */
  tlsVerify?: boolean;
  /** Default false: refuse a simple bind over plain ldap:// without StartTLS. */
  allowPlaintext?: boolean;
  /** Default 10 000. */
  connectTimeoutMs?: number;
  /** Per operation, default 120 000. */
  timeoutMs?: number;
  /** Default 1000. */
  pageSize?: number;
  /** Default: the rootDSE defaultNamingContext. */
  baseDn?: string;
  /** @internal Values per ranged read (AD enforces 1500; Samba nothing): tests set it small. */
  rangeSize?: number;
}

export interface AdHooks {
  onWarning?(message: string): void;
}

export interface RootDse {
  defaultNamingContext: string;
  configurationNamingContext: string;
  rootDomainNamingContext: string;
  highestCommittedUSN: string;
  dnsHostName: string;
  supportedControl: string[];
  serverName?: string;
  dsServiceName?: string;
}

const ROOT_DSE_ATTRIBUTES = [
  'defaultNamingContext',
  'configurationNamingContext',
  'rootDomainNamingContext',
  'highestCommittedUSN',
  'dnsHostName',
  'supportedControl',
  'serverName',
  'dsServiceName',
];

function text(v: unknown): string | undefined {
  const one = Array.isArray(v) ? v[0] : v;
  if (one === undefined) return undefined;
  return Buffer.isBuffer(one) ? one.toString('utf8') : String(one);
}

function texts(v: unknown): string[] {
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.map((x) => (Buffer.isBuffer(x) ? x.toString('utf8') : String(x)));
}

async function readRootDse(session: AdSession): Promise<RootDse> {
  const entries = await session.searchAll('', { scope: 'base', filter: '(objectClass=*)', attributes: ROOT_DSE_ATTRIBUTES }, 'object');
  const e = entries[0];
  const defaultNamingContext = text(e?.['defaultNamingContext']);
  if (e === undefined || defaultNamingContext === undefined) {
    throw new CloudsyncError('runtime', `${session.target.url} returned no rootDSE defaultNamingContext; is it an Active Directory DC?`);
  }
  const dse: RootDse = {
    defaultNamingContext,
    configurationNamingContext: text(e['configurationNamingContext']) ?? '',
    rootDomainNamingContext: text(e['rootDomainNamingContext']) ?? defaultNamingContext,
    highestCommittedUSN: text(e['highestCommittedUSN']) ?? '',
    dnsHostName: text(e['dnsHostName']) ?? '',
    supportedControl: [...new Set(texts(e['supportedControl']))],
  };
  const serverName = text(e['serverName']);
  const dsServiceName = text(e['dsServiceName']);
  if (serverName !== undefined) dse.serverName = serverName;
  if (dsServiceName !== undefined) dse.dsServiceName = dsServiceName;
  return dse;
}

function toChange(m: Modification): Change {
  const binary = m.values.some((v) => Buffer.isBuffer(v));
  const values = binary
    ? m.values.map((v) => (Buffer.isBuffer(v) ? v : Buffer.from(v, 'utf8')))
    : m.values.map((v) => v as string);
  return new Change({ operation: m.operation, modification: new Attribute({ type: m.attribute, values: values as string[] | Buffer[] }) });
}

/** Checks the options before any network traffic: bad URLs and unsafe binds fail here. */
function checkOptions(options: AdConnectionOptions, warn: (m: string) => void): LdapUrl[] {
  if (options.urls.length === 0) throw new CloudsyncError('usage', 'no LDAP URL given: pass --url ldaps://dc.example.com');
  const targets = options.urls.map((u) => parseLdapUrl(u));
  if (options.bindDn !== undefined && (options.password === undefined || options.password === '')) {
    // An empty password makes a simple bind anonymous on AD ("unauthenticated bind"): refuse it.
    throw new CloudsyncError('usage', `no password for "${options.bindDn}": set CLOUDSYNC_LDAP_PASSWORD or use --password-file`);
  }
  if (options.bindDn === undefined && options.password !== undefined) {
    throw new CloudsyncError('usage', 'a password was given without a bind name: pass --bind-dn');
  }
  if (options.baseDn !== undefined) parseDn(options.baseDn);
  for (const t of targets) {
    if (t.secure && options.startTls) warn(`--start-tls ignored for ${t.url}: ldaps:// is already encrypted`);
    if (!t.secure && !options.startTls && options.bindDn !== undefined && !options.allowPlaintext) {
      throw new CloudsyncError(
        'usage',
        `refusing a simple bind over unencrypted ${t.url} (the password would cross the network in clear text): use ldaps://, --start-tls, or --allow-plaintext for a lab`,
      );
    }
  }
  if (options.tlsVerify === false) warn('TLS certificate verification is OFF: anyone on the network path can impersonate the DC');
  return targets;
}

async function readCaFile(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new CloudsyncError('config', `cannot read the CA file "${file}" (${code}); check --ca-file / CLOUDSYNC_LDAP_CA_FILE`, { cause: err });
  }
}

export class AdDirectory implements DirectorySource, DirectoryWriter {
  readonly url: string;
  readonly description: string;
  readonly baseDn: string;
  readonly #session: AdSession;
  readonly #rootDse: RootDse;
  readonly #rangeSize: number | undefined;

  private constructor(session: AdSession, rootDse: RootDse, baseDn: string, rangeSize: number | undefined) {
    this.#session = session;
    this.#rootDse = rootDse;
    this.url = session.target.url;
    this.description = session.target.url;
    this.baseDn = baseDn;
    this.#rangeSize = rangeSize;
  }

  static async connect(options: AdConnectionOptions, hooks?: AdHooks): Promise<AdDirectory> {
    const warn = (m: string): void => hooks?.onWarning?.(m);
    const targets = checkOptions(options, warn);
    const ca = options.caFile === undefined ? undefined : await readCaFile(options.caFile);
    const failures: CloudsyncError[] = [];
    for (const [i, target] of targets.entries()) {
      let session: AdSession | undefined;
      try {
        session = await AdSession.open(target, {
          ...(options.bindDn !== undefined ? { bindDn: options.bindDn } : {}),
          ...(options.password !== undefined ? { password: options.password } : {}),
          startTls: options.startTls === true && !target.secure,
          tls: { verify: options.tlsVerify !== false, ...(ca !== undefined ? { ca } : {}) },
          connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
          timeoutMs: options.timeoutMs ?? 120_000,
          pageSize: options.pageSize ?? 1000,
        });
        const dse = await readRootDse(session);
        return new AdDirectory(session, dse, options.baseDn ?? dse.defaultNamingContext, options.rangeSize);
      } catch (err) {
        await session?.close();
        // Credential and permission failures would repeat on every DC (and count toward lockout).
        if (!(err instanceof CloudsyncError) || !isConnectionLevel(err)) throw err;
        failures.push(err);
        if (i < targets.length - 1) warn(`${err.message}; trying ${targets[i + 1]!.url}`);
      }
    }
    if (failures.length === 1) throw failures[0]!;
    const kinds = new Set(failures.map((f) => f.kind));
    const kind: ErrorKind = kinds.size === 1 ? failures[0]!.kind : 'connect';
    throw new CloudsyncError(kind, `no DC answered (${failures.length} URLs tried): ${failures.map((f) => f.message).join(' | ')}`, {
      cause: failures[failures.length - 1],
      detail: failures.map((f) => f.detail ?? f.message).join('\n'),
    });
  }

  rootDse(): RootDse {
    return { ...this.#rootDse, supportedControl: [...this.#rootDse.supportedControl] };
  }

  /** uPNSuffixes on CN=Partitions plus the DNS names of the forest's domains (root first). */
  async upnSuffixes(): Promise<string[]> {
    const dse = this.#rootDse;
    const out: string[] = [];
    const add = (s: string | undefined): void => {
      const v = s?.trim().toLowerCase();
      if (v && !out.includes(v)) out.push(v);
    };
    add(domainOfDn(dse.rootDomainNamingContext));
    if (dse.configurationNamingContext !== '') {
      const partitions = `CN=Partitions,${dse.configurationNamingContext}`;
      const p = await this.#session.searchAll(partitions, { scope: 'base', filter: '(objectClass=*)', attributes: ['uPNSuffixes'] }, 'object');
      // Domain crossRefs (they carry a NetBIOS name) give the DNS names of all domains in the forest.
      const refs = await this.#session.searchAll(
        partitions,
        { scope: 'one', filter: '(&(objectClass=crossRef)(nETBIOSName=*))', attributes: ['dnsRoot'] },
        'object',
      );
      for (const r of refs) for (const d of texts(r['dnsRoot'])) add(d);
      for (const s of texts(p[0]?.['uPNSuffixes'])) add(s);
    }
    return out;
  }

  search(request: SearchRequest): AsyncIterable<DirectoryObject> {
    return searchObjects(this.#session, this.baseDn, request, this.#readOptions());
  }

  get(dn: string, attributes: readonly string[]): Promise<DirectoryObject | undefined> {
    return getObject(this.#session, dn, attributes, this.#readOptions());
  }

  /** The DC's change watermark now (read fresh: call it BEFORE a read whose changes it is to cover). */
  changeWatermark(): Promise<ChangeWatermark> {
    return readWatermark(this.#session, this.#rootDse.dsServiceName);
  }

  /** Tombstones in the domain naming context deleted after `usn` (Show Deleted control). */
  deletedObjects(usn: string, attributes: readonly string[], signal?: AbortSignal): AsyncIterable<DirectoryObject> {
    return deletedSince(this.#session, this.#rootDse.defaultNamingContext, usn, attributes, signal);
  }

  /** All changes in ONE LDAP modify request (atomic on the DC). Nothing is sent for no changes. */
  async modify(dn: string, changes: readonly Modification[]): Promise<void> {
    parseDn(dn);
    if (changes.length === 0) return;
    const list = changes.map(toChange);
    await this.#session.run('modify', dn, 'object', (c) => c.modify(dn, list));
  }

  async close(): Promise<void> {
    await this.#session.close();
  }

  #readOptions(): { rangeSize?: number } {
    return this.#rangeSize === undefined ? {} : { rangeSize: this.#rangeSize };
  }
}
