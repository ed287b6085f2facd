import { afterEach, describe, expect, it } from 'vitest';
import { type Connection, connectClient, resultText } from './connect.js';
import { FakeSophiaApi } from './fake-api.js';

describe('tool arguments', () => {
  let connection: Connection | undefined;

  afterEach(async () => {
    await connection?.close();
  });

  it('rejects an unknown argument name', async () => {
    connection = await connectClient({ api: Promise.resolve(new FakeSophiaApi()) });
    const result = await connection.client.callTool({
      name: 'search_customer_interactions',
      arguments: { query: 'pricing', date_from: 'last month' },
    });

    expect(result.isError).toBe(true);
    expect(resultText(result)).toContain('date_from');
  });
});
