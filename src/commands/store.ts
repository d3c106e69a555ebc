import type { Command } from 'commander';
import { globals, printJson, resolveDbPath, withStore } from './shared.js';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('create a store, or bring an existing one up to date (nothing is lost)')
    .option('--store-name <name>', 'the shop name on receipts')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExamples:\n  $ kassa init --store-name "Bakkerij Jansen"\n  $ kassa --db /var/lib/kassa/till1.db init')
    .action(async (opts: { storeName?: string; json?: boolean }, cmd: Command) => {
      const { initStore } = await import('../services/store.js');
      const path = resolveDbPath(globals(cmd));
      const result = initStore(path, opts.storeName);
      if (opts.json) return printJson(result);
      const verb = result.created ? 'Created' : result.migratedFrom < result.schemaVersion ? 'Upgraded' : 'Opened';
      process.stdout.write(
        `${verb} store "${result.storeName}" at ${result.path} (schema version ${result.schemaVersion}, ${result.products} products)\n`,
      );
    });
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('create or open the demo store (a Dutch corner shop) and show what to try')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExamples:\n  $ kassa demo\n  $ npm start')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const g = globals(cmd);
      // KASSA_DB names the shop's real store: the demo never uses it, only --db or its own file.
      const path = g.db ?? resolveDbPath({}, { ...process.env, KASSA_DB: '' }, 'demo.db');
      const { openDemo } = await import('../services/demo.js');
      const result = await withStore(path, (ctx) => openDemo(ctx, path), { create: true });
      if (opts.json) return printJson(result);
      const q = path.includes(' ') ? `"${path}"` : path;
      process.stdout.write(
        `${result.seeded ? 'Created' : 'Opened'} the demo store "${result.storeName}" at ${path}: ${result.products} products.

Try next:
  kassa --db ${q} products list
  kassa --db ${q} products search kaas
  kassa --db ${q} products show ${result.exampleBarcode}
  kassa --db ${q} config list
  kassa --db ${q} products export -o catalogue.csv

In this folder, kassa is "npx kassa" (or "node bin/kassa.js"; "npm link" puts it on your PATH).
The checkout screen comes with a later release; until then this store is for the admin commands.
`,
      );
    });
}
