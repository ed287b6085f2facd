import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStdio } from '../../src/server.js';
import { resultText } from './connect.js';
import { FakeSophiaApi } from './fake-api.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
// Inside node_modules, so that the compiled files resolve the project's packages.
const buildDir = join(
  projectRoot,
  'node_modules',
  '.cache',
  `sophia-mcp-stdio-test-${process.pid}`,
);
const entry = join(buildDir, 'test', 'mcp', 'stdio-entry.js');

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'raw-stdio-test', version: '1.0.0' },
  },
};

/** Compiles the stdio entry and what it imports to JavaScript; vitest cannot load TS in a child. */
async function buildEntry(): Promise<void> {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  await promisify(execFile)(process.execPath, [
    tsc,
    '--outDir',
    buildDir,
    '--rootDir',
    projectRoot,
    '--module',
    'nodenext',
    '--moduleResolution',
    'nodenext',
    '--target',
    'es2022',
    '--types',
    'node',
    '--skipLibCheck',
    '--noCheck',
    join(projectRoot, 'test', 'mcp', 'stdio-entry.ts'),
  ]);
}

function waitForExit(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('stdio transport', () => {
  beforeAll(buildEntry, 60_000);

  afterAll(async () => {
    await rm(buildDir, { recursive: true, force: true });
  });

  it('serves a tool to a spawned client', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [entry],
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const errors: Error[] = [];
    const client = new Client({ name: 'stdio-test', version: '1.0.0' });
    client.onerror = (error) => errors.push(error);

    await client.connect(transport);
    try {
      const result = await client.callTool({
        name: 'search_customer_interactions',
        arguments: { query: 'renewal' },
      });

      expect(result.isError).toBeFalsy();
      expect(resultText(result)).toContain('1. [hubspot note 2025-02-20 16:00 UTC');
      expect(errors).toEqual([]);
      expect(stderr).toContain('MCP server listening');
    } finally {
      await client.close();
    }
  });

  it('keeps stdout clean and exits', async () => {
    const child = spawn(process.execPath, [entry], { stdio: ['pipe', 'pipe', 'ignore'] });
    const exited = waitForExit(child);
    let stdout = '';
    const firstLine = new Promise<string>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        if (stdout.includes('\n')) {
          resolve(stdout.slice(0, stdout.indexOf('\n')));
        }
      });
    });

    child.stdin.write(`${JSON.stringify(INITIALIZE)}\n`);
    const response = JSON.parse(await firstLine);
    child.stdin.end();

    expect(response).toMatchObject({
      jsonrpc: '2.0',
      id: 1,
      result: { serverInfo: { name: 'sophia' } },
    });
    expect(await exited).toBe(0);
    const lines = stdout.split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(1);
  }, 15_000);
});

describe('runStdio', () => {
  it('resolves closed when stdin ends', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const handle = await runStdio({ api: Promise.resolve(new FakeSophiaApi()), stdin, stdout });
    const replies: string[] = [];
    stdout.on('data', (chunk: Buffer) => replies.push(chunk.toString('utf8')));

    stdin.write(`${JSON.stringify(INITIALIZE)}\n`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    stdin.end();
    await handle.closed;

    expect(JSON.parse(replies.join(''))).toMatchObject({
      id: 1,
      result: { protocolVersion: '2025-06-18' },
    });
  });
});
