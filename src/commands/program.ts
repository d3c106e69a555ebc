import { Command, Option } from 'commander';
import { registerAudit } from './audit.js';
import { registerConfig } from './config.js';
import { registerDemo, registerInit } from './store.js';
import { registerProducts } from './products.js';
import { registerSell } from './sell.js';
import { registerUsers } from './users.js';

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

const EXIT_CODES_HELP = `
Exit codes:
  0  success
  1  failure: the command ran and something was wrong (bad rows, no such product);
     nothing was changed unless the output says so
  2  usage: an unknown command, option or setting; see --help
`;

/** The whole command tree. Actions import their services lazily so that `--help` starts fast. */
export function buildProgram(): Command {
  const program = new Command('kassa')
    .description('Point of sale for the terminal: checkout, catalogue, stock and end-of-day reports.')
    .version(VERSION, '-V, --version')
    .addOption(new Option('--db <path>', 'the store database (default: $KASSA_DB, else ~/.local/share/kassa/kassa.db)'))
    .option('--debug', 'show stack traces on errors')
    .showHelpAfterError('(run with --help for usage)')
    // Throw instead of exiting, in every subcommand: bin/kassa.js owns the exit code.
    .exitOverride()
    .configureHelp({ sortSubcommands: false })
    .addHelpText(
      'after',
      `
Examples:
  $ kassa demo                              open (or create) the demo store
  $ kassa init --store-name "Bakkerij Jansen"
  $ kassa products import catalogue.csv     any of: kassa, shopify, woocommerce, square, ...
  $ kassa products show 8712439011619
  $ kassa config set store.iban NL91ABNA0417164300
  $ kassa help exit-codes`,
    );

  registerInit(program);
  registerDemo(program);
  registerConfig(program);
  registerProducts(program);
  registerUsers(program);
  registerSell(program);
  registerAudit(program);

  program.addHelpCommand(false);
  program
    .command('help [command...]')
    .description('help for a command (`kassa help products import`), or `kassa help exit-codes`')
    .action((words: string[]) => {
      if (words.length === 1 && words[0] === 'exit-codes') {
        process.stdout.write(EXIT_CODES_HELP.trimStart());
        return;
      }
      let cmd: Command = program;
      for (const w of words) {
        const sub = cmd.commands.find((c) => c.name() === w || c.aliases().includes(w));
        if (!sub) {
          cmd.error(`unknown command "${words.join(' ')}"`, { exitCode: EXIT.usage, code: 'kassa.unknownCommand' });
        }
        cmd = sub;
      }
      cmd.outputHelp();
    });
  return program;
}

// Replaced at build time would be nicer; reading package.json costs a file read on every start.
export const VERSION = '0.1.0';
