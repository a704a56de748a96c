/**
 * What cloudsync owns, recorded in Entra: two directory extension properties on users and groups,
 * declared on an application (the one cloudsync signs in as, or entra.extensionAppId):
 *
 *   extension_<appId without dashes>_cloudsyncAnchor     the AD objectGUID (base64, as the sync's anchor)
 *   extension_<appId without dashes>_cloudsyncManagedBy  the configuration's marker (markerFor)
 *
 * Graph: POST /applications(appId='…')/extensionProperties {name, dataType, targetObjects}
 * (microsoft-graph-docs-contrib api-reference/v1.0/api/application-post-extensionproperty.md);
 * values are written and read with the object's own requests ($select, $filter eq).
 * Defining them needs Application.ReadWrite.OwnedBy (on an application the caller owns) or
 * Application.ReadWrite.All.
 */
import { createHash } from 'node:crypto';

export const ANCHOR_EXTENSION = 'cloudsyncAnchor';
export const MARKER_EXTENSION = 'cloudsyncManagedBy';
const DEFINITIONS = [ANCHOR_EXTENSION, MARKER_EXTENSION] as const;

/** The full property names, once the extensions exist. */
export interface OwnershipNames {
  readonly anchor: string;
  readonly marker: string;
}

export interface OwnershipSetup {
  /** The application holding the definitions. */
  readonly appId: string;
  readonly appObjectId: string;
  readonly names: OwnershipNames;
  /** Full names that existed before, and that this call created (empty when only checked). */
  readonly existing: string[];
  readonly created: string[];
  /** Full names still missing (a check, not a setup). */
  readonly missing: string[];
}

/** What the ownership functions need of the Entra client; EntraClient has it. */
export interface OwnershipTarget {
  request<T>(method: string, path: string, body?: unknown): Promise<T>;
}

interface ExtensionProperty {
  id: string;
  name: string;
}

export const extensionPropertyName = (appId: string, name: string): string => `extension_${appId.replaceAll('-', '').toLowerCase()}_${name}`;

/**
 * The configuration's marker: a stable short id of tenant + source forest + scope key, so two
 * configurations on one tenant never take each other's objects for their own.
 */
export function markerFor(tenant: string, forest: string, scopeKey: string): string {
  const h = createHash('sha256').update(JSON.stringify([tenant.trim().toLowerCase(), forest.trim().toLowerCase(), scopeKey])).digest('hex');
  return `cloudsync:${h.slice(0, 20)}`;
}

const appPath = (appId: string): string => `/applications(appId='${encodeURIComponent(appId)}')`;

/** Checks (create: false) or creates (create: true) the two definitions on the application. */
export async function ownershipExtensions(target: OwnershipTarget, appId: string, opts: { create: boolean }): Promise<OwnershipSetup> {
  const app = await target.request<{ id: string; appId: string }>('GET', `${appPath(appId)}?$select=id,appId`);
  const list = await target.request<{ value: ExtensionProperty[] }>('GET', `${appPath(appId)}/extensionProperties?$select=id,name`);
  const have = new Set(list.value.map((e) => e.name.toLowerCase()));
  const existing: string[] = [];
  const created: string[] = [];
  const missing: string[] = [];
  for (const short of DEFINITIONS) {
    const full = extensionPropertyName(app.appId, short);
    if (have.has(full.toLowerCase())) existing.push(full);
    else if (opts.create) {
      await target.request('POST', `${appPath(appId)}/extensionProperties`, { name: short, dataType: 'String', targetObjects: ['User', 'Group'] });
      created.push(full);
    } else missing.push(full);
  }
  return {
    appId: app.appId,
    appObjectId: app.id,
    names: { anchor: extensionPropertyName(app.appId, ANCHOR_EXTENSION), marker: extensionPropertyName(app.appId, MARKER_EXTENSION) },
    existing,
    created,
    missing,
  };
}
