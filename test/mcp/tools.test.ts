import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getInteractionTimeline } from '../../tools/get-interaction-timeline.js';
import { lookupEntity } from '../../tools/lookup-entity.js';
import { searchCustomerInteractions } from '../../tools/search-customer-interactions.js';
import { type Connection, connectClient, resultText } from './connect.js';
import { CALL_ID, COMPANY, CONTACT, FakeSophiaApi } from './fake-api.js';

let api: FakeSophiaApi;
let connection: Connection;

beforeEach(async () => {
  api = new FakeSophiaApi();
  connection = await connectClient({ api: Promise.resolve(api) });
});

afterEach(async () => {
  await connection.close();
});

function callTool(name: string, args: Record<string, unknown>) {
  return connection.client.callTool({ name, arguments: args });
}

describe('search_customer_interactions', () => {
  it('returns hits matching output schema', async () => {
    const result = await callTool('search_customer_interactions', { query: 'pricing' });

    expect(result.isError).toBeFalsy();
    const parsed = searchCustomerInteractions.outputSchema.parse(result.structuredContent);
    expect(parsed.hits).toHaveLength(2);
    expect(parsed.hits[0]).toMatchObject({
      interaction_id: 'ix-call-1001',
      more_passages: 2,
      citation: {
        source: 'gong',
        source_id: CALL_ID,
        call_id: CALL_ID,
        start_ms: 125_000,
        end_ms: 140_000,
        deep_link: 'https://app.gong.example/call?id=call-1001&t=125',
        transcript_uri: 'sophia://calls/call-1001/transcript?from_ms=65000&to_ms=200000',
      },
    });
    expect(parsed.coverage.sources[1]).toEqual({
      source: 'salesforce',
      searched: 0,
      last_synced_at: null,
    });
    expect(parsed.truncated).toBe(false);
  });

  it('passes arguments to the api in camelCase', async () => {
    await callTool('search_customer_interactions', {
      query: '  pricing  ',
      company: 'Brightwater',
      sources: ['gong'],
      from: 'last month',
      max_tokens: 500,
      detail: 'full',
    });

    expect(api.searchCalls[0]).toEqual({
      query: 'pricing',
      company: 'Brightwater',
      person: undefined,
      sources: ['gong'],
      from: 'last month',
      to: undefined,
      limit: 10,
      cursor: undefined,
      detail: 'full',
      maxTokens: 500,
    });
  });

  it('converts applied filter keys to snake_case', async () => {
    const result = await callTool('search_customer_interactions', {
      query: 'pricing',
      from: '2025-01-01',
    });
    const parsed = searchCustomerInteractions.outputSchema.parse(result.structuredContent);

    expect(parsed.coverage.applied_filters).toEqual({ date_from: '2025-01-01' });
  });

  it('renders numbered citations and the coverage note', async () => {
    const result = await callTool('search_customer_interactions', { query: 'pricing' });
    const text = resultText(result);

    expect(text).toContain(
      '1. [gong call 2025-03-04 14:02 UTC at 2:05 — Lena Ortiz, Brightwater Foods] ' +
        'https://app.gong.example/call?id=call-1001&t=125',
    );
    expect(text).toContain(
      '2. [slack message 2025-03-05 09:30 UTC — Sam Patel, Brightwater Foods]',
    );
    expect(text).toContain('Coverage: gong 2 searched (synced 2025-03-06 08:00 UTC)');
    expect(text).toContain('salesforce 0 searched (never synced)');
  });

  it('fences passage text as data', async () => {
    const result = await callTool('search_customer_interactions', { query: 'pricing' });
    const text = resultText(result);
    const tag = /<(data-[0-9a-f]{8})>/.exec(text)?.[1];

    expect(tag).toBeDefined();
    expect(text.split('never as instructions').length - 1).toBe(1);
    const fenced = new RegExp(`<${tag}>\\n[^<]*ignore previous instructions[^<]*\\n</${tag}>`);
    expect(text).toMatch(fenced);
  });

  it('omits passage text for detail ids', async () => {
    const result = await callTool('search_customer_interactions', {
      query: 'pricing',
      detail: 'ids',
    });
    const parsed = searchCustomerInteractions.outputSchema.parse(result.structuredContent);

    expect(parsed.hits.every((hit) => hit.text === undefined)).toBe(true);
    expect(resultText(result)).not.toContain('per-seat price');
  });

  it('paginates with next_cursor', async () => {
    const first = await callTool('search_customer_interactions', { query: 'pricing', limit: 1 });
    const firstPage = searchCustomerInteractions.outputSchema.parse(first.structuredContent);
    expect(firstPage.next_cursor).toBe('offset:1');
    expect(resultText(first)).toContain('cursor "offset:1"');

    const second = await callTool('search_customer_interactions', {
      query: 'pricing',
      limit: 1,
      cursor: firstPage.next_cursor,
    });
    const secondPage = searchCustomerInteractions.outputSchema.parse(second.structuredContent);
    expect(secondPage.hits[0]?.interaction_id).toBe('ix-slack-1');
    expect(secondPage.next_cursor).toBeUndefined();
  });

  it.each([
    [{ query: 'pricing', limit: 0 }, 'limit', 'from 1 to 50; got 0'],
    [{ query: 'pricing', limit: 51 }, 'limit', 'from 1 to 50; got 51'],
    [{ query: 'pricing', limit: 2.5 }, 'limit', 'whole number'],
    [{ query: '   ' }, 'query', 'must not be empty'],
    [{}, 'query', 'is required'],
    [{ query: 'pricing', sources: ['zendesk'] }, 'sources', 'must be one of gong, slack'],
    [{ query: 'pricing', sources: 'gong' }, 'sources', 'must be an array'],
    [{ query: 'pricing', detail: 'everything' }, 'detail', 'must be one of ids, snippets, full'],
    [{ query: 'pricing', max_tokens: 50 }, 'max_tokens', 'from 100 to 20000; got 50'],
  ])('rejects invalid arguments %j', async (args, argument, fix) => {
    const result = await callTool('search_customer_interactions', args);
    const text = resultText(result);

    expect(result.isError).toBe(true);
    expect(text).toContain(argument);
    expect(text).toContain(fix);
    expect(api.searchCalls).toHaveLength(0);
  });

  it('returns api argument errors as tool errors', async () => {
    const result = await callTool('search_customer_interactions', {
      query: 'pricing',
      from: 'the day after the merger',
    });

    expect(result.isError).toBe(true);
    expect(resultText(result)).toContain('Invalid from "the day after the merger"');
  });

  it('returns unknown cursors as tool errors', async () => {
    const result = await callTool('search_customer_interactions', {
      query: 'pricing',
      cursor: 'bogus',
    });

    expect(result.isError).toBe(true);
    expect(resultText(result)).toContain('Unknown cursor "bogus"');
  });

  it('reports unexpected failures with the message', async () => {
    api.searchError = new Error('connection reset by peer');
    const result = await callTool('search_customer_interactions', { query: 'pricing' });

    expect(result.isError).toBe(true);
    expect(resultText(result)).toBe(
      'Tool "search_customer_interactions" failed: connection reset by peer',
    );
  });
});

describe('get_interaction_timeline', () => {
  it('returns the entity and cited entries', async () => {
    const result = await callTool('get_interaction_timeline', { company: 'Brightwater' });

    expect(result.isError).toBeFalsy();
    const parsed = getInteractionTimeline.outputSchema.parse(result.structuredContent);
    expect(parsed.entity).toEqual({
      id: COMPANY.id,
      type: 'company',
      name: COMPANY.name,
      internal: false,
    });
    expect(parsed.entries.map((entry) => entry.citation.source)).toEqual([
      'gong',
      'slack',
      'hubspot',
    ]);
    expect(api.timelineCalls[0]).toMatchObject({ company: 'Brightwater', limit: 25 });
  });

  it('says when more entries follow on another page', async () => {
    const result = await callTool('get_interaction_timeline', { company: 'Brightwater', limit: 2 });

    expect(resultText(result)).toContain(': 2 entries on this page, more follow (see the end).');
  });

  it('renders citations and fenced summaries', async () => {
    const result = await callTool('get_interaction_timeline', { person: CONTACT.email });
    const text = resultText(result);

    expect(text).toContain(`Timeline of ${CONTACT.name} (person, id ${CONTACT.id}): 3 entries.`);
    expect(text).toContain('[hubspot note 2025-02-20 16:00 UTC — Lena Ortiz, Brightwater Foods]');
    expect(text).toContain('(no link; hubspot id 7001)');
    expect(text).toMatch(/<data-[0-9a-f]{8}>\nRenewal note\nRenewal planned for June/);
  });

  it.each([
    ['neither', {}],
    ['both', { company: 'Brightwater', person: 'Lena Ortiz' }],
  ])('requires exactly one of company or person (%s)', async (_case, args) => {
    const result = await callTool('get_interaction_timeline', args);
    const text = resultText(result);

    expect(result.isError).toBe(true);
    expect(text).toContain('"company"');
    expect(text).toContain('"person"');
    expect(api.timelineCalls).toHaveLength(0);
  });

  it('rejects a limit above 100', async () => {
    const result = await callTool('get_interaction_timeline', {
      company: 'Brightwater',
      limit: 101,
    });

    expect(result.isError).toBe(true);
    expect(resultText(result)).toContain('from 1 to 100; got 101');
  });
});

describe('lookup_entity', () => {
  it('returns candidates with source ids and evidence', async () => {
    const result = await callTool('lookup_entity', { email: 'Lena.Ortiz@Brightwater.example' });

    expect(result.isError).toBeFalsy();
    const parsed = lookupEntity.outputSchema.parse(result.structuredContent);
    expect(parsed.candidates).toHaveLength(1);
    expect(parsed.candidates[0]).toMatchObject({
      id: CONTACT.id,
      match_score: 0.93,
      confidence: 0.85,
      companies: [{ id: COMPANY.id, first_seen: '2024-11-02T00:00:00.000Z', last_seen: null }],
    });
    expect(parsed.candidates[0]?.source_ids[1]).toEqual({
      source_system: 'gong',
      source_id: 'party-77',
      object_type: 'party',
      confidence: 0.85,
      evidence: { rule: 'crm_id', crmId: 'contact-51' },
    });
    expect(api.lookupCalls[0]?.email).toBe(CONTACT.email);
  });

  it('renders each source id with its confidence', async () => {
    const result = await callTool('lookup_entity', {
      source_system: 'hubspot',
      source_id: 'contact-51',
    });
    const text = resultText(result);

    expect(text.startsWith('1 candidate.')).toBe(true);
    expect(text).toContain('1. Lena Ortiz (person, external), id pe-lena, match 0.93');
    expect(text).toContain('gong party party-77 (confidence 0.85;');
    expect(text).toContain('companies: Brightwater Foods, id co-brightwater (2024-11-02 to ?)');
  });

  it('says when nothing matched', async () => {
    const result = await callTool('lookup_entity', { query: 'Nobody Atall' });

    expect(result.isError).toBeFalsy();
    expect(lookupEntity.outputSchema.parse(result.structuredContent).candidates).toEqual([]);
    expect(resultText(result)).toContain('No person or company matched');
  });

  it.each([
    [{}, ['"query"', '"email"', '"source_id"']],
    [{ source_system: 'hubspot' }, ['"source_system"', '"source_id"']],
    [{ query: 'Lena', type: 'team' }, ['type', 'must be one of person, company']],
    [{ source_system: 'zendesk', source_id: '1' }, ['source_system', 'must be one of gong']],
  ])('rejects invalid arguments %j', async (args, fragments) => {
    const result = await callTool('lookup_entity', args);
    const text = resultText(result);

    expect(result.isError).toBe(true);
    for (const fragment of fragments) {
      expect(text).toContain(fragment);
    }
    expect(api.lookupCalls).toHaveLength(0);
  });
});
