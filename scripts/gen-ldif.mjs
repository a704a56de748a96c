// Writes a synthetic AD export (LDIF) of N users and N/50 groups with realistic values and about
// 2% problems of the kinds validate reports. Deterministic: the same N gives the same file.
//   node scripts/gen-ldif.mjs 100000 > users.ldif
import { createWriteStream } from 'node:fs';

const BASE = 'DC=contoso,DC=com';
const GIVEN = ['Adele', 'Alex', 'Diego', 'Grady', 'Henrietta', 'Isaiah', 'Johanna', 'Lee', 'Lidia', 'Lynne', 'Megan', 'Miriam', 'Nestor', 'Patti', 'Pradeep', 'José', 'Zoë', 'Øystein'];
const SUR = ['Vance', 'Wilber', 'Siciliani', 'Archie', 'Mueller', 'Langer', 'Lorenz', 'Gu', 'Holloway', 'Robbins', 'Bowen', 'Graham', 'Wilke', 'Fernandez', 'Gupta', 'Núñez', 'Åberg'];
const DEPTS = ['Sales', 'Engineering', 'Finance', 'Marketing', 'Operations', 'Legal', 'HR', 'Support'];

function b64(s) {
  return Buffer.from(s, 'utf8').toString('base64');
}
function line(name, value) {
  // RFC 2849: non-ASCII values are base64-encoded, as ldifde does.
  return /^[\x20-\x7e]*$/.test(value) && !value.startsWith(' ') && !value.startsWith(':') && !value.endsWith(' ')
    ? `${name}: ${value}\n`
    : `${name}:: ${b64(value)}\n`;
}
function guid(i) {
  const b = Buffer.alloc(16);
  b.writeUInt32LE(0x6f1c926e, 0);
  b.writeUInt32BE(i, 12);
  return b.toString('base64');
}
function ascii(s) {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[øØ]/g, 'o').replace(/[^A-Za-z]/g, '').toLowerCase();
}

export function* userRecords(n) {
  for (let i = 1; i <= n; i++) {
    const g = GIVEN[i % GIVEN.length];
    const s = SUR[(i * 7) % SUR.length];
    const dept = DEPTS[i % DEPTS.length];
    let sam = `${ascii(g).slice(0, 8)}${ascii(s).slice(0, 3)}${i}`.slice(0, 20);
    let upn = `${ascii(g)}.${ascii(s)}${i}@contoso.com`;
    let mail = upn;
    const proxies = [`SMTP:${mail}`, `smtp:${ascii(g)}${i}@contoso.mail.onmicrosoft.com`];
    let display = `${g} ${s}`;
    const p = i % 50; // 2% of users get one problem each, spread over the kinds
    if (p === 7) {
      const k = (i / 50) | 0;
      switch (k % 8) {
        case 0: upn = upn.replace('@contoso.com', '@contoso.local'); break;
        case 1: upn = `${g} ${s}${i}@contoso.com`; break;
        case 2: mail = `${ascii(g)}.${ascii(s)}${i - 50}@contoso.com`; break; // duplicate of an earlier user's mail
        case 3: proxies.push(`smtp:${ascii(g)}.${ascii(s)}${i - 50}@contoso.com`); break; // cross-attribute conflict
        case 4: display = ''; break;
        case 5: sam = `${sam}-with-a-long-suffix`; break;
        case 6: upn = upn.replace('@contoso.com', '@fabrikam.com'); break;
        case 7: proxies.push(`smtp:${ascii(g)}(${i})@contoso.com`); break;
      }
    }
    let r = `dn: ${/^[\x20-\x7e]*$/.test(g + s) ? `CN=${g} ${s} ${i},OU=${dept},OU=Staff,${BASE}` : ''}`;
    if (!/^[\x20-\x7e]*$/.test(g + s)) r = `dn:: ${b64(`CN=${g} ${s} ${i},OU=${dept},OU=Staff,${BASE}`)}`;
    r += '\nobjectClass: top\nobjectClass: person\nobjectClass: organizationalPerson\nobjectClass: user\n';
    r += line('cn', `${g} ${s} ${i}`) + line('sn', s) + line('givenName', g);
    if (display) r += line('displayName', display);
    r += `objectCategory: CN=Person,CN=Schema,CN=Configuration,${BASE}\n`;
    r += `objectGUID:: ${guid(i)}\n`;
    r += line('sAMAccountName', sam) + line('userPrincipalName', upn) + line('mail', mail);
    r += line('mailNickname', sam);
    for (const x of proxies) r += line('proxyAddresses', x);
    r += `department: ${dept}\ntitle: Specialist ${i % 13}\ncompany: Contoso\nemployeeID: E${String(i).padStart(7, '0')}\nuserAccountControl: 512\n\n`;
    yield r;
  }
  for (let gI = 1; gI <= Math.ceil(n / 50); gI++) {
    let r = `dn: CN=Team ${gI},OU=Groups,${BASE}\nobjectClass: top\nobjectClass: group\ncn: Team ${gI}\nsAMAccountName: team${gI}\n`;
    r += `groupType: -2147483646\nmail: team${gI}@contoso.com\nmailNickname: team${gI}\nproxyAddresses: SMTP:team${gI}@contoso.com\n`;
    r += `objectCategory: CN=Group,CN=Schema,CN=Configuration,${BASE}\n\n`;
    yield r;
  }
}

export async function writeLdif(path, n) {
  const out = createWriteStream(path);
  out.write('version: 1\n\n');
  for (const rec of userRecords(n)) {
    if (!out.write(rec)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r) => out.end(r));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 1000);
  process.stdout.write('version: 1\n\n');
  for (const rec of userRecords(n)) process.stdout.write(rec);
}
