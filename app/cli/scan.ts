import { loadConfigFile } from '../config/load.ts';
import { openLibrary } from '../library/library.ts';
import { createProgressReporter } from '../library/progress.ts';
import { createLogger } from '../log.ts';

/**
 * Rescan from the command line, with a progress bar on a terminal. The service may be running:
 * the index is SQLite in WAL mode, so the service keeps answering from it while this writes.
 */
export async function scanCommand(
  configPath: string,
  options: { allowEmpty?: boolean } = {},
): Promise<void> {
  const config = loadConfigFile(configPath);
  const log = createLogger({ level: config.log.level });
  const library = openLibrary({
    mediaDir: config.library.media_dir,
    dataDir: config.storage.data_dir,
    log,
    followSymlinks: config.library.follow_symlinks,
    artFiles: config.library.art_files,
  });
  const progress = createProgressReporter({ log });
  try {
    const summary = await library.scan({
      onProgress: (p) => progress.update(p),
      allowEmpty: options.allowEmpty ?? false,
    });
    progress.stop();
    process.stdout.write(
      `scanned ${summary.seen} files in ${(summary.durationMs / 1000).toFixed(1)} s: ` +
        `${summary.added} new, ${summary.updated} changed, ${summary.removed} gone, ` +
        `${summary.unchanged} unchanged, ${summary.failed} unreadable\n`,
    );
  } finally {
    progress.stop();
    library.close();
  }
}
