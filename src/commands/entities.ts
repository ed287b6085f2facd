import { parseArgs } from 'node:util';
import type { EntityCard, EntityChange, EntityResolutionReport } from '../api.js';
import { openApp } from '../app.js';
import { ConfigError, loadConfig } from '../config.js';
import { isSourceSystem, type SourceRef } from '../model.js';

export const ENTITIES_USAGE = `Usage:
  sophia entities show ID [--json]
  sophia entities merge KEEP_ID MERGE_ID [--dry-run] [--json]
        Merge MERGE_ID into KEEP_ID; KEEP_ID survives and later syncs keep them merged.
  sophia entities split ENTITY_ID --source SYSTEM:ID [--dry-run] [--json]
        Move one source record to a new entity, pinned there and never merged back.
  sophia entities resolve [--dry-run] [--json] [--batch-size N]
        Resolve every stored source record again with the current rules (run it after an
        upgrade): entities they now match are merged, manual merges and splits still hold.
        N is the number of records per transaction (default 5000). It fails, changing
        nothing, while a sync of the domain runs.`;

/** Runs `sophia entities show|merge|split|resolve`. */
export async function runEntities(args: string[], print: (text: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      source: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      'batch-size': { type: 'string' },
    },
  });
  const [action, ...ids] = positionals;
  const dryRun = values['dry-run'];

  const app = await openApp(loadConfig());
  try {
    const api = app.api;
    if (
      api.entityCard === undefined ||
      api.mergeEntities === undefined ||
      api.splitEntity === undefined ||
      api.resolveEntities === undefined
    )
      throw new Error('This store offers no entity changes');

    if (action === 'resolve' && ids.length === 0) {
      const report = await api.resolveEntities({
        dryRun,
        actor: 'cli',
        batchSize: parseBatchSize(values['batch-size']),
      });
      print(values.json ? JSON.stringify(report, null, 2) : formatResolution(report));
      return 0;
    }
    if (action === 'show' && ids.length === 1) {
      const card = await api.entityCard(ids[0] as string);
      print(values.json ? JSON.stringify(card, null, 2) : formatCard(card));
      return 0;
    }
    if (action === 'merge' && ids.length === 2) {
      const change = await api.mergeEntities({
        keepId: ids[0] as string,
        mergeId: ids[1] as string,
        dryRun,
        actor: 'cli',
      });
      print(values.json ? JSON.stringify(change, null, 2) : formatChange(change));
      return 0;
    }
    if (action === 'split' && ids.length === 1) {
      const ref = parseSourceRef(values.source);
      const change = await api.splitEntity({
        entityId: ids[0] as string,
        ...ref,
        dryRun,
        actor: 'cli',
      });
      print(values.json ? JSON.stringify(change, null, 2) : formatChange(change));
      return 0;
    }

    throw new ConfigError(
      `Invalid entities command ${JSON.stringify(positionals.join(' '))}.\n${ENTITIES_USAGE}`,
    );
  } finally {
    await app.close();
  }
}

/** Parses `--source hubspot:7001` into a source reference; the id may contain colons. */
export function parseSourceRef(value: string | undefined): SourceRef {
  const colon = value?.indexOf(':') ?? -1;
  const system = value?.slice(0, colon) ?? '';
  const sourceId = value?.slice(colon + 1) ?? '';
  if (value === undefined || colon < 1 || sourceId === '' || !isSourceSystem(system)) {
    throw new ConfigError(
      `Invalid --source ${JSON.stringify(value ?? '')}: give SYSTEM:ID, e.g. --source gong:party:ada@acme.example, ` +
        'with SYSTEM one of gong, slack, hubspot, salesforce',
    );
  }

  return { sourceSystem: system, sourceId };
}

/** Parses `--batch-size 5000`; undefined when the option is absent. */
export function parseBatchSize(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new ConfigError(
      `Invalid --batch-size ${JSON.stringify(value)}: give a whole number of records from 1, ` +
        'e.g. --batch-size 5000',
    );
  }

  return Number(value);
}

/** Renders a re-resolution report as the lines `sophia entities resolve` prints. */
export function formatResolution(report: EntityResolutionReport): string {
  const batchWord = report.batches === 1 ? 'batch' : 'batches';
  const lines = [
    report.dryRun
      ? 'Dry run, nothing changed: every batch ran in one transaction that was rolled back.'
      : 'Re-resolved the stored source records.',
    `  records read: ${report.observationsRead} in ${report.batches} ${batchWord} of up to ${report.batchSize}`,
    `  companies: ${report.entitiesBefore.company} before, ${report.entitiesAfter.company} after, ` +
      `${report.merges.company} merged, ${report.updated.company} updated`,
    `  people:    ${report.entitiesBefore.person} before, ${report.entitiesAfter.person} after, ` +
      `${report.merges.person} merged, ${report.updated.person} updated`,
    `  interactions relinked: ${report.interactionsRelinked}, with changed links: ${report.linksChanged}`,
    `  links sent to the vector index: ${report.linksSentToIndex}`,
    `  took ${report.seconds.toFixed(1)} s`,
  ];

  return lines.join('\n');
}

export function formatChange(change: EntityChange): string {
  const prefix = change.dryRun
    ? `Dry run, nothing changed. The ${change.action} would give:`
    : `${change.action === 'merge' ? 'Merged' : 'Split'}:`;
  const otherRole = change.action === 'merge' ? 'removed' : 'created';
  const lines = [
    prefix,
    `  kept     ${change.entity.name} (${change.entity.type}) ${change.entity.id}`,
    `  ${otherRole.padEnd(8)} ${change.other.name} (${change.other.type}) ${change.other.id}`,
    `  source records moved: ${change.moved.map((ref) => `${ref.sourceSystem}:${ref.sourceId}`).join(', ') || 'none'}`,
    `  decisions: ${change.decisions.map((decision) => `${decision.kind} ${decision.id}`).join(', ')}`,
    `  interactions relinked: ${change.interactionsRelinked}`,
  ];

  return lines.join('\n');
}

export function formatCard(card: EntityCard): string {
  let side = '';
  if (card.type === 'person') side = card.internal ? ', internal' : ', external';
  const lines = [`${card.name} (${card.type}${side}) ${card.id}`];
  if (card.names.length > 1) lines.push(`  names: ${card.names.join('; ')}`);
  if (card.emails.length > 0) lines.push(`  e-mails: ${card.emails.join(', ')}`);
  if (card.cities !== undefined && card.cities.length > 0) {
    lines.push(`  cities: ${card.cities.join(', ')}`);
  }
  if (card.domains.length > 0) lines.push(`  domains: ${card.domains.join(', ')}`);
  for (const period of [...card.companies, ...card.people]) {
    const from = period.firstSeen?.slice(0, 10) ?? '?';
    const to = period.lastSeen?.slice(0, 10) ?? '?';
    lines.push(
      `  ${card.type === 'person' ? 'company' : 'person'}: ${period.name} ${period.id} (${from} to ${to})`,
    );
  }
  for (const link of card.sourceIds) {
    lines.push(
      `  ${link.sourceSystem} ${link.objectType} ${link.sourceId}: confidence ${link.confidence.toFixed(2)}, ` +
        `evidence ${JSON.stringify(link.evidence)}`,
    );
  }
  const counts = card.interactions;
  lines.push(
    `  interactions: ${counts.total} (${counts.recent} in the last ${counts.recentDays} days), last ${counts.lastAt ?? 'never'}`,
  );
  for (const decision of card.decisions) {
    lines.push(
      `  decision ${decision.kind} by ${decision.actor} at ${decision.decidedAt}: ${decision.details}`,
    );
  }

  return lines.join('\n');
}
