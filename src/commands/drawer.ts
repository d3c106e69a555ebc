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
      const path = storePath(cmd);
      const r = await withStore(path, async (ctx) => {
        await selling.login(ctx, who);
        const n = openDrawerNoSale(ctx, who.actor, { reason: opts.reason, ...(opts.register ? { register: opts.register } : {}) });
        const [{ Till }, { loadSettings }, { previewFileOf }] = await Promise.all([
          import('../services/till.js'),
          import('../services/config.js'),
          import('../services/devices.js'),
        ]);
        const till = Till.open(ctx, loadSettings(ctx), { previewFile: previewFileOf(path) });
        try {
          const k = await till.kick();
          return { ...n, kicked: k.kicked, kickError: k.kickError ? { code: k.kickError.code, message: k.kickError.message, hint: k.kickError.hint ?? null } : null };
        } finally {
          await till.close();
        }
      });
      if (opts.json) printJson(r);
      else {
        const how = r.kicked === null ? ' (no drawer is configured: nothing was opened)' : r.kicked ? ', the drawer is open' : '';
        process.stdout.write(`no-sale ${r.id} recorded on register ${r.register}${how}\n`);
      }
      if (r.kickError) {
        process.stderr.write(`error: the drawer did not open: ${r.kickError.message}\nhint: ${r.kickError.hint ?? 'open it with the key'}\n`);
        process.exitCode = 1;
      }
    });
}
