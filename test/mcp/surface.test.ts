import { afterEach, describe, expect, it } from 'vitest';
import { type Connection, connectClient } from './connect.js';
import { FakeSophiaApi } from './fake-api.js';

let connection: Connection | undefined;

afterEach(async () => {
  await connection?.close();
  connection = undefined;
});

const READ_TOOLS = [
  'search_customer_interactions',
  'get_interaction_timeline',
  'lookup_entity',
  'generate_coaching_report',
  'get_sync_status',
];

describe('tools/list', () => {
  it('lists exactly the sophia tools', async () => {
    connection = await connectClient({ api: Promise.resolve(new FakeSophiaApi()) });
    const { tools } = await connection.client.listTools();

    expect(tools.map((tool) => tool.name).sort()).toEqual([
      'generate_coaching_report',
      'get_interaction_timeline',
      'get_sync_status',
      'lookup_entity',
      'merge_entities',
      'search_customer_interactions',
      'split_entity',
      'trigger_sync',
    ]);
  });

  it('describes every tool completely', async () => {
    connection = await connectClient({ api: Promise.resolve(new FakeSophiaApi()) });
    const { tools } = await connection.client.listTools();

    for (const tool of tools) {
      expect(tool.title, tool.name).toBeTruthy();
      expect(tool.description?.length, tool.name).toBeGreaterThan(100);
      expect(tool.outputSchema?.type, tool.name).toBe('object');
      expect(tool.inputSchema.type, tool.name).toBe('object');

      const hints = tool.annotations ?? {};
      for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint']) {
        expect(typeof hints[hint as keyof typeof hints], `${tool.name} ${hint}`).toBe('boolean');
      }

      const properties = (tool.inputSchema.properties ?? {}) as Record<
        string,
        { description?: string }
      >;
      expect(Object.keys(properties).length, tool.name).toBeGreaterThan(0);
      for (const [field, schema] of Object.entries(properties)) {
        expect(schema.description, `${tool.name}.${field}`).toBeTruthy();
      }
    }
  });

  it('marks the read tools read-only and closed-world', async () => {
    connection = await connectClient({ api: Promise.resolve(new FakeSophiaApi()) });
    const { tools } = await connection.client.listTools();
    const readTools = tools.filter((tool) => READ_TOOLS.includes(tool.name));

    expect(readTools).toHaveLength(READ_TOOLS.length);
    for (const tool of readTools) {
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
      expect(tool.annotations?.destructiveHint, tool.name).toBe(false);
      expect(tool.annotations?.idempotentHint, tool.name).toBe(true);
      expect(tool.annotations?.openWorldHint, tool.name).toBe(false);
    }
  });

  it('marks trigger_sync as a write that reaches out', async () => {
    connection = await connectClient({ api: Promise.resolve(new FakeSophiaApi()) });
    const { tools } = await connection.client.listTools();
    const trigger = tools.find((tool) => tool.name === 'trigger_sync');

    expect(trigger?.annotations).toEqual(
      expect.objectContaining({
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: false,
        openWorldHint: true,
      }),
    );
  });

  it('marks the merge and split tools destructive with a dry run default', async () => {
    connection = await connectClient({ api: Promise.resolve(new FakeSophiaApi()) });
    const { tools } = await connection.client.listTools();

    for (const name of ['merge_entities', 'split_entity']) {
      const tool = tools.find((candidate) => candidate.name === name);
      const properties = tool?.inputSchema.properties as Record<string, Record<string, unknown>>;
      expect(tool?.annotations, name).toEqual(
        expect.objectContaining({ readOnlyHint: false, destructiveHint: true }),
      );
      expect(properties.dry_run, name).toMatchObject({ type: 'boolean', default: true });
    }
  });

  it('publishes input limits and defaults', async () => {
    connection = await connectClient({ api: Promise.resolve(new FakeSophiaApi()) });
    const { tools } = await connection.client.listTools();
    const search = tools.find((tool) => tool.name === 'search_customer_interactions');
    const properties = search?.inputSchema.properties as Record<string, Record<string, unknown>>;

    expect(search?.inputSchema.required).toEqual(['query']);
    expect(properties.limit).toMatchObject({ minimum: 1, maximum: 50, default: 10 });
    expect(properties.max_tokens).toMatchObject({ minimum: 100, maximum: 20000 });
    expect(properties.detail).toMatchObject({
      enum: ['ids', 'snippets', 'full'],
      default: 'snippets',
    });
  });
});

describe('resources and prompts lists', () => {
  it('lists the transcript template', async () => {
    connection = await connectClient({ api: Promise.resolve(new FakeSophiaApi()) });
    const { resourceTemplates } = await connection.client.listResourceTemplates();

    expect(resourceTemplates.map((template) => template.uriTemplate)).toEqual([
      'sophia://calls/{callId}/transcript{?from_ms,to_ms}',
      'sophia://entities/{id}',
    ]);
  });

  it('lists exactly the sophia prompts', async () => {
    connection = await connectClient({ api: Promise.resolve(new FakeSophiaApi()) });
    const { prompts } = await connection.client.listPrompts();

    expect(prompts.map((prompt) => prompt.name).sort()).toEqual([
      'account_brief',
      'call_prep',
      'coaching_one_on_one',
      'deal_review',
    ]);
    const callPrep = prompts.find((prompt) => prompt.name === 'call_prep');
    expect(callPrep?.arguments).toEqual([
      expect.objectContaining({ name: 'company', required: true }),
      expect.objectContaining({ name: 'person', required: false }),
    ]);
  });
});
