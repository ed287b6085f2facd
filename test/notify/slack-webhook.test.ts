import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifySlack, syncMessage } from '../../src/notify/slack-webhook.js';

/**
 * A stand-in for a Slack incoming webhook: it accepts a JSON POST with `text` (and optional
 * `blocks`) and answers 200 `ok`, or 400 `invalid_payload` / 404 `no_service` the way Slack's
 * incoming-webhook docs list those errors.
 */
function startWebhook() {
  const received: { text: string; blocks?: unknown[] }[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let raw = '';
    request.on('data', (chunk) => {
      raw += chunk;
    });
    request.on('end', () => {
      if (request.url !== '/services/T000/B000/XXXX') {
        response.writeHead(404).end('no_service');
        return;
      }
      const body = JSON.parse(raw) as { text?: unknown; blocks?: unknown[] };
      if (request.headers['content-type'] !== 'application/json' || typeof body.text !== 'string') {
        response.writeHead(400).end('invalid_payload');
        return;
      }
      received.push(body as { text: string; blocks?: unknown[] });
      response.writeHead(200).end('ok');
    });
  });
  return { server, received };
}

describe('Slack webhook notification', () => {
  const webhook = startWebhook();
  let base: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => webhook.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(webhook.server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    webhook.server.close();
  });

  it('posts a success summary', async () => {
    const sent = await notifySlack(`${base}/services/T000/B000/XXXX`, {
      domain: 'pay_ready',
      status: 'succeeded',
      runId: 'r1',
      records: 120,
      durationSeconds: 4.2,
    });

    expect(sent).toBe(true);
    expect(webhook.received.at(-1)?.text).toContain('succeeded for *pay_ready*');
    expect(webhook.received.at(-1)?.text).toContain('120 records');
  });

  it('escapes a failure message', () => {
    const message = syncMessage({
      domain: 'paragon',
      status: 'failed',
      error: 'job <42> failed & stopped',
    });

    expect(message.text).toContain(':x:');
    expect(message.text).toContain('job &lt;42&gt; failed &amp; stopped');
  });

  it('reports a rejected webhook as false instead of throwing', async () => {
    await expect(
      notifySlack(`${base}/services/wrong`, { domain: 'pay_ready', status: 'failed' }),
    ).resolves.toBe(false);
    await expect(
      notifySlack('http://127.0.0.1:9/unreachable', { domain: 'pay_ready', status: 'failed' }, 500),
    ).resolves.toBe(false);
  });
});
