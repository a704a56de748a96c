// The client half of bench:graph: creates N users through EntraClient's batch writer, as the CLI
// would (settings from the environment), and prints timing as JSON.
import { resolveEntraSettings } from '../dist/config/entra.js';
import { EntraClient } from '../dist/directory/entra/index.js';

const n = Number(process.argv[2]);
const settings = await resolveEntraSettings({}, process.env, undefined, process.cwd());
const client = await EntraClient.create(settings);
await client.token();
const writer = client.batchWriter();
const t0 = performance.now();
const results = await Promise.all(
  Array.from({ length: n }, (_, i) =>
    writer.submit({
      method: 'POST',
      url: '/users',
      body: {
        accountEnabled: true,
        displayName: `Bench User ${i}`,
        mailNickname: `bench${i}`,
        userPrincipalName: `bench${i}@contoso.com`,
        passwordProfile: { password: `Bench-Pa55-${i}-xZ`, forceChangePasswordNextSignIn: true },
      },
    }),
  ),
);
await writer.close();
const ms = performance.now() - t0;
const failed = results.filter((r) => r.status !== 201).length;
process.stdout.write(JSON.stringify({ ms, failed, maxRssKb: process.resourceUsage().maxRSS, stats: writer.stats }) + '\n');
