import type { Props } from '../directory.js';
import { extensionValueCount, isExtensionName, MAX_EXTENSION_VALUES } from '../extensions.js';
import type { EmulatorState } from '../state.js';
import { badRequest, conflict, GraphError } from './errors.js';
import type { Kind, TypeSpec } from './schema.js';

/**
 * What Graph checks on a write body, with its messages: unknown and read-only properties,
 * value types, required properties on create, password complexity, userPrincipalName and
 * mailNickname format, the UPN domain, and cross-object uniqueness.
 */
export const invalidValue = (spec: TypeSpec, property: string): GraphError =>
  badRequest(`Invalid value specified for property '${property}' of resource '${spec.title}'.`, [{ code: 'InvalidValue', target: property }]);

const required = (property: string): GraphError =>
  badRequest(`Property ${property} value is required but is empty or missing.`, [{ code: 'PropertyRequired', target: property }]);

function kindOk(kind: Kind, v: unknown): boolean {
  if (v === null) return kind !== 'boolean' && kind !== 'strings' && kind !== 'objects';
  switch (kind) {
    case 'string':
    case 'datetime':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'int':
      return Number.isInteger(v);
    case 'strings':
      return Array.isArray(v) && v.every((x) => typeof x === 'string');
    case 'object':
      return typeof v === 'object' && !Array.isArray(v);
    case 'objects':
      return Array.isArray(v) && v.every((x) => typeof x === 'object' && x !== null && !Array.isArray(x));
  }
}

export interface WriteBody {
  props: Props;
  /** "members@odata.bind" and "owners@odata.bind" references (ids). */
  binds: Record<string, string[]>;
}

/** Splits and checks a POST/PATCH body: known, writable, well-typed properties only. */
export function readWriteBody(spec: TypeSpec, body: unknown, allowedBinds: readonly string[] = []): WriteBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new GraphError(400, 'BadRequest', 'Empty Payload. JSON content expected.');
  }
  const props: Props = {};
  const binds: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (k === '@odata.type' || k === '@odata.context') continue;
    if (k.endsWith('@odata.bind')) {
      const nav = k.slice(0, -'@odata.bind'.length);
      if (!allowedBinds.includes(nav)) throw badRequest(`Property '${nav}' does not exist as a declared property or extension property.`);
      const refs = Array.isArray(v) ? v : [v];
      binds[nav] = refs.map((r) => refId(String(r)));
      continue;
    }
    const p = spec.props[k];
    if (!p) throw badRequest(`Property '${k}' does not exist as a declared property or extension property.`);
    if (p.readOnly) throw badRequest(`Property '${k}' is read-only and cannot be set.`);
    if (!(p.check ? p.check(v) : kindOk(p.kind, v))) throw invalidValue(spec, k);
    props[k] = v;
  }
  return { props, binds };
}

/** The object id at the end of an @odata.id / @odata.bind URL (…/directoryObjects/{id}, …/users/{id}). */
export function refId(url: string): string {
  const m = /\/(?:directoryObjects|users|groups|servicePrincipals|contacts|devices)(?:\/|\(')([^/'()?]+)'?\)?\/?$/i.exec(url.trim());
  if (!m) throw badRequest(`Invalid object identifier '${url}'.`);
  return decodeURIComponent(m[1]!).toLowerCase();
}

export function requireProps(props: Props, names: readonly string[]): void {
  for (const n of names) if (props[n] === undefined || props[n] === null || props[n] === '') throw required(n);
}

const PASSWORD_CHARS = /^[A-Za-z0-9@#$%^&*\-_!+=[\]{}|\\:',.?/`~"();<> ]+$/;

/** Entra's cloud password policy: 8–256 characters from its allowed set, three of four character classes. */
export function passwordComplies(password: string): boolean {
  if (password.length < 8 || password.length > 256 || !PASSWORD_CHARS.test(password)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  return classes >= 3;
}

/** Checks passwordProfile and returns the password (create requires one). */
export function checkPasswordProfile(profile: unknown, creating: boolean): string | undefined {
  if (profile === undefined || profile === null) {
    if (creating) throw badRequest('A password must be specified to create a new user.');
    return undefined;
  }
  const p = profile as Record<string, unknown>;
  for (const k of Object.keys(p)) {
    if (!['password', 'forceChangePasswordNextSignIn', 'forceChangePasswordNextSignInWithMfa', '@odata.type'].includes(k)) {
      throw badRequest(`Property '${k}' does not exist as a declared property or extension property.`);
    }
  }
  if (typeof p.password !== 'string' || p.password === '') {
    if (creating) throw badRequest('A password must be specified to create a new user.');
    return undefined;
  }
  if (!passwordComplies(p.password)) {
    throw badRequest('The specified password does not comply with password complexity requirements. Please provide a different password.');
  }
  return p.password;
}

const UPN_LOCAL = /^[A-Za-z0-9'._!#^~-]+$/;

export function checkUserPrincipalName(state: EmulatorState, spec: TypeSpec, upn: unknown): void {
  if (typeof upn !== 'string') throw invalidValue(spec, 'userPrincipalName');
  const at = upn.lastIndexOf('@');
  const local = upn.slice(0, at);
  const domain = upn.slice(at + 1);
  const wellFormed =
    at > 0 && upn.indexOf('@') === at && local.length <= 64 && domain.length > 0 && UPN_LOCAL.test(local) &&
    !local.startsWith('.') && !local.endsWith('.') && !local.includes('..') && /^[A-Za-z0-9.-]+$/.test(domain);
  if (!wellFormed) throw invalidValue(spec, 'userPrincipalName');
  if (!state.isVerifiedDomain(domain)) {
    throw badRequest(
      'The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.',
      [{ code: 'InvalidValue', target: 'userPrincipalName' }],
    );
  }
}

const NICKNAME_BAD = /[@()\\[\]";:<>,\s]|[^\x20-\x7e]/;

export function checkMailNickname(spec: TypeSpec, v: unknown): void {
  if (v === undefined) return;
  if (typeof v !== 'string' || v === '' || v.length > 64 || NICKNAME_BAD.test(v)) throw invalidValue(spec, 'mailNickname');
}

export function checkMail(spec: TypeSpec, v: unknown): void {
  if (v === undefined || v === null) return;
  if (typeof v !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v)) throw invalidValue(spec, 'mail');
}

/** Throws Graph's conflict error when a unique value is already held by another object. */
export function checkUnique(state: EmulatorState, type: 'user' | 'group', id: string | undefined, props: Props): void {
  const c = state.dir.findConflict(type, id, props);
  if (c) throw conflict(c.property);
}

/**
 * Setting mail makes it the primary SMTP proxy address; the previous primary stays as a
 * secondary (lower-case smtp:), as Entra does.
 */
export function proxiesForMail(mail: string | null, current: readonly string[]): string[] {
  const rest = current.filter((p) => !/^SMTP:/.test(p) && (mail === null || p.toLowerCase() !== `smtp:${mail.toLowerCase()}`));
  const oldPrimary = current.find((p) => /^SMTP:/.test(p));
  const demoted = oldPrimary && mail !== null && oldPrimary.slice(5).toLowerCase() !== mail.toLowerCase() ? [`smtp:${oldPrimary.slice(5)}`] : [];
  return mail === null ? [...demoted, ...rest] : [`SMTP:${mail}`, ...demoted, ...rest];
}

/** Graph's limit: at most 100 extension values, across all applications, on one object (extensionproperty.md). */
export function checkExtensionCount(next: Props): void {
  for (const [k, v] of Object.entries(next)) if (isExtensionName(k) && v === null) delete next[k];
  if (extensionValueCount(next) > MAX_EXTENSION_VALUES) {
    throw badRequest(`The object cannot hold more than ${MAX_EXTENSION_VALUES} extension property values.`);
  }
}
