import type { Command } from 'commander';
import { KassaError } from '../core/errors.js';
import type { Locale } from '../core/money.js';
import type { CartChange, CartView } from '../services/carts.js';
import type { Actor } from '../services/approvals.js';
import type { Ctx } from '../services/context.js';
import { printSale } from './sell.js';
import * as selling from './selling.js';
import { collect, printJson, storePath, withStore } from './shared.js';

async function printCart(c: CartView, locale: Locale): Promise<void> {
  const [{ formatAmount }, { formatQuantity }, { fit }] = await Promise.all([import('../core/money.js'), import('../core/quantity.js'), import('./output.js')]);
  const f = (x: number): string => formatAmount(x, locale);
  const out = [`cart ${c.cartId} (${c.status}) on register ${c.register}`];
  for (const l of c.lines) {
    const text = `${String(l.lineNo).padStart(3)}  ${fit(l.name, 30)} ${fit(formatQuantity(l.qtyMilli, locale), 8, 'right')} ${fit(f(l.lineTotalCents), 11, 'right')}`;
    out.push(l.voided ? `${text}  voided` : l.discountCents ? `${text}  -${f(l.discountCents)}` : text);
  }
  out.push(`total ${f(c.totalCents)}, paid ${f(c.paidCents)}, to pay ${f(c.dueCents)}`);
  process.stdout.write(out.join('\n') + '\n');
}

function cartId(text: string): number {
  const id = Number(text);
  if (!Number.isSafeInteger(id) || id <= 0) throw new KassaError('USAGE', `"${text}" is not a cart number`, 'see `kassa cart list`');
  return id;
}

function lineNo(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n <= 0) throw new KassaError('USAGE', `"${text}" is not a line number`, 'lines count from 1: see `kassa cart show ID`');
  return n;
}

/** Log in, run one change, print the cart. */
async function act(
  cmd: Command,
  opts: selling.ActorOptions & { json?: boolean },
  fn: (ctx: Ctx, actor: Actor) => CartView | Promise<CartView>,
): Promise<void> {
  const { loadSettings } = await import('../services/config.js');
  const who = await selling.readActorPins(opts);
  const [view, locale] = await withStore(storePath(cmd), async (ctx) => {
    await selling.login(ctx, who);
    return [await fn(ctx, who.actor), loadSettings(ctx).locale] as const;
  });
  if (opts.json) return printJson(view);
  await printCart(view, locale);
}

export function registerCart(program: Command): void {
  const cart = program
    .command('cart')
    .description('a sale step by step, as the checkout makes it: scan, change, park, resume, cancel, pay')
    .addHelpText(
      'after',
      `
Examples:
  $ kassa cart new --cashier 1 --pin-file pin.txt             # prints the cart number, e.g. 7
  $ kassa cart add 7 8712439011619 2*BROOD-002 --cashier 1 --pin-file pin.txt
  $ kassa cart discount 7 10% --line 2 --cashier 1 --pin-file pin.txt
  $ kassa cart park 7 --cashier 1 --pin-file pin.txt
  $ kassa cart resume 7 --cashier 3 --pin-file pin3.txt
  $ kassa cart pay 7 --pay card:5.00 --pay cash:20.00 --cashier 3 --pin-file pin3.txt
  $ kassa cart cancel 7 --cashier 1 --pin-file pin.txt --approver 2 --approver-pin-file mgr.txt`,
    );
  const verb = (name: string, description: string): Command => selling.addActorOptions(cart.command(name).description(description)).option('--json', 'print the cart as JSON');

  verb('new', 'start a sale')
    .option('--register <id>', 'the till (default: the setting register.id)')
    .action(async (opts: selling.ActorOptions & { register?: string; json?: boolean }, cmd: Command) => {
      const { openCart } = await import('../services/carts.js');
      await act(cmd, opts, (ctx, actor) => openCart(ctx, { cashierId: actor.userId, ...(opts.register ? { register: opts.register } : {}) }));
    });

  const change = async (cmd: Command, opts: selling.ActorOptions & { json?: boolean }, id: string, changes: CartChange[]): Promise<void> => {
    const { changeCart, viewCart } = await import('../services/carts.js');
    await act(cmd, opts, (ctx, actor) => {
      for (const c of changes) changeCart(ctx, cartId(id), actor, c);
      return viewCart(ctx, cartId(id));
    });
  };

  verb('add', 'scan or type items: [QUANTITY*]CODE')
    .argument('<cart>')
    .argument('<items...>')
    .action(async (id: string, items: string[], opts: selling.ActorOptions, cmd: Command) => {
      const { parseItemSpec } = await import('../core/receipt.js');
      await change(cmd, opts, id, items.map((t) => ({ type: 'scan', item: parseItemSpec(t) })));
    });
  verb('qty', "change a line's quantity (lowering it after a payment needs a manager)")
    .argument('<cart>')
    .argument('<line>')
    .argument('<quantity>')
    .action(async (id: string, line: string, qty: string, opts: selling.ActorOptions, cmd: Command) => {
      const { parseQuantity } = await import('../core/quantity.js');
      await change(cmd, opts, id, [{ type: 'quantity', lineNo: lineNo(line), qtyMilli: parseQuantity(qty) }]);
    });
  verb('void', 'void a line (after a payment: a manager)')
    .argument('<cart>')
    .argument('<line>')
    .action(async (id: string, line: string, opts: selling.ActorOptions, cmd: Command) => {
      await change(cmd, opts, id, [{ type: 'void', lineNo: lineNo(line) }]);
    });
  verb('discount', 'a discount on the sale, or with --line on one line: 10% or 2.50; 0 removes it')
    .argument('<cart>')
    .argument('<discount>')
    .option('--line <n>', 'the line to discount (default: the whole sale)')
    .action(async (id: string, text: string, opts: selling.ActorOptions & { line?: string }, cmd: Command) => {
      const d = selling.parseDiscount(text);
      const none = ('percentBp' in d ? d.percentBp : d.amountCents) === 0;
      await change(cmd, opts, id, [
        opts.line === undefined
          ? { type: 'sale_discount', discount: none ? null : d }
          : { type: 'line_discount', lineNo: lineNo(opts.line), discount: none ? null : d },
      ]);
    });
  verb('price', 'sell a line at another price (a manager)')
    .argument('<cart>')
    .argument('<line>')
    .argument('<amount>')
    .action(async (id: string, line: string, amount: string, opts: selling.ActorOptions, cmd: Command) => {
      const { parseAmount } = await import('../core/money.js');
      await change(cmd, opts, id, [{ type: 'price', lineNo: lineNo(line), unitPriceCents: parseAmount(amount) }]);
    });
  for (const [name, description] of [
    ['park', 'put the sale aside to serve the next customer'],
    ['resume', 'take a parked sale up again (whoever resumes it sells it on)'],
    ['cancel', 'cancel the whole sale (a manager)'],
  ] as const) {
    verb(name, description)
      .argument('<cart>')
      .action(async (id: string, opts: selling.ActorOptions, cmd: Command) => {
        const carts = await import('../services/carts.js');
        const fn = name === 'park' ? carts.parkCart : name === 'resume' ? carts.resumeCart : carts.cancelCart;
        await act(cmd, opts, (ctx, actor) => fn(ctx, cartId(id), actor));
      });
  }
  verb('pay', 'take payments; cash, or a payment without amount, settles the rest and completes the sale')
    .argument('<cart>')
    .option('--pay <payment>', 'cash[:HANDED_OVER], card[:AMOUNT] or qr[:AMOUNT]; repeat to split', collect, [])
    .option('--confirmed', 'the card payment (manual terminal) or QR transfer has been seen approved: do not ask')
    .action(async (id: string, opts: selling.ActorOptions & { pay: string[]; confirmed?: boolean; json?: boolean }, cmd: Command) => {
      const [{ payCart }, { loadSettings }] = await Promise.all([import('../services/carts.js'), import('../services/config.js')]);
      const specs = (opts.pay.length ? opts.pay : ['cash']).map(selling.parsePayment);
      const who = await selling.readActorPins(opts);
      const [r, locale] = await withStore(storePath(cmd), async (ctx) => {
        const settings = loadSettings(ctx);
        selling.requireConfirmable(specs, settings, opts);
        await selling.login(ctx, who);
        const devices = specs.some((p) => p.method !== 'cash') ? await selling.paymentDevices(settings, opts) : null;
        const paid = await payCart(ctx, cartId(id), who.actor, specs, devices).finally(() => devices?.terminal.close?.());
        if (paid.sale) await selling.afterCommit(ctx, storePath(cmd), paid.sale);
        return [paid, settings.locale] as const;
      });
      if (opts.json) return printJson(r);
      if (r.sale) await printSale(r.sale, locale);
      else await printCart(r.cart, locale);
    });

  cart
    .command('show <cart>')
    .description('a cart with its lines, total and what is left to pay')
    .option('--json', 'print the cart as JSON')
    .action(async (id: string, opts: { json?: boolean }, cmd: Command) => {
      const [{ viewCart }, { loadSettings }] = await Promise.all([import('../services/carts.js'), import('../services/config.js')]);
      const [view, locale] = await withStore(storePath(cmd), (ctx) => [viewCart(ctx, cartId(id)), loadSettings(ctx).locale] as const);
      if (opts.json) return printJson(view);
      await printCart(view, locale);
    });
  cart
    .command('list')
    .description('open and parked sales of the register')
    .option('--register <id>', 'the till (default: the setting register.id)')
    .option('--json', 'print the carts as JSON')
    .action(async (opts: { register?: string; json?: boolean }, cmd: Command) => {
      const [{ listCarts }, { loadSettings }, { formatAmount }] = await Promise.all([
        import('../services/carts.js'),
        import('../services/config.js'),
        import('../core/money.js'),
      ]);
      const [rows, locale] = await withStore(storePath(cmd), (ctx) => [listCarts(ctx, opts.register ? { register: opts.register } : {}), loadSettings(ctx).locale] as const);
      if (opts.json) return printJson(rows);
      for (const c of rows) {
        process.stdout.write(`${String(c.cartId).padStart(5)}  ${c.status.padEnd(7)}  ${String(c.lines.filter((l) => !l.voided).length).padStart(3)} lines  ${formatAmount(c.totalCents, locale).padStart(12)}\n`);
      }
      if (!rows.length) process.stderr.write('no open or parked sales\n');
    });
}
