import type { DirObject, ObjectType } from '../directory.js';
import type { EmulatorState } from '../state.js';
import { GraphError, insufficientPrivileges, notFound } from './errors.js';
import { contextUrl, project, selectOf } from './odata.js';
import { allowed } from './permissions.js';
import { SPECS } from './schema.js';
import type { GraphRequest, GraphResponse } from './types.js';

/** Helpers shared by the directory-object handlers. */
export const nowIso = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/** securityIdentifier as Entra derives it for cloud objects: S-1-12-1- and the object id as four integers. */
export function cloudSid(id: string): string {
  const b = Buffer.from(id.replaceAll('-', ''), 'hex');
  return `S-1-12-1-${[0, 4, 8, 12].map((o) => b.readUInt32LE(o)).join('-')}`;
}

export function getObject(state: EmulatorState, type: ObjectType, id: string): DirObject {
  const o = type === 'user' ? state.dir.findUser(id) : state.dir.get(id);
  if (!o || o.type !== type) throw notFound(id);
  return o;
}

/** Directory quota: 50,000 objects, 300,000 once a custom domain is verified (unless the tenant sets its own). */
export function directoryQuota(state: EmulatorState): { used: number; total: number } {
  const used = state.dir.count('user') + state.dir.count('group') + state.dir.count('servicePrincipal');
  const custom = state.domains.some((d) => d.isVerified && !d.isInitial);
  return { used, total: state.tenant.directorySizeQuotaTotal || (custom ? 300_000 : 50_000) };
}

export function checkQuota(state: EmulatorState): void {
  const q = directoryQuota(state);
  if (q.used >= q.total) {
    throw new GraphError(400, 'Directory_QuotaExceeded', 'The directory object quota limit for the Tenant has been exceeded. Please ask your administrator to increase the quota limit or delete objects to reduce the used quota.');
  }
}

/**
 * GET of one object: @odata.context, then the selected (or default) properties, then any
 * expanded navigation properties (`expand.context` is the context URL's select list).
 */
export function entityResponse(
  req: GraphRequest,
  set: string,
  o: DirObject,
  status = 200,
  expand?: { values: Record<string, unknown>; context: (select: string[] | undefined) => string[] | undefined },
): GraphResponse {
  const select = status === 200 ? selectOf(req, [SPECS[o.type]]) : undefined;
  const context = expand ? expand.context(select) : select;
  return { status, body: { '@odata.context': contextUrl(req, set, context, true), ...project(o, select, req.version, false), ...expand?.values } };
}

export function requirePermission(req: GraphRequest, any: readonly string[]): void {
  if (!allowed(req.principal.permissions, any)) throw insufficientPrivileges();
}

export const noContent: GraphResponse = { status: 204 };
