import { afterEach, describe, expect, it } from 'vitest';
import { type Connection, connectClient, resultText } from '../mcp/connect.js';
import { CONTACT, FakeSophiaApi } from '../mcp/fake-api.js';

let connection: Connection | undefined;

afterEach(async () => {
  await connection?.close();
  connection = undefined;
});

describe('merge and split tools', () => {
  it('previews a merge unless dry_run is false', async () => {
    const api = new FakeSophiaApi();
    connection = await connectClient({ api: Promise.resolve(api) });

    const preview = await connection.client.callTool({
      name: 'merge_entities',
      arguments: { keep_id: CONTACT.id, merge_id: 'pe-other' },
    });
    const applied = await connection.client.callTool({
      name: 'merge_entities',
      arguments: { keep_id: CONTACT.id, merge_id: 'pe-other', dry_run: false },
    });

    expect(api.mergeCalls.map((call) => call.dryRun)).toEqual([true, false]);
    expect(api.mergeCalls[0]?.actor).toBe('mcp');
    expect(resultText(preview)).toMatch(/^Dry run, nothing changed\. Would merge/);
    expect(preview.structuredContent).toMatchObject({ dry_run: true, action: 'merge' });
    expect(resultText(applied)).toMatch(/^Done: merged/);
  });

  it('passes the source record of a split', async () => {
    const api = new FakeSophiaApi();
    connection = await connectClient({ api: Promise.resolve(api) });

    const result = await connection.client.callTool({
      name: 'split_entity',
      arguments: { entity_id: CONTACT.id, source_system: 'slack', source_id: 'U0LENA' },
    });

    expect(api.splitCalls[0]).toMatchObject({
      entityId: CONTACT.id,
      sourceSystem: 'slack',
      sourceId: 'U0LENA',
      dryRun: true,
    });
    expect(result.structuredContent).toMatchObject({
      moved: [{ source_system: 'slack', source_id: 'U0LENA' }],
      decisions: [{ kind: 'pin' }, { kind: 'never_merge' }],
    });
  });

  it('returns a missing entity as a tool error', async () => {
    connection = await connectClient({ api: Promise.resolve(new FakeSophiaApi()) });

    const result = await connection.client.callTool({
      name: 'merge_entities',
      arguments: { keep_id: 'pe-unknown', merge_id: 'pe-other' },
    });

    expect(result.isError).toBe(true);
    expect(resultText(result)).toContain('pe-unknown');
  });
});

describe('entity card resource', () => {
  it('returns the card as text and JSON', async () => {
    connection = await connectClient({ api: Promise.resolve(new FakeSophiaApi()) });

    const result = await connection.client.readResource({ uri: `sophia://entities/${CONTACT.id}` });
    const [text, json] = result.contents as { mimeType: string; text: string }[];

    expect(text?.mimeType).toBe('text/plain');
    expect(text?.text).toContain('Lena Ortiz (person, external)');
    expect(text?.text).toContain('hubspot contact contact-51, confidence 1.00');
    expect(text?.text).toContain(
      'Interactions: 3 (gong 1, slack 1, hubspot 1), 2 in the last 90 days',
    );
    expect(JSON.parse(json?.text ?? '{}').emails).toEqual([CONTACT.email]);
  });

  it('rejects an unknown id as not found', async () => {
    connection = await connectClient({ api: Promise.resolve(new FakeSophiaApi()) });

    await expect(
      connection.client.readResource({ uri: 'sophia://entities/pe-unknown' }),
    ).rejects.toThrow(/pe-unknown/);
  });
});
