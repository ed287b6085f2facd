import { Counter, Histogram, register } from 'prom-client';

/** Prometheus metrics in prom-client's default registry, served at `GET /metrics` over HTTP. */
export const toolDuration = new Histogram({
  name: 'sophia_tool_duration_seconds',
  help: 'MCP tool call latency, by tool and outcome (ok, invalid, error).',
  labelNames: ['tool', 'outcome'] as const,
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});

export const syncDuration = new Histogram({
  name: 'sophia_sync_duration_seconds',
  help: 'Duration of one source within a sync run.',
  labelNames: ['source', 'status'] as const,
  buckets: [1, 5, 15, 60, 300, 900, 3600],
});

export const syncRecords = new Counter({
  name: 'sophia_sync_records_total',
  help: 'Records read by syncs, by source and result (changed, unchanged, dead_letter, skipped).',
  labelNames: ['source', 'result'] as const,
});

export function metricsText(): Promise<string> {
  return register.metrics();
}

export const metricsContentType = register.contentType;
