/**
 * The registry of MCP tools. The server registers every tool listed here, and tests read the
 * list to pin the public surface. To add a tool, create `tools/<tool-name>.ts` exporting one
 * `defineTool({...})` and append it below.
 */
import type { AnyToolDefinition } from './define-tool.js';
import { generateCoachingReport } from './generate-coaching-report.js';
import { getInteractionTimeline } from './get-interaction-timeline.js';
import { getSyncStatus } from './get-sync-status.js';
import { lookupEntity } from './lookup-entity.js';
import { mergeEntities } from './merge-entities.js';
import { searchCustomerInteractions } from './search-customer-interactions.js';
import { splitEntity } from './split-entity.js';
import { triggerSync } from './trigger-sync.js';

export const allTools: AnyToolDefinition[] = [
  searchCustomerInteractions,
  getInteractionTimeline,
  lookupEntity,
  generateCoachingReport,
  triggerSync,
  getSyncStatus,
  mergeEntities,
  splitEntity,
];
