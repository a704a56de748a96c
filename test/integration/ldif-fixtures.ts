/** Small LDIF exports for `sync --from FILE.ldif` tests: an OU and users in it. */

/** One OU entry, e.g. ldifOu('OU=Staff,DC=contoso,DC=com', 'Staff'). */
export function ldifOu(dn: string, name: string): string[] {
  return [`dn: ${dn}`, 'objectClass: top', 'objectClass: organizationalUnit', `ou: ${name}`, ''];
}

/** One enabled user under `ou`, anchored by an objectGUID made from `guid`, with extra lines. */
export function ldifUser(ou: string, cn: string, sam: string, guid: number, extra: readonly string[] = []): string[] {
  return [
    `dn: CN=${cn},${ou}`,
    'objectClass: top',
    'objectClass: person',
    'objectClass: organizationalPerson',
    'objectClass: user',
    'objectCategory: CN=Person,CN=Schema,CN=Configuration,DC=contoso,DC=com',
    `objectGUID:: ${Buffer.from(guid.toString(16).padStart(32, '0'), 'hex').toString('base64')}`,
    `cn: ${cn}`,
    `sAMAccountName: ${sam}`,
    `userPrincipalName: ${sam}@contoso.com`,
    'userAccountControl: 512',
    ...extra,
    '',
  ];
}

/** The entries as one file (each line ended, the last one too). */
export function ldifText(entries: readonly (readonly string[])[]): string {
  return entries.flat().join('\n') + '\n';
}
