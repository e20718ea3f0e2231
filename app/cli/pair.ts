import { loadConfigFile } from '../config/load.ts';
import { TonearmError } from '../errors.ts';
import { requestApproval } from '../web/index.ts';

/**
 * Approves the one pending pairing request through the service's local control socket, which
 * only a user who can open files in the data directory can reach: the development stand-in for
 * a long press of the play button.
 */
export async function pairApproveCommand(configPath: string): Promise<void> {
  const config = loadConfigFile(configPath);
  const result = await requestApproval(config.storage.data_dir);
  switch (result.outcome) {
    case 'approved':
      process.stdout.write(`paired "${result.name}" (code ${result.code})\n`);
      return;
    case 'none':
      throw new TonearmError('NOT_FOUND', 'no pairing request is waiting');
    case 'ambiguous':
      throw new TonearmError(
        'AUTH_FORBIDDEN',
        `${result.refused} pairing requests were waiting; all were refused. ` +
          'Ask again, one phone at a time',
      );
  }
}
