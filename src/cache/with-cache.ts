import type {
  LookupParams,
  SearchParams,
  SophiaApi,
  TimelineParams,
  TranscriptWindow,
} from '../api.js';
import { assertDomain } from './keys.js';
import type { SophiaCache } from './tiered-cache.js';

export interface WithCacheOptions {
  /** Clock for the day that relative date phrases are resolved against; tests pin it. */
  now?: (() => Date) | undefined;
}

/** An ISO 8601 date or datetime, which means the same thing on every day. */
const ABSOLUTE_DATE = /^\s*\d{4}-\d{2}-\d{2}/;

/**
 * Wraps the API of one domain so that search, timeline, entity lookup and transcript windows
 * are served from `cache` when an earlier call with the same arguments ran after the domain's
 * last sync. Coaching reports, sync status and entity cards pass through uncached. Manual
 * merges and splits, entity re-resolution, and syncs started through the API, invalidate the
 * domain when they finish (dry runs do not).
 * Errors are never cached. Throws when `api.domain` is not a known domain.
 */
export function withCache(
  api: SophiaApi,
  cache: SophiaCache,
  options: WithCacheOptions = {},
): SophiaApi {
  const domain = assertDomain(api.domain);
  const now = options.now ?? (() => new Date());

  const wrapped: SophiaApi = {
    domain: api.domain,
    search: (params: SearchParams) =>
      cache.getOrCompute(domain, 'search', datedArgs(params, now), () => api.search(params)),
    timeline: (params: TimelineParams) =>
      cache.getOrCompute(domain, 'timeline', datedArgs(params, now), () => api.timeline(params)),
    lookupEntity: (params: LookupParams) =>
      cache.getOrCompute(domain, 'lookup', params, () => api.lookupEntity(params)),
    transcriptWindow: (callId: string, fromMs: number, toMs: number) =>
      cache.getOrCompute<TranscriptWindow>(domain, 'transcript', { callId, fromMs, toMs }, () =>
        api.transcriptWindow(callId, fromMs, toMs),
      ),
    coachingReport: (params) => api.coachingReport(params),
  };

  addPassThroughs(wrapped, api);
  addWrites(wrapped, api, () => cache.invalidateDomain(domain));

  return wrapped;
}

/** Copies the optional read-only methods that are not cached. */
function addPassThroughs(wrapped: SophiaApi, api: SophiaApi): void {
  const { syncStatus, entityCard } = api;
  if (syncStatus !== undefined) {
    wrapped.syncStatus = (runId) => syncStatus.call(api, runId);
  }

  if (entityCard !== undefined) {
    wrapped.entityCard = (id) => entityCard.call(api, id);
  }
}

/**
 * Copies the optional methods that change data, each followed by `invalidate`.
 * NOTE: a new method that changes data must be added here, or cached reads go stale after it.
 */
function addWrites(wrapped: SophiaApi, api: SophiaApi, invalidate: () => Promise<unknown>): void {
  const { mergeEntities, splitEntity, resolveEntities, triggerSync } = api;
  if (mergeEntities !== undefined) {
    wrapped.mergeEntities = async (params) => {
      const change = await mergeEntities.call(api, params);
      if (!change.dryRun) {
        await invalidate();
      }

      return change;
    };
  }

  if (splitEntity !== undefined) {
    wrapped.splitEntity = async (params) => {
      const change = await splitEntity.call(api, params);
      if (!change.dryRun) {
        await invalidate();
      }

      return change;
    };
  }

  if (resolveEntities !== undefined) {
    wrapped.resolveEntities = async (params) => {
      const report = await resolveEntities.call(api, params);
      if (!report.dryRun) {
        await invalidate();
      }

      return report;
    };
  }

  if (triggerSync !== undefined) {
    wrapped.triggerSync = async (params, onProgress) => {
      const started = await triggerSync.call(api, params, onProgress);
      // A failed run still committed the batches it finished, so both outcomes invalidate.
      return { runId: started.runId, done: started.done.finally(invalidate) };
    };
  }
}

/**
 * Adds the current UTC day to the key arguments when `from` or `to` is a phrase such as "last
 * month", because the phrase covers other dates tomorrow.
 */
function datedArgs(
  params: { from?: string | undefined; to?: string | undefined },
  now: () => Date,
): object {
  const relative = [params.from, params.to].some(
    (bound) => bound !== undefined && !ABSOLUTE_DATE.test(bound),
  );
  if (!relative) {
    return params;
  }

  return { ...params, resolvedOn: now().toISOString().slice(0, 10) };
}
