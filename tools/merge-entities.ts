import * as z from 'zod';
import type { EntityChange } from '../src/api.js';
import { SOURCE_SYSTEMS } from '../src/model.js';
import { defineTool } from './define-tool.js';
import { requiredText } from './input-fields.js';

const summarySchema = z.object({
  id: z.string(),
  type: z.enum(['person', 'company']),
  name: z.string(),
  internal: z.boolean(),
});

/** Output fields of `merge_entities` and `split_entity`. */
export const entityChangeShape = {
  action: z.enum(['merge', 'split']),
  dry_run: z.boolean().describe('True when nothing was changed and the result is a preview.'),
  entity: summarySchema.describe(
    'The entity that keeps the records (merge) or gives one up (split).',
  ),
  other: summarySchema.describe('The entity that the merge deletes or the split creates.'),
  moved: z
    .array(z.object({ source_system: z.enum(SOURCE_SYSTEMS), source_id: z.string() }))
    .describe('Source records that change entity.'),
  decisions: z
    .array(z.object({ id: z.string(), kind: z.enum(['merge', 'never_merge', 'pin']) }))
    .describe('Manual decisions recorded; later syncs respect them.'),
  interactions_relinked: z.number().int(),
};

/** Converts an API change to the tool output. */
export function toChangeOutput(change: EntityChange) {
  return {
    action: change.action,
    dry_run: change.dryRun,
    entity: change.entity,
    other: change.other,
    moved: change.moved.map((ref) => ({
      source_system: ref.sourceSystem,
      source_id: ref.sourceId,
    })),
    decisions: change.decisions,
    interactions_relinked: change.interactionsRelinked,
  };
}

/** Renders a change as short text, stating plainly whether anything changed. */
export function renderChange(change: EntityChange): string {
  const moved = change.moved.map((ref) => `${ref.sourceSystem}:${ref.sourceId}`).join(', ');
  const what =
    change.action === 'merge'
      ? `${change.other.name} (${change.other.id}) into ${change.entity.name} (${change.entity.id})`
      : `${moved} off ${change.entity.name} (${change.entity.id}) onto new entity ${change.other.id}`;
  const head = change.dryRun
    ? `Dry run, nothing changed. Would ${change.action} ${what}.`
    : `Done: ${change.action === 'merge' ? 'merged' : 'split'} ${what}.`;

  return [
    head,
    `Source records moved: ${moved || 'none'}.`,
    `Decisions recorded: ${change.decisions.map((d) => `${d.kind} ${d.id}`).join(', ')}.`,
    `Interactions relinked: ${change.interactionsRelinked}.`,
    ...(change.dryRun ? ['Call again with dry_run false to apply it.'] : []),
  ].join('\n');
}

export const mergeEntities = defineTool({
  name: 'merge_entities',
  title: 'Merge two people or companies',
  description:
    'Merges two unified entities that are the same person or company but were kept apart ' +
    '(a nickname at another e-mail domain, a renamed company). merge_id is folded into keep_id: ' +
    'keep_id gains every name, e-mail, domain, company and source id of merge_id, which is ' +
    'deleted, and interactions are relinked. The decision is recorded in the audit log and ' +
    'later syncs keep the two merged. dry_run defaults to true and only previews the change; ' +
    'pass dry_run false to apply it. Find ids with lookup_entity.',
  type: 'destructive',
  inputSchema: {
    keep_id: requiredText('Unified id of the entity that survives, from lookup_entity.'),
    merge_id: requiredText('Unified id of the entity merged into keep_id and deleted.'),
    dry_run: z
      .boolean()
      .default(true)
      .describe('True (the default) previews the change and changes nothing; false applies it.'),
  },
  outputSchema: entityChangeShape,
  async handler(args, { api, auth }) {
    if (api.mergeEntities === undefined) throw new Error('This server offers no entity changes');

    const change = await api.mergeEntities({
      keepId: args.keep_id,
      mergeId: args.merge_id,
      dryRun: args.dry_run,
      actor: auth?.clientId === undefined ? 'mcp' : `mcp:${auth.clientId}`,
    });
    return { structured: toChangeOutput(change), text: renderChange(change) };
  },
});
