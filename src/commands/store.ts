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
    .description('create or open the demo store (a Dutch corner shop) and open its checkout')
    .option('--no-checkout', 'only create or open the store, and show what to try')
    .option('--lang <lang>', 'the checkout in nl or en (default: nl, the demo store is Dutch)')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExamples:\n  $ kassa demo\n  $ npm start\n  $ kassa demo --no-checkout')
    .action(async (opts: { checkout: boolean; lang?: string; json?: boolean }, cmd: Command) => {
      const g = globals(cmd);
      // KASSA_DB names the shop's real store: the demo never uses it, only --db or its own file.
      const path = g.db ?? resolveDbPath({}, { ...process.env, KASSA_DB: '' }, 'demo.db');
      const { openDemo } = await import('../services/demo.js');
      const result = await withStore(path, (ctx) => openDemo(ctx, path), { create: true });
      if (opts.json) return printJson(result);
      const q = path.includes(' ') ? `"${path}"` : path;
      const staff = result.users.map((u) => `${u.name} (${u.role}): number ${u.id}, PIN ${u.pin}`).join('; ');
      const intro = `${result.seeded ? 'Created' : 'Opened'} the demo store "${result.storeName}" at ${path}: ${result.products} products. Staff: ${staff}.`;
      if (opts.checkout && process.stdin.isTTY && process.stdout.isTTY) {
        const { runCheckout } = await (await import('./checkout.js')).loadCheckout();
        const { previewFileOf } = await import('../services/devices.js');
        await withStore(path, (ctx) => runCheckout(ctx, { lang: opts.lang === 'en' ? 'en' : 'nl', previewFile: previewFileOf(path) }));
        process.stdout.write(`${intro}\nThe sales are in the store: kassa --db ${q} sales list\n`);
        return;
      }
      process.stdout.write(
        `${intro}

Try next:
  kassa --db ${q} checkout                      the till (log in as ${result.users[0]?.id ?? 1} with PIN ${result.users[0]?.pin ?? '1234'})
  kassa --db ${q} products search kaas
  kassa --db ${q} products show ${result.exampleBarcode}
  kassa --db ${q} config list

In this folder, kassa is "npx kassa" (or "node bin/kassa.js"; "npm link" puts it on your PATH).
`,
      );
    });
}
