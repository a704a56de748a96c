import type { DirObject } from '../directory.js';
import type { EmulatorState } from '../state.js';
import { noContent, requirePermission } from './common.js';
import { conflict, notFound, unsupportedQuery } from './errors.js';
import { collectionQuery, contextUrl, listCollection, project, selectOf, type ListSource } from './odata.js';
import { PERMS } from './permissions.js';
import type { Route } from './router.js';
import { GROUP, SPECS, USER } from './schema.js';
import type { GraphRequest, HandlerContext } from './types.js';

/** /directory/deletedItems: list by type (cast required), get, restore, permanent delete. */
const deletedOf = (state: EmulatorState, type: 'user' | 'group'): DirObject[] =>
  [...state.dir.deleted.values()].map((d) => d.object).filter((o) => o.type === type).sort((a, b) => a.seq - b.seq);

function entry(state: EmulatorState, req: GraphRequest, id: string, write: boolean): DirObject {
  const d = state.dir.deleted.get(id.toLowerCase());
  if (!d) throw notFound(id);
  const o = d.object;
  if (o.type === 'user') requirePermission(req, write ? PERMS.userWrite : PERMS.userRead);
  else requirePermission(req, write ? PERMS.groupWrite : PERMS.groupRead);
  return o;
}

function listDeleted({ state, req, params }: HandlerContext) {
  const type = params.cast!.toLowerCase() === 'microsoft.graph.user' ? 'user' : params.cast!.toLowerCase() === 'microsoft.graph.group' ? 'group' : undefined;
  if (!type) throw unsupportedQuery(`Resource not found for the segment '${params.cast}'.`);
  requirePermission(req, type === 'user' ? PERMS.userRead : PERMS.groupRead);
  const objects = deletedOf(state, type);
  const q = collectionQuery(req, [type === 'user' ? USER : GROUP], { orderable: ['deletedDateTime', 'displayName'] });
  const source: ListSource = { iterate: (after) => objects.filter((o) => o.seq > after) };
  return listCollection(req, q, source, { context: contextUrl(req, `directory/deletedItems/microsoft.graph.${type}`, q.select), withType: true });
}

function restore({ state, req, params }: HandlerContext) {
  const o = entry(state, req, params.id!, true);
  const c = state.dir.findConflict(o.type, o.id, o.props);
  if (c) throw conflict(c.property);
  const restored = state.dir.restore(o.id)!;
  return {
    status: 200,
    body: { '@odata.context': contextUrl(req, 'directoryObjects', undefined, true), ...project(restored, undefined, req.version, true) },
  };
}

const READ = [...new Set([...PERMS.userRead, ...PERMS.groupRead])];
const WRITE = [...new Set([...PERMS.userWrite, ...PERMS.groupWrite])];

export const deletedRoutes: Route[] = [
  {
    method: 'GET',
    path: 'directory/deletedItems',
    perms: READ,
    handle: () => {
      throw unsupportedQuery('A type cast is required: /directory/deletedItems/microsoft.graph.user or microsoft.graph.group.');
    },
  },
  { method: 'GET', path: 'directory/deletedItems/:cast', perms: READ, handle: (ctx) => (ctx.params.cast!.includes('.') ? listDeleted(ctx) : getDeleted(ctx)) },
  { method: 'POST', path: 'directory/deletedItems/:id/restore', perms: WRITE, handle: restore },
  {
    method: 'DELETE',
    path: 'directory/deletedItems/:id',
    perms: WRITE,
    handle: ({ state, req, params }) => {
      state.dir.purge(entry(state, req, params.id!, true).id);
      return noContent;
    },
  },
];

function getDeleted({ state, req, params }: HandlerContext) {
  const o = entry(state, req, params.cast!, false);
  const select = selectOf(req, [SPECS[o.type]]);
  return { status: 200, body: { '@odata.context': contextUrl(req, 'directoryObjects', select, true), ...project(o, select, req.version, true) } };
}
