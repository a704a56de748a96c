/**
 * The seed file's `cloudSync` section (docs/emulator.md, "Cloud sync jobs"): configurations
 * (AD domain, scope, source, settings, job state) and agents. Without it a new emulator gets
 * one configuration and two agents (see setup.ts).
 */
import { z } from 'zod';

const ldapSource = z
  .object({
    urls: z.array(z.string().min(1)).min(1),
    bindDn: z.string().optional(),
    /** The name of the environment variable holding the bind password. */
    passwordEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name').optional(),
    caFile: z.string().optional(),
    baseDn: z.string().optional(),
    startTls: z.boolean().optional(),
    tlsVerify: z.boolean().optional(),
    allowPlaintext: z.boolean().optional(),
  })
  .strict();

export const configurationSeed = z
  .object({
    domain: z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i, 'an AD domain name such as contoso.com'),
    /**
     * false: the service principal's applicationTemplateId is null, as Microsoft's docs show one
     * (entra-docs cloud-sync/concept-attributes.md); the template id is still among its
     * servicePrincipalNames.
     */
    applicationTemplateId: z.boolean().default(true),
    scope: z.object({ ous: z.array(z.string().min(1)).optional(), groups: z.array(z.string().min(1)).optional() }).strict().default({}),
    source: z.union([z.object({ ldif: z.string().min(1) }).strict(), z.object({ ldap: ldapSource }).strict()]).optional(),
    passwordHashSync: z.boolean().default(false),
    /** synchronizationJobSettings overrides, e.g. {"DeleteThresholdValue": "10"}. */
    settings: z.record(z.string(), z.string()).default({}),
    interval: z.string().regex(/^P/, 'an ISO 8601 duration such as PT2M').default('PT2M'),
    state: z.enum(['Active', 'Paused']).default('Active'),
    quarantine: z.object({ reason: z.enum(['EncounteredBaseEscrowThreshold', 'EncounteredTotalEscrowThreshold', 'EncounteredEscrowProportionThreshold', 'EncounteredQuarantineException', 'Unknown', 'QuarantinedOnDemand', 'TooManyDeletes', 'IngestionInterrupted']), message: z.string().default('Quarantined by the seed') }).strict().optional(),
  })
  .strict();

export const agentSeed = z
  .object({
    machineName: z.string().min(1),
    externalIp: z.string().default('203.0.113.10'),
    status: z.enum(['active', 'inactive']).default('active'),
    /** Minutes since the agent last contacted the service (inactive agents: more than 60). */
    lastContactMinutesAgo: z.number().nonnegative().optional(),
    /** The configurations (AD domains) whose agent group it joins; default all. */
    domains: z.array(z.string()).optional(),
  })
  .strict();

export const cloudSyncSeed = z
  .object({
    configurations: z.array(configurationSeed).optional(),
    agents: z.array(agentSeed).optional(),
  })
  .strict();

export type CloudSyncSeed = z.output<typeof cloudSyncSeed>;
export type ConfigurationSeed = z.output<typeof configurationSeed>;
