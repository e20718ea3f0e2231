#!/usr/bin/env node
/**
 * The `tonearm` command. Each subcommand is a small module in this folder; this file only
 * declares them and turns a TonearmError into one clear line and a non-zero exit.
 */
import { Command, Option } from 'commander';
import { DEFAULT_CONFIG_PATH } from '../config/load.ts';
import { isTonearmError } from '../errors.ts';

const program = new Command();
program
  .name('tonearm')
  .description('A locked-down hi-fi player for a Raspberry Pi with a DAC')
  .showHelpAfterError();

const configOption = () =>
  new Option('-c, --config <file>', 'configuration file').default(DEFAULT_CONFIG_PATH);

program
  .command('serve')
  .description('run the service')
  .addOption(configOption())
  .action(async (opts: { config: string }) => {
    const { serveCommand } = await import('./serve.ts');
    await serveCommand(opts.config);
  });

program
  .command('scan')
  .description('rescan the media directory, showing progress')
  .addOption(configOption())
  .option('--allow-empty', 'let a media directory with no music files empty the index')
  .action(async (opts: { config: string; allowEmpty?: boolean }) => {
    const { scanCommand } = await import('./scan.ts');
    await scanCommand(opts.config, { allowEmpty: opts.allowEmpty ?? false });
  });

program
  .command('demo')
  .description('generate a small demo library and play it')
  .option('--dir <dir>', 'where the demo library and its state live')
  .option('--listen <host:port>', 'web listener', '127.0.0.1:6680')
  .option('--output <output>', 'alsa, null or file (default: alsa when a card exists)')
  .action(async (opts: { dir?: string; listen: string; output?: string }) => {
    const { demoCommand } = await import('./demo.ts');
    await demoCommand(opts);
  });

const config = program.command('config').description('check or show a configuration file');
config
  .command('check')
  .argument('[file]', 'configuration file', DEFAULT_CONFIG_PATH)
  .description('validate a configuration file without starting')
  .action(async (file: string) => {
    const { configCheckCommand } = await import('./config.ts');
    configCheckCommand(file);
  });
config
  .command('show')
  .argument('[file]', 'configuration file', DEFAULT_CONFIG_PATH)
  .description('print the effective configuration, secrets masked')
  .action(async (file: string) => {
    const { configShowCommand } = await import('./config.ts');
    configShowCommand(file);
  });

const token = program.command('token').description('API tokens for scripts and other clients');
token
  .command('create')
  .description('create a token and print it (only the token, once)')
  .addOption(new Option('--role <role>', 'what it may do').choices(['owner', 'listener']))
  .requiredOption('--name <name>', 'who or what it is for')
  .addOption(configOption())
  .action(async (opts: { role?: 'owner' | 'listener'; name: string; config: string }) => {
    const { tokenCreateCommand } = await import('./token.ts');
    await tokenCreateCommand(opts.config, opts.role ?? 'listener', opts.name);
  });
token
  .command('list')
  .description('list tokens and paired devices (never their secrets)')
  .addOption(configOption())
  .action(async (opts: { config: string }) => {
    const { tokenListCommand } = await import('./token.ts');
    await tokenListCommand(opts.config);
  });

program
  .command('pair')
  .description('pairing in development, standing in for the box button')
  .command('approve')
  .description('approve the one pending pairing request, as a long press of play would')
  .addOption(configOption())
  .action(async (opts: { config: string }) => {
    const { pairApproveCommand } = await import('./pair.ts');
    await pairApproveCommand(opts.config);
  });

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (isTonearmError(err)) {
    process.stderr.write(`tonearm: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
