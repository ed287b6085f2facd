import { homedir } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod';

/** The three domains one deployment serves; each has its own schema, collections and cache prefix. */
export const DOMAINS = ['pay_ready', 'personal', 'paragon'] as const;
export type Domain = (typeof DOMAINS)[number];

export const ENV_KEYS = {
  dataDir: 'SOPHIA_DATA_DIR',
  databaseUrl: 'DATABASE_URL',
  domain: 'SOPHIA_DOMAIN',
  embedder: 'SOPHIA_EMBEDDER',
  openaiApiKey: 'OPENAI_API_KEY',
  openaiBaseUrl: 'OPENAI_BASE_URL',
  embeddingModel: 'SOPHIA_EMBEDDING_MODEL',
  embeddingDimensions: 'SOPHIA_EMBEDDING_DIMENSIONS',
  slackWorkspaceUrl: 'SOPHIA_SLACK_WORKSPACE_URL',
  hubspotPortalId: 'SOPHIA_HUBSPOT_PORTAL_ID',
  salesforceInstanceUrl: 'SOPHIA_SALESFORCE_INSTANCE_URL',
  httpTokens: 'SOPHIA_HTTP_TOKENS',
  syncFrom: 'SOPHIA_SYNC_FROM',
  schema: 'SOPHIA_SCHEMA',
  cacheNamespace: 'SOPHIA_CACHE_NAMESPACE',
  airbyteApiUrl: 'AIRBYTE_API_URL',
  airbyteClientId: 'AIRBYTE_CLIENT_ID',
  airbyteClientSecret: 'AIRBYTE_CLIENT_SECRET',
  airbyteConnections: 'SOPHIA_AIRBYTE_CONNECTIONS',
  destinationUrl: 'SOPHIA_DESTINATION_URL',
  destinationNamespaces: 'SOPHIA_DESTINATION_NAMESPACES',
  destinationRawSchema: 'SOPHIA_DESTINATION_RAW_SCHEMA',
  gongApiUrl: 'GONG_API_URL',
  gongAccessKey: 'GONG_ACCESS_KEY',
  gongAccessKeySecret: 'GONG_ACCESS_KEY_SECRET',
  slackWebhookUrl: 'SOPHIA_SLACK_WEBHOOK_URL',
  vectorStore: 'SOPHIA_VECTOR_STORE',
  weaviateUrl: 'WEAVIATE_URL',
  weaviateGrpcPort: 'WEAVIATE_GRPC_PORT',
} as const;

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const EnvSchema = z.object({
  [ENV_KEYS.dataDir]: optionalText,
  [ENV_KEYS.databaseUrl]: optionalText,
  [ENV_KEYS.domain]: z.enum(DOMAINS).default('pay_ready'),
  [ENV_KEYS.embedder]: z.enum(['local', 'openai']).optional(),
  [ENV_KEYS.openaiApiKey]: optionalText,
  [ENV_KEYS.openaiBaseUrl]: optionalText.pipe(z.url().optional()),
  [ENV_KEYS.embeddingModel]: optionalText,
  [ENV_KEYS.embeddingDimensions]: optionalText.pipe(
    z.coerce.number<string | undefined>().int().min(8).max(4096).optional(),
  ),
  [ENV_KEYS.slackWorkspaceUrl]: optionalText.pipe(z.url().optional()),
  [ENV_KEYS.hubspotPortalId]: optionalText,
  [ENV_KEYS.salesforceInstanceUrl]: optionalText.pipe(z.url().optional()),
  [ENV_KEYS.httpTokens]: optionalText,
  [ENV_KEYS.syncFrom]: optionalText,
  [ENV_KEYS.cacheNamespace]: optionalText,
  [ENV_KEYS.airbyteApiUrl]: optionalText.pipe(z.url().optional()),
  [ENV_KEYS.airbyteClientId]: optionalText,
  [ENV_KEYS.airbyteClientSecret]: optionalText,
  [ENV_KEYS.airbyteConnections]: optionalText,
  [ENV_KEYS.destinationUrl]: optionalText,
  [ENV_KEYS.destinationNamespaces]: optionalText,
  [ENV_KEYS.destinationRawSchema]: optionalText,
  [ENV_KEYS.gongApiUrl]: optionalText.pipe(z.url().optional()),
  [ENV_KEYS.gongAccessKey]: optionalText,
  [ENV_KEYS.gongAccessKeySecret]: optionalText,
  [ENV_KEYS.slackWebhookUrl]: optionalText.pipe(z.url().optional()),
  [ENV_KEYS.vectorStore]: z.enum(['pgvector', 'weaviate']).optional(),
  [ENV_KEYS.weaviateUrl]: optionalText.pipe(z.url().optional()),
  [ENV_KEYS.weaviateGrpcPort]: optionalText.pipe(
    z.coerce.number<string | undefined>().int().min(1).max(65535).optional(),
  ),
  [ENV_KEYS.schema]: optionalText.pipe(
    z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/)
      .optional(),
  ),
});

export interface EmbedderConfig {
  kind: 'local' | 'openai';
  model: string;
  dimensions: number;
  apiKey?: string | undefined;
  baseUrl?: string | undefined;
  minSimilarity?: number | undefined;
}

/** Process configuration, read once from the environment at start-up. */
export interface Config {
  domain: Domain;
  /** PostgreSQL URL; when unset, sophia uses PGlite in `dataDir`. */
  databaseUrl?: string | undefined;
  /** PGlite data directory (default `~/.sophia/data`). */
  dataDir: string;
  embedder: EmbedderConfig;
  slackWorkspaceUrl?: string | undefined;
  hubspotPortalId?: string | undefined;
  salesforceInstanceUrl?: string | undefined;
  /** Bearer tokens for remote access: `token=domain1+domain2:read|write`, comma separated. */
  httpTokens?: string | undefined;
  /** Folder of Airbyte output (`DIR/<source>/*.jsonl`) that trigger_sync and --sync-every read. */
  syncFrom?: string | undefined;
  /** Schema to use instead of the domain's own name, for staging copies of a domain and tests. */
  schema?: string | undefined;
  /**
   * Text before every cache key, for stores that share one Redis. Without it keys start with the
   * domain prefix (`pr:`, `ps:`, `pg:`), so two stores on one Redis must set different values.
   */
  cacheNamespace?: string | undefined;
  /** Production sync: Airbyte jobs, the PostgreSQL destination and Gong transcripts. */
  production: ProductionSyncConfig;
  /** Slack incoming webhook that receives sync results (`sophia sync --notify-slack`). */
  slackWebhookUrl?: string | undefined;
  /** Where passages are ranked: pgvector beside the data (default) or a Weaviate server. */
  vectorStore: { kind: 'pgvector' } | { kind: 'weaviate'; url: string; grpcPort: number };
}

export interface ProductionSyncConfig {
  airbyte?:
    | {
        baseUrl: string;
        clientId: string;
        clientSecret: string;
        connections: Partial<Record<string, string>>;
      }
    | undefined;
  /** Connection string of the Airbyte PostgreSQL destination database. */
  destinationUrl?: string | undefined;
  /** Schema of each source's destination tables, e.g. `{ hubspot: 'airbyte_hubspot' }`. */
  destinationNamespaces: Partial<Record<string, string>>;
  /** Schema of the destination's legacy raw tables (its `internalTableSchema`); default airbyte_internal. */
  destinationRawSchema?: string | undefined;
  gong?: { baseUrl: string; accessKey: string; accessKeySecret: string } | undefined;
}

/** Raised when an environment variable has an invalid value; the message names it and the fix. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export const LOCAL_EMBEDDING_MODEL = 'sophia-local-hash-v1';
export const LOCAL_EMBEDDING_DIMENSIONS = 384;

/**
 * Read the configuration from `env`. Fails fast with a message naming the variable, because a
 * silently ignored typo (say, a misspelt domain) would send data to the wrong place.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      return `${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid environment: ${issues.join('; ')}`);
  }
  const values = parsed.data;

  return {
    domain: values.SOPHIA_DOMAIN,
    databaseUrl: values.DATABASE_URL,
    dataDir: values.SOPHIA_DATA_DIR ?? join(homedir(), '.sophia', 'data'),
    embedder: embedderConfig(values),
    slackWorkspaceUrl: values.SOPHIA_SLACK_WORKSPACE_URL,
    hubspotPortalId: values.SOPHIA_HUBSPOT_PORTAL_ID,
    salesforceInstanceUrl: values.SOPHIA_SALESFORCE_INSTANCE_URL,
    httpTokens: values.SOPHIA_HTTP_TOKENS,
    syncFrom: values.SOPHIA_SYNC_FROM,
    schema: values.SOPHIA_SCHEMA,
    cacheNamespace: values.SOPHIA_CACHE_NAMESPACE,
    production: productionConfig(values),
    slackWebhookUrl: values.SOPHIA_SLACK_WEBHOOK_URL,
    vectorStore: vectorStoreConfig(values),
  };
}

/** Parse `source=value,source=value` lists such as SOPHIA_AIRBYTE_CONNECTIONS, naming bad entries. */
export function parseSourceMap(
  variable: string,
  value: string | undefined,
): Partial<Record<string, string>> {
  const map: Partial<Record<string, string>> = {};
  for (const entry of (value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [source, target] = entry.split('=').map((part) => part.trim());
    if (!source || !target || !['gong', 'slack', 'hubspot', 'salesforce'].includes(source)) {
      throw new ConfigError(
        `${variable} entry ${JSON.stringify(entry)} is invalid: use source=value with source gong, slack, hubspot or salesforce`,
      );
    }
    map[source] = target;
  }

  return map;
}

function vectorStoreConfig(values: z.infer<typeof EnvSchema>): Config['vectorStore'] {
  if (values.SOPHIA_VECTOR_STORE !== 'weaviate') return { kind: 'pgvector' };
  if (values.WEAVIATE_URL === undefined) {
    throw new ConfigError(
      'SOPHIA_VECTOR_STORE=weaviate needs WEAVIATE_URL, e.g. http://127.0.0.1:8080',
    );
  }

  return {
    kind: 'weaviate',
    url: values.WEAVIATE_URL,
    grpcPort: values.WEAVIATE_GRPC_PORT ?? 50051,
  };
}

function productionConfig(values: z.infer<typeof EnvSchema>): ProductionSyncConfig {
  const connections = parseSourceMap(
    'SOPHIA_AIRBYTE_CONNECTIONS',
    values.SOPHIA_AIRBYTE_CONNECTIONS,
  );
  const hasAirbyte = Object.keys(connections).length > 0;
  if (hasAirbyte && (!values.AIRBYTE_CLIENT_ID || !values.AIRBYTE_CLIENT_SECRET)) {
    throw new ConfigError(
      'SOPHIA_AIRBYTE_CONNECTIONS is set, so AIRBYTE_CLIENT_ID and AIRBYTE_CLIENT_SECRET are needed too',
    );
  }
  if (Boolean(values.GONG_ACCESS_KEY) !== Boolean(values.GONG_ACCESS_KEY_SECRET)) {
    throw new ConfigError('Set both GONG_ACCESS_KEY and GONG_ACCESS_KEY_SECRET, or neither');
  }

  return {
    airbyte: hasAirbyte
      ? {
          baseUrl: values.AIRBYTE_API_URL ?? 'https://api.airbyte.com/v1',
          clientId: values.AIRBYTE_CLIENT_ID as string,
          clientSecret: values.AIRBYTE_CLIENT_SECRET as string,
          connections,
        }
      : undefined,
    destinationUrl: values.SOPHIA_DESTINATION_URL,
    destinationNamespaces: parseSourceMap(
      'SOPHIA_DESTINATION_NAMESPACES',
      values.SOPHIA_DESTINATION_NAMESPACES,
    ),
    destinationRawSchema: values.SOPHIA_DESTINATION_RAW_SCHEMA,
    gong:
      values.GONG_ACCESS_KEY && values.GONG_ACCESS_KEY_SECRET
        ? {
            baseUrl: values.GONG_API_URL ?? 'https://api.gong.io',
            accessKey: values.GONG_ACCESS_KEY,
            accessKeySecret: values.GONG_ACCESS_KEY_SECRET,
          }
        : undefined,
  };
}

function embedderConfig(values: z.infer<typeof EnvSchema>): EmbedderConfig {
  const kind = values.SOPHIA_EMBEDDER ?? (values.OPENAI_API_KEY ? 'openai' : 'local');
  if (kind === 'local') {
    return { kind, model: LOCAL_EMBEDDING_MODEL, dimensions: LOCAL_EMBEDDING_DIMENSIONS };
  }

  if (!values.OPENAI_API_KEY && !values.OPENAI_BASE_URL) {
    throw new ConfigError(
      'SOPHIA_EMBEDDER=openai needs OPENAI_API_KEY (or OPENAI_BASE_URL for a keyless ' +
        'OpenAI-compatible server); set one, or unset SOPHIA_EMBEDDER to use the local embedder',
    );
  }

  return {
    kind,
    model: values.SOPHIA_EMBEDDING_MODEL ?? 'text-embedding-3-small',
    dimensions: values.SOPHIA_EMBEDDING_DIMENSIONS ?? 1536,
    apiKey: values.OPENAI_API_KEY,
    baseUrl: values.OPENAI_BASE_URL,
  };
}

/** PostgreSQL schema of a domain. Domains are a closed list, so the name is safe to interpolate. */
export function domainSchema(domain: Domain): string {
  return domain;
}
