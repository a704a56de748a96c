/**
 * Whether this run records ownership in Entra: the ownership extensions exist on the app cloudsync
 * signs in as (or the one named), and this configuration's marker (tenant + source forest + scope
 * key). Without them the run manages what the local state names, as before, and says so once.
 */
import { markerFor, ownershipExtensions, type OwnershipTarget } from '../../directory/entra/ownership.js';
import type { PlanOwnership } from '../plan/ownership.js';

/** What detection needs of the Graph client beyond reading (EntraClient has it). */
export interface OwnershipClient extends OwnershipTarget {
  token(): Promise<{ appId?: string }>;
}

export const hasOwnershipClient = (c: object): c is OwnershipClient =>
  typeof (c as Partial<OwnershipClient>).request === 'function' && typeof (c as Partial<OwnershipClient>).token === 'function';

export interface DetectOptions {
  readonly tenant: string;
  /** The source forest (its base DN; '' when unknown). */
  readonly forest: string;
  readonly scopeKey: string;
  readonly extensionAppId?: string;
  /** How many objects the local state manages (named in the warning). */
  readonly managedLocally: number;
  readonly warn?: (message: string) => void;
}

export async function detectOwnership(client: OwnershipClient, o: DetectOptions): Promise<PlanOwnership | undefined> {
  const appId = o.extensionAppId ?? (await client.token()).appId;
  let why = 'the ownership extensions are not set up in Entra';
  try {
    const s = appId === undefined ? undefined : await ownershipExtensions(client, appId, { create: false });
    if (s !== undefined && s.missing.length === 0) return { names: s.names, marker: markerFor(o.tenant, o.forest, o.scopeKey) };
  } catch (e) {
    why = `the ownership extensions cannot be read (${e instanceof Error ? e.message : String(e)})`;
  }
  o.warn?.(
    `ownership is kept only in this machine's state (${o.managedLocally} object(s) managed): ${why}, so a run from another machine or an empty state manages nothing and deletes nothing; run cloudsync setup (docs/state.md)`,
  );
  return undefined;
}
