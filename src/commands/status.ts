import { parseArgs } from 'node:util';
import { openApp } from '../app.js';
import { loadConfig } from '../config.js';
import { readStatus, type StoreStatus } from '../pipeline/status.js';

export async function runStatus(args: string[], print: (text: string) => void): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } } });
  const app = await openApp(loadConfig());
  try {
    const status = await readStatus(app.db, app.schema, app.config.domain);
    print(values.json ? JSON.stringify(status, null, 2) : formatStatus(status));
    return 0;
  } finally {
    await app.close();
  }
}

function formatStatus(status: StoreStatus): string {
  const lines = [
    `Domain ${status.domain}: ${status.entities.person} people, ${status.entities.company} companies`,
  ];
  for (const source of status.sources) {
    lines.push(
      `  ${source.source}: ${source.interactions} interactions, ${source.passages} passages, ` +
        `${source.deadLetters} dead letters, last sync ${source.lastSyncAt ?? 'never'}`,
    );
    for (const stream of source.streams) {
      lines.push(
        `    ${stream.stream.padEnd(22)} ${String(stream.records).padStart(6)} records  checkpoint ${stream.checkpoint ?? '-'}`,
      );
    }
  }

  return lines.join('\n');
}
