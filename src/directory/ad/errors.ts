/**
 * Maps ldapts / socket / TLS failures to one-line CloudsyncErrors that say what to do.
 * Pure functions: the caller supplies everything the message needs (never the password).
 */
import { ResultCodeError } from 'ldapts';
import { CloudsyncError, type ErrorKind } from '../../errors.js';

/** AD's `data XXX` sub-codes of invalidCredentials (49), with what the administrator should do. */
export const AD_BIND_DATA_CODES: Readonly<Record<string, { meaning: string; action: string }>> = {
  '52e': { meaning: 'wrong password', action: 'check the password' },
  '525': { meaning: 'no such user', action: 'check the bind name (UPN, DN or DOMAIN\\user)' },
  '530': { meaning: 'not permitted to log on at this time', action: "check the account's logon hours" },
  '531': { meaning: 'not permitted to log on from this workstation', action: "check the account's logon workstations" },
  '532': { meaning: 'password expired', action: 'set a new password for the account' },
  '533': { meaning: 'account disabled', action: 'enable the account or use another one' },
  '568': { meaning: 'too many security IDs in the token', action: 'remove the account from some groups' },
  '701': { meaning: 'account expired', action: "extend the account's expiry date" },
  '773': { meaning: 'user must change password', action: 'change the password once, then bind again' },
  '775': { meaning: 'account locked out', action: 'wait for the lockout to end or unlock the account' },
};

/** The `data XXX` code in an AD bind error text, lower-case, e.g. "52e". */
export function adDataCode(serverMessage: string): string | undefined {
  return /\bdata ([0-9a-f]{3,8})\b/i.exec(serverMessage)?.[1]?.toLowerCase();
}

/** AD names the closest existing entry of a missing DN in its text ("best match of: 'DC=…'"). */
export function adBestMatch(serverMessage: string): string | undefined {
  const m = /best match of:\s*'([^']*)'/i.exec(serverMessage)?.[1]?.trim();
  return m === undefined || m === '' ? undefined : m;
}

/** What the server certificate says about itself, for TLS messages. */
export interface PeerCertificateInfo {
  subject: string;
  issuer: string;
  /** e.g. "DNS:dc1.corp.example.test, IP Address:127.0.0.1" */
  altNames?: string;
  validTo?: string;
}

export type DnRole = 'OU' | 'base DN' | 'group' | 'object';

export interface ErrorContext {
  /** The LDAP URL talked to. */
  url: string;
  /** What was being done, for messages: "bind", "search", "modify", "StartTLS", "connect". */
  operation: string;
  bindDn?: string;
  /** The DN the operation was about, and what the user knows it as. */
  dn?: string;
  dnRole?: DnRole;
  connectTimeoutMs?: number;
  timeoutMs?: number;
  /** The server certificate, when a TLS verification failure was diagnosed. */
  peer?: PeerCertificateInfo;
  /** Strings that must never appear in messages (the password). */
  secrets?: readonly string[];
}

const ROLE_HINT: Record<DnRole, string> = {
  OU: 'check --ou / --base-dn',
  'base DN': 'check --base-dn',
  group: 'check --group',
  object: 'check the DN',
};

/** TLS verification codes meaning "the issuing CA is not trusted". */
const UNTRUSTED_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_CHAIN_TOO_LONG',
  'INVALID_CA',
  'CERT_REJECTED',
]);
const VALIDITY_CODES = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'CERT_REVOKED']);
export const NAME_MISMATCH_CODE = 'ERR_TLS_CERT_ALTNAME_INVALID';

/** True for the certificate-verification failures worth fetching the peer certificate for. */
export function isCertificateError(err: unknown): boolean {
  const code = errorCode(err);
  return code !== undefined && (UNTRUSTED_CODES.has(code) || VALIDITY_CODES.has(code) || code === NAME_MISMATCH_CODE);
}

const SOCKET_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EHOSTDOWN: 'host down',
  EADDRNOTAVAIL: 'address not available',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'temporary DNS failure',
  EAI_FAIL: 'DNS failure',
};

export function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // ldapts wraps socket errors of pending requests in a plain Error that keeps only the text.
  const text = err instanceof Error ? err.message : '';
  return /\b(E[A-Z_]{3,}|ERR_[A-Z_]+)\b/.exec(text)?.[1];
}

function hostPort(url: string): { host: string; port: string } {
  try {
    const u = new URL(url);
    return { host: u.hostname.replace(/^\[|\]$/g, ''), port: u.port || (u.protocol === 'ldaps:' ? '636' : '389') };
  } catch {
    return { host: url, port: '?' };
  }
}

function firstLine(text: string): string {
  return (text.split(/\r?\n/)[0] ?? '').trim();
}

function redact(text: string, secrets: readonly string[] | undefined): string {
  let out = text;
  for (const s of secrets ?? []) if (s.length > 0) out = out.split(s).join('***');
  return out;
}

function seconds(ms: number | undefined): string {
  return ms === undefined ? '' : ` after ${Math.round(ms / 100) / 10} s`;
}

function describePeer(peer: PeerCertificateInfo | undefined, withNames: boolean): string {
  if (peer === undefined) return 'certificate (not retrievable)';
  let s = `certificate subject "${peer.subject}", issuer "${peer.issuer}"`;
  if (withNames && peer.altNames) s += `, names ${peer.altNames}`;
  return s;
}

const LDAP_RESULT_NAMES: Record<number, string> = {
  1: 'operationsError',
  2: 'protocolError',
  3: 'timeLimitExceeded',
  4: 'sizeLimitExceeded',
  7: 'authMethodNotSupported',
  8: 'strongAuthRequired',
  11: 'adminLimitExceeded',
  12: 'unavailableCriticalExtension',
  13: 'confidentialityRequired',
  16: 'noSuchAttribute',
  17: 'undefinedAttributeType',
  19: 'constraintViolation',
  20: 'attributeOrValueExists',
  21: 'invalidAttributeSyntax',
  32: 'noSuchObject',
  34: 'invalidDNSyntax',
  49: 'invalidCredentials',
  50: 'insufficientAccessRights',
  51: 'busy',
  52: 'unavailable',
  53: 'unwillingToPerform',
  64: 'namingViolation',
  65: 'objectClassViolation',
  66: 'notAllowedOnNonLeaf',
  67: 'notAllowedOnRDN',
  68: 'entryAlreadyExists',
  80: 'other',
};

function resultCodeError(err: ResultCodeError, text: string, ctx: ErrorContext): { kind: ErrorKind; message: string } {
  const server = firstLine(text);
  const who = ctx.bindDn === undefined ? 'an anonymous bind' : `"${ctx.bindDn}"`;
  const what = ctx.dn === undefined ? '' : ` "${ctx.dn}"`;
  switch (err.code) {
    case 49: {
      const code = adDataCode(text);
      const info = code === undefined ? undefined : AD_BIND_DATA_CODES[code];
      const detail = code === undefined ? '' : ` (AD data ${code}${info ? `: ${info.meaning}` : ''})`;
      const action = info?.action ?? 'check the bind name and password';
      return { kind: 'auth', message: `invalid credentials${detail} for ${who} at ${ctx.url}; ${action}` };
    }
    case 8:
    case 13:
      return {
        kind: 'auth',
        message: `the DC at ${ctx.url} requires a signed or encrypted connection: use ldaps:// or --start-tls`,
      };
    case 48:
    case 7:
      return { kind: 'auth', message: `the DC at ${ctx.url} refused simple bind for ${who} (${server}); check the bind name` };
    case 32: {
      const role = ctx.dnRole ?? 'object';
      const name = ctx.dn ?? '(unknown)';
      const best = adBestMatch(text);
      const closest = best !== undefined && best.toLowerCase() !== name.toLowerCase() ? `; the closest existing entry is "${best}"` : '';
      return {
        kind: 'not-found',
        message: `${role} "${name}" does not exist (LDAP noSuchObject)${closest}; ${ROLE_HINT[role]}`,
      };
    }
    case 34:
      return { kind: 'usage', message: `invalid DN${what} (LDAP invalidDNSyntax at ${ctx.url}); check the DN` };
    case 50:
      return {
        kind: 'permission',
        message: `insufficient access rights: ${ctx.operation}${what} as ${who} at ${ctx.url} was refused; use an account with the needed permission or delegate it`,
      };
    default: {
      const name = LDAP_RESULT_NAMES[err.code] ?? `result ${err.code}`;
      const kind: ErrorKind = err.code === 51 || err.code === 52 ? 'connect' : 'runtime';
      return { kind, message: `LDAP ${ctx.operation}${what} failed at ${ctx.url}: ${name} (${err.code})${server ? `: ${server}` : ''}` };
    }
  }
}

function tlsError(code: string, ctx: ErrorContext): string {
  const { host } = hostPort(ctx.url);
  const caHint = 'pass the issuing CA (PEM) with --ca-file or CLOUDSYNC_LDAP_CA_FILE';
  if (code === NAME_MISMATCH_CODE) {
    return (
      `TLS: the DC certificate at ${ctx.url} does not name "${host}" (${describePeer(ctx.peer, true)}; ${code}); ` +
      `connect by a name the certificate lists, or reissue it (--ca-file / CLOUDSYNC_LDAP_CA_FILE only adds trusted CAs)`
    );
  }
  if (VALIDITY_CODES.has(code)) {
    const when = ctx.peer?.validTo ? `, valid to ${ctx.peer.validTo}` : '';
    return `TLS: the DC certificate at ${ctx.url} is not valid now (${describePeer(ctx.peer, false)}${when}; ${code}); renew the DC certificate (--ca-file / CLOUDSYNC_LDAP_CA_FILE cannot fix this)`;
  }
  return `TLS: cannot verify the DC certificate at ${ctx.url} (${describePeer(ctx.peer, false)}; ${code}); ${caHint}`;
}

function socketError(text: string, code: string | undefined, ctx: ErrorContext): { kind: ErrorKind; message: string } {
  const { host, port } = hostPort(ctx.url);
  const where = `${host} port ${port} (${ctx.url})`;
  const check = 'check the DC name, port and firewall';
  if (/^Connection timeout$/.test(text)) {
    return { kind: 'connect', message: `cannot connect to ${where}: timed out${seconds(ctx.connectTimeoutMs)}; ${check}` };
  }
  if (/Operation timed out/.test(text)) {
    return {
      kind: 'connect',
      message: `LDAP ${ctx.operation} at ${ctx.url} got no answer${seconds(ctx.timeoutMs)}; raise --timeout, narrow the scope, or check the DC`,
    };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL') {
    return { kind: 'connect', message: `cannot resolve host "${host}" (${code}) for ${ctx.url}; check the DC name and DNS` };
  }
  if (code?.startsWith('ERR_SSL_') || code === 'EPROTO' || (code === 'ECONNRESET' && ctx.url.startsWith('ldaps:'))) {
    return {
      kind: 'tls',
      message: `TLS handshake with ${where} failed (${code}); is it an LDAPS port? Use ldaps://host:636, or ldap://host:389 with --start-tls`,
    };
  }
  if (code !== undefined && SOCKET_CODES[code] !== undefined) {
    return { kind: 'connect', message: `cannot connect to ${where}: ${SOCKET_CODES[code]} (${code}); ${check}` };
  }
  if (/Connection closed|Socket error|socket hang up/i.test(text)) {
    return { kind: 'connect', message: `the connection to ${ctx.url} was closed during ${ctx.operation}; check the DC and retry` };
  }
  return { kind: 'runtime', message: `LDAP ${ctx.operation} at ${ctx.url} failed: ${firstLine(text)}` };
}

/** One CloudsyncError for any failure of an LDAP operation. CloudsyncErrors pass through. */
export function toCloudsyncError(err: unknown, ctx: ErrorContext): CloudsyncError {
  if (err instanceof CloudsyncError) return err;
  const code = errorCode(err);
  // Only server and socket texts are redacted: our own words around them cannot hold the password.
  const text = redact(err instanceof Error ? err.message : String(err), ctx.secrets);
  let kind: ErrorKind;
  let message: string;
  if (err instanceof ResultCodeError) {
    ({ kind, message } = resultCodeError(err, text, ctx));
  } else if (code !== undefined && isCertificateError(err)) {
    kind = 'tls';
    message = tlsError(code, ctx);
  } else {
    ({ kind, message } = socketError(text, code, ctx));
  }
  const raw = err instanceof Error ? `${err.constructor.name}${code ? ` ${code}` : ''}: ${text}` : text;
  const detail = `${ctx.operation} at ${ctx.url}: ${raw}`;
  const cause = err instanceof Error && text !== err.message ? new Error(text) : err;
  return new CloudsyncError(kind, message, { cause, detail });
}

/** True when trying the next DC URL may help (the failure is about this server or the path to it). */
export function isConnectionLevel(err: unknown): boolean {
  if (err instanceof CloudsyncError) return err.kind === 'connect' || err.kind === 'tls';
  if (err instanceof ResultCodeError) return err.code === 51 || err.code === 52;
  return true;
}
