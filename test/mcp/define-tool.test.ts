import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { InvalidArgumentError } from '../../src/api.js';
import {
  defineTool,
  runTool,
  type ToolRequestExtra,
  type ToolType,
} from '../../tools/define-tool.js';
import { allTools } from '../../tools/index.js';
import { FakeSophiaApi } from './fake-api.js';

function requestExtra(overrides: Partial<ToolRequestExtra> = {}): ToolRequestExtra {
  return {
    signal: new AbortController().signal,
    sendNotification: vi.fn(async () => {}),
    ...overrides,
  };
}

const echoTool = defineTool({
  name: 'echo_count',
  title: 'Echo count',
  description: 'Returns the count it was given.',
  type: 'write',
  inputSchema: { count: z.number().int().min(1).describe('A positive count.') },
  outputSchema: { count: z.number() },
  async handler(args, context) {
    await context.reportProgress(1, 2, 'half way');
    if (args.count === 13) {
      throw new InvalidArgumentError('count', 'Invalid count 13: pick any other number.');
    }

    return { structured: { count: args.count }, text: `count ${args.count}` };
  },
});

const getApi = () => Promise.resolve(new FakeSophiaApi('pay_ready'));

function auth(scopes: string[], domains: string[]): AuthInfo {
  return { token: 'secret', clientId: 'token-test', scopes, extra: { domains } };
}

describe('defineTool', () => {
  function probeTool(type: ToolType, options: { idempotent?: boolean; openWorld?: boolean } = {}) {
    return defineTool({
      name: 'probe_tool',
      title: 'Probe',
      description: 'Does nothing.',
      type,
      ...options,
      inputSchema: {},
      outputSchema: {},
      handler: async () => ({ structured: {}, text: '' }),
    });
  }

  it.each([
    ['readOnly', undefined, { readOnlyHint: true, destructiveHint: false, idempotentHint: true }],
    ['write', undefined, { readOnlyHint: false, destructiveHint: false, idempotentHint: false }],
    ['write', true, { readOnlyHint: false, destructiveHint: false, idempotentHint: true }],
    [
      'destructive',
      undefined,
      { readOnlyHint: false, destructiveHint: true, idempotentHint: false },
    ],
  ] as const)('derives annotations for %s tools (idempotent %s)', (type, idempotent, hints) => {
    const tool = probeTool(type, idempotent === undefined ? {} : { idempotent });

    expect(tool.annotations).toEqual({ ...hints, openWorldHint: false });
  });

  it('sets openWorldHint from openWorld', () => {
    expect(probeTool('write', { openWorld: true }).annotations.openWorldHint).toBe(true);
  });

  it('keeps tool names unique and snake_case', () => {
    const names = allTools.map((tool) => tool.name);

    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name).toMatch(/^[a-z]+(_[a-z]+)+$/);
    }
  });
});

describe('runTool', () => {
  it('wraps replies as text and structure', async () => {
    const result = await runTool(echoTool, { count: 3 }, getApi, requestExtra());

    expect(result).toEqual({
      content: [{ type: 'text', text: 'count 3' }],
      structuredContent: { count: 3 },
    });
  });

  it('names the argument of a failed check', async () => {
    const result = await runTool(echoTool, { count: 0 }, getApi, requestExtra());

    expect(result.isError).toBe(true);
    expect(result.content).toEqual([
      { type: 'text', text: expect.stringMatching(/^Invalid argument "count": /) },
    ]);
  });

  it('formats nested paths and range messages', async () => {
    const search = allTools.find((tool) => tool.name === 'search_customer_interactions');
    if (search === undefined) throw new Error('search tool missing');

    const result = await runTool(
      search,
      { query: 'pricing', limit: 0, sources: ['gong', 'fax'] },
      getApi,
      requestExtra(),
    );

    expect(result.content).toEqual([
      {
        type: 'text',
        text:
          'Invalid argument "sources[1]": must be one of gong, slack, hubspot, salesforce; got "fax"\n' +
          'Invalid argument "limit": must be a whole number from 1 to 50; got 0',
      },
    ]);
  });

  it('returns InvalidArgumentError messages unchanged', async () => {
    const result = await runTool(echoTool, { count: 13 }, getApi, requestExtra());

    expect(result).toEqual({
      content: [{ type: 'text', text: 'Invalid count 13: pick any other number.' }],
      isError: true,
    });
  });

  it('sends requested progress', async () => {
    const extra = requestExtra({ _meta: { progressToken: 'p-1' } });
    await runTool(echoTool, { count: 3 }, getApi, extra);

    expect(extra.sendNotification).toHaveBeenCalledWith({
      method: 'notifications/progress',
      params: { progressToken: 'p-1', progress: 1, total: 2, message: 'half way' },
    });
  });

  it('sends no progress without a progress token', async () => {
    const extra = requestExtra();
    await runTool(echoTool, { count: 3 }, getApi, extra);

    expect(extra.sendNotification).not.toHaveBeenCalled();
  });

  it('rejects write tools for read tokens', async () => {
    const extra = requestExtra({ authInfo: auth(['read'], ['pay_ready']) });
    const result = await runTool(echoTool, { count: 3 }, getApi, extra);

    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain('needs the \\"write\\" scope');
  });

  it('allows write tools for write tokens', async () => {
    const extra = requestExtra({ authInfo: auth(['read', 'write'], ['pay_ready']) });
    const result = await runTool(echoTool, { count: 3 }, getApi, extra);

    expect(result.isError).toBeUndefined();
  });

  it('rejects a token for another domain', async () => {
    const extra = requestExtra({ authInfo: auth(['read', 'write'], ['personal']) });
    const result = await runTool(echoTool, { count: 3 }, getApi, extra);

    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain(
      'may use the domains [personal], not \\"pay_ready\\"',
    );
  });
});
