import { EXTENSION_DATA_TYPES, EXTENSION_TARGETS, extensionName, type ExtensionDataType, type ExtensionDef } from '../extensions.js';
import { appObjectId, type AppRecord, type EmulatorState } from '../state.js';
import { noContent } from './common.js';
import { badRequest, insufficientPrivileges, notFound } from './errors.js';
import { allowed } from './permissions.js';
import { contextUrl } from './odata.js';
import { plainCollection, plainEntity, plainSpec, type Plain } from './plain.js';
import type { Route } from './router.js';
import type { GraphRequest } from './types.js';

/**
 * /applications (read) and their directory extension definitions (create, list, get, delete),
 * as microsoft-graph-docs-contrib api-reference/v1.0/api/application-post-extensionproperty.md,
 * application-list-extensionproperty.md, extensionproperty-get.md and extensionproperty-delete.md
 * describe them. `/applications(appId='…')` addresses an application by its appId.
 * Application.ReadWrite.OwnedBy allows writes on applications the caller owns: the emulator
 * counts every app registration as owned by its own service principal.
 */
const APP_READ = ['Application.Read.All', 'Application.ReadWrite.OwnedBy', 'Application.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
const APP_WRITE_ALL = ['Application.ReadWrite.All', 'Directory.ReadWrite.All'];
const APP_WRITE = [...APP_WRITE_ALL, 'Application.ReadWrite.OwnedBy'];

const APPLICATION = plainSpec('application', { id: '', appId: '', displayName: '', deletedDateTime: '', signInAudience: '' });
const EXTENSION_PROPERTY = plainSpec('extensionProperty', {
  id: '',
  deletedDateTime: '',
  appDisplayName: '',
  dataType: '',
  isMultiValued: false,
  isSyncedFromOnPremises: false,
  name: '',
  targetObjects: [''],
});

const applicationOf = (a: AppRecord): Plain => ({ id: appObjectId(a), appId: a.appId, displayName: a.displayName, deletedDateTime: null, signInAudience: 'AzureADMyOrg' });

const extensionOf = (d: ExtensionDef): Plain => ({
  id: d.id,
  deletedDateTime: null,
  appDisplayName: d.appDisplayName,
  dataType: d.dataType,
  isMultiValued: d.isMultiValued,
  isSyncedFromOnPremises: false,
  name: d.name,
  targetObjects: d.targetObjects,
});

function findApp(state: EmulatorState, id: string): AppRecord {
  const a = state.findAppByAnyId(id);
  if (!a) throw notFound(id.replace(/^appId=/i, ''));
  return a;
}

/** Application.ReadWrite.OwnedBy reaches only the caller's own application. */
function checkWrite(req: GraphRequest, app: AppRecord): void {
  if (allowed(req.principal.permissions, APP_WRITE_ALL)) return;
  if (req.principal.appId.toLowerCase() !== app.appId) throw insufficientPrivileges();
}

function createExtension(state: EmulatorState, req: GraphRequest, app: AppRecord) {
  checkWrite(req, app);
  const b = (req.body ?? {}) as Record<string, unknown>;
  for (const k of Object.keys(b)) {
    if (!['name', 'dataType', 'targetObjects', 'isMultiValued', '@odata.type'].includes(k)) throw badRequest(`Property '${k}' does not exist as a declared property or extension property.`);
  }
  if (typeof b.name !== 'string' || !/^\w{1,120}$/.test(b.name)) throw badRequest('Property name value is required but is empty or missing.');
  if (typeof b.dataType !== 'string' || !EXTENSION_DATA_TYPES.includes(b.dataType as ExtensionDataType)) throw badRequest('Invalid value specified for property \'dataType\' of resource \'ExtensionProperty\'.');
  const targets = b.targetObjects;
  if (!Array.isArray(targets) || targets.length === 0 || !targets.every((t) => (EXTENSION_TARGETS as readonly unknown[]).includes(t))) {
    throw badRequest('Invalid value specified for property \'targetObjects\' of resource \'ExtensionProperty\'.');
  }
  const name = extensionName(app.appId, b.name);
  if (state.extensions.byName(name)) throw badRequest(`Property '${name}' already exists on the application.`);
  const def = state.extensions.add({
    appObjectId: appObjectId(app),
    appDisplayName: app.displayName,
    name,
    dataType: b.dataType as ExtensionDataType,
    isMultiValued: b.isMultiValued === true,
    targetObjects: targets as string[],
  });
  const context = `${req.origin}/${req.version}/$metadata#applications('${appObjectId(app)}')/extensionProperties/$entity`;
  return { status: 201, body: { '@odata.context': context, ...extensionOf(def) } };
}

function extensionOfApp(state: EmulatorState, app: AppRecord, id: string): ExtensionDef {
  const d = state.extensions.get(id);
  if (!d || d.appObjectId !== appObjectId(app)) throw notFound(id);
  return d;
}

export const applicationRoutes: Route[] = [
  {
    method: 'GET',
    path: 'applications',
    perms: APP_READ,
    handle: ({ state, req }) => plainCollection(req, 'applications', APPLICATION, state.apps.map(applicationOf)),
  },
  {
    method: 'GET',
    path: 'applications/:id',
    perms: APP_READ,
    handle: ({ state, req, params }) => plainEntity(req, 'applications', APPLICATION, applicationOf(findApp(state, params.id!))),
  },
  {
    method: 'GET',
    path: 'applications/:id/extensionProperties',
    perms: APP_READ,
    handle: ({ state, req, params }) => {
      const app = findApp(state, params.id!);
      const res = plainCollection(req, 'extensionProperties', EXTENSION_PROPERTY, state.extensions.ofApp(appObjectId(app)).map(extensionOf));
      (res.body as Plain)['@odata.context'] = contextUrl(req, `applications('${appObjectId(app)}')/extensionProperties`);
      return res;
    },
  },
  {
    method: 'POST',
    path: 'applications/:id/extensionProperties',
    perms: APP_WRITE,
    handle: ({ state, req, params }) => createExtension(state, req, findApp(state, params.id!)),
  },
  {
    method: 'GET',
    path: 'applications/:id/extensionProperties/:ext',
    perms: APP_READ,
    handle: ({ state, req, params }) => {
      const app = findApp(state, params.id!);
      return plainEntity(req, `applications('${appObjectId(app)}')/extensionProperties`, EXTENSION_PROPERTY, extensionOf(extensionOfApp(state, app, params.ext!)));
    },
  },
  {
    method: 'DELETE',
    path: 'applications/:id/extensionProperties/:ext',
    perms: APP_WRITE,
    handle: ({ state, req, params }) => {
      const app = findApp(state, params.id!);
      checkWrite(req, app);
      state.extensions.remove(extensionOfApp(state, app, params.ext!).id);
      return noContent;
    },
  },
];
