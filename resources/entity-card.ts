/**
 * The entity card resource: everything sophia stores about one person or company, as text
 * (`text/plain`) and as JSON (`application/json`).
 */
import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError, type ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { type EntityCard, NotFoundError, type SophiaApi } from '../src/api.js';
import { logger } from '../src/logger.js';
import { AccessDeniedError, assertAccess } from '../tools/access.js';

/** MCP error code for an unknown resource, as the MCP specification defines it. */
const RESOURCE_NOT_FOUND = -32002;

export const ENTITY_CARD_URI_TEMPLATE = 'sophia://entities/{id}';

/** Registers the entity card resource template on `server`. */
export function registerEntityCard(server: McpServer, getApi: () => Promise<SophiaApi>): void {
  server.registerResource(
    'entity_card',
    new ResourceTemplate(ENTITY_CARD_URI_TEMPLATE, { list: undefined }),
    {
      title: 'Entity card',
      description:
        'One person or company by unified id (from lookup_entity): names, e-mails, domains, ' +
        'companies or people over time, every source id with its link confidence and evidence, ' +
        'interaction counts (total, last 90 days, per source) and manual merge or split decisions.',
      mimeType: 'text/plain',
    },
    async (uri, variables, extra) => {
      try {
        const api = await getApi();
        assertAccess(extra.authInfo, api.domain, 'read');
        if (api.entityCard === undefined) {
          throw new NotFoundError('This server offers no entity cards');
        }

        const card = await api.entityCard(decodeURIComponent(String(variables.id)));
        return toReadResult(uri.href, card);
      } catch (error) {
        throw toMcpError(uri.href, error);
      }
    },
  );
}

function toReadResult(uri: string, card: EntityCard): ReadResourceResult {
  return {
    contents: [
      { uri, mimeType: 'text/plain', text: renderCard(card) },
      { uri, mimeType: 'application/json', text: JSON.stringify(card) },
    ],
  };
}

function renderCard(card: EntityCard): string {
  const lines = [`${card.name} (${card.type}${sideOf(card)}), id ${card.id}`];
  if (card.names.length > 1) lines.push(`Names: ${card.names.join('; ')}`);
  if (card.emails.length > 0) lines.push(`E-mails: ${card.emails.join(', ')}`);
  if (card.cities !== undefined && card.cities.length > 0) {
    lines.push(`Cities: ${card.cities.join(', ')}`);
  }
  if (card.domains.length > 0) lines.push(`Domains: ${card.domains.join(', ')}`);

  const periods = card.type === 'person' ? card.companies : card.people;
  if (periods.length > 0) lines.push(card.type === 'person' ? 'Companies:' : 'People:');
  for (const period of periods) {
    const from = period.firstSeen?.slice(0, 10) ?? '?';
    const to = period.lastSeen?.slice(0, 10) ?? '?';
    lines.push(`- ${period.name}, id ${period.id}, seen ${from} to ${to}`);
  }

  lines.push('Source ids:');
  for (const link of card.sourceIds) {
    lines.push(
      `- ${link.sourceSystem} ${link.objectType} ${link.sourceId}, confidence ` +
        `${link.confidence.toFixed(2)}, evidence ${JSON.stringify(link.evidence)}`,
    );
  }

  const counts = card.interactions;
  const bySource = Object.entries(counts.bySource)
    .map(([source, count]) => `${source} ${count}`)
    .join(', ');
  lines.push(
    `Interactions: ${counts.total}${bySource === '' ? '' : ` (${bySource})`}, ` +
      `${counts.recent} in the last ${counts.recentDays} days, latest ${counts.lastAt ?? 'never'}`,
  );
  for (const decision of card.decisions) {
    lines.push(
      `Decision ${decision.kind} by ${decision.actor} on ${decision.decidedAt}: ${decision.details}`,
    );
  }

  return lines.join('\n');
}

/** Returns `, internal` or `, external` for a person, nothing for a company. */
function sideOf(card: EntityCard): string {
  if (card.type !== 'person') return '';

  return card.internal ? ', internal' : ', external';
}

function toMcpError(uri: string, error: unknown): McpError {
  if (error instanceof NotFoundError) {
    return new McpError(RESOURCE_NOT_FOUND, error.message, { uri });
  }

  if (error instanceof AccessDeniedError) {
    return new McpError(ErrorCode.InvalidRequest, error.message);
  }

  logger.error({ err: error, uri }, 'resource read failed');
  const message = error instanceof Error ? error.message : String(error);

  return new McpError(ErrorCode.InternalError, `Reading ${uri} failed: ${message}`);
}
