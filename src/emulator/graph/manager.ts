import type { DirObject } from '../directory.js';
import type { EmulatorState } from '../state.js';
import { getObject, noContent } from './common.js';
import { badRequest, GraphError, notFound } from './errors.js';
import { collectionQuery, contextUrl, listCollection, project, selectOf, type ListSource } from './odata.js';
import { PERMS } from './permissions.js';
import type { Route } from './router.js';
import { USER } from './schema.js';
import { queryOption, type GraphRequest, type HandlerContext } from './types.js';
import { refId } from './validate.js';

/**
 * The user's manager relationship (Graph v1.0): GET /users/{id}/manager, PUT and DELETE
 * …/manager/$ref, GET …/directReports, and `$expand=manager` / `$expand=directReports` (with
 * a nested `$select`) on /users and /users/{id}. A user without a manager has no `manager`
 * property when expanded, as Graph answers. Managers here are users (the emulator has no
 * organizational contacts).
 */
const NO_MANAGER = "Resource 'manager' does not exist or one of its queried reference-property objects are not present.";

export interface UserExpand {
  name: 'manager' | 'directReports';
  select?: string[];
}

/** Splits on commas outside parentheses: "manager($select=id,displayName),directReports". */
function topLevelItems(raw: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push(raw.slice(start, i));
      start = i + 1;
    }
  }
  out.push(raw.slice(start));
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

const parseFailed = (name: string): GraphError =>
  new GraphError(400, 'BadRequest', `Parsing OData Select and Expand failed: Could not find a property named '${name}' on type 'microsoft.graph.user'.`);

/** The $expand option of a user request; only manager and directReports can be expanded. */
export function userExpand(req: GraphRequest): UserExpand[] {
  const raw = queryOption(req, '$expand');
  if (raw === undefined) return [];
  return topLevelItems(raw).map((item) => {
    const m = /^([A-Za-z]+)\s*(?:\((.*)\))?$/s.exec(item);
    if (!m) throw new GraphError(400, 'BadRequest', `Parsing OData Select and Expand failed: syntax error in '${item}'.`);
    const name = m[1]!;
    if (name !== 'manager' && name !== 'directReports') throw parseFailed(name);
    const out: UserExpand = { name };
    for (const opt of (m[2] ?? '').split(';').map((s) => s.trim()).filter(Boolean)) {
      const o = /^\$?select=(.*)$/i.exec(opt);
      if (o) {
        // The nested $select is checked like a top-level one.
        const select = selectOf({ ...req, query: [['$select', o[1]!]] }, [USER]);
        if (select) out.select = select;
      } else if (/^\$?levels=/i.test(opt)) {
        throw badRequest('$levels in $expand is not supported by the cloudsync emulator.');
      } else {
        throw new GraphError(400, 'BadRequest', `Parsing OData Select and Expand failed: the query option '${opt}' is not allowed in $expand.`);
      }
    }
    return out;
  });
}

/** The expanded navigation properties of one user, to add to its projection. */
export function expandedOf(state: EmulatorState, req: GraphRequest, expand: readonly UserExpand[], o: DirObject): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const e of expand) {
    if (e.name === 'manager') {
      const m = state.dir.managerOf(o);
      if (m) out.manager = project(m, e.select, req.version, true);
    } else {
      out.directReports = state.dir.directReports(o.id).map((r) => project(r, e.select, req.version, true));
    }
  }
  return out;
}

/** "users(id,manager(id))": the context-URL form of $select with $expand. */
export function expandContext(select: readonly string[] | undefined, expand: readonly UserExpand[]): string[] | undefined {
  if (expand.length === 0) return select ? [...select] : undefined;
  return [...(select ?? []), ...expand.map((e) => `${e.name}(${(e.select ?? []).join(',')})`)];
}

function getManager({ state, req, params }: HandlerContext) {
  const user = getObject(state, 'user', params.id!);
  const m = state.dir.managerOf(user);
  if (!m) throw new GraphError(404, 'Request_ResourceNotFound', NO_MANAGER);
  const select = selectOf(req, [USER]);
  return { status: 200, body: { '@odata.context': contextUrl(req, 'directoryObjects', select, true), ...project(m, select, req.version, true) } };
}

function putManager({ state, req, params }: HandlerContext) {
  const user = getObject(state, 'user', params.id!);
  const body = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new GraphError(400, 'BadRequest', 'Empty Payload. JSON content expected.');
  const ref = (body as Record<string, unknown>)['@odata.id'];
  if (typeof ref !== 'string' || ref === '') throw badRequest("Property '@odata.id' value is required but is empty or missing.");
  const id = refId(ref);
  const manager = state.dir.get(id);
  if (!manager) throw notFound(id);
  if (manager.type !== 'user') throw badRequest(`Invalid object identifier '${id}'. A manager must be a user or an organizational contact.`);
  if (user.manager !== manager.id) state.dir.setManager(user, manager.id);
  return noContent;
}

function deleteManager({ state, params }: HandlerContext) {
  const user = getObject(state, 'user', params.id!);
  if (!state.dir.removeManager(user)) throw new GraphError(404, 'Request_ResourceNotFound', NO_MANAGER);
  return noContent;
}

function listDirectReports({ state, req, params }: HandlerContext) {
  const user = getObject(state, 'user', params.id!);
  const reports = state.dir.directReports(user.id).map((o, i) => ({ ...o, seq: i + 1 }));
  const q = collectionQuery(req, [USER]);
  const source: ListSource = { iterate: (after) => reports.slice(after) };
  return listCollection(req, q, source, { context: contextUrl(req, 'directoryObjects'), withType: true });
}

export const managerRoutes: Route[] = [
  { method: 'GET', path: 'users/:id/manager', perms: PERMS.userRead, handle: getManager },
  { method: 'PUT', path: 'users/:id/manager/$ref', perms: PERMS.userWrite, handle: putManager },
  { method: 'DELETE', path: 'users/:id/manager/$ref', perms: PERMS.userWrite, handle: deleteManager },
  { method: 'GET', path: 'users/:id/directReports', perms: PERMS.userRead, handle: listDirectReports },
];
