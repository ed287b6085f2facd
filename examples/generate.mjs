#!/usr/bin/env node
/**
 * Writes the example Airbyte output under examples/<source>/*.jsonl and validates it.
 * The output is deterministic: ids come from hashes of fixed labels and every timestamp is fixed,
 * so running the script twice produces identical files.
 *
 * Usage: node examples/generate.mjs
 */

import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildGong } from './generator/gong.mjs';
import { buildHubspot } from './generator/hubspot.mjs';
import { buildSalesforce } from './generator/salesforce.mjs';
import { buildSlack } from './generator/slack.mjs';
import { validateExamples } from './validate.mjs';

const ROOT = dirname(fileURLToPath(import.meta.url));
const SOURCES = ['gong', 'slack', 'hubspot', 'salesforce'];

function removeStaleFiles() {
  for (const source of SOURCES) {
    const dir = join(ROOT, source);
    mkdirSync(dir, { recursive: true });
    for (const name of readdirSync(dir)) {
      if (name.endsWith('.jsonl')) rmSync(join(dir, name));
    }
  }
}

function writeFiles(files) {
  for (const [relativePath, messages] of Object.entries(files)) {
    const text = `${messages.map((message) => JSON.stringify(message)).join('\n')}\n`;
    writeFileSync(join(ROOT, relativePath), text, 'utf8');
  }
}

removeStaleFiles();
writeFiles({ ...buildGong(), ...buildSlack(), ...buildHubspot(), ...buildSalesforce() });

const { problems, summary } = validateExamples(ROOT);
process.stderr.write(`${summary}\n`);
if (problems.length > 0) {
  process.stderr.write(
    `${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}\n`,
  );
  process.exit(1);
}
