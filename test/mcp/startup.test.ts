import { afterEach, describe, expect, it } from 'vitest';
import type { SophiaApi } from '../../src/api.js';
import { type Connection, connectClient, resultText } from './connect.js';
import { FakeSophiaApi } from './fake-api.js';

let connection: Connection | undefined;

afterEach(async () => {
  await connection?.close();
  connection = undefined;
});

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });

  return { promise, resolve, reject };
}

describe('server start-up', () => {
  it('answers tools/list while the store is opening', async () => {
    const api = deferred<SophiaApi>();
    let apiOpened = false;
    void api.promise.then(() => {
      apiOpened = true;
    });

    connection = await connectClient({ api: api.promise });
    const { tools } = await connection.client.listTools();

    expect(tools.length).toBeGreaterThan(0);
    expect(apiOpened).toBe(false);
    api.resolve(new FakeSophiaApi());
  });

  it('holds tool calls until open', async () => {
    const api = deferred<SophiaApi>();
    connection = await connectClient({ api: api.promise });

    let settled = false;
    const call = connection.client
      .callTool({ name: 'search_customer_interactions', arguments: { query: 'pricing' } })
      .finally(() => {
        settled = true;
      });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).toBe(false);

    api.resolve(new FakeSophiaApi());
    const result = await call;
    expect(result.isError).toBeFalsy();
    expect(resultText(result)).toContain('2 hits for "pricing"');
  });

  it('opens lazy api once', async () => {
    let opens = 0;
    connection = await connectClient({
      api: async () => {
        opens += 1;
        return new FakeSophiaApi();
      },
    });

    await connection.client.listTools();
    expect(opens).toBe(0);

    await connection.client.callTool({ name: 'lookup_entity', arguments: { query: 'Lena' } });
    await connection.client.callTool({ name: 'lookup_entity', arguments: { query: 'Lena' } });
    expect(opens).toBe(1);
  });

  it('reports a store that failed to open', async () => {
    const api = deferred<SophiaApi>();
    connection = await connectClient({ api: api.promise });
    api.reject(new Error('data directory is locked'));

    const result = await connection.client.callTool({
      name: 'lookup_entity',
      arguments: { query: 'Lena' },
    });

    expect(result.isError).toBe(true);
    expect(resultText(result)).toContain(
      'The sophia data store is not available: data directory is locked.',
    );
  });
});
