import type { Props } from '../directory.js';
import { newId } from '../ids.js';
import type { EmulatorState } from '../state.js';
import { checkQuota, cloudSid, entityResponse, getObject, noContent, nowIso } from './common.js';
import { GraphError } from './errors.js';
import { collectionQuery, contextUrl, countMatches, countResponse, listCollection, type ListSource } from './odata.js';
import { expandContext, expandedOf, managerRoutes, userExpand } from './manager.js';
import { PERMS } from './permissions.js';
import type { Route } from './router.js';
import { GROUP, SERVICE_PRINCIPAL, USER, withExtensions } from './schema.js';
import type { GraphRequest } from './types.js';
import {
  checkExtensionCount,
  checkMail,
  checkMailNickname,
  checkPasswordProfile,
  checkUnique,
  checkUserPrincipalName,
  invalidValue,
  proxiesForMail,
  readWriteBody,
  requireProps,
} from './validate.js';

/** /users: list, count, create, get by id or userPrincipalName, update, soft delete, memberOf, manager; /me. */
export const userSource = (state: EmulatorState): ListSource => ({
  iterate: (after) => state.dir.iterate('user', after),
  lookup: (p, v) => state.dir.lookup('user', p, v),
});

const identitiesFor = (state: EmulatorState, upn: string): Props[] => [
  { signInType: 'userPrincipalName', issuer: state.initialDomain, issuerAssignedId: upn },
];

/** The properties Entra sets on a new cloud user before the caller's values. */
export function userDefaults(state: EmulatorState, id: string, upn: string): Props {
  const now = nowIso();
  return {
    id,
    businessPhones: [],
    createdDateTime: now,
    creationType: null,
    identities: identitiesFor(state, upn),
    imAddresses: [],
    assignedLicenses: [],
    assignedPlans: [],
    provisionedPlans: [],
    otherMails: [],
    proxyAddresses: [],
    onPremisesProvisioningErrors: [],
    onPremisesSyncEnabled: null,
    lastPasswordChangeDateTime: now,
    securityIdentifier: cloudSid(id),
    userType: 'Member',
  };
}

function createUser(state: EmulatorState, req: GraphRequest) {
  const { props } = readWriteBody(withExtensions(USER, state.extensions), req.body);
  requireProps(props, ['accountEnabled', 'displayName', 'mailNickname', 'userPrincipalName']);
  const password = checkPasswordProfile(props.passwordProfile, true)!;
  checkUserPrincipalName(state, USER, props.userPrincipalName);
  checkMailNickname(USER, props.mailNickname);
  checkMail(USER, props.mail);
  checkQuota(state);
  const { passwordProfile: _ignored, ...rest } = props;
  const id = newId();
  const user: Props = { ...userDefaults(state, id, rest.userPrincipalName as string), ...rest };
  checkExtensionCount(user);
  if (typeof rest.mail === 'string') user.proxyAddresses = proxiesForMail(rest.mail, []);
  checkUnique(state, 'user', undefined, user);
  const o = state.dir.insert('user', user);
  state.dir.setPassword(o.id, password);
  return entityResponse(req, 'users', o, 201);
}

function updateUser(state: EmulatorState, req: GraphRequest, idOrUpn: string) {
  const o = getObject(state, 'user', idOrUpn);
  const { props } = readWriteBody(withExtensions(USER, state.extensions), req.body);
  const password = 'passwordProfile' in props ? checkPasswordProfile(props.passwordProfile, false) : undefined;
  if ('userPrincipalName' in props) checkUserPrincipalName(state, USER, props.userPrincipalName);
  if ('mailNickname' in props) checkMailNickname(USER, props.mailNickname);
  if ('displayName' in props && (props.displayName === null || props.displayName === '')) throw invalidValue(USER, 'displayName');
  if ('accountEnabled' in props && props.accountEnabled === null) throw invalidValue(USER, 'accountEnabled');
  checkMail(USER, props.mail);
  const { passwordProfile: _ignored, ...rest } = props;
  const next: Props = { ...o.props, ...rest };
  checkExtensionCount(next);
  if ('mail' in rest && rest.mail !== o.props.mail) {
    next.proxyAddresses = proxiesForMail((rest.mail as string | null) ?? null, (o.props.proxyAddresses as string[] | undefined) ?? []);
  }
  if ('userPrincipalName' in rest) next.identities = identitiesFor(state, rest.userPrincipalName as string);
  checkUnique(state, 'user', o.id, next);
  state.dir.update(o, next);
  if (password) state.dir.setPassword(o.id, password);
  return noContent;
}

export function memberOfRoute(path: string, type: 'user' | 'group', perms: readonly string[]): Route {
  return {
    method: 'GET',
    path,
    perms,
    handle: ({ state, req, params }) => {
      const o = getObject(state, type, params.id!);
      const q = collectionQuery(req, [GROUP]);
      const groups = state.dir.memberOf(o.id).map((g) => state.dir.get(g)!).sort((a, b) => a.seq - b.seq);
      const source: ListSource = { iterate: (after) => groups.filter((g) => g.seq > after) };
      return listCollection(req, q, source, { context: contextUrl(req, 'directoryObjects'), withType: true });
    },
  };
}

export const userRoutes: Route[] = [
  {
    method: 'GET',
    path: 'users',
    perms: PERMS.userRead,
    cost: 2,
    handle: ({ state, req }) => {
      const q = collectionQuery(req, [USER], { orderable: ['displayName', 'userPrincipalName'] });
      const expand = userExpand(req);
      return listCollection(req, q, userSource(state), {
        context: contextUrl(req, 'users', expandContext(q.select, expand)),
        withType: false,
        ...(expand.length > 0 ? { expand: (o) => expandedOf(state, req, expand, o) } : {}),
      });
    },
  },
  {
    method: 'GET',
    path: 'users/$count',
    perms: PERMS.userRead,
    cost: 2,
    handle: ({ state, req }) => {
      const q = collectionQuery(req, [USER]);
      return countResponse(req, q.filter ? countMatches(q, userSource(state)) : state.dir.count('user'));
    },
  },
  { method: 'POST', path: 'users', perms: PERMS.userWrite, handle: ({ state, req }) => createUser(state, req) },
  {
    method: 'GET',
    path: 'users/:id',
    perms: PERMS.userRead,
    handle: ({ state, req, params }) => {
      const o = getObject(state, 'user', params.id!);
      const expand = userExpand(req);
      if (expand.length === 0) return entityResponse(req, 'users', o);
      return entityResponse(req, 'users', o, 200, { values: expandedOf(state, req, expand, o), context: (select) => expandContext(select, expand) });
    },
  },
  { method: 'PATCH', path: 'users/:id', perms: PERMS.userWrite, handle: ({ state, req, params }) => updateUser(state, req, params.id!) },
  {
    method: 'DELETE',
    path: 'users/:id',
    perms: PERMS.userWrite,
    handle: ({ state, params }) => {
      state.dir.remove(getObject(state, 'user', params.id!), true);
      return noContent;
    },
  },
  memberOfRoute('users/:id/memberOf', 'user', [...PERMS.userRead, ...PERMS.groupRead]),
  ...managerRoutes,
  {
    method: 'GET',
    path: 'me',
    perms: PERMS.me,
    handle: ({ state, req }) => {
      if (req.principal.kind !== 'user') throw new GraphError(400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
      return entityResponse(req, 'users', getObject(state, 'user', req.principal.objectId));
    },
  },
];

export const DIRECTORY_OBJECT_SPECS = [USER, GROUP, SERVICE_PRINCIPAL] as const;
