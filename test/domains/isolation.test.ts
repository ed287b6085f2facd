/**
 * Two domains synced into one database must never see each other's data: not through the MCP
 * tools, not through the transcript resource, not through HTTP tokens limited to one domain,
 * and not through the result cache they share.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SophiaApi } from '../../src/api.js';
import { type App, openApp } from '../../src/app.js';
import { SophiaCache, withCache } from '../../src/cache/index.js';
import type { Database } from '../../src/db/database.js';
import type { TokenGrant } from '../../src/http.js';
import { type ServeHandle, serve } from '../../src/server.js';
import { deleteNamespace } from '../cache/services.js';
import { counterValue, uniqueNamespace } from '../cache/support.js';
import { storeTargets, testConfig, uniqueSchema, writeAirbyteDir } from '../helpers/stores.js';
import { connectClient } from '../mcp/connect.js';
import {
  BLUEFIN_CALL_ID,
  gongLines,
  hubspotLines,
  KESTREL_CALL_ID,
  salesforceLines,
  slackLines,
} from '../pipeline/world.js';
import {
  LARKSPUR_CALL_ID,
  PAY_READY_MARKERS,
  PERSONAL_MARKERS,
  personalGongLines,
  personalHubspotLines,
  personalSlackLines,
  SHARED_HUBSPOT_COMPANY_ID,
} from './personal-world.js';

type TestDomain = 'pay_ready' | 'personal';

const NOW = new Date('2026-12-04T12:00:00Z');
const PAY_READY_TOKEN = 'pay-ready-reader-0123456789';
const PERSONAL_TOKEN = 'personal-reader-0123456789';
const TOKENS = new Map<string, TokenGrant>([
  [PAY_READY_TOKEN, { domains: ['pay_ready'], scopes: ['read'] }],
  [PERSONAL_TOKEN, { domains: ['personal'], scopes: ['read'] }],
]);

/** Markers of the other domain, which no result of `domain` may contain. */
const FOREIGN_MARKERS: Record<TestDomain, string[]> = {
  pay_ready: PERSONAL_MARKERS,
  personal: PAY_READY_MARKERS,
};

/** Marker that every search for "pricing discount" in the domain must find. */
const OWN_COMPANY: Record<TestDomain, string> = {
  pay_ready: 'Kestrel',
  personal: 'Larkspur',
};

/** Calls of every tool, each run in both domains; several name the other domain's data. */
const PROBES: { name: string; arguments: Record<string, unknown> }[] = [
  { name: 'search_customer_interactions', arguments: { query: 'pricing discount' } },
  { name: 'search_customer_interactions', arguments: { query: 'pricing', detail: 'full' } },
  {
    name: 'search_customer_interactions',
    arguments: { query: 'security report volume discount', sources: ['gong', 'slack'] },
  },
  { name: 'get_interaction_timeline', arguments: { company: 'Kestrel Freight' } },
  { name: 'get_interaction_timeline', arguments: { company: 'Larkspur Dental Group' } },
  {
    name: 'get_interaction_timeline',
    arguments: { person: 'robert.tanaka@kestrelfreight.example' },
  },
  {
    name: 'get_interaction_timeline',
    arguments: { person: 'nadia.okafor@larkspurdental.example' },
  },
  { name: 'lookup_entity', arguments: { query: 'Robert Tanaka' } },
  { name: 'lookup_entity', arguments: { query: 'Nadia Okafor' } },
  { name: 'lookup_entity', arguments: { email: 'dana.whitfield@payready.example' } },
  { name: 'lookup_entity', arguments: { email: 'felix.brandt@quillon.example' } },
  {
    name: 'lookup_entity',
    arguments: { source_system: 'hubspot', source_id: SHARED_HUBSPOT_COMPANY_ID },
  },
];

/** Call ids of each domain's transcripts. */
const CALL_IDS: Record<TestDomain, string[]> = {
  pay_ready: [KESTREL_CALL_ID, BLUEFIN_CALL_ID],
  personal: [LARKSPUR_CALL_ID],
};

interface ToolResult {
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
  content?: unknown;
}

/**
 * Returns the markers of `markers` found in a tool result. An error message may repeat the
 * arguments, so markers that occur in the arguments are only looked for in structured content.
 */
function markersIn(result: ToolResult, markers: string[], args: Record<string, unknown>): string[] {
  const argsText = JSON.stringify(args).toLowerCase();
  const structured = JSON.stringify(result.structuredContent ?? {}).toLowerCase();
  const content = JSON.stringify(result.content ?? []).toLowerCase();

  return markers.filter((marker) => {
    const needle = marker.toLowerCase();
    return structured.includes(needle) || (!argsText.includes(needle) && content.includes(needle));
  });
}

/** Runs every probe and every transcript read in `domain` and checks them for foreign data. */
async function expectNoForeignData(client: Client, domain: TestDomain): Promise<void> {
  const foreign = FOREIGN_MARKERS[domain];

  for (const probe of PROBES) {
    const result = (await client.callTool(probe)) as ToolResult;
    const found = markersIn(result, foreign, probe.arguments);

    expect(found, `${domain} ${probe.name} ${JSON.stringify(probe.arguments)}`).toEqual([]);
  }

  const search = (await client.callTool(PROBES[0] as (typeof PROBES)[0])) as ToolResult;
  expect(search.isError).toBeFalsy();
  expect(JSON.stringify(search.structuredContent?.hits)).toContain(OWN_COMPANY[domain]);

  const otherDomain: TestDomain = domain === 'personal' ? 'pay_ready' : 'personal';
  for (const callId of CALL_IDS[otherDomain]) {
    const read = client.readResource({ uri: transcriptUri(callId) });

    await expect(read, `${domain} transcript of ${callId}`).rejects.toBeInstanceOf(McpError);
    await expect(read).rejects.toMatchObject({ code: -32002 });
  }

  const own = await client.readResource({ uri: transcriptUri(CALL_IDS[domain][0] ?? '') });
  const ownText = JSON.stringify(own.contents);
  expect(ownText).toContain(OWN_COMPANY[domain] === 'Kestrel' ? 'pricing proposal' : 'clinics');
  expect(foreign.filter((marker) => ownText.includes(marker))).toEqual([]);
}

/**
 * URI of the first minute of a call. It names `to_ms`, because without it the transcript query
 * fails on both stores: the open end (Number.MAX_SAFE_INTEGER) overflows its integer parameter.
 */
function transcriptUri(callId: string): string {
  return `sophia://calls/${callId}/transcript?from_ms=0&to_ms=60000`;
}

async function connectHttp(url: string, token: string): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  const client = new Client({ name: 'isolation-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

describe.each(storeTargets())('domain isolation on $name', (target) => {
  let db: Database;
  const apps = {} as Record<TestDomain, App>;
  const apis = {} as Record<TestDomain, SophiaApi>;
  let cache: SophiaCache;
  let registry: Registry;
  const namespace = uniqueNamespace();

  beforeAll(async () => {
    db = await target.open();
    for (const domain of ['pay_ready', 'personal'] as const) {
      apps[domain] = await openApp(testConfig({ domain }), {
        db,
        schema: uniqueSchema(),
        now: () => NOW,
      });
    }

    await apps.pay_ready.sync({
      dir: writeAirbyteDir({
        'gong/gong.jsonl': gongLines(),
        'slack/slack.jsonl': slackLines(),
        'hubspot/hubspot.jsonl': hubspotLines(),
        'salesforce/salesforce.jsonl': salesforceLines(),
      }),
    });
    await apps.personal.sync({
      dir: writeAirbyteDir({
        'gong/gong.jsonl': personalGongLines(),
        'slack/slack.jsonl': personalSlackLines(),
        'hubspot/hubspot.jsonl': personalHubspotLines(),
      }),
    });

    // One cache for both domains, on Redis when it is configured, as `sophia serve` would share.
    registry = new Registry();
    cache = new SophiaCache({ redisUrl: process.env.REDIS_URL, namespace, registry });
    apis.pay_ready = withCache(apps.pay_ready.api, cache, { now: () => NOW });
    apis.personal = withCache(apps.personal.api, cache, { now: () => NOW });
  }, 120_000);

  afterAll(async () => {
    await cache?.close();
    if (process.env.REDIS_URL) {
      await deleteNamespace(process.env.REDIS_URL, namespace);
    }

    await db?.close();
  });

  it('keeps the stores apart without the tools', async () => {
    const payReady = await apps.pay_ready.api.search({ query: 'pricing discount' });
    const personal = await apps.personal.api.search({ query: 'pricing discount' });
    const foreignCall = apps.personal.api.transcriptWindow(KESTREL_CALL_ID, 0, 60_000);

    expect(payReady.hits.length).toBeGreaterThan(0);
    expect(personal.hits.length).toBeGreaterThan(0);
    expect(JSON.stringify(personal.hits)).not.toContain('Kestrel');
    expect(JSON.stringify(payReady.hits)).not.toContain('Larkspur');
    await expect(foreignCall).rejects.toThrow(/No Gong call/);
  });

  it.each(['pay_ready', 'personal'] as const)(
    'returns only %s data through MCP tools',
    async (domain) => {
      const connection = await connectClient({ api: Promise.resolve(apis[domain]) });
      try {
        await expectNoForeignData(connection.client, domain);
      } finally {
        await connection.close();
      }
    },
    60_000,
  );

  it('resolves a shared HubSpot id per domain', async () => {
    const lookups = await Promise.all(
      (['pay_ready', 'personal'] as const).map((domain) =>
        apis[domain].lookupEntity({ sourceSystem: 'hubspot', sourceId: SHARED_HUBSPOT_COMPANY_ID }),
      ),
    );
    const names = lookups.map((lookup) => lookup.candidates.map((candidate) => candidate.name));

    expect(names[0]?.join(' ')).toContain('Kestrel');
    expect(names[0]?.join(' ')).not.toContain('Larkspur');
    expect(names[1]?.join(' ')).toContain('Larkspur');
    expect(names[1]?.join(' ')).not.toContain('Kestrel');
  });

  it('keeps equal arguments apart in the shared cache', async () => {
    const args = { query: 'pricing discount', limit: 7 };
    const hitsSoFar = () => counterValue(registry, 'sophia_cache_hits_total');
    const before = await hitsSoFar();

    const payReady = await apis.pay_ready.search(args);
    const personal = await apis.personal.search(args);
    const afterFirst = await hitsSoFar();
    const payReadyAgain = await apis.pay_ready.search(args);
    const personalAgain = await apis.personal.search(args);
    const afterSecond = await hitsSoFar();

    // The personal call with pay_ready's arguments must miss, and the repeats must hit.
    expect(afterFirst - before).toBe(0);
    expect(afterSecond - afterFirst).toBe(2);
    expect(JSON.stringify(payReady.hits)).toContain('Kestrel');
    expect(JSON.stringify(personal.hits)).toContain('Larkspur');
    expect(JSON.stringify(personal.hits)).not.toContain('Kestrel');
    expect(payReadyAgain).toEqual(payReady);
    expect(personalAgain).toEqual(personal);
  });

  describe('over HTTP with tokens for one domain', () => {
    let handle: ServeHandle;

    beforeAll(async () => {
      handle = await serve({
        api: Promise.resolve(apis.pay_ready),
        http: { host: '127.0.0.1', port: 0, tokens: TOKENS },
        apiForGrant: (grant) => {
          const domain = grant?.domains[0] as TestDomain | undefined;
          return Promise.resolve(apis[domain ?? 'pay_ready']);
        },
      });
    });
    afterAll(async () => {
      await handle?.close();
    });

    it.each([
      ['personal', PERSONAL_TOKEN],
      ['pay_ready', PAY_READY_TOKEN],
    ] as const)(
      'returns only %s data to its token',
      async (domain, token) => {
        if (handle.transport !== 'http') {
          throw new Error('expected an HTTP server');
        }

        const client = await connectHttp(handle.url, token);
        try {
          await expectNoForeignData(client, domain);
        } finally {
          await client.close();
        }
      },
      60_000,
    );
  });

  describe('over HTTP with every session routed to pay_ready', () => {
    let handle: ServeHandle;

    beforeAll(async () => {
      // A server that hands the pay_ready API to every session, whatever the token grants.
      handle = await serve({
        api: Promise.resolve(apis.pay_ready),
        http: { host: '127.0.0.1', port: 0, tokens: TOKENS },
      });
    });
    afterAll(async () => {
      await handle?.close();
    });

    it('denies a personal token every tool and resource', async () => {
      if (handle.transport !== 'http') {
        throw new Error('expected an HTTP server');
      }

      const client = await connectHttp(handle.url, PERSONAL_TOKEN);
      try {
        for (const probe of PROBES) {
          const result = (await client.callTool(probe)) as ToolResult;

          expect(result.isError, probe.name).toBe(true);
          expect(JSON.stringify(result.content)).toContain('Access denied');
          expect(markersIn(result, PAY_READY_MARKERS, probe.arguments)).toEqual([]);
        }

        const read = client.readResource({ uri: transcriptUri(KESTREL_CALL_ID) });
        await expect(read).rejects.toThrow(/Access denied/);
      } finally {
        await client.close();
      }
    }, 60_000);
  });
});
