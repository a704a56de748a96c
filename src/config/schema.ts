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
  })
  .strict();

export const configSchema = z
  .object({
    $schema: z.string().optional(),
    ldap: ldapSchema.optional(),
    validate: validateSchema.optional(),
    entra: entraSchema.optional(),
    output: z.enum(['table', 'json', 'csv', 'ndjson']).optional(),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type EntraConfig = z.infer<typeof entraSchema>;
export type LdapConfig = z.infer<typeof ldapSchema>;
