import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/**
 * One root logger per process; each part takes a child with `{ module: '...' }` so a line says
 * where it came from. Paths that could carry a secret are redacted here, once, for everyone.
 */
export function createLogger(
  options: { level?: string; destination?: DestinationStream } = {},
): Logger {
  const config: LoggerOptions = {
    level: options.level ?? process.env.TONEARM_LOG_LEVEL ?? 'info',
    base: { service: 'tonearm' },
    redact: {
      paths: [
        'token',
        '*.token',
        'secret',
        '*.secret',
        'password',
        '*.password',
        'authorization',
        '*.authorization',
        'req.headers.authorization',
        'req.headers.cookie',
        'headers.authorization',
        'headers.cookie',
      ],
      censor: '[redacted]',
    },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}
