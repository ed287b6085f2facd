import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../src/paths.js';
import { formatCoachingBench, runCoachingBench } from './coaching.js';
import { ER_AIM, formatErReport, runErBenchmark } from './er.js';
import { runSearchBench } from './search.js';
import { formatVectorBench, runVectorBench } from './vector.js';

/**
 * Run every benchmark and write docs/benchmarks.md. Absolute times depend on the machine, so
 * each section also gives a ratio against a baseline measured in the same run.
 */
async function main(): Promise<void> {
  const started = new Date();
  const messages = Number(process.env.SOPHIA_BENCH_MESSAGES ?? 20_000);
  const search = await runSearchBench(messages);
  const er = await runErBenchmark({
    datasetsDir: process.env.SOPHIA_ER_DATASETS,
    worldRecords: Number(process.env.SOPHIA_ER_RECORDS ?? ER_AIM.records),
    seed: 20240601,
  });
  const coaching = await runCoachingBench();
  const vector = await runVectorBench({
    passages: Number(process.env.SOPHIA_BENCH_PASSAGES ?? 100_000),
    weaviateUrl: process.env.WEAVIATE_URL,
    weaviateGrpcPort: process.env.WEAVIATE_GRPC_PORT
      ? Number(process.env.WEAVIATE_GRPC_PORT)
      : undefined,
  });

  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const page = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` on ${started.toISOString().slice(0, 10)}: Node ${process.version}, ` +
      `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB. ` +
      'Times vary from run to run on a shared machine; compare the ratios, which are measured in one run.',
    '',
    '## Ingest and search on PGlite',
    '',
    `${search.messages} generated Slack messages in the connector's record shape, one passage each, ` +
      'ingested with `sync` (batches of 500) into an in-memory PGlite with the local embedder; then ' +
      `${8 * 5} searches of 8 queries, with and without the vector ranking.`,
    '',
    '| measure | value |',
    '|---|---|',
    `| ingest | ${search.ingestSeconds.toFixed(1)} s, ${Math.round(search.recordsPerSecond)} records/s |`,
    `| hybrid search p50 / p99 | ${ms(search.hybrid.p50)} / ${ms(search.hybrid.p99)} |`,
    `| full-text-only search p50 / p99 (baseline) | ${ms(search.fullText.p50)} / ${ms(search.fullText.p99)} |`,
    `| hybrid p50 ÷ full-text p50 | ${search.hybridOverFullText.toFixed(2)} |`,
    '',
    '## Entity resolution',
    '',
    '```',
    formatErReport(er).trimEnd(),
    '```',
    '',
    '## Coaching report on PGlite',
    '',
    'A generated team in an in-memory PGlite (`bench/coaching.ts`): the coached rep with ' +
      `${coaching.repCalls} Gong calls in a quarter and as many in the quarter before, ` +
      `${coaching.teamMembers - 1} teammates with ${coaching.teamCalls} calls, ` +
      `${coaching.sentencesPerCall} sentences per call. Each figure is the time of ` +
      "`generateCoachingReport` for the rep's quarter against the whole team.",
    '',
    formatCoachingBench(coaching).trimEnd(),
    '',
    '## Vector stores: PGlite pgvector and Weaviate',
    '',
    ...formatVectorBench(vector),
    '',
  ].join('\n');

  const path = join(packageRoot(), 'docs', 'benchmarks.md');
  writeFileSync(path, page);
  process.stdout.write(`${page}\nWritten to ${path}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
