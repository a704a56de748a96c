import { entityResponse, getObject } from './common.js';
import { collectionQuery, contextUrl, listCollection } from './odata.js';
import { PERMS } from './permissions.js';
import type { Route } from './router.js';
import { SERVICE_PRINCIPAL } from './schema.js';

/** /servicePrincipals (read-only): the apps and managed identities of the tenant. */
export const servicePrincipalRoutes: Route[] = [
  {
    method: 'GET',
    path: 'servicePrincipals',
    perms: PERMS.appRead,
    handle: ({ state, req }) => {
      const q = collectionQuery(req, [SERVICE_PRINCIPAL], { orderable: ['displayName'] });
      const all = [...state.dir.iterate('servicePrincipal')];
      return listCollection(req, q, { iterate: (after) => all.filter((o) => o.seq > after) }, { context: contextUrl(req, 'servicePrincipals', q.select), withType: false });
    },
  },
  {
    method: 'GET',
    path: 'servicePrincipals/:id',
    perms: PERMS.appRead,
    handle: ({ state, req, params }) => entityResponse(req, 'servicePrincipals', getObject(state, 'servicePrincipal', params.id!)),
  },
];
