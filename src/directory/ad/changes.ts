/**
 * Change tracking by uSNChanged: the DC's watermark (invocationId + highestCommittedUSN) and the
 * tombstones deleted since a USN, read with the Show Deleted control. USNs are per DC: a
 * watermark is only meaningful against the DC (invocationId) that issued it.
 */
import { Control } from 'ldapts';
import { CloudsyncError } from '../../errors.js';
import { guidToString } from '../decode.js';
import { changedSinceFilter } from '../filter.js';
import type { DirectoryObject } from '../types.js';
import { bufferAttributeNames, convertEntry, requestedAttributes } from './entry.js';
import type { AdSession } from './session.js';

/** LDAP_SERVER_SHOW_DELETED_OID: tombstones are returned too. */
export const SHOW_DELETED_OID = '1.2.840.113556.1.4.417';

export interface ChangeWatermark {
  /** The DC's invocationId (GUID text): changes when it is another DC or a restored one. */
  readonly invocationId: string;
  /** highestCommittedUSN, as a decimal string (it can exceed 2^53 in theory). */
  readonly usn: string;
  readonly dnsHostName: string;
}

function first(v: unknown): Buffer | string | undefined {
  const one = Array.isArray(v) ? (v[0] as unknown) : v;
  return Buffer.isBuffer(one) || typeof one === 'string' ? one : undefined;
}

/** Reads the DC's current watermark: highestCommittedUSN from the rootDSE, invocationId from its NTDS Settings. */
export async function readWatermark(session: AdSession, dsServiceName: string | undefined): Promise<ChangeWatermark> {
  const dse = (await session.searchAll('', { scope: 'base', filter: '(objectClass=*)', attributes: ['highestCommittedUSN', 'dnsHostName', 'dsServiceName'] }, 'object'))[0];
  const usn = first(dse?.['highestCommittedUSN'])?.toString();
  const service = first(dse?.['dsServiceName'])?.toString() ?? dsServiceName;
  if (usn === undefined || !/^\d+$/.test(usn) || service === undefined) {
    throw new CloudsyncError('runtime', 'the DC did not report highestCommittedUSN and dsServiceName in its rootDSE: run without --delta');
  }
  const ntds = (await session.searchAll(service, { scope: 'base', filter: '(objectClass=*)', attributes: ['invocationId'], explicitBufferAttributes: ['invocationId'] }, 'object'))[0];
  const raw = first(ntds?.['invocationId']);
  if (!Buffer.isBuffer(raw) || raw.length !== 16) {
    throw new CloudsyncError('runtime', `cannot read invocationId of ${service}: run without --delta, or check that the bind account may read the Configuration partition`);
  }
  return { invocationId: guidToString(raw), usn, dnsHostName: first(dse?.['dnsHostName'])?.toString() ?? '' };
}

/** `(uSNChanged>=usn+1)`, as the Samba and AD docs write it (no `>` in LDAP filters). */

/** Tombstones (isDeleted) under `base` whose uSNChanged is above `usn`, paged, with the Show Deleted control. */
export async function* deletedSince(session: AdSession, base: string, usn: string, attributes: readonly string[], signal?: AbortSignal): AsyncGenerator<DirectoryObject> {
  const attrs = requestedAttributes([...attributes, 'isDeleted', 'lastKnownParent']);
  const filter = `(&(isDeleted=TRUE)${changedSinceFilter(usn)})`;
  const search = { scope: 'sub' as const, filter, attributes: attrs, explicitBufferAttributes: bufferAttributeNames(attrs) };
  for await (const page of session.pages(base, search, 'base DN', signal, [new Control(SHOW_DELETED_OID, { critical: true })])) {
    for (const entry of page) yield convertEntry(entry).object;
  }
}
