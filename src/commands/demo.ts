import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { openApp } from '../app.js';
import { loadConfig } from '../config.js';
import { logger } from '../logger.js';
import { packageRoot } from '../paths.js';
import { formatReport } from './sync.js';

const DEFAULT_QUESTION = 'What did Kestrel Freight say about pricing?';

/**
 * Ingest the bundled examples into a demo store, start `sophia serve` as a child process, and
 * ask one question through a real MCP client over stdio, printing the cited answer.
 */
export async function runDemo(args: string[], print: (text: string) => void): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      question: { type: 'string', default: DEFAULT_QUESTION },
      company: { type: 'string', default: 'Kestrel Freight' },
      from: { type: 'string' },
    },
  });
  const dataDir = process.env.SOPHIA_DATA_DIR ?? join(homedir(), '.sophia', 'demo');
  // The demo prints its own report, so progress logs would only bury it; a set level still wins.
  const logLevel = process.env.SOPHIA_LOG_LEVEL ?? process.env.LOG_LEVEL ?? 'warn';
  if (process.env.SOPHIA_LOG_LEVEL === undefined && process.env.LOG_LEVEL === undefined) {
    logger.level = 'warn';
  }
  const env = {
    ...process.env,
    SOPHIA_DATA_DIR: dataDir,
    DATABASE_URL: '',
    SOPHIA_LOG_LEVEL: logLevel,
  };
  const config = loadConfig(env);

  print(`Ingesting examples/ into ${dataDir} …`);
  const app = await openApp(config);
  try {
    print(formatReport(await app.sync({ dir: join(packageRoot(), 'examples'), trigger: 'demo' })));
  } finally {
    await app.close();
  }

  print(
    `\nStarting the MCP server over stdio and asking: "${values.question}" (company: ${values.company})\n`,
  );
  const cli = fileURLToPath(new URL('../cli.js', import.meta.url));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cli, 'serve'],
    env: Object.fromEntries(
      Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ),
    stderr: 'ignore',
  });
  const client = new Client({ name: 'sophia-demo', version: '1.0.0' });
  await client.connect(transport);
  try {
    const tools = await client.listTools();
    print(`Server tools: ${tools.tools.map((tool) => tool.name).join(', ')}\n`);

    const result = await client.callTool({
      name: 'search_customer_interactions',
      arguments: {
        query: values.question,
        company: values.company,
        limit: 5,
        ...(values.from ? { from: values.from } : {}),
      },
    });
    const content = Array.isArray(result.content) ? result.content : [];
    for (const part of content) if (part.type === 'text') print(part.text);

    return result.isError ? 1 : 0;
  } finally {
    await client.close();
  }
}
