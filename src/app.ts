import type { LookupParams, SearchParams, SophiaApi, TimelineParams } from './api.js';
import { coachingReporter } from './coaching/report.js';
import { type Config, domainSchema } from './config.js';
import type { Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import { openDatabase } from './db/open.js';
import { createEmbedder } from './embed/index.js';
import { readEntityCard } from './entities/card.js';
import { type ManualChangeDeps, mergeEntities, splitEntity } from './entities/manual.js';
import { resolveEntities } from './entities/re-resolve.js';
import { ResolverLinker } from './entities/resolver-linker.js';
import {
  type PostgresSyncOptions,
  type PostgresSyncReport,
  syncFromPostgres,
} from './extract/postgres-destination.js';
import {
  importSlackExport,
  type SlackImportOptions,
  type SlackImportReport,
} from './extract/slack-export.js';
import { logger } from './logger.js';
import type { PipelineContext } from './pipeline/context.js';
import { SyncJobs } from './pipeline/jobs.js';
import {
  type FileSyncOptions,
  type FileSyncReport,
  syncFromDirectory,
} from './pipeline/sync-files.js';
import type { ResolveOptions } from './resolve/types.js';
import { lookupEntities } from './search/entities.js';
import { type SearchDeps, search } from './search/search.js';
import { timeline, transcriptWindow } from './search/timeline.js';
import type { VectorStore } from './vector/store.js';
import { WeaviateVectorStore } from './vector/weaviate.js';

/** An opened store for one domain, with the pipeline and the read API on top of it. */
export interface App {
  config: Config;
  db: Database;
  schema: string;
  pipeline: PipelineContext;
  api: SophiaApi;
  sync(options: FileSyncOptions): Promise<FileSyncReport>;
  /** Sync from the tables the Airbyte PostgreSQL destination writes. */
  syncFromPostgres(options: PostgresSyncOptions): Promise<PostgresSyncReport>;
  /** Import a Slack export zip or folder. */
  importSlackExport(options: SlackImportOptions): Promise<SlackImportReport>;
  /** Background syncs of `SOPHIA_SYNC_FROM`, and the run history. */
  jobs: SyncJobs;
  close(): Promise<void>;
}

export interface OpenAppOptions {
  /** Use an already-open database (tests share one between domains). */
  db?: Database | undefined;
  /** Schema to use instead of the domain's own (tests isolate themselves this way). */
  schema?: string | undefined;
  /** Vector index to use instead of the configured one (tests pass a prefixed Weaviate store). */
  vectorIndex?: VectorStore | undefined;
  /** Store no vectors and search with full text only, even where pgvector exists. */
  disableVector?: boolean | undefined;
  now?: () => Date;
}

/** The Weaviate index of the domain when SOPHIA_VECTOR_STORE=weaviate; undefined for pgvector. */
async function openWeaviateIndex(
  config: Config,
  dimensions: number,
): Promise<VectorStore | undefined> {
  if (config.vectorStore.kind !== 'weaviate') return undefined;
  const store = await WeaviateVectorStore.connect({
    url: config.vectorStore.url,
    grpcPort: config.vectorStore.grpcPort,
    domain: config.domain,
    dimensions,
  });
  await store.ensureSchema();
  logger.info(
    { url: config.vectorStore.url, domain: config.domain },
    'passages are indexed and ranked in Weaviate',
  );

  return store;
}

/** Open the configured database, apply migrations for the domain, and wire the pipeline. */
export async function openApp(config: Config, options: OpenAppOptions = {}): Promise<App> {
  const started = Date.now();
  const db = options.db ?? (await openDatabase(config, { disableVector: options.disableVector }));
  const schema = options.schema ?? config.schema ?? domainSchema(config.domain);
  await migrate(db, schema);

  const vectors = !options.disableVector && (await db.hasVector());
  const embedder = createEmbedder(config.embedder);
  const vectorIndex = options.vectorIndex ?? (await openWeaviateIndex(config, embedder.dimensions));
  // Syncs, manual company splits and re-resolution resolve with the same rules.
  const resolveOptions: ResolveOptions = {};
  const pipeline: PipelineContext = {
    db,
    schema,
    vectorIndex,
    embedder,
    linker: new ResolverLinker(resolveOptions),
    vectors,
    links: {
      slackWorkspaceUrl: config.slackWorkspaceUrl,
      hubspotPortalId: config.hubspotPortalId,
      salesforceInstanceUrl: config.salesforceInstanceUrl,
    },
  };
  if (!vectors)
    logger.warn({ domain: config.domain }, 'vector search unavailable: search uses full text only');
  logger.info(
    { store: db.kind, domain: config.domain, embedder: embedder.model, ms: Date.now() - started },
    'store open',
  );

  const deps: SearchDeps = { db, schema, embedder, vectors, vectorIndex, now: options.now };
  const sync = (syncOptions: FileSyncOptions) => syncFromDirectory(pipeline, syncOptions);
  const jobs = new SyncJobs(db, schema, sync, config.syncFrom);
  const manualDeps: ManualChangeDeps = { vectorIndex, resolveOptions };
  const api: SophiaApi = {
    domain: config.domain,
    search: (params: SearchParams) => search(deps, params),
    timeline: (params: TimelineParams) => timeline(deps, params),
    lookupEntity: async (params: LookupParams) => ({
      candidates: await lookupEntities(db, schema, params),
    }),
    transcriptWindow: (callId, fromMs, toMs) => transcriptWindow(deps, callId, fromMs, toMs),
    coachingReport: coachingReporter(deps),
    mergeEntities: (params) => mergeEntities(db, schema, params, manualDeps),
    splitEntity: (params) => splitEntity(db, schema, params, manualDeps),
    resolveEntities: (params) =>
      resolveEntities({ db, schema, vectorIndex, resolveOptions }, params),
    entityCard: (id) => readEntityCard(db, schema, id, options.now?.() ?? new Date()),
    triggerSync: async (params, onProgress) => {
      const { runId, started, done } = jobs.trigger({ ...params, trigger: 'tool' }, (progress) =>
        onProgress?.({
          records: progress.records,
          source: progress.source,
          sourcesDone: progress.sourcesDone,
          sourcesTotal: progress.sourcesTotal,
        }),
      );
      await started;
      const outcome = done.then(
        (report) => ({ status: 'succeeded' as const, records: report.totals.records }),
        (error: unknown) => ({
          status: 'failed' as const,
          records: 0,
          error: (error as Error).message,
        }),
      );
      return { runId, done: outcome };
    },
    syncStatus: async (runId) => ({
      run: runId === undefined ? null : ((await jobs.status(runId)) ?? null),
      recentRuns: await jobs.recentRuns(),
      freshness: await jobs.freshness(),
    }),
  };

  return {
    config,
    db,
    schema,
    pipeline,
    api,
    sync,
    jobs,
    syncFromPostgres: (syncOptions) => syncFromPostgres(pipeline, syncOptions),
    importSlackExport: (importOptions) => importSlackExport(pipeline, importOptions),
    close: async () => {
      if (options.vectorIndex === undefined) await vectorIndex?.close();
      if (options.db === undefined) await db.close();
    },
  };
}
