import type { Command } from 'commander';
import { printSale } from './sell.js';
import * as selling from './selling.js';
import { collect, printJson, storePath, withStore } from './shared.js';

interface RefundOptions extends selling.ActorOptions {
  receipt?: string;
  item: string[];
  pay: string[];
  confirmed?: boolean;
  register?: string;
  json?: boolean;
}

export function registerRefund(program: Command): void {
  selling
    .addActorOptions(program.command('refund').description('money back for goods returned: against a receipt, or without one (a blind return)'))
    .option('--receipt <receipt>', 'the original receipt, e.g. R1-000123 (without: a return without receipt)')
    .option('--item <item>', '[QUANTITY*]CODE coming back; repeat; without --item: everything on the receipt not yet refunded', collect, [])
    .option('--pay <payment>', 'how the money goes back (default: the way it was paid; card to the card, the rest cash)', collect, [])
    .option('--confirmed', 'the card refund (manual terminal) has been seen approved: do not ask')
    .option('--register <id>', 'the till (default: the setting register.id)')
    .option('--json', 'print the refund as JSON (kind "refund", negative amounts)')
    .addHelpText(
      'after',
      `
Examples:
  $ kassa refund --receipt R1-000123 --cashier 2 --pin-file mgr.txt
  $ kassa refund --receipt R1-000123 --item 2*KOEK-001 --cashier 1 --pin-file pin.txt --approver 2 --approver-pin-file mgr.txt
  $ kassa refund --item KOEK-001 --cashier 2 --pin-file mgr.txt --pay cash

A refund needs a manager: the cashier is one, or --approver. Never more comes
back than was sold minus what earlier refunds returned.`,
    )
    .action(async (opts: RefundOptions, cmd: Command) => {
      const [{ parseItemSpec }, { loadSettings }, { refund }] = await Promise.all([
        import('../core/receipt.js'),
        import('../services/config.js'),
        import('../services/refunds.js'),
      ]);
      const items = opts.item.map(parseItemSpec);
      const payments = opts.pay.map(selling.parsePayment);
      const who = await selling.readActorPins(opts);
      const [sale, locale] = await withStore(storePath(cmd), async (ctx) => {
        await selling.login(ctx, who);
        const settings = loadSettings(ctx);
        const input = {
          cashierId: who.actor.userId,
          approverId: who.actor.approverId ?? null,
          receipt: opts.receipt ?? null,
          items,
          payments,
          ...(opts.register ? { register: opts.register } : {}),
        };
        const devices = await selling.paymentDevices(settings, opts);
        const sale = await refund(ctx, input, devices).finally(() => devices.terminal.close?.());
        await selling.afterCommit(ctx, storePath(cmd), sale);
        return [sale, settings.locale] as const;
      });
      if (opts.json) return printJson(sale);
      await printSale(sale, locale);
    });
}
