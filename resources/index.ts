/**
 * The registry of MCP resources. To add one, write `resources/<name>.ts` with a
 * `register...(server, getApi)` function and call it below.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { SophiaApi } from '../src/api.js';
import { registerCallTranscript } from './call-transcript.js';
import { registerEntityCard } from './entity-card.js';

/** Registers every resource on `server`. Handlers wait for the API only when a client reads. */
export function registerResources(server: McpServer, getApi: () => Promise<SophiaApi>): void {
  registerCallTranscript(server, getApi);
  registerEntityCard(server, getApi);
}
