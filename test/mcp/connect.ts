/** Connects the SDK's real `Client` to a sophia `McpServer` over an in-memory transport pair. */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { type CreateMcpServerOptions, createMcpServer } from '../../src/server.js';

export interface Connection {
  client: Client;
  close(): Promise<void>;
}

export async function connectClient(options: CreateMcpServerOptions): Promise<Connection> {
  const server = createMcpServer(options);
  const client = new Client({ name: 'sophia-test-client', version: '1.0.0' });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();

  await server.connect(serverTransport);
  await client.connect(clientTransport);

  return {
    client,
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}

/** Returns the text of the first content item of a tool result. */
export function resultText(result: object): string {
  const content = (result as { content?: unknown }).content as
    | { type: string; text?: string }[]
    | undefined;
  const first = content?.[0];
  if (first?.type !== 'text' || first.text === undefined) {
    throw new Error(`expected a text content item, got ${JSON.stringify(content)}`);
  }

  return first.text;
}
