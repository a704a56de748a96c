/**
 * Operations as Graph requests, and new users' initial passwords (made here, at apply time, so
 * they are never in a plan file or a journal).
 */
import { randomInt } from 'node:crypto';
import type { BatchRequest } from '../../directory/entra/batch.js';
import type { Operation, PropertyValue } from '../types.js';
import { nestProperties } from '../values.js';

const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const DIGITS = '23456789';
const SYMBOLS = '!#$%&*+-=?@^_';

/** A random password that meets Entra's complexity rules (all four character classes), from crypto. */
export function generatePassword(length = 20): string {
  const all = UPPER + LOWER + DIGITS + SYMBOLS;
  const chars = [UPPER, LOWER, DIGITS, SYMBOLS].map((set) => set[randomInt(set.length)]!);
  while (chars.length < length) chars.push(all[randomInt(all.length)]!);
  // Fisher–Yates, so the guaranteed characters are not always first.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

export interface RequestContext {
  /** Graph's base URL for @odata.id references, e.g. https://graph.microsoft.com. */
  readonly graphEndpoint: string;
  /** Cloud id of an object, from the plan or from a create earlier in this run. */
  idOf(ref: { cloudId?: string; anchor?: string }): string | undefined;
  password(): string;
  readonly forcePasswordChange: boolean;
}

/** What to send for an operation: a request, nothing (already true), or a reason it cannot be sent. */
export type Prepared = { request: BatchRequest } | { none: string } | { blocked: string };

const enc = encodeURIComponent;

function changesBody(op: Operation & { keep?: Readonly<Record<string, PropertyValue>> }): Record<string, unknown> {
  const props: Record<string, PropertyValue> = {};
  for (const c of op.changes ?? []) props[c.attribute] = c.new;
  return nestProperties(props, op.keep ?? {});
}

function name(r: { dn?: string; upn?: string; displayName?: string; anchor?: string; cloudId?: string }): string {
  return r.upn ?? r.displayName ?? r.dn ?? r.cloudId ?? r.anchor ?? 'an object';
}

export function prepareRequest(op: Operation, ctx: RequestContext): Prepared {
  const collection = op.kind === 'user' ? 'users' : 'groups';
  const self = ctx.idOf(op);
  const needSelf = (): string | undefined => self;
  switch (op.action) {
    case 'create': {
      const body = nestProperties(op.properties);
      if (op.kind === 'user') body.passwordProfile = { password: ctx.password(), forceChangePasswordNextSignIn: ctx.forcePasswordChange };
      return { request: { method: 'POST', url: `/${collection}`, body } };
    }
    case 'restore':
      // An empty JSON body: $batch refuses a write step without Content-Type and body.
      return { request: { method: 'POST', url: `/directory/deletedItems/${enc(op.cloudId)}/restore`, body: {} } };
    case 'adopt':
    case 'update':
    case 'disable': {
      const body = op.action === 'disable' ? { accountEnabled: false } : changesBody(op);
      if (Object.keys(body).length === 0) return { none: 'nothing to change' };
      return { request: { method: 'PATCH', url: `/${collection}/${enc(op.cloudId)}`, body } };
    }
    case 'delete':
      return { request: { method: 'DELETE', url: `/${collection}/${enc(op.cloudId)}` } };
    case 'set-manager':
    case 'remove-manager': {
      const user = needSelf();
      if (user === undefined) return { blocked: `${name(op)} was not created` };
      if (op.action === 'remove-manager') return { request: { method: 'DELETE', url: `/users/${enc(user)}/manager/$ref` } };
      const manager = op.manager === undefined ? undefined : ctx.idOf(op.manager);
      if (manager === undefined) return { blocked: `the manager ${op.manager === undefined ? '' : name(op.manager)} was not created` };
      return { request: { method: 'PUT', url: `/users/${enc(user)}/manager/$ref`, body: { '@odata.id': `${ctx.graphEndpoint}/v1.0/users/${enc(manager)}` } } };
    }
    case 'add-member':
    case 'remove-member': {
      const group = needSelf();
      if (group === undefined) return { blocked: `the group ${name(op)} was not created` };
      const member = ctx.idOf(op.member);
      if (member === undefined) return { blocked: `the member ${name(op.member)} was not created` };
      if (op.action === 'remove-member') return { request: { method: 'DELETE', url: `/groups/${enc(group)}/members/${enc(member)}/$ref` } };
      return { request: { method: 'POST', url: `/groups/${enc(group)}/members/$ref`, body: { '@odata.id': `${ctx.graphEndpoint}/v1.0/directoryObjects/${enc(member)}` } } };
    }
  }
}

/** Answers that mean "already as wanted": a re-run after a crash meets them. */
export function alreadyDone(op: Operation, status: number, message: string): string | undefined {
  if (op.action === 'add-member' && status === 400 && /already exist/i.test(message)) return 'already a member';
  if (op.action === 'remove-member' && status === 404) return 'already not a member';
  if (op.action === 'remove-manager' && status === 404) return 'already without a manager';
  if (op.action === 'delete' && status === 404) return 'already deleted';
  return undefined;
}
