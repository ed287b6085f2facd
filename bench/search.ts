import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { PgliteDatabase } from '../src/db/pglite.js';
import { mulberry32 } from './er-world.js';
import { QUERIES, TOPICS } from './topics.js';
import { writeJsonl } from './write-jsonl.js';

export interface SearchBenchResult {
  messages: number;
  passages: number;
  ingestSeconds: number;
  recordsPerSecond: number;
  hybrid: { p50: number; p99: number };
  fullText: { p50: number; p99: number };
  /** Hybrid p50 divided by full-text-only p50 in the same run. */
  hybridOverFullText: number;
}

/** Slack messages in the connector's shape, spread over 20 channels and 90 days. */
function slackMessages(count: number): Record<string, unknown>[] {
  const random = mulberry32(7);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)] as T;
  const start = Date.UTC(2026, 8, 1) / 1000;

  return Array.from({ length: count }, (_, index) => {
    const ts = (start + index * 90 + random()).toFixed(6);
    const text = `Customer ${index % 300} asked about ${pick(TOPICS)} and ${pick(TOPICS)}; follow up on ${pick(TOPICS)} next week.`;
    return {
      type: 'RECORD',
      record: {
        stream: 'channel_messages',
        data: {
          type: 'message',
          ts,
          user: `U${index % 40}`,
          text,
          channel_id: `C${index % 20}`,
          float_ts: Number(ts),
        },
        emitted_at: 1_790_000_000_000,
      },
    };
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Ingest `messages` Slack messages into PGlite, then time hybrid and full-text searches. */
export async function runSearchBench(messages = 20_000, rounds = 5): Promise<SearchBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'sophia-bench-'));
  writeJsonl(join(dir, 'slack', 'channel_messages.jsonl'), slackMessages(messages));
  const config = { ...loadConfig({}), dataDir: 'memory://' };
  const db = await PgliteDatabase.open('memory://');

  try {
    const app = await openApp(config, { db });
    const started = performance.now();
    const report = await app.sync({ dir, batchSize: 500 });
    const ingestSeconds = (performance.now() - started) / 1000;
    const fullTextApp = await openApp(config, { db, disableVector: true });

    const time = async (run: (query: string) => Promise<unknown>) => {
      const samples: number[] = [];
      for (let round = 0; round < rounds; round++) {
        for (const query of QUERIES) {
          const begin = performance.now();
          await run(query);
          samples.push(performance.now() - begin);
        }
      }
      return samples;
    };
    await app.api.search({ query: 'warm up' });
    const hybrid = await time((query) => app.api.search({ query }));
    const fullText = await time((query) => fullTextApp.api.search({ query }));

    return {
      messages,
      passages: report.totals.passagesWritten,
      ingestSeconds,
      recordsPerSecond: messages / ingestSeconds,
      hybrid: { p50: percentile(hybrid, 50), p99: percentile(hybrid, 99) },
      fullText: { p50: percentile(fullText, 50), p99: percentile(fullText, 99) },
      hybridOverFullText: percentile(hybrid, 50) / percentile(fullText, 50),
    };
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runSearchBench(Number(process.env.SOPHIA_BENCH_MESSAGES ?? 20_000));
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
