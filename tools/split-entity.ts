import * as z from 'zod';
import { SOURCE_SYSTEMS } from '../src/model.js';
import { defineTool } from './define-tool.js';
import { oneOf, requiredText } from './input-fields.js';
import { entityChangeShape, renderChange, toChangeOutput } from './merge-entities.js';

export const splitEntity = defineTool({
  name: 'split_entity',
  title: 'Split a source record off an entity',
  description:
    'Moves one source record (a HubSpot contact, a Gong party, a Slack user) off a unified ' +
    'entity that wrongly joined two people or companies, onto a new entity. The record is ' +
    'pinned to the new entity and the two are marked never to merge, so later syncs keep them ' +
    'apart; names, e-mails and companies that only this record brought move with it, and ' +
    'interactions are relinked. Recorded in the audit log. dry_run defaults to true and only ' +
    'previews the change; pass dry_run false to apply it. lookup_entity lists the source ids.',
  type: 'destructive',
  inputSchema: {
    entity_id: requiredText('Unified id of the entity to split, from lookup_entity.'),
    source_system: oneOf(SOURCE_SYSTEMS).describe('Source system of the record to move.'),
    source_id: requiredText('Id of the record in source_system, as lookup_entity lists it.'),
    dry_run: z
      .boolean()
      .default(true)
      .describe('True (the default) previews the change and changes nothing; false applies it.'),
  },
  outputSchema: entityChangeShape,
  async handler(args, { api, auth }) {
    if (api.splitEntity === undefined) throw new Error('This server offers no entity changes');

    const change = await api.splitEntity({
      entityId: args.entity_id,
      sourceSystem: args.source_system,
      sourceId: args.source_id,
      dryRun: args.dry_run,
      actor: auth?.clientId === undefined ? 'mcp' : `mcp:${auth.clientId}`,
    });
    return { structured: toChangeOutput(change), text: renderChange(change) };
  },
});
