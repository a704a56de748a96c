/**
 * Writes whose answer was lost: the connection broke after the request went out, so Graph may
 * have carried it out. Before the batch writer sends one again, this looks up what it did and, when
 * it finds it, answers for it — the object the lost create made is adopted instead of created twice:
 *
 * - POST /users: the user with the create's onPremisesImmutableId (the source anchor, unique in
 *   the tenant), else its userPrincipalName (unique too) created since the request went out;
 * - POST /groups: the group with the create's ownership anchor when it carries one (docs/state.md),
 *   else a group with the create's mailNickname and displayName created since the request went
 *   out (without the anchor groups have no unique key that a create sets; the oldest such is taken);
 * - POST /directory/deletedItems/{id}/restore: the object, if it is live again.
 *
 * Other requests are safe to send again (PATCH, PUT and DELETE are idempotent; a member add sent
 * twice is answered "already exist", which the sync counts as done): undefined = send it again.
 */
import type { BatchRequest, BatchResult, UnknownOutcomeResolver } from './batch-types.js';
import { odataString } from './odata.js';
import { ANCHOR_EXTENSION } from './ownership.js';

/** The ownership anchor extension (ownership.ts), when a create carries it. */
const ANCHOR_PROPERTY = new RegExp(`^extension_[0-9a-f]{32}_${ANCHOR_EXTENSION}$`);

/** Clocks differ: a group's createdDateTime may read a little before our own clock's send time. */
const CLOCK_SLACK_MS = 5 * 60_000;

type Get = (path: string) => Promise<unknown>;
type Found = Record<string, unknown> & { id?: unknown; createdDateTime?: unknown };

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** What a lookup reads: enough to adopt the object and to tell when it was made (not returned by default for users). */
const SELECT: Record<string, string> = {
  users: 'id,displayName,userPrincipalName,onPremisesImmutableId,createdDateTime',
  groups: 'id,displayName,mailNickname,securityEnabled,mailEnabled,createdDateTime',
};

async function list(get: Get, collection: 'users' | 'groups', property: string, value: string): Promise<Found[]> {
  const filter = encodeURIComponent(`${property} eq ${odataString(value)}`);
  const page = (await get(`/${collection}?$filter=${filter}&$select=${SELECT[collection]}`)) as { value?: Found[] } | undefined;
  return page?.value ?? [];
}

const createdSince = (o: Found, sentAt: number): boolean => {
  const t = typeof o.createdDateTime === 'string' ? Date.parse(o.createdDateTime) : NaN;
  // No creation time (older objects, some tenants): not provably ours.
  return Number.isFinite(t) && t >= sentAt - CLOCK_SLACK_MS;
};

const found = (body: Found, how: string): BatchResult => ({ status: 201, body, attempts: 0, recovered: `created by the request whose answer was lost; found by ${how}` });

async function lostUser(get: Get, body: Record<string, unknown>, sentAt: number): Promise<BatchResult | undefined> {
  const anchor = text(body.onPremisesImmutableId);
  if (anchor !== undefined) {
    const [u] = await list(get, 'users', 'onPremisesImmutableId', anchor);
    return u === undefined ? undefined : found(u, 'onPremisesImmutableId');
  }
  const upn = text(body.userPrincipalName);
  if (upn === undefined) return undefined;
  const [u] = (await list(get, 'users', 'userPrincipalName', upn)).filter((x) => createdSince(x, sentAt));
  return u === undefined ? undefined : found(u, 'userPrincipalName');
}

async function lostGroup(get: Get, body: Record<string, unknown>, sentAt: number): Promise<BatchResult | undefined> {
  // The create carried the ownership anchor (docs/state.md): the group with it is the one it made.
  const anchorName = Object.keys(body).find((k) => ANCHOR_PROPERTY.test(k));
  const anchor = anchorName !== undefined ? text(body[anchorName]) : undefined;
  if (anchorName !== undefined && anchor !== undefined) {
    const [g] = await list(get, 'groups', anchorName, anchor);
    return g === undefined ? undefined : found(g, anchorName);
  }
  const nickname = text(body.mailNickname);
  if (nickname === undefined) return undefined;
  const candidates = (await list(get, 'groups', 'mailNickname', nickname))
    .filter((g) => g.displayName === body.displayName && createdSince(g, sentAt))
    .sort((a, b) => Date.parse(String(a.createdDateTime)) - Date.parse(String(b.createdDateTime)));
  return candidates[0] === undefined ? undefined : found(candidates[0], 'mailNickname and displayName');
}

async function lostRestore(get: Get, id: string): Promise<BatchResult | undefined> {
  try {
    const o = (await get(`/directoryObjects/${encodeURIComponent(id)}`)) as Found;
    return { status: 200, body: o, attempts: 0, recovered: 'restored by the request whose answer was lost' };
  } catch (e) {
    if ((e as { status?: unknown }).status === 404) return undefined;
    throw e;
  }
}

/** The batch writer's resolveUnknown over Graph reads (`get` resolves with the parsed answer). */
export function lostAnswerResolver(get: Get): UnknownOutcomeResolver {
  return async (request: BatchRequest, sentAt: number) => {
    if (request.method !== 'POST') return undefined;
    const path = request.url.replace(/^\/v1\.0(?=\/)/i, '').split('?')[0]!;
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (/^\/users\/?$/i.test(path)) return lostUser(get, body, sentAt);
    if (/^\/groups\/?$/i.test(path)) return lostGroup(get, body, sentAt);
    const restore = /^\/directory\/deletedItems\/([^/]+)\/restore$/i.exec(path);
    if (restore !== null) return lostRestore(get, decodeURIComponent(restore[1]!));
    return undefined;
  };
}
