import pino from 'pino';

/**
 * The process logger. It writes JSON lines to stderr (fd 2) because stdout carries the MCP stdio
 * protocol; nothing in sophia writes to stdout except the stdio transport and CLI output.
 */
const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const requested = (process.env.SOPHIA_LOG_LEVEL ?? process.env.LOG_LEVEL ?? 'info')
  .trim()
  .toLowerCase();

export const logger = pino(
  {
    name: 'sophia',
    level: LEVELS.includes(requested) ? requested : 'info',
    redact: {
      paths: ['*.apiKey', '*.password', '*.token', '*.authorization', '*.secret'],
      censor: '[redacted]',
    },
  },
  pino.destination({ fd: 2, sync: true }),
);

export type Logger = typeof logger;

if (!LEVELS.includes(requested)) {
  logger.warn(
    `SOPHIA_LOG_LEVEL=${JSON.stringify(requested)} is not a log level; using info. Use one of ${LEVELS.join(', ')}`,
  );
}
