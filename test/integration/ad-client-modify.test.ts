/** AdDirectory.modify against a real DC: one atomic modify, a missing object named. Writes under its own OU. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdDirectory } from '../../src/directory/ad/index.js';
import { attrBuffer, attrFirst, attrStrings } from '../../src/directory/types.js';
import { addUser, closeAdminClient, withTestOu } from './ad-env.js';
import { env, failure, options } from './ad-client-support.js';

describe.skipIf(env === undefined)('AdDirectory.modify against the test DC', () => {
  let dir: AdDirectory;
  let ou: { dn: string; cleanup: () => Promise<void> };

  beforeAll(async () => {
    dir = await AdDirectory.connect(options());
    ou = await withTestOu('client-mod');
  });
  afterAll(async () => {
    await dir?.close();
    await ou?.cleanup();
    await closeAdminClient();
  });

  describe('modify', () => {
    it('replaces, adds and deletes values in one operation', async () => {
      const dn = await addUser(ou.dn, 'mod-user', { proxyAddresses: ['SMTP:a@corp.example.com', 'smtp:b@corp.example.com'], description: 'old' });
      await dir.modify(dn, [
        { operation: 'replace', attribute: 'description', values: ['new'] },
        { operation: 'delete', attribute: 'proxyAddresses', values: ['smtp:b@corp.example.com'] },
        { operation: 'add', attribute: 'proxyAddresses', values: ['smtp:c@corp.example.com'] },
        { operation: 'add', attribute: 'mS-DS-ConsistencyGuid', values: [Buffer.alloc(16, 0xab)] },
      ]);
      let o = await dir.get(dn, ['description', 'proxyAddresses', 'mS-DS-ConsistencyGuid']);
      expect(attrFirst(o!, 'description')).toBe('new');
      expect(attrStrings(o!, 'proxyAddresses').sort()).toEqual(['SMTP:a@corp.example.com', 'smtp:c@corp.example.com']);
      expect(attrBuffer(o!, 'mS-DS-ConsistencyGuid')).toEqual(Buffer.alloc(16, 0xab));

      // One request is atomic: when a later change fails, the earlier ones are not applied.
      const err = await failure(
        dir.modify(dn, [
          { operation: 'replace', attribute: 'description', values: ['newer'] },
          { operation: 'delete', attribute: 'proxyAddresses', values: ['smtp:not-there@corp.example.com'] },
        ]),
      );
      expect(err.kind).toBe('runtime');
      expect(err.message).toContain(dn);
      o = await dir.get(dn, ['description']);
      expect(attrFirst(o!, 'description')).toBe('new');

      await dir.modify(dn, [{ operation: 'delete', attribute: 'description', values: [] }]);
      o = await dir.get(dn, ['description']);
      expect(o!.attributes.has('description')).toBe(false);
    });

    it('names a missing object', async () => {
      const dn = `CN=ghost,${ou.dn}`;
      const err = await failure(dir.modify(dn, [{ operation: 'replace', attribute: 'description', values: ['x'] }]));
      expect(err.kind).toBe('not-found');
      expect(err.message).toContain(dn);
    });
  });
});
