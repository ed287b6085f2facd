import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CollectionConfigCreate, configure, type PropertyConfigCreate } from 'weaviate-client';
import * as z from 'zod';
import type { Domain } from '../config.js';
import type { SourceSystem } from '../model.js';
import { packageRoot } from '../paths.js';

/** Name of the one named vector every collection has. */
export const VECTOR_NAME = 'passage';

const PropertySchema = z.object({
  name: z.string().regex(/^[a-z_][a-z0-9_]*$/),
  dataType: z.enum(['text', 'text[]', 'int', 'number', 'date']),
  tokenization: z.enum(['word', 'field']).optional(),
  searchable: z.boolean().optional(),
  description: z.string(),
});

const DefinitionsSchema = z.object({
  vectorIndex: z.object({ type: z.literal('hnsw'), distance: z.literal('cosine') }),
  shared: z.array(PropertySchema),
  collections: z.object({
    slack: z.object({
      suffix: z.string(),
      description: z.string(),
      properties: z.array(PropertySchema),
    }),
    gong: z.object({
      suffix: z.string(),
      description: z.string(),
      properties: z.array(PropertySchema),
    }),
    hubspot: z.object({
      suffix: z.string(),
      description: z.string(),
      properties: z.array(PropertySchema),
    }),
    salesforce: z.object({
      suffix: z.string(),
      description: z.string(),
      properties: z.array(PropertySchema),
    }),
  }),
});

export type PropertyDefinition = z.infer<typeof PropertySchema>;
export type CollectionDefinitions = z.infer<typeof DefinitionsSchema>;

/**
 * Source of the vectors. `none` (the default) stores the vectors sophia's embedder made, so
 * every backend ranks the same vectors. `text2vec-openai` lets Weaviate embed `text` itself.
 * NOTE: `WeaviateVectorStore.upsert` and `search` still send the caller's vectors, so with
 * `text2vec-openai` they must come from the same OpenAI model.
 */
export type VectorizerOption =
  | { kind: 'none' }
  | {
      kind: 'text2vec-openai';
      model?: string | undefined;
      dimensions?: number | undefined;
      baseURL?: string | undefined;
    };

let cached: CollectionDefinitions | undefined;

/** Read and check `schema/weaviate/collections.json`. Throws naming the invalid field. */
export function loadCollectionDefinitions(path?: string): CollectionDefinitions {
  if (path === undefined) {
    cached ??= loadCollectionDefinitions(
      join(packageRoot(), 'schema', 'weaviate', 'collections.json'),
    );
    return cached;
  }

  const parsed = DefinitionsSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `Invalid Weaviate collection definitions in ${path}: ${issue?.path.join('.')}: ${issue?.message}`,
    );
  }
  return parsed.data;
}

/** `pay_ready` → `PayReady`. */
export function domainPrefix(domain: Domain): string {
  return domain
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/**
 * Collection name of a domain and source, e.g. `PayReadySlackMessage`. `prefix` (a capitalized
 * word) keeps test runs apart from each other and from real collections.
 */
export function collectionName(
  domain: Domain,
  source: SourceSystem,
  prefix = '',
  definitions = loadCollectionDefinitions(),
): string {
  if (prefix !== '' && !/^[A-Z][A-Za-z0-9]*$/.test(prefix))
    throw new Error(
      `Invalid collection prefix ${JSON.stringify(prefix)}: use a capital letter, then letters or digits`,
    );

  return `${prefix}${domainPrefix(domain)}${definitions.collections[source].suffix}`;
}

/** List every property of a source's collection: the shared ones, then the source's own. */
export function propertiesOf(
  source: SourceSystem,
  definitions = loadCollectionDefinitions(),
): PropertyDefinition[] {
  return [...definitions.shared, ...definitions.collections[source].properties];
}

/** Build the `collections.create` argument for one domain and source. */
export function buildCollectionConfig(
  domain: Domain,
  source: SourceSystem,
  options: { prefix?: string | undefined; vectorizer?: VectorizerOption | undefined } = {},
  definitions = loadCollectionDefinitions(),
): CollectionConfigCreate {
  const entry = definitions.collections[source];

  return {
    name: collectionName(domain, source, options.prefix, definitions),
    description: `${entry.description} Domain ${domain}.`,
    properties: propertiesOf(source, definitions).map(toPropertyConfig),
    vectorizers: vectorConfig(options.vectorizer ?? { kind: 'none' }),
  };
}

export function toPropertyConfig(property: PropertyDefinition): PropertyConfigCreate<undefined> {
  const isText = property.dataType === 'text' || property.dataType === 'text[]';

  return {
    name: property.name,
    dataType: property.dataType,
    description: property.description,
    indexFilterable: true,
    indexRangeFilters: property.dataType === 'date' || property.dataType === 'number',
    ...(isText
      ? {
          tokenization: property.tokenization ?? 'field',
          indexSearchable: property.searchable === true,
        }
      : {}),
    skipVectorization: property.name !== 'text',
    vectorizePropertyName: false,
  };
}

function vectorConfig(option: VectorizerOption) {
  const vectorIndexConfig = configure.vectorIndex.hnsw({ distanceMetric: 'cosine' });
  if (option.kind === 'none')
    return configure.vectors.selfProvided({ name: VECTOR_NAME, vectorIndexConfig });

  // NOTE: this branch is built and unit-checked but never run against a server here, because
  // Weaviate needs the text2vec-openai module enabled and an OpenAI key (X-OpenAI-Api-Key header).
  return configure.vectors.text2VecOpenAI({
    name: VECTOR_NAME,
    sourceProperties: ['text'],
    vectorIndexConfig,
    model: option.model,
    dimensions: option.dimensions,
    baseURL: option.baseURL,
  });
}
