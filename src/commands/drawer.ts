import type { Command } from 'commander';
import * as selling from './selling.js';
import { printJson, storePath, withStore } from './shared.js';

export function registerDrawer(program: Command): void {
  selling
    .addActorOptions(
      program
        .command('drawer')
        .description('the cash drawer')
        .command('open')
        .description('open the drawer without a sale (a manager\'s decision, journaled)'),
    )
    .requiredOption('--reason <text>', 'why, for the journal and the Z report')
    .option('--register <id>', 'the till (default: the setting register.id)')
    .option('--json', 'print what was recorded as JSON')
    .addHelpText('after', '\nExamples:\n  $ kassa drawer open --cashier 2 --pin-file mgr.txt --reason "change for the market stall"')
    .action(async (opts: selling.ActorOptions & { reason: string; register?: string; json?: boolean }, cmd: Command) => {
      const { openDrawerNoSale } = await import('../services/drawer.js');
      const who = await selling.readActorPins(opts);
      const r = await withStore(storePath(cmd), async (ctx) => {
        await selling.login(ctx, who);
        return openDrawerNoSale(ctx, who.actor, { reason: opts.reason, ...(opts.register ? { register: opts.register } : {}) });
      });
      if (opts.json) return printJson(r);
      process.stdout.write(`no-sale ${r.id} recorded on register ${r.register}${r.kicked ? '' : ' (no drawer is configured: nothing was opened)'}\n`);
    });
}
