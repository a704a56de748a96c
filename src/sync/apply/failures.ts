/**
 * Graph's answers to failed operations, said in terms of the objects involved: "proxyAddresses
 * smtp:jane@contoso.com already belongs to user jroe@contoso.com (id …)".
 */
import type { CloudIndex } from '../plan/match.js';
import type { Operation, PropertyValue } from '../types.js';

export interface FailureInfo {
  readonly code?: string;
  readonly message: string;
}

interface GraphErrorBody {
  error?: { code?: string; message?: string };
}

function subject(op: Operation): string {
  const who = op.upn ?? op.displayName ?? op.dn ?? op.cloudId ?? op.anchor ?? '';
  return `${op.action} of ${op.kind} ${who}`.trim();
}

function valueOf(op: Operation, property: string): string | undefined {
  const p = property.toLowerCase();
  const pick = (v: PropertyValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
  if ('properties' in op) {
    for (const [k, v] of Object.entries(op.properties)) if (k.toLowerCase() === p) return pick(v);
  }
  for (const c of op.changes ?? []) if (c.attribute.toLowerCase() === p) return pick(c.new);
  return undefined;
}

/** The address a uniqueness conflict is about: the property itself, or the mail it derives proxies from. */
function conflictValue(op: Operation, property: string): string | undefined {
  const direct = valueOf(op, property);
  if (direct !== undefined) return direct;
  if (property.toLowerCase() === 'proxyaddresses') return valueOf(op, 'mail') ?? op.upn;
  return undefined;
}

/** One line for a failed request; names the holder of a conflicting address when the tenant was read. */
export function describeFailure(op: Operation, status: number, body: unknown, index?: CloudIndex): FailureInfo {
  const err = (body as GraphErrorBody | undefined)?.error;
  const code = err?.code;
  const graphMessage = (err?.message ?? '').replace(/\s+/g, ' ').trim().replace(/\.$/, '');
  const conflict = /same value for property (\w+)/i.exec(graphMessage);
  if (conflict !== null) {
    const property = conflict[1]!;
    const value = conflictValue(op, property);
    const holder = value !== undefined ? index?.holderOf(value) : undefined;
    const shown = property.toLowerCase() === 'proxyaddresses' && value !== undefined ? `smtp:${value}` : value;
    const who = holder !== undefined && holder.id !== op.cloudId ? `${holder.kind} ${holder.name} (${holder.id})` : 'another object';
    return {
      ...(code !== undefined ? { code } : {}),
      message: `${subject(op)} failed: ${property} ${shown ?? ''} already belongs to ${who}; remove it from one of them (${status} ${code ?? ''})`.replace(/\s+/g, ' '),
    };
  }
  if (/domain portion of the userPrincipalName/i.test(graphMessage)) {
    return { ...(code !== undefined ? { code } : {}), message: `${subject(op)} failed: the UPN ${op.upn ?? ''} is not on a verified domain of the tenant; verify the domain or change the UPN (${status} ${code ?? ''})` };
  }
  const tail = graphMessage !== '' ? `: ${graphMessage}` : '';
  return { ...(code !== undefined ? { code } : {}), message: `${subject(op)} failed with ${status} ${code ?? ''}${tail}`.replace(/\s+/g, ' ') };
}

/** A request that got no answer (network, authentication). */
export function describeRejection(op: Operation, e: unknown): FailureInfo {
  const message = e instanceof Error ? e.message : String(e);
  const code = (e as { code?: unknown }).code;
  return { ...(typeof code === 'string' ? { code } : {}), message: `${subject(op)} got no answer: ${message}` };
}
