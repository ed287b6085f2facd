import type { SourceAdapter, SourceSystem } from '../model.js';
import { gongAdapter } from './gong.js';
import { hubspotAdapter } from './hubspot.js';
import { salesforceAdapter } from './salesforce.js';
import { slackAdapter } from './slack.js';

export const ADAPTERS: Record<SourceSystem, SourceAdapter> = {
  gong: gongAdapter,
  slack: slackAdapter,
  hubspot: hubspotAdapter,
  salesforce: salesforceAdapter,
};

/** Stream names of a source in processing order: entity streams first. */
export function orderedStreams(adapter: SourceAdapter): string[] {
  return Object.entries(adapter.streams)
    .sort(([a, left], [b, right]) => left.order - right.order || a.localeCompare(b))
    .map(([name]) => name);
}
