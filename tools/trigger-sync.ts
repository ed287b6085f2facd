import * as z from 'zod';
import { SOURCE_SYSTEMS } from '../src/model.js';
import { defineTool } from './define-tool.js';
import { sourcesFilter } from './input-fields.js';

export const triggerSync = defineTool({
  name: 'trigger_sync',
  title: 'Start a sync',
  description:
    'Starts a sync of some or all sources (gong, slack, hubspot, salesforce) in the background and ' +
    'returns its job id at once; it does not wait for the data. Call get_sync_status with the job ' +
    'id to follow it. With wait: true the call instead stays open until the sync ends, sending MCP ' +
    'progress notifications (records committed) when the request carries a progress token, and ' +
    'returns the final counts. Only one sync per domain runs at a time: a second request while one runs ' +
    'fails with the running job named.',
  type: 'write',
  openWorld: true,
  idempotent: false,
  inputSchema: {
    sources: sourcesFilter(),
    full_sync: z
      .boolean()
      .optional()
      .describe(
        'Re-read every input from the start instead of from the checkpoints. Default false.',
      ),
    wait: z
      .boolean()
      .optional()
      .describe('Stay open until the sync ends, with progress notifications. Default false.'),
  },
  outputSchema: {
    job_id: z.string().describe('Id of the sync run; pass it to get_sync_status.'),
    sources: z.array(z.enum(SOURCE_SYSTEMS)).describe('Sources the run covers.'),
    full_sync: z.boolean(),
    status: z.enum(['running', 'succeeded', 'failed']).describe('running unless wait was true.'),
    records: z.number().optional().describe('Records read, when the call waited for the end.'),
    error: z.string().optional(),
  },
  async handler(args, { api, reportProgress }) {
    if (api.triggerSync === undefined) throw new Error('This server does not run syncs.');
    const sources = args.sources && args.sources.length > 0 ? args.sources : [...SOURCE_SYSTEMS];
    const { runId, done } = await api.triggerSync({ sources, full: args.full_sync }, (event) => {
      // Progress belongs to an open request, so it is sent only while the call waits.
      if (args.wait)
        void reportProgress(
          event.records,
          undefined,
          `${event.source}: ${event.records} records committed`,
        );
    });
    const base = { job_id: runId, sources, full_sync: args.full_sync ?? false };
    if (!args.wait) {
      return {
        structured: { ...base, status: 'running' as const },
        text: `Sync ${runId} started for ${sources.join(', ')}. Call get_sync_status with job_id "${runId}" to follow it.`,
      };
    }

    const outcome = await done;
    return {
      structured: {
        ...base,
        status: outcome.status,
        records: outcome.records,
        error: outcome.error,
      },
      text:
        outcome.status === 'succeeded'
          ? `Sync ${runId} succeeded: ${outcome.records} records read.`
          : `Sync ${runId} failed: ${outcome.error ?? 'unknown error'}.`,
    };
  },
});
