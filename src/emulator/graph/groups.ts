import type { DirObject, Props } from '../directory.js';
import { newId } from '../ids.js';
import type { EmulatorState } from '../state.js';
import { checkQuota, cloudSid, entityResponse, getObject, noContent, nowIso } from './common.js';
import { badRequest, notFound } from './errors.js';
import { collectionQuery, contextUrl, countMatches, countResponse, listCollection, type ListSource } from './odata.js';
import { PERMS } from './permissions.js';
import type { Route } from './router.js';
import { GROUP, SERVICE_PRINCIPAL, USER, withExtensions } from './schema.js';
import type { GraphRequest, HandlerContext } from './types.js';
import { DIRECTORY_OBJECT_SPECS, memberOfRoute } from './users.js';
import { checkExtensionCount, checkMailNickname, checkUnique, readWriteBody, refId, requireProps } from './validate.js';

/** /groups: list, count, create, get, update, delete (Microsoft 365 groups soft, others hard), members and owners ($ref). */
const groupSource = (state: EmulatorState): ListSource => ({
  iterate: (after) => state.dir.iterate('group', after),
  lookup: (p, v) => state.dir.lookup('group', p, v),
});

const MAIL_ENABLED_SECURITY =
  'The service does not currently support writes of mail-enabled groups. Please ensure that the mail-enablement property is unset or is set to false.';

export function groupDefaults(id: string): Props {
  const now = nowIso();
  return {
    id,
    createdDateTime: now,
    renewedDateTime: now,
    creationOptions: [],
    groupTypes: [],
    onPremisesProvisioningErrors: [],
    onPremisesSyncEnabled: null,
    proxyAddresses: [],
    resourceBehaviorOptions: [],
    resourceProvisioningOptions: [],
    securityIdentifier: cloudSid(id),
    mail: null,
  };
}

const isUnified = (props: Props): boolean => Array.isArray(props.groupTypes) && props.groupTypes.some((t) => String(t).toLowerCase() === 'unified');

/** A Microsoft 365 group gets an address from its mailNickname on the default domain. */
export function withGroupMail(state: EmulatorState, props: Props): Props {
  if (!isUnified(props) || typeof props.mailNickname !== 'string') return props;
  const mail = `${props.mailNickname}@${state.defaultDomain}`;
  return { ...props, mail, proxyAddresses: [`SMTP:${mail}`], visibility: props.visibility ?? 'Public' };
}

function existingRefs(state: EmulatorState, ids: readonly string[] = []): string[] {
  if (ids.length > 20) throw badRequest('The maximum number of references that can be added in a single request is 20.');
  for (const id of ids) if (!state.dir.get(id)) throw notFound(id);
  return [...ids];
}

function createGroup(state: EmulatorState, req: GraphRequest) {
  const { props, binds } = readWriteBody(withExtensions(GROUP, state.extensions), req.body, ['members', 'owners']);
  requireProps(props, ['displayName', 'mailNickname']);
  if (typeof props.mailEnabled !== 'boolean') requireProps({}, ['mailEnabled']);
  if (typeof props.securityEnabled !== 'boolean') requireProps({}, ['securityEnabled']);
  checkMailNickname(GROUP, props.mailNickname);
  if (props.mailEnabled === true && !isUnified(props)) throw badRequest(MAIL_ENABLED_SECURITY);
  const members = existingRefs(state, binds.members);
  const owners = existingRefs(state, binds.owners);
  checkQuota(state);
  const id = newId();
  const group = withGroupMail(state, { ...groupDefaults(id), ...props });
  checkExtensionCount(group);
  checkUnique(state, 'group', undefined, group);
  const o = state.dir.insert('group', group, { members, owners });
  return entityResponse(req, 'groups', o, 201);
}

function updateGroup(state: EmulatorState, req: GraphRequest, id: string) {
  const o = getObject(state, 'group', id);
  const { props, binds } = readWriteBody(withExtensions(GROUP, state.extensions), req.body, ['members', 'owners']);
  if ('isAssignableToRole' in props) throw badRequest("Property 'isAssignableToRole' is read-only and cannot be set.");
  if ('mailNickname' in props) checkMailNickname(GROUP, props.mailNickname);
  const next: Props = { ...o.props, ...props };
  checkExtensionCount(next);
  if (next.mailEnabled === true && !isUnified(next)) throw badRequest(MAIL_ENABLED_SECURITY);
  const members = existingRefs(state, binds.members);
  const owners = existingRefs(state, binds.owners);
  const withMail = 'mailNickname' in props ? withGroupMail(state, next) : next;
  checkUnique(state, 'group', o.id, withMail);
  state.dir.update(o, withMail);
  for (const m of members) if (!o.members!.has(m)) state.dir.addMember(o, m);
  for (const m of owners) if (!o.owners!.has(m)) state.dir.addOwner(o, m);
  return noContent;
}

/** GET /groups/{id}/members or /owners, optionally cast to one type (…/microsoft.graph.user). */
function listLinks(ctx: HandlerContext, link: 'members' | 'owners', cast?: string) {
  const { state, req, params } = ctx;
  const g = getObject(state, 'group', params.id!);
  const type = cast === undefined ? undefined : castType(cast);
  const objects: DirObject[] = [];
  for (const id of g[link]!) {
    const o = state.dir.get(id);
    if (o && (!type || o.type === type)) objects.push({ ...o, seq: objects.length + 1 });
  }
  const specs = type ? [{ user: USER, group: GROUP, servicePrincipal: SERVICE_PRINCIPAL }[type]] : [...DIRECTORY_OBJECT_SPECS];
  const q = collectionQuery(req, specs);
  const source: ListSource = { iterate: (after) => objects.slice(after) };
  const set = type ? `${type}s` : 'directoryObjects';
  return listCollection(req, q, source, { context: contextUrl(req, set, type ? q.select : undefined), withType: !type });
}

function castType(cast: string): 'user' | 'group' | 'servicePrincipal' {
  const m = /^microsoft\.graph\.(user|group|servicePrincipal)$/i.exec(cast);
  if (!m) throw badRequest(`Resource not found for the segment '${cast}'.`);
  return m[1]!.toLowerCase() === 'serviceprincipal' ? 'servicePrincipal' : (m[1]!.toLowerCase() as 'user' | 'group');
}

function addRef(ctx: HandlerContext, link: 'members' | 'owners') {
  const { state, req, params } = ctx;
  const g = getObject(state, 'group', params.id!);
  const ref = (req.body as Record<string, unknown> | undefined)?.['@odata.id'];
  if (typeof ref !== 'string') throw badRequest("Property '@odata.id' value is required but is empty or missing.");
  const id = refId(ref);
  if (!state.dir.get(id)) throw notFound(id);
  if (g[link]!.has(id)) throw badRequest(`One or more added object references already exist for the following modified properties: '${link}'.`);
  if (link === 'members') state.dir.addMember(g, id);
  else state.dir.addOwner(g, id);
  return noContent;
}

function removeRef(ctx: HandlerContext, link: 'members' | 'owners') {
  const { state, params } = ctx;
  const g = getObject(state, 'group', params.id!);
  const id = params.ref!.toLowerCase();
  const had = link === 'members' ? state.dir.removeMember(g, id) : state.dir.removeOwner(g, id);
  if (!had) throw notFound(params.ref!);
  return noContent;
}

const linkRoutes = (link: 'members' | 'owners'): Route[] => [
  { method: 'GET', path: `groups/:id/${link}`, perms: PERMS.groupRead, cost: link === 'members' ? 3 : 1, handle: (ctx) => listLinks(ctx, link) },
  { method: 'GET', path: `groups/:id/${link}/:cast`, perms: PERMS.groupRead, cost: link === 'members' ? 3 : 1, handle: (ctx) => listLinks(ctx, link, ctx.params.cast) },
  { method: 'POST', path: `groups/:id/${link}/$ref`, perms: PERMS.memberWrite, handle: (ctx) => addRef(ctx, link) },
  { method: 'DELETE', path: `groups/:id/${link}/:ref/$ref`, perms: PERMS.memberWrite, handle: (ctx) => removeRef(ctx, link) },
];

export const groupRoutes: Route[] = [
  {
    method: 'GET',
    path: 'groups',
    perms: PERMS.groupRead,
    handle: ({ state, req }) => {
      const q = collectionQuery(req, [GROUP], { orderable: ['displayName'] });
      return listCollection(req, q, groupSource(state), { context: contextUrl(req, 'groups', q.select), withType: false });
    },
  },
  {
    method: 'GET',
    path: 'groups/$count',
    perms: PERMS.groupRead,
    handle: ({ state, req }) => {
      const q = collectionQuery(req, [GROUP]);
      return countResponse(req, q.filter ? countMatches(q, groupSource(state)) : state.dir.count('group'));
    },
  },
  { method: 'POST', path: 'groups', perms: PERMS.groupWrite, handle: ({ state, req }) => createGroup(state, req) },
  { method: 'GET', path: 'groups/:id', perms: PERMS.groupRead, handle: ({ state, req, params }) => entityResponse(req, 'groups', getObject(state, 'group', params.id!)) },
  { method: 'PATCH', path: 'groups/:id', perms: PERMS.groupWrite, handle: ({ state, req, params }) => updateGroup(state, req, params.id!) },
  {
    method: 'DELETE',
    path: 'groups/:id',
    perms: PERMS.groupWrite,
    handle: ({ state, params }) => {
      const g = getObject(state, 'group', params.id!);
      // Only Microsoft 365 groups go to deletedItems; security groups are deleted at once.
      state.dir.remove(g, isUnified(g.props));
      return noContent;
    },
  },
  {
    method: 'GET',
    path: 'groups/:id/members/$count',
    perms: PERMS.groupRead,
    cost: 3,
    handle: ({ state, req, params }) => countResponse(req, getObject(state, 'group', params.id!).members!.size),
  },
  ...linkRoutes('members'),
  ...linkRoutes('owners'),
  memberOfRoute('groups/:id/memberOf', 'group', PERMS.groupRead),
];
