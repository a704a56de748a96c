import type { DirObject } from '../directory.js';
import { findRoleTemplate, ROLE_TEMPLATES, type RoleTemplate } from '../roles-catalog.js';
import type { EmulatorState } from '../state.js';
import { badRequest, notFound } from './errors.js';
import { collectionQuery, contextUrl, listCollection, project, type ListSource } from './odata.js';
import { PERMS } from './permissions.js';
import { plainCollection, plainEntity, plainSpec, type Plain } from './plain.js';
import type { Route } from './router.js';
import { queryOption, type GraphRequest, type HandlerContext } from './types.js';
import { DIRECTORY_OBJECT_SPECS } from './users.js';

/**
 * Who holds admin roles: /directoryRoles (activated roles) and their members, and
 * /roleManagement/directory/roleDefinitions and roleAssignments (with $expand=principal).
 * Both views come from the same role assignments.
 */
const activated = (state: EmulatorState): Array<{ id: string; template: RoleTemplate }> =>
  [...state.dir.directoryRoleIds].map(([templateId, id]) => ({ id, template: findRoleTemplate(templateId)! })).filter((r) => r.template);

const directoryRole = (r: { id: string; template: RoleTemplate }): Plain => ({
  id: r.id,
  deletedDateTime: null,
  description: r.template.description,
  displayName: r.template.displayName,
  roleTemplateId: r.template.templateId,
});

const roleDefinition = (t: RoleTemplate): Plain => ({
  id: t.templateId,
  description: t.description,
  displayName: t.displayName,
  isBuiltIn: true,
  isEnabled: true,
  resourceScopes: ['/'],
  templateId: t.templateId,
  version: '1',
  rolePermissions: [],
});

/** directoryRoles/{id} or directoryRoles(roleTemplateId='…') (parsed as the segment "roleTemplateId=…"). */
function findDirectoryRole(state: EmulatorState, key: string): { id: string; template: RoleTemplate } {
  const m = /^roleTemplateId=(.+)$/i.exec(key);
  const r = activated(state).find((x) => (m ? x.template.templateId === m[1]!.toLowerCase() : x.id === key.toLowerCase()));
  if (!r) throw notFound(m ? m[1]! : key);
  return r;
}

function holders(state: EmulatorState, templateId: string): DirObject[] {
  return [...state.dir.roleAssignments.values()]
    .filter((a) => a.roleDefinitionId === templateId)
    .map((a) => state.dir.get(a.principalId))
    .filter((o): o is DirObject => o !== undefined)
    .sort((a, b) => a.seq - b.seq);
}

function expandOf(req: GraphRequest): Set<string> {
  const raw = queryOption(req, '$expand');
  const names = new Set((raw ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  for (const n of names) if (n !== 'principal' && n !== 'roleDefinition') throw badRequest(`Parsing OData Select and Expand failed: Could not find a property named '${n}' on type 'microsoft.graph.unifiedRoleAssignment'.`);
  return names;
}

function assignments({ state, req }: HandlerContext, id?: string) {
  const expand = expandOf(req);
  const items = [...state.dir.roleAssignments.values()].map((a) => {
    const item: Plain = { id: a.id, principalId: a.principalId, roleDefinitionId: a.roleDefinitionId, directoryScopeId: a.directoryScopeId, appScopeId: null, condition: null };
    const principal = state.dir.get(a.principalId);
    if (expand.has('principal')) item.principal = principal ? project(principal, undefined, req.version, true) : null;
    if (expand.has('roleDefinition')) {
      const t = findRoleTemplate(a.roleDefinitionId);
      item.roleDefinition = t ? roleDefinition(t) : null;
    }
    return item;
  });
  const spec = plainSpec('unifiedRoleAssignment', { id: '', principalId: '', roleDefinitionId: '', directoryScopeId: '', appScopeId: '', condition: '', principal: {}, roleDefinition: {} });
  const set = `roleManagement/directory/roleAssignments${expand.size > 0 ? `(${[...expand].map((e) => `${e}()`).join(',')})` : ''}`;
  if (id === undefined) return plainCollection(req, set, spec, items);
  const one = items.find((i) => i.id === id);
  if (!one) throw notFound(id);
  return plainEntity(req, set, spec, one);
}

const ROLE_SPEC = plainSpec('directoryRole', { id: '', deletedDateTime: '', description: '', displayName: '', roleTemplateId: '' });
const DEF_SPEC = plainSpec('unifiedRoleDefinition', roleDefinition(ROLE_TEMPLATES[0]!));

export const roleRoutes: Route[] = [
  { method: 'GET', path: 'directoryRoles', perms: PERMS.roleRead, handle: ({ state, req }) => plainCollection(req, 'directoryRoles', ROLE_SPEC, activated(state).map(directoryRole)) },
  {
    method: 'GET',
    path: 'directoryRoles/:id',
    perms: PERMS.roleRead,
    handle: ({ state, req, params }) => plainEntity(req, 'directoryRoles', ROLE_SPEC, directoryRole(findDirectoryRole(state, params.id!))),
  },
  {
    method: 'GET',
    path: 'directoryRoles/:id/members',
    perms: PERMS.roleRead,
    handle: ({ state, req, params }) => {
      const r = findDirectoryRole(state, params.id!);
      const objects = holders(state, r.template.templateId);
      const q = collectionQuery(req, [...DIRECTORY_OBJECT_SPECS]);
      const source: ListSource = { iterate: (after) => objects.filter((o) => o.seq > after) };
      return listCollection(req, q, source, { context: contextUrl(req, 'directoryObjects'), withType: true });
    },
  },
  {
    method: 'GET',
    path: 'roleManagement/directory/roleDefinitions',
    perms: PERMS.roleRead,
    handle: ({ req }) => plainCollection(req, 'roleManagement/directory/roleDefinitions', DEF_SPEC, ROLE_TEMPLATES.map(roleDefinition)),
  },
  {
    method: 'GET',
    path: 'roleManagement/directory/roleDefinitions/:id',
    perms: PERMS.roleRead,
    handle: ({ req, params }) => {
      const t = findRoleTemplate(params.id!);
      if (!t || t.templateId !== params.id!.toLowerCase()) throw notFound(params.id!);
      return plainEntity(req, 'roleManagement/directory/roleDefinitions', DEF_SPEC, roleDefinition(t));
    },
  },
  { method: 'GET', path: 'roleManagement/directory/roleAssignments', perms: PERMS.roleRead, handle: (ctx) => assignments(ctx) },
  { method: 'GET', path: 'roleManagement/directory/roleAssignments/:id', perms: PERMS.roleRead, handle: (ctx) => assignments(ctx, ctx.params.id!) },
];
