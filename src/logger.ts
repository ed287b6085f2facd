import pino from 'pino';

/**
 * The process logger. It writes JSON lines to stderr (fd 2) because stdout carries the MCP stdio
 * protocol; nothing in sophia writes to stdout except the stdio transport and CLI output.
 */
export const logger = pino(
  {
    name: 'sophia',
    level: process.env.SOPHIA_LOG_LEVEL ?? process.env.LOG_LEVEL ?? 'info',
    redact: {
      paths: ['*.apiKey', '*.password', '*.token', '*.authorization', '*.secret'],
      censor: '[redacted]',
    },
  },
  pino.destination({ fd: 2, sync: true }),
);

export type Logger = typeof logger;
