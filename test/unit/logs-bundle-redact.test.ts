import { describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { buildBundle } from '../../src/logs/bundle/build.js';
import { scrub, secretNeedles } from '../../src/logs/bundle/redact.js';

const PEM_KEY = `-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj
MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu
-----END PRIVATE KEY-----`;
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLWJ5dGVz';

describe('scrub', () => {
  const needles = secretNeedles(['Pa$$w0rd-LDAP!', 'client~secret~value', PEM_KEY, 'ab']);

  it('removes known values, also JSON-escaped, and ignores values too short to be secrets', () => {
    const text = `bind with Pa$$w0rd-LDAP! then ${JSON.stringify({ s: 'x"client~secret~value' })} ab`;
    const out = scrub(text, needles);
    expect(out).not.toContain('Pa$$w0rd-LDAP!');
    expect(out).not.toContain('client~secret~value');
    expect(out).toContain(' ab');
  });

  it('removes a PEM private key even re-wrapped or JSON-escaped, JWTs, Authorization headers and secret-named JSON fields', () => {
    const body = PEM_KEY.split('\n').slice(1, -1).join('');
    const text = [JSON.stringify({ pem: PEM_KEY }), `key body ${body}`, `token ${JWT}`, 'Authorization: Bearer abc.def.ghi', '{"clientSecret": "zzz", "passwordSource": "environment"}'].join('\n');
    const out = scrub(text, needles);
    expect(out).not.toContain('MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj');
    expect(out).not.toContain(body);
    expect(out).not.toContain('eyJhbGciOiJSUzI1NiJ9');
    expect(out).not.toContain('abc.def.ghi');
    expect(out).toContain('Authorization: Bearer (redacted)');
    expect(out).toContain('"clientSecret": "(redacted)"');
    expect(out).toContain('"passwordSource": "environment"');
  });
});

describe('buildBundle', () => {
  it('zips scrubbed parts with a README listing them and what was not collected', () => {
    const b = buildBundle({
      parts: [
        { name: 'config.json', about: 'the configuration', text: '{"x":"Pa$$w0rd-LDAP!"}' },
        { name: 'journals/a/1.ndjson', about: 'a journal', text: `{"note":"${JWT}"}\n` },
      ],
      missing: ['provisioning logs: Entra ID not reachable'],
      secrets: ['Pa$$w0rd-LDAP!'],
    });
    const files = unzipSync(b.bytes);
    expect(Object.keys(files).sort()).toEqual(['README.txt', 'config.json', 'journals/a/1.ndjson']);
    const readme = strFromU8(files['README.txt']!);
    expect(readme).toMatch(/config\.json\s+the configuration/);
    expect(readme).toContain('provisioning logs: Entra ID not reachable');
    for (const f of Object.values(files)) {
      const t = strFromU8(f);
      expect(t).not.toContain('Pa$$w0rd-LDAP!');
      expect(t).not.toContain('eyJhbGci');
    }
  });
});
