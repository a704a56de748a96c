import type { ExtensionStore } from '../extensions.js';
import type { EmulatorState } from '../state.js';

/** Who is calling: from the access token. `permissions` is `roles` (app) or `scp` (delegated). */
export interface Principal {
  kind: 'app' | 'user';
  appId: string;
  /** The service principal (app) or user object id. */
  objectId: string;
  permissions: ReadonlySet<string>;
}

export interface GraphRequest {
  method: string;
  version: 'v1.0' | 'beta';
  /** Path after the version, as received (e.g. "/users/abc"), without the query. */
  path: string;
  /** Decoded path segments; key-in-parentheses forms are split: users('x') → users, x. */
  segments: string[];
  /** Query options in the order received; $-less system options are normalised to $name. */
  query: Array<[string, string]>;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: unknown;
  principal: Principal;
  /** https://host:port the client used (for absolute nextLinks and @odata.context). */
  origin: string;
  /**
   * When the request arrived (ms since the epoch; a $batch step has its batch's): the time the
   * throttles count it at and the stats record, whatever its handler then waits for.
   */
  receivedAt: number;
  /** The tenant's directory extension definitions (set when the request is admitted). */
  extensions?: ExtensionStore;
}

export interface GraphResponse {
  status: number;
  body?: unknown;
  /** text/plain body (for /$count). */
  text?: string;
  headers?: Record<string, string>;
}

export interface HandlerContext {
  state: EmulatorState;
  req: GraphRequest;
  params: Record<string, string>;
}

export const queryOption = (req: GraphRequest, name: string): string | undefined => req.query.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
