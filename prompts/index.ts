/**
 * The registry of MCP prompts. To add one, create `prompts/<prompt-name>.ts` exporting one
 * `definePrompt({...})` and append it below.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { accountBrief } from './account-brief.js';
import { callPrep } from './call-prep.js';
import { coachingOneOnOne } from './coaching-one-on-one.js';
import { dealReview } from './deal-review.js';
import { type PromptDefinition, registerPrompt } from './define-prompt.js';

// biome-ignore lint/suspicious/noExplicitAny: the registry mixes prompts whose arguments differ.
export const allPrompts: PromptDefinition<any>[] = [
  accountBrief,
  callPrep,
  dealReview,
  coachingOneOnOne,
];

/** Registers every prompt on `server`. */
export function registerPrompts(server: McpServer): void {
  for (const prompt of allPrompts) {
    registerPrompt(server, prompt);
  }
}
