import type { Command } from 'commander';
import type { Locale } from '../core/money.js';
import type { CompletedSale } from '../services/sales.js';
import * as selling from './selling.js';
import { collect, printJson, storePath, withStore } from './shared.js';

/** One line for a person: receipt, total, how it was paid, change. */
export async function printSale(sale: CompletedSale, locale: Locale): Promise<void> {
  const { formatAmount } = await import('../core/money.js');
  const f = (c: number): string => formatAmount(c, locale);
  const paid = sale.payments
    .map((p) => `${p.method} ${f(p.amountCents)}${p.method === 'card' && p.maskedPan ? ` (${p.brand ?? 'card'} ${p.maskedPan})` : ''}`)
    .join(' + ');
  process.stdout.write(
    `${sale.receiptNo}${sale.kind === 'refund' ? ` refund of ${sale.originalReceiptNo ?? 'a return without receipt'}` : ''}: ` +
      `${sale.lines.length} ${sale.lines.length === 1 ? 'line' : 'lines'}, total ${f(sale.totalCents)}, paid ${paid}` +
      `${sale.roundingCents ? ` (rounding ${f(sale.roundingCents)})` : ''}, change ${f(sale.changeCents)}\n`,
  );
}

export function registerSell(program: Command): void {
  selling.addActorOptions(
    program
      .command('sell <items...>')
      .description('sell from a script: ITEM is [QUANTITY*]CODE; paid in cash, by card, by QR transfer, or split'),
  )
    .option('--pay <payment>', 'cash[:HANDED_OVER], card[:AMOUNT] or qr[:AMOUNT]; repeat to split; one without amount pays the rest', collect, [])
    .option('--discount <discount>', 'a discount on the whole sale: 10% or 2.50')
    .option('--line-discount <line=discount>', 'a discount on one line (lines count from 1): 2=10% or 2=0.50', collect, [])
    .option('--price <line=amount>', 'sell a line at another price (needs a manager): 3=1.50', collect, [])
    .option('--confirmed', 'the card payment (manual terminal) or QR transfer has been seen approved: do not ask')
    .option('--register <id>', 'the till (default: the setting register.id)')
    .option('--json', 'print the completed sale as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ echo 4821 | kassa sell 8712439011619 2*BROOD-002 0.350*KAAS-001 --cashier 1 --pin-file - --pay cash:20.00
  $ kassa sell KOEK-001 --cashier 1 --pin-file pin.txt --pay card --json
  $ kassa sell 3*KOEK-001 --cashier 1 --pin-file pin.txt --pay card:2.00 --pay cash:5.00
  $ kassa sell 0.500*KAAS-001 --cashier 1 --pin-file pin.txt --discount 20% --approver 2 --approver-pin-file mgr.txt

A discount above the setting discount.approvalAbovePercent, a price override
and voids after a payment need a manager: the cashier is one, or --approver.`,
    )
    .action(async (items: string[], opts: SellOptions, cmd: Command) => {
      const [{ parseItemSpec }, { loadSettings }, { sell }] = await Promise.all([
        import('../core/receipt.js'),
        import('../services/config.js'),
        import('../services/sales.js'),
      ]);
      const parsed = items.map(parseItemSpec);
      const payments = (opts.pay.length ? opts.pay : ['cash']).map(selling.parsePayment);
      const edits = selling.editsFromOptions(opts);
      const who = await selling.readActorPins(opts);
      const [sale, locale] = await withStore(storePath(cmd), async (ctx) => {
        const settings = loadSettings(ctx);
        selling.requireConfirmable(payments, settings, opts);
        await selling.login(ctx, who);
        const devices = payments.some((p) => p.method !== 'cash') ? await selling.paymentDevices(settings, opts) : null;
        const input = {
          cashierId: who.actor.userId,
          approverId: who.actor.approverId ?? null,
          items: parsed,
          edits,
          payments,
          ...(opts.register ? { register: opts.register } : {}),
        };
        // The terminal's connection is let go whatever happens: an open socket would keep the command running.
        const sale = await sell(ctx, input, devices).finally(() => devices?.terminal.close?.());
        await selling.afterCommit(ctx, storePath(cmd), sale);
        return [sale, settings.locale] as const;
      });
      if (opts.json) return printJson(sale);
      await printSale(sale, locale);
    });
}

interface SellOptions extends selling.ActorOptions {
  pay: string[];
  discount?: string;
  lineDiscount: string[];
  price: string[];
  confirmed?: boolean;
  register?: string;
  json?: boolean;
}

export function registerSales(program: Command): void {
  const sales = program
    .command('sales')
    .description('completed sales and refunds')
    .addHelpText('after', '\nExamples:\n  $ kassa sales list --from 2026-11-01 --to 2026-11-30\n  $ kassa sales show R1-000123 --json');
  sales
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
      await printSale(sale, locale);
    });
  sales
    .command('list')
    .description('sales and refunds by business day, oldest first')
    .option('--from <date>', 'first business day, YYYY-MM-DD (default: today)')
    .option('--to <date>', 'last business day, YYYY-MM-DD (default: --from)')
    .option('--register <id>', 'only this till')
    .option('--json', 'print the sales as JSON (an array of what `sales show --json` prints)')
    .action(async (opts: { from?: string; to?: string; register?: string; json?: boolean }, cmd: Command) => {
      const [{ listSales, businessDayNow }, { loadSettings }, { formatAmount }, { parseDay }] = await Promise.all([
        import('../services/sales.js'),
        import('../services/config.js'),
        import('../core/money.js'),
        import('./dates.js'),
      ]);
      const [rows, locale] = await withStore(storePath(cmd), (ctx) => {
        const settings = loadSettings(ctx);
        const from = opts.from ? parseDay(opts.from, '--from') : businessDayNow(ctx, settings).day;
        const to = opts.to ? parseDay(opts.to, '--to') : from;
        return [listSales(ctx, { from, to, register: opts.register ?? null }), settings.locale] as const;
      });
      if (opts.json) return printJson(rows);
      for (const s of rows) {
        const time = s.completedAt.slice(11, 16);
        const methods = [...new Set(s.payments.map((p) => p.method))].join('+');
        process.stdout.write(
          `${s.receiptNo}  ${s.businessDay} ${time}Z  ${s.kind === 'refund' ? 'refund' : 'sale  '}  ${formatAmount(s.totalCents, locale).padStart(12)}  ${methods}\n`,
        );
      }
      if (!rows.length) process.stderr.write('no sales in that period\n');
    });
}
