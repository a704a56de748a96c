import type { ObjectType, Props } from './directory-types.js';
import { newId } from './ids.js';

/**
 * Directory extension definitions (extensionProperty objects on applications) and the rules
 * Graph applies to their values on users and groups. Pages followed:
 * microsoft-graph-docs-contrib api-reference/v1.0/resources/extensionproperty.md and
 * api/application-post-extensionproperty.md: the name becomes
 * `extension_<appId without dashes>_<name>`; String holds at most 256 characters, Binary 256
 * bytes; at most 100 extension values, across all applications, on one object.
 */
export type ExtensionDataType = 'Binary' | 'Boolean' | 'DateTime' | 'Integer' | 'LargeInteger' | 'String';
export const EXTENSION_DATA_TYPES: readonly ExtensionDataType[] = ['Binary', 'Boolean', 'DateTime', 'Integer', 'LargeInteger', 'String'];
export const EXTENSION_TARGETS = ['User', 'Group', 'AdministrativeUnit', 'Application', 'Device', 'Organization'] as const;
export const MAX_EXTENSION_VALUES = 100;
export const MAX_EXTENSION_STRING = 256;

export interface ExtensionDef {
  id: string;
  /** The application's object id the definition lives on. */
  appObjectId: string;
  appDisplayName: string;
  /** The full name: extension_<appId without dashes>_<name>. */
  name: string;
  dataType: ExtensionDataType;
  isMultiValued: boolean;
  targetObjects: string[];
}

export const extensionName = (appId: string, name: string): string => `extension_${appId.replaceAll('-', '').toLowerCase()}_${name}`;
export const isExtensionName = (name: string): boolean => /^extension_[0-9a-f]{32}_\w+$/i.test(name);

const TARGET_OF: Record<ObjectType, string> = { user: 'User', group: 'Group', servicePrincipal: 'ServicePrincipal' };

export class ExtensionStore {
  private readonly defs = new Map<string, ExtensionDef>();
  onChange: () => void = () => {};

  constructor(defs: readonly ExtensionDef[] = []) {
    for (const d of defs) this.defs.set(d.id, d);
  }

  add(d: Omit<ExtensionDef, 'id'>): ExtensionDef {
    const def = { id: newId(), ...d };
    this.defs.set(def.id, def);
    this.onChange();
    return def;
  }

  remove(id: string): boolean {
    const gone = this.defs.delete(id.toLowerCase());
    if (gone) this.onChange();
    return gone;
  }

  get(id: string): ExtensionDef | undefined {
    return this.defs.get(id.toLowerCase());
  }

  ofApp(appObjectId: string): ExtensionDef[] {
    return [...this.defs.values()].filter((d) => d.appObjectId === appObjectId);
  }

  byName(name: string): ExtensionDef | undefined {
    const n = name.toLowerCase();
    return [...this.defs.values()].find((d) => d.name.toLowerCase() === n);
  }

  /** The definitions that apply to an object type (as Graph's targetObjects name it). */
  forType(type: ObjectType): ExtensionDef[] {
    const target = TARGET_OF[type];
    return [...this.defs.values()].filter((d) => d.targetObjects.includes(target));
  }

  toJSON(): ExtensionDef[] {
    return [...this.defs.values()];
  }
}

/** Whether a value fits a definition's data type (null clears the value). */
export function extensionValueOk(def: ExtensionDef, v: unknown): boolean {
  if (v === null) return true;
  if (def.isMultiValued) return Array.isArray(v) && v.every((x) => scalarOk(def.dataType, x));
  return scalarOk(def.dataType, v);
}

function scalarOk(t: ExtensionDataType, v: unknown): boolean {
  switch (t) {
    case 'String':
      return typeof v === 'string' && v.length <= MAX_EXTENSION_STRING;
    case 'Binary':
      return typeof v === 'string' && Buffer.from(v, 'base64').length <= 256;
    case 'Boolean':
      return typeof v === 'boolean';
    case 'DateTime':
      return typeof v === 'string' && !Number.isNaN(Date.parse(v));
    case 'Integer':
      return Number.isInteger(v) && (v as number) >= -(2 ** 31) && (v as number) < 2 ** 31;
    case 'LargeInteger':
      return Number.isInteger(v);
  }
}

/** How many extension values an object holds (null values are not stored). */
export const extensionValueCount = (props: Props): number => Object.entries(props).filter(([k, v]) => isExtensionName(k) && v !== null && v !== undefined).length;
