import { logger } from '../logger.js';

export interface SyncSummary {
  domain: string;
  status: 'succeeded' | 'failed';
  runId?: string | undefined;
  records?: number | undefined;
  deadLetters?: number | undefined;
  durationSeconds?: number | undefined;
  error?: string | undefined;
}

/** Slack mrkdwn escaping: `&`, `<` and `>` must be entities (Slack's "Formatting text" docs). */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The incoming-webhook payload for a sync result: a `text` fallback and one section block. */
export function syncMessage(summary: SyncSummary): { text: string; blocks: unknown[] } {
  const icon = summary.status === 'succeeded' ? ':white_check_mark:' : ':x:';
  const parts = [
    `${icon} sophia sync ${summary.status} for *${escapeMrkdwn(summary.domain)}*`,
    summary.runId ? `run \`${summary.runId}\`` : undefined,
    summary.records !== undefined ? `${summary.records} records` : undefined,
    summary.deadLetters ? `${summary.deadLetters} dead letters` : undefined,
    summary.durationSeconds !== undefined ? `${summary.durationSeconds.toFixed(1)} s` : undefined,
  ].filter(Boolean);
  const text = `${parts.join(' · ')}${summary.error ? `\n> ${escapeMrkdwn(summary.error)}` : ''}`;

  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

/**
 * Post a sync result to a Slack incoming webhook. Slack answers 200 with the body `ok`; any other
 * answer is logged and reported as false, never thrown, because a failed notification must not
 * fail the sync it reports. The webhook URL is a secret and is never logged.
 */
export async function notifySlack(
  webhookUrl: string,
  summary: SyncSummary,
  timeoutMs = 10_000,
): Promise<boolean> {
  try {
    const response = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(syncMessage(summary)),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = await response.text();
    if (response.ok && body === 'ok') return true;

    logger.warn(
      { status: response.status, body: body.slice(0, 200) },
      'Slack webhook rejected the sync message',
    );
    return false;
  } catch (error) {
    logger.warn({ err: (error as Error).message }, 'Slack webhook could not be reached');
    return false;
  }
}
