import { loadConfigFile } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import { createLogger, type Logger } from '../log.ts';
import { startTonearm, type StartOptions, type Tonearm } from '../main.ts';

/**
 * Run until SIGTERM or SIGINT, then stop every part in order. A second signal while stopping
 * exits at once, for the person pressing Ctrl-C twice.
 */
export async function runUntilSignalled(
  config: Config,
  log: Logger,
  options: Partial<StartOptions> = {},
): Promise<Tonearm> {
  const tonearm = await startTonearm(config, { log, ...options });
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info({ signal }, 'stopping');
    tonearm.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.fatal({ err }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return tonearm;
}

export async function serveCommand(configPath: string): Promise<void> {
  const config = loadConfigFile(configPath);
  const log = createLogger({ level: config.log.level });
  process.on('uncaughtException', (err) => {
    log.fatal({ err }, 'uncaught exception; exiting so systemd restarts the service');
    process.exit(70);
  });
  await runUntilSignalled(config, log);
}
