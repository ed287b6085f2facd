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
