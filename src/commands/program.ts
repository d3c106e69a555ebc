import { Command, Option } from 'commander';

import { EXIT } from '../cli-errors.js';

export { EXIT };

const EXIT_CODES_HELP = `
Exit codes:
  0  success
  1  failure: the command ran and something was wrong (bad rows, no such product);
     nothing was changed unless the output says so
  2  usage: an unknown command, option or setting; see --help
`;

/**
 * The top-level commands, each with the module that registers it. Only the
 * module of the command being run is loaded (`kassa --help` loads none), and
 * actions load their services when they run: start-up stays near `node -e 0`.
 */
const COMMANDS: { name: string; summary: string; load: () => Promise<(program: Command) => void> }[] = [
  { name: 'init', summary: 'create a store, or bring an existing one up to date (nothing is lost)', load: async () => (await import('./store.js')).registerInit },
  { name: 'demo', summary: 'create or open the demo store (a Dutch corner shop) and show what to try', load: async () => (await import('./store.js')).registerDemo },
  { name: 'config', summary: "the store's settings and VAT rates", load: async () => (await import('./config.js')).registerConfig },
  { name: 'products', summary: 'the catalogue: import, look up, search, export', load: async () => (await import('./products.js')).registerProducts },
  { name: 'users', summary: 'cashiers, managers and admins, with their PINs', load: async () => (await import('./users.js')).registerUsers },
  { name: 'checkout', summary: 'the till: a full-screen checkout for the cashier', load: async () => (await import('./checkout.js')).registerCheckout },
  { name: 'sell', summary: 'sell from a script: [QTY*]CODE..., paid in cash, by card, by QR or split', load: async () => (await import('./sell.js')).registerSell },
  { name: 'cart', summary: 'a sale step by step: scan, discount, park, resume, cancel, pay', load: async () => (await import('./cart.js')).registerCart },
  { name: 'refund', summary: 'money back for returned goods, against a receipt or without one', load: async () => (await import('./refund.js')).registerRefund },
  { name: 'sales', summary: 'completed sales and refunds: list, show', load: async () => (await import('./sell.js')).registerSales },
  { name: 'receipt', summary: 'a receipt as the customer reads it, or a copy', load: async () => (await import('./receipt.js')).registerReceipt },
  { name: 'drawer', summary: 'open the cash drawer without a sale (a manager)', load: async () => (await import('./drawer.js')).registerDrawer },
  { name: 'shift', summary: "a cashier's shift: open with a float, close with a count", load: async () => (await import('./shift.js')).registerShift },
  { name: 'cash', summary: 'cash put into or taken out of the drawer', load: async () => (await import('./shift.js')).registerCash },
  { name: 'devices', summary: 'printer, drawer, display, scanner, card terminal and scale: list, set, test', load: async () => (await import('./devices.js')).registerDevices },
  { name: 'report', summary: 'end of day X and Z reports, sales reports (text, JSON, CSV, PDF, printed)', load: async () => (await import('./report.js')).registerReport },
  { name: 'export', summary: 'journals for accounting software: hledger, XAF, DATEV, CSV', load: async () => (await import('./export.js')).registerExport },
  { name: 'audit', summary: 'the journal: every change, hash-chained, and the proof that nothing was altered', load: async () => (await import('./audit.js')).registerAudit },
];

/** The command tree for `argv`: the command being run in full, the others as their one-line summary. */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
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

  // The first word that is not an option (after --db PATH) names the command; `help X` means X.
  const words = argv.slice(2).filter((w, i, all) => !w.startsWith('-') && all[i - 1] !== '--db');
  const wanted = words[0] === 'help' ? words[1] : words[0];
  for (const c of COMMANDS) {
    if (c.name === wanted) (await c.load())(program);
    else program.command(c.name).description(c.summary);
  }

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
