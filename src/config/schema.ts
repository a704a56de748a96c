import { z } from 'zod';

/** cloudsync.config.json — documented in docs/configuration.md. Secrets are never allowed inline. */
const ldapSchema = z
  .object({
    url: z.union([z.string(), z.array(z.string()).min(1)]).optional(),
    bindDn: z.string().min(1).optional(),
    passwordFile: z.string().min(1).optional(),
    caFile: z.string().min(1).optional(),
    startTls: z.boolean().optional(),
    tlsVerify: z.boolean().optional(),
    allowPlaintext: z.boolean().optional(),
    baseDn: z.string().min(1).optional(),
    connectTimeoutSeconds: z.number().positive().optional(),
    timeoutSeconds: z.number().positive().optional(),
    pageSize: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();

const validateSchema = z
  .object({
    rules: z.enum(['entra', 'idfix']).optional(),
    verifiedDomains: z.array(z.string().min(1)).optional(),
    ou: z.array(z.string().min(1)).optional(),
    group: z.array(z.string().min(1)).optional(),
    filter: z.string().min(1).optional(),
    failOn: z.enum(['error', 'warning', 'never']).optional(),
    alternateLoginId: z.boolean().optional(),
  })
  .strict();

const entraSchema = z
  .object({
    tenantId: z.string().min(1).optional(),
    clientId: z.string().min(1).optional(),
    authMethod: z
      .enum(['secret', 'certificate', 'federated', 'github-oidc', 'azure-devops-oidc', 'managed-identity', 'device-code'])
      .optional(),
    certificatePath: z.string().min(1).optional(),
    graphEndpoint: z.string().url().optional(),
    authorityHost: z.string().url().optional(),
    /** The application holding the ownership extensions (default: the app cloudsync signs in as). */
    extensionAppId: z.string().min(1).optional(),
  })
  .strict();

/** A mapping override: an expression string, or null to remove the target (docs/mapping.md). */
const mappingOverrides = z.record(z.string().min(1), z.string().min(1).nullable());

/** The `sync` section (docs/sync.md): scope, mapping overrides and guards, so a pipeline runs `cloudsync sync --config prod.json --apply`. */
const syncSchema = z
  .object({
    ou: z.array(z.string().min(1)).optional(),
    group: z.array(z.string().min(1)).optional(),
    all: z.boolean().optional(),
    filter: z.string().min(1).optional(),
    mapping: z.object({ user: mappingOverrides.optional(), group: mappingOverrides.optional() }).strict().optional(),
    deleteThreshold: z
      .union([z.number().int().min(0), z.string().regex(/^\d+(\.\d+)?%$/, 'a number of objects (500) or a percentage ("10%")')])
      .optional(),
    onDelete: z.enum(['delete', 'disable']).optional(),
    softMatch: z.boolean().optional(),
    groupNameMatch: z.boolean().optional(),
    protected: z.array(z.string().min(1)).optional(),
    shrinkRatio: z.number().min(0).max(1).optional(),
    /** The removals guard (docs/sync.md, "Guards"): a share of the managed objects / of a group's members, and a count under which it never fires; false turns it off. */
    removalGuard: z
      .union([z.literal(false), z.object({ share: z.number().min(0).max(1).optional(), minimum: z.number().int().min(0).optional() }).strict()])
      .optional(),
    writeConsistencyGuid: z.boolean().optional(),
    forcePasswordChange: z.boolean().optional(),
    /** Read only the changes since the last completed apply (the --delta flag). */
    delta: z.boolean().optional(),
  })
  .strict();

/** The `logs` section (docs/logs.md): how many run journals are kept per scope. */
const logsSchema = z
  .object({
    retention: z
      .object({
        /** Runs kept per scope (default 100). */
        runs: z.number().int().min(1).optional(),
        /** Days kept (default 90). */
        days: z.number().positive().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const configSchema = z
  .object({
    $schema: z.string().optional(),
    ldap: ldapSchema.optional(),
    validate: validateSchema.optional(),
    entra: entraSchema.optional(),
    sync: syncSchema.optional(),
    logs: logsSchema.optional(),
    output: z.enum(['table', 'json', 'csv', 'ndjson', 'markdown', 'md']).optional(),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type EntraConfig = z.infer<typeof entraSchema>;
export type LdapConfig = z.infer<typeof ldapSchema>;
export type SyncConfig = z.infer<typeof syncSchema>;
export type LogsConfig = z.infer<typeof logsSchema>;
