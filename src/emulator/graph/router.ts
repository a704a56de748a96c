import { GraphError, methodNotAllowed, segmentNotFound } from './errors.js';
import type { GraphResponse, HandlerContext } from './types.js';

/**
 * Route table matching on path segments: literals (case-insensitive) and `:name` captures.
 * A path no route knows gives Graph's "Resource not found for the segment 'x'." naming the
 * first segment that fits no route; a known path with another method gives 405.
 */
export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface Route {
  method: Method;
  path: string;
  /** Any one of these permissions allows the call. */
  perms: readonly string[];
  /** Base resource-unit cost of a GET (Graph's identity throttling table); default 1. */
  cost?: number;
  handle(ctx: HandlerContext): GraphResponse;
  /** For routes whose work is asynchronous (provisionOnDemand): used outside $batch instead of handle. */
  handleAsync?(ctx: HandlerContext): Promise<GraphResponse>;
}

interface Compiled {
  route: Route;
  parts: string[];
}

export class Router {
  private readonly routes: Compiled[];

  constructor(routes: readonly Route[]) {
    this.routes = routes.map((route) => ({ route, parts: route.path.split('/') }));
  }

  match(method: string, segments: readonly string[]): { route: Route; params: Record<string, string> } {
    let best: { route: Route; params: Record<string, string>; literals: number } | undefined;
    let pathKnown = false;
    let deepest = 0;
    for (const c of this.routes) {
      const depth = matchDepth(c.parts, segments);
      deepest = Math.max(deepest, depth);
      if (depth !== segments.length || c.parts.length !== segments.length) continue;
      pathKnown = true;
      if (c.route.method !== method) continue;
      const params: Record<string, string> = {};
      let literals = 0;
      c.parts.forEach((p, i) => (p.startsWith(':') ? (params[p.slice(1)] = segments[i]!) : literals++));
      if (!best || literals > best.literals) best = { route: c.route, params, literals };
    }
    if (best) return { route: best.route, params: best.params };
    if (pathKnown) throw methodNotAllowed();
    if (segments.length === 0) throw new GraphError(400, 'BadRequest', 'Invalid request.');
    throw segmentNotFound(segments[Math.min(deepest, segments.length - 1)]!);
  }
}

/** How many leading segments fit the pattern. */
function matchDepth(parts: readonly string[], segments: readonly string[]): number {
  let i = 0;
  while (i < parts.length && i < segments.length) {
    const p = parts[i]!;
    if (!p.startsWith(':') && p.toLowerCase() !== segments[i]!.toLowerCase()) break;
    i++;
  }
  return i;
}
