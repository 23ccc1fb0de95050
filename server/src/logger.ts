import pino, { type Logger } from 'pino';

/**
 * Creates the process logger: JSON lines, with secrets and session cookies redacted. Commands that
 * print their result on standard output log to standard error, so `--json` output stays parseable.
 */
export function createLogger(level: string, destination: 'stdout' | 'stderr' = 'stdout'): Logger {
  const options = {
    level,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
        '*.password',
        '*.newPassword',
        '*.currentPassword',
      ],
      censor: '[redacted]',
    },
  };
  return destination === 'stderr' ? pino(options, pino.destination(2)) : pino(options);
}
