/**
 * The contract every MCP tool follows, and the one boundary that turns a tool's reply or error
 * into an MCP `CallToolResult`.
 *
 * A tool file exports `defineTool({...})`. Handlers return `{ structured, text }` and throw on
 * failure; they never build error results themselves.
 */

import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type {
  CallToolResult,
  ServerNotification,
  ServerRequest,
  ToolAnnotations,
} from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';
import { InvalidArgumentError, NotFoundError, type SophiaApi } from '../src/api.js';
import { logger } from '../src/logger.js';
import { toolDuration } from '../src/metrics.js';
import { AccessDeniedError, assertAccess } from './access.js';

/**
 * Kind of effect a tool has on the data. It decides the MCP annotations and the token scope a remote
 * caller needs: `readOnly` tools need `read`, the others need `write`.
 */
export type ToolType = 'readOnly' | 'write' | 'destructive';

/** Everything a handler may use besides its arguments. */
export interface ToolContext {
  /** The read API of the domain this server serves, already open. */
  api: SophiaApi;
  /** Token details on HTTP transports with bearer auth, or undefined on stdio. */
  auth?: AuthInfo | undefined;
  /** Aborted when the client cancels the request or the connection closes. */
  signal: AbortSignal;
  /** Sends `notifications/progress` if the request carries a progress token, else nothing. */
  reportProgress(progress: number, total?: number, message?: string): Promise<void>;
}

/** An image returned beside the text, as an MCP image content block. */
export interface ToolImage {
  /** Base64-encoded image bytes. */
  data: string;
  mimeType: string;
}

/** A handler's successful reply: the typed result and its compact text rendering. */
export interface ToolReply<Structured> {
  structured: Structured;
  text: string;
  /** Images that follow the text in `content`, e.g. a chart. */
  images?: ToolImage[] | undefined;
}

/** A cross-field rule on parsed arguments, applied with zod `.refine`. */
export interface InputRule<Args> {
  check(args: Args): boolean;
  /** Names the arguments involved and how to fix the call. */
  message: string;
}

/** Input of `defineTool`, as a tool file writes it. */
export interface ToolSpec<In extends z.ZodRawShape, Out extends z.ZodRawShape> {
  /** snake_case name the client calls. */
  name: string;
  title: string;
  /** Written for the model: what the tool returns, its limits, and what to use instead. */
  description: string;
  /** Zod shape of the arguments, with `.describe()` on every field. */
  inputSchema: In;
  inputRules?: InputRule<z.infer<z.ZodObject<In>>>[];
  outputSchema: Out;
  type: ToolType;
  /** True when the tool reaches systems outside sophia's own store (for example Airbyte). */
  openWorld?: boolean;
  /** Defaults to true for `readOnly` tools and false for the others. */
  idempotent?: boolean;
  handler(
    args: z.infer<z.ZodObject<In>>,
    context: ToolContext,
  ): Promise<ToolReply<z.infer<z.ZodObject<Out>>>>;
}

/** A registered tool, as the server and tests see it. */
export interface ToolDefinition<
  In extends z.ZodRawShape = z.ZodRawShape,
  Out extends z.ZodRawShape = z.ZodRawShape,
> {
  name: string;
  title: string;
  description: string;
  type: ToolType;
  annotations: Required<
    Pick<ToolAnnotations, 'readOnlyHint' | 'destructiveHint' | 'idempotentHint' | 'openWorldHint'>
  >;
  /** Argument schema including the input rules, which the SDK lists as JSON Schema. */
  inputSchema: z.ZodObject<In>;
  outputSchema: z.ZodObject<Out>;
  handler: ToolSpec<In, Out>['handler'];
}

/** A tool with any argument and result shapes, as the registry lists it. */
// biome-ignore lint/suspicious/noExplicitAny: the registry mixes tools whose shapes differ.
export type AnyToolDefinition = ToolDefinition<any, any>;

/** Request details the boundary needs. The SDK's `RequestHandlerExtra` provides all of them. */
export type ToolRequestExtra = Pick<
  RequestHandlerExtra<ServerRequest, ServerNotification>,
  'signal' | 'authInfo' | '_meta' | 'sendNotification'
>;

/**
 * Builds a tool definition from its spec, deriving all four MCP annotations from `type`,
 * `openWorld` and `idempotent`.
 */
export function defineTool<In extends z.ZodRawShape, Out extends z.ZodRawShape>(
  spec: ToolSpec<In, Out>,
): ToolDefinition<In, Out> {
  let inputSchema = z.strictObject(spec.inputSchema);
  for (const rule of spec.inputRules ?? []) {
    inputSchema = inputSchema.refine((args) => rule.check(args), { message: rule.message });
  }

  return {
    name: spec.name,
    title: spec.title,
    description: spec.description,
    type: spec.type,
    annotations: {
      readOnlyHint: spec.type === 'readOnly',
      destructiveHint: spec.type === 'destructive',
      idempotentHint: spec.idempotent ?? spec.type === 'readOnly',
      openWorldHint: spec.openWorld ?? false,
    },
    inputSchema,
    outputSchema: z.object(spec.outputSchema),
    handler: spec.handler,
  };
}

/**
 * Runs a tool and converts the outcome into a `CallToolResult`. Invalid arguments, missing
 * objects and denied access come back as `isError` results that state what to fix. Any other
 * error is logged and returned as a generic tool failure with its message.
 */
export async function runTool(
  tool: AnyToolDefinition,
  rawArgs: unknown,
  getApi: () => Promise<SophiaApi>,
  extra: ToolRequestExtra,
): Promise<CallToolResult> {
  const startedAt = performance.now();

  // Over MCP the SDK has already validated the arguments, and this second parse keeps direct
  // callers under the same rules. So a tool's schema must accept its own parsed output, which
  // trimming and defaults do.
  const parsed = tool.inputSchema.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    toolDuration.observe(
      { tool: tool.name, outcome: 'invalid' },
      (performance.now() - startedAt) / 1000,
    );
    return errorResult(formatInputIssues(parsed.error));
  }

  try {
    const api = await openApi(getApi);
    assertAccess(extra.authInfo, api.domain, tool.type === 'readOnly' ? 'read' : 'write');

    const context = createContext(api, extra);
    const reply = await tool.handler(parsed.data, context);
    logger.debug(
      { tool: tool.name, durationMs: Math.round(performance.now() - startedAt) },
      'tool call finished',
    );

    toolDuration.observe(
      { tool: tool.name, outcome: 'ok' },
      (performance.now() - startedAt) / 1000,
    );
    const images = (reply.images ?? []).map((image) => ({ type: 'image' as const, ...image }));
    return {
      content: [{ type: 'text', text: reply.text }, ...images],
      structuredContent: reply.structured,
    };
  } catch (error) {
    const outcome = error instanceof InvalidArgumentError ? 'invalid' : 'error';
    toolDuration.observe({ tool: tool.name, outcome }, (performance.now() - startedAt) / 1000);
    return errorResultFor(tool.name, error);
  }
}

/** Renders zod issues as one line per argument: `Invalid argument "limit": ...`. */
export function formatInputIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      if (issue.path.length === 0) {
        return issue.message;
      }

      return `Invalid argument "${formatPath(issue.path)}": ${issue.message}`;
    })
    .join('\n');
}

/** Thrown when the store behind the API failed to open, so every tool call fails alike. */
class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

async function openApi(getApi: () => Promise<SophiaApi>): Promise<SophiaApi> {
  try {
    return await getApi();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreUnavailableError(
      `The sophia data store is not available: ${reason}. Check the server log and restart the server.`,
    );
  }
}

function createContext(api: SophiaApi, extra: ToolRequestExtra): ToolContext {
  const progressToken = extra._meta?.progressToken;

  return {
    api,
    auth: extra.authInfo,
    signal: extra.signal,
    async reportProgress(progress, total, message) {
      if (progressToken === undefined) {
        return;
      }

      await extra.sendNotification({
        method: 'notifications/progress',
        params: { progressToken, progress, total, message },
      });
    },
  };
}

function errorResultFor(toolName: string, error: unknown): CallToolResult {
  if (error instanceof z.ZodError) {
    return errorResult(formatInputIssues(error));
  }

  // The API's messages already name the argument and the fix.
  const isCallerError =
    error instanceof InvalidArgumentError ||
    error instanceof NotFoundError ||
    error instanceof AccessDeniedError;
  if (isCallerError) {
    logger.info({ tool: toolName, reason: error.message }, 'tool call rejected');
    return errorResult(error.message);
  }

  logger.error({ tool: toolName, err: error }, 'tool call failed');
  const message = error instanceof Error ? error.message : String(error);

  return errorResult(`Tool "${toolName}" failed: ${message}`);
}

function errorResult(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => {
      if (typeof key === 'number') {
        return `[${key}]`;
      }

      return index === 0 ? String(key) : `.${String(key)}`;
    })
    .join('');
}
