/**
 * Parsing what a client sends, so malformed input gets the 400 (or 404) Graph and Entra answer
 * rather than an emulator 500: request targets (`//x`, bad percent-escapes), and JSON bodies that
 * are not JSON, are nested absurdly deep, or are not the object an endpoint expects.
 */
import { GraphError, invalidJson } from './graph/errors.js';

/** Deepest JSON nesting accepted in a request body (Graph's own payloads nest a few levels). */
export const MAX_BODY_DEPTH = 64;

/** The request target as a URL; a path starting with `//` stays a path, not a host. */
export function requestUrl(target: string | undefined): URL {
  const t = target ?? '/';
  try {
    return new URL(`https://emulator.invalid${t.startsWith('/') ? t : `/${t}`}`);
  } catch {
    throw new GraphError(400, 'BadRequest', 'Invalid request URL.');
  }
}

/** decodeURIComponent, undefined for a malformed percent-escape. */
export function decodeSegment(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/** Whether a parsed JSON value nests deeper than `max` (iterative: safe on any depth). */
export function nestedDeeper(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/** A Graph request body: JSON, nested at most MAX_BODY_DEPTH deep; GraphError 400 otherwise. */
export function parseJsonBody(text: string): unknown {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw invalidJson();
  }
  if (nestedDeeper(body, MAX_BODY_DEPTH)) throw new GraphError(400, 'BadRequest', `The request payload is nested more than ${MAX_BODY_DEPTH} levels deep.`);
  return body;
}

/** A test endpoint's body: a JSON object (empty text is `{}`), or undefined when it is anything else. */
export function jsonObjectBody(text: string): Record<string, unknown> | undefined {
  let b: unknown;
  try {
    b = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return undefined;
  }
  return b !== null && typeof b === 'object' && !Array.isArray(b) && !nestedDeeper(b, MAX_BODY_DEPTH) ? (b as Record<string, unknown>) : undefined;
}
