import {
  ConfidentialityRequiredError,
  InsufficientAccessError,
  InvalidCredentialsError,
  NoSuchObjectError,
  StrongAuthRequiredError,
  UnavailableError,
  UnwillingToPerformError,
} from 'ldapts';
import { describe, expect, it } from 'vitest';
import { adBestMatch, adDataCode, isConnectionLevel, toCloudsyncError, type ErrorContext } from '../../src/directory/ad/errors.js';
import { CloudsyncError } from '../../src/errors.js';

const URL_ = 'ldaps://dc1.corp.example.test:636';
const ctx = (extra: Partial<ErrorContext> = {}): ErrorContext => ({
  url: URL_,
  operation: 'bind',
  bindDn: 'admin@corp.example.test',
  ...extra,
});
const adBind = (data: string): InvalidCredentialsError =>
  new InvalidCredentialsError(`80090308: LdapErr: DSID-0C09042F, comment: AcceptSecurityContext error, data ${data}, v4563\u0000`);

function sysError(code: string, message = `connect ${code} 10.0.0.1:636`): Error {
  return Object.assign(new Error(message), { code });
}

describe('AD bind errors (result 49)', () => {
  it.each([
    ['52e', 'wrong password', 'check the password'],
    ['525', 'no such user', 'check the bind name'],
    ['530', 'not permitted to log on at this time', 'logon hours'],
    ['531', 'not permitted to log on from this workstation', 'logon workstations'],
    ['532', 'password expired', 'set a new password'],
    ['533', 'account disabled', 'enable the account'],
    ['701', 'account expired', 'expiry date'],
    ['773', 'user must change password', 'change the password'],
    ['775', 'account locked out', 'unlock'],
  ])('explains data %s', (code, meaning, action) => {
    const e = toCloudsyncError(adBind(code), ctx());
    expect(e.kind).toBe('auth');
    expect(e.message).toContain(`invalid credentials (AD data ${code}: ${meaning}) for "admin@corp.example.test" at ${URL_}`);
    expect(e.message).toContain(action);
    expect(e.message).not.toContain('\n');
  });

  it('keeps an unknown data code and works without one', () => {
    expect(toCloudsyncError(adBind('999'), ctx()).message).toContain('(AD data 999)');
    const plain = toCloudsyncError(new InvalidCredentialsError('Invalid credentials'), ctx());
    expect(plain.message).toBe(`invalid credentials for "admin@corp.example.test" at ${URL_}; check the bind name and password`);
  });

  it('finds the data code in AD and Samba texts', () => {
    expect(adDataCode('80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data 52e, v1db1')).toBe('52e');
    expect(adDataCode('Invalid credentials')).toBeUndefined();
  });

  it('never shows the password, in the message, the detail or the cause', () => {
    const secret = 'S3cr3t!pw';
    const e = toCloudsyncError(new InvalidCredentialsError(`bad password ${secret} data 52e`), ctx({ secrets: [secret] }));
    expect(e.message).not.toContain(secret);
    expect(e.detail).not.toContain(secret);
    expect(String((e.cause as Error).message)).not.toContain(secret);
  });
});

describe('noSuchObject (32)', () => {
  it('names the OU and the options to check', () => {
    const e = toCloudsyncError(new NoSuchObjectError('acl_read: Error'), ctx({ operation: 'search', dn: 'OU=X,DC=corp,DC=example,DC=test', dnRole: 'OU' }));
    expect(e.kind).toBe('not-found');
    expect(e.message).toBe('OU "OU=X,DC=corp,DC=example,DC=test" does not exist (LDAP noSuchObject); check --ou / --base-dn');
  });

  it("adds AD's best match when it names a different entry", () => {
    const ad = "0000208D: NameErr: DSID-03100241, problem 2001 (NO_OBJECT), data 0, best match of:\n\t'OU=Sales,DC=corp,DC=example,DC=test'\n";
    expect(adBestMatch(ad)).toBe('OU=Sales,DC=corp,DC=example,DC=test');
    const e = toCloudsyncError(new NoSuchObjectError(ad), ctx({ dn: 'OU=EU,OU=Sales,DC=corp,DC=example,DC=test', dnRole: 'group' }));
    expect(e.message).toBe(
      'group "OU=EU,OU=Sales,DC=corp,DC=example,DC=test" does not exist (LDAP noSuchObject); the closest existing entry is "OU=Sales,DC=corp,DC=example,DC=test"; check --group',
    );
  });
});

describe('other result codes', () => {
  it('asks for an encrypted connection on strongAuthRequired and confidentialityRequired', () => {
    for (const err of [new StrongAuthRequiredError('00002028: LdapErr'), new ConfidentialityRequiredError('x')]) {
      const e = toCloudsyncError(err, ctx({ url: 'ldap://dc1:389' }));
      expect(e.message).toBe('the DC at ldap://dc1:389 requires a signed or encrypted connection: use ldaps:// or --start-tls');
    }
  });

  it('maps insufficient access to kind permission, naming the object and the account', () => {
    const e = toCloudsyncError(new InsufficientAccessError('00002098: SecErr'), ctx({ operation: 'modify', dn: 'CN=u,DC=x' }));
    expect(e.kind).toBe('permission');
    expect(e.message).toContain('modify "CN=u,DC=x"');
    expect(e.message).toContain('"admin@corp.example.test"');
  });

  it('reports other results with their name, number and the first line of the server text', () => {
    const e = toCloudsyncError(new UnwillingToPerformError('00002035: no\nsecond line'), ctx({ operation: 'modify', dn: 'CN=u,DC=x' }));
    expect(e.kind).toBe('runtime');
    expect(e.message).toBe(`LDAP modify "CN=u,DC=x" failed at ${URL_}: unwillingToPerform (53): 00002035: no`);
  });
});

describe('connection and TLS errors', () => {
  it('names host, port and the socket error', () => {
    const refused = toCloudsyncError(sysError('ECONNREFUSED'), ctx({ url: 'ldaps://10.0.0.1:636' }));
    expect(refused.kind).toBe('connect');
    expect(refused.message).toContain('10.0.0.1 port 636');
    expect(refused.message).toContain('ECONNREFUSED');
    const dns = toCloudsyncError(sysError('ENOTFOUND', 'getaddrinfo ENOTFOUND dc9'), ctx({ url: 'ldaps://dc9:636' }));
    expect(dns.message).toBe('cannot resolve host "dc9" (ENOTFOUND) for ldaps://dc9:636; check the DC name and DNS');
    const timeout = toCloudsyncError(new Error('Connection timeout'), ctx({ url: 'ldaps://dc9:636', connectTimeoutMs: 10_000 }));
    expect(timeout.kind).toBe('connect');
    expect(timeout.message).toContain('timed out after 10 s');
  });

  it('recognises a socket error that ldapts wrapped in plain text', () => {
    const e = toCloudsyncError(new Error('Socket error. Message type: SearchRequest (0x63)\nread ECONNRESET'), ctx({ url: 'ldap://dc1:389' }));
    expect(e.kind).toBe('connect');
    expect(e.message).toContain('ECONNRESET');
  });

  it('names the certificate and the CA option for an unknown CA', () => {
    for (const code of ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT']) {
      const e = toCloudsyncError(sysError(code, 'unable to verify'), ctx({ peer: { subject: 'CN=dc1.corp.example.test', issuer: 'CN=Corp Root CA' } }));
      expect(e.kind).toBe('tls');
      expect(e.message).toContain('certificate subject "CN=dc1.corp.example.test", issuer "CN=Corp Root CA"');
      expect(e.message).toContain(code);
      expect(e.message).toContain('--ca-file or CLOUDSYNC_LDAP_CA_FILE');
    }
  });

  it('names the certificate names on a host name mismatch', () => {
    const e = toCloudsyncError(sysError('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"), {
      ...ctx({ url: 'ldaps://10.1.1.1:636' }),
      peer: { subject: 'CN=dc1', issuer: 'CN=CA', altNames: 'DNS:dc1.corp.example.test' },
    });
    expect(e.kind).toBe('tls');
    expect(e.message).toContain('does not name "10.1.1.1"');
    expect(e.message).toContain('names DNS:dc1.corp.example.test');
    expect(e.message).toContain('--ca-file');
  });

  it('still says what to do when the certificate could not be fetched', () => {
    const e = toCloudsyncError(sysError('SELF_SIGNED_CERT_IN_CHAIN'), ctx());
    expect(e.message).toContain('certificate (not retrievable)');
    expect(e.message).toContain('--ca-file');
  });

  it('suggests StartTLS when ldaps:// meets a plain LDAP port', () => {
    const e = toCloudsyncError(sysError('ECONNRESET', 'read ECONNRESET'), ctx({ url: 'ldaps://dc1:389' }));
    expect(e.kind).toBe('tls');
    expect(e.message).toContain('--start-tls');
  });

  it('passes CloudsyncErrors through', () => {
    const original = new CloudsyncError('usage', 'x');
    expect(toCloudsyncError(original, ctx())).toBe(original);
  });
});

describe('isConnectionLevel (failover)', () => {
  it('moves on for connection, TLS and busy/unavailable errors, not for credentials or access', () => {
    expect(isConnectionLevel(toCloudsyncError(sysError('ECONNREFUSED'), ctx()))).toBe(true);
    expect(isConnectionLevel(toCloudsyncError(sysError('SELF_SIGNED_CERT_IN_CHAIN'), ctx()))).toBe(true);
    expect(isConnectionLevel(toCloudsyncError(new UnavailableError('x'), ctx()))).toBe(true);
    expect(isConnectionLevel(toCloudsyncError(adBind('52e'), ctx()))).toBe(false);
    expect(isConnectionLevel(toCloudsyncError(adBind('775'), ctx()))).toBe(false);
    expect(isConnectionLevel(toCloudsyncError(new InsufficientAccessError('x'), ctx()))).toBe(false);
    expect(isConnectionLevel(new CloudsyncError('usage', 'x'))).toBe(false);
  });
});
