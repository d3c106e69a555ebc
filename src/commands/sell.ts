import type { Command } from 'commander';
import { KassaError } from '../core/errors.js';
import { printJson, storePath, withStore } from './shared.js';

export function registerSell(program: Command): void {
  program
    .command('sell <items...>')
    .description('sell from a script: ITEM is [QUANTITY*]CODE; paid in cash (card and QR come with the terminal drivers)')
    .requiredOption('--cashier <id>', 'the cashier (see `kassa users list`)')
    .option('--pin-file <file>', "the cashier's PIN from this file, or - for standard input")
    .option('--pay <payment>', 'cash, or cash:AMOUNT for what the customer hands over', 'cash')
    .option('--register <id>', 'the till (default: the setting register.id)')
    .option('--json', 'print the completed sale as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ echo 4821 | kassa sell 8712439011619 2*BROOD-002 0.350*KAAS-001 --cashier 1 --pin-file - --pay cash:20.00
  $ kassa sell KOEK-001 --cashier 1 --pin-file pin.txt --json`,
    )
    .action(
      async (
        items: string[],
        opts: { cashier: string; pinFile?: string; pay: string; register?: string; json?: boolean },
        cmd: Command,
      ) => {
        const [{ readPin }, { parseItemSpec }, { parseAmount }, { login }, { completeCashSale }] = await Promise.all([
          import('./pin-input.js'),
          import('../core/receipt.js'),
          import('../core/money.js'),
          import('../services/users.js'),
          import('../services/sales.js'),
        ]);
        const cashierId = Number(opts.cashier);
        if (!Number.isSafeInteger(cashierId) || cashierId <= 0) {
          throw new KassaError('USAGE', `--cashier "${opts.cashier}" is not a user id`, 'see `kassa users list`');
        }
        const m = /^cash(?::(.+))?$/.exec(opts.pay);
        if (!m) throw new KassaError('USAGE', `--pay ${opts.pay}: this version takes cash or cash:AMOUNT`, 'card and QR come with the payment terminal drivers');
        const tenderedCents = m[1] === undefined ? null : parseAmount(m[1]);
        const parsed = items.map(parseItemSpec);
        const pin = await readPin(opts.pinFile, 'PIN: ');
        const { loadSettings } = await import('../services/config.js');
        const [sale, locale] = await withStore(storePath(cmd), (ctx) => {
          login(ctx, cashierId, pin);
          const done = completeCashSale(ctx, {
            cashierId,
            items: parsed,
            payments: [{ method: 'cash', tenderedCents }],
            ...(opts.register ? { register: opts.register } : {}),
          });
          return [done, loadSettings(ctx).locale] as const;
        });
        if (opts.json) return printJson(sale);
        const { formatAmount } = await import('../core/money.js');
        const paid = sale.payments.reduce((a, p) => a + p.amountCents, 0);
        process.stdout.write(
          `${sale.receiptNo}: ${sale.lines.length} lines, total ${formatAmount(sale.totalCents, locale)}` +
            `${sale.roundingCents ? `, rounded to ${formatAmount(paid, locale)}` : ''}, change ${formatAmount(sale.changeCents, locale)}\n`,
        );
      },
    );

}

export function registerSales(program: Command): void {
  program
    .command('sales')
    .description('completed sales')
    .command('show <receipt>')
    .description('one sale by its receipt number (R1-000123)')
    .option('--json', 'print the sale as JSON (the same as `kassa sell --json`)')
    .action(async (receipt: string, opts: { json?: boolean }, cmd: Command) => {
      const [{ showSale }, { loadSettings }, { formatAmount }, { formatQuantity }] = await Promise.all([
        import('../services/sales.js'),
        import('../services/config.js'),
        import('../core/money.js'),
        import('../core/quantity.js'),
      ]);
      const [sale, locale] = await withStore(storePath(cmd), (ctx) => [showSale(ctx, receipt), loadSettings(ctx).locale] as const);
      if (opts.json) return printJson(sale);
      for (const l of sale.lines) {
        process.stdout.write(`${formatQuantity(l.qtyMilli, locale)} × ${l.name}  ${formatAmount(l.lineTotalCents, locale)}\n`);
      }
      process.stdout.write(`total ${formatAmount(sale.totalCents, locale)}  ${sale.receiptNo}  ${sale.completedAt}\n`);
    });
}
