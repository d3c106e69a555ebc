/**
 * What the selling commands (sell, cart, refund, drawer) share: who is acting
 * (PINs checked here, at the edge), payments and discounts as typed on the
 * command line, and the payment devices with the cashier's confirmations asked
 * on the terminal — or given with --confirmed when there is none.
 */
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { parseDiscount, type CartAction, type PaymentSpec } from '../core/cart.js';

export { parseDiscount };
import { KassaError } from '../core/errors.js';
import { formatAmount, parseAmount } from '../core/money.js';
import type { Settings } from '../core/settings.js';
import type { Actor } from '../services/approvals.js';
import type { Ctx } from '../services/context.js';
import type { CompletedSale, PaymentDevices } from '../services/sales.js';
import { readPin } from './pin-input.js';

export interface ActorOptions {
  cashier: string;
  pinFile?: string;
  approver?: string;
  approverPinFile?: string;
}

export function addActorOptions(cmd: Command, who = 'the cashier'): Command {
  return cmd
    .requiredOption('--cashier <id>', `${who} (see \`kassa users list\`)`)
    .option('--pin-file <file>', "the cashier's PIN from this file, or - for standard input")
    .option('--approver <id>', 'a manager who approves what a cashier may not do alone')
    .option('--approver-pin-file <file>', "the approver's PIN from this file, or - for standard input");
}

export function userId(text: string, flag: string): number {
  const id = Number(text);
  if (!Number.isSafeInteger(id) || id <= 0) throw new KassaError('USAGE', `${flag} "${text}" is not a user id`, 'see `kassa users list`');
  return id;
}

/** Read the PINs (before the store is opened: a prompt must not hold a lock). */
export async function readActorPins(opts: ActorOptions): Promise<{ actor: Actor; pin: string; approverPin: string | null }> {
  const actor: Actor = { userId: userId(opts.cashier, '--cashier'), approverId: opts.approver ? userId(opts.approver, '--approver') : null };
  if (opts.pinFile === '-' && opts.approverPinFile === '-') {
    throw new KassaError('USAGE', 'only one PIN can come from standard input', 'give the approver\'s PIN in a file: --approver-pin-file FILE');
  }
  const pin = await readPin(opts.pinFile, 'PIN: ');
  const approverPin = actor.approverId ? await readPin(opts.approverPinFile, 'Manager PIN: ', '--approver-pin-file') : null;
  return { actor, pin, approverPin };
}

/** Log the cashier (and the approver) in: wrong PINs are counted and journaled. */
export async function login(ctx: Ctx, a: { actor: Actor; pin: string; approverPin: string | null }): Promise<void> {
  const users = await import('../services/users.js');
  users.login(ctx, a.actor.userId, a.pin);
  if (a.actor.approverId && a.approverPin !== null) users.login(ctx, a.actor.approverId, a.approverPin);
}

export function parsePayment(text: string): PaymentSpec {
  const m = /^(cash|card|qr)(?::(.+))?$/.exec(text.trim());
  if (!m) throw new KassaError('USAGE', `--pay ${text}: not a payment`, 'write cash, cash:50.00, card, card:10.00, qr or qr:5.00');
  return { method: m[1] as PaymentSpec['method'], amountCents: m[2] === undefined ? null : parseAmount(m[2]) };
}

/** `N=VALUE` for a line: `--line-discount 2=10%`, `--price 3=1.50`. */
function lineValue(text: string, flag: string): [number, string] {
  const m = /^(\d+)=(.+)$/.exec(text.trim());
  if (!m) throw new KassaError('USAGE', `${flag} ${text}: expected LINE=VALUE`, `e.g. ${flag} 2=${flag === '--price' ? '1.50' : '10%'} (lines count from 1 in the order of the items)`);
  return [Number(m[1]), m[2]!];
}

export function editsFromOptions(opts: { discount?: string; lineDiscount?: string[]; price?: string[] }): CartAction[] {
  const edits: CartAction[] = [];
  for (const t of opts.price ?? []) {
    const [lineNo, v] = lineValue(t, '--price');
    edits.push({ type: 'price', lineNo, unitPriceCents: parseAmount(v) });
  }
  for (const t of opts.lineDiscount ?? []) {
    const [lineNo, v] = lineValue(t, '--line-discount');
    edits.push({ type: 'line_discount', lineNo, discount: parseDiscount(v) });
  }
  if (opts.discount) edits.push({ type: 'sale_discount', discount: parseDiscount(opts.discount) });
  return edits;
}

/** Ask the cashier yes or no on the terminal; --confirmed answers yes; without a terminal, say which flag to pass. */
async function cashierConfirms(question: string, confirmed: boolean | undefined): Promise<boolean> {
  if (confirmed) return true;
  if (!process.stdin.isTTY || !process.stderr.isTTY) {
    throw new KassaError('USAGE', `${question.replace(/\?.*$/, '')}: no terminal to ask the cashier`, 'pass --confirmed once the payment shows as approved');
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^(y|yes|j|ja)$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/**
 * Refuse before anything is charged when a payment will need the cashier's
 * confirmation and there is no terminal to ask: found only at the second
 * payment, the first would already have been taken from the customer's card.
 */
export function requireConfirmable(specs: readonly PaymentSpec[], settings: Settings, opts: { confirmed?: boolean }): void {
  if (opts.confirmed || (process.stdin.isTTY && process.stderr.isTTY)) return;
  const qr = specs.some((p) => p.method === 'qr');
  const manualCard = specs.some((p) => p.method === 'card') && settings['terminal.driver'] === 'manual';
  if (!qr && !manualCard) return;
  throw new KassaError(
    'USAGE',
    `${qr ? 'a QR transfer' : 'a card payment on the manual terminal'} needs the cashier's confirmation: no terminal to ask the cashier`,
    'pass --confirmed once the payment shows as approved',
  );
}

/** The payment terminal of the settings, with the cashier's confirmations asked here. */
export async function paymentDevices(settings: Settings, opts: { confirmed?: boolean }): Promise<PaymentDevices> {
  const [{ createPaymentTerminal }, { qrMatrix }, { renderQrHalfBlocks }] = await Promise.all([
    import('../devices/payment-terminal/index.js'),
    import('../core/qr-code.js'),
    import('../render/qr-text.js'),
  ]);
  const f = (c: number): string => formatAmount(c, settings.locale);
  const terminal = createPaymentTerminal(settings, {
    confirm: async (req) => ({
      approved: await cashierConfirms(`${req.kind === 'refund' ? 'Refund' : 'Payment'} of ${f(req.amountCents)} approved on the card terminal?`, opts.confirmed),
    }),
  });
  return {
    terminal,
    async confirmQr(qr) {
      if (process.stderr.isTTY) {
        process.stderr.write(`\n${renderQrHalfBlocks(qrMatrix(qr.payload, 'M')).join('\n')}\n  ${f(qr.amountCents)}  ${qr.reference}\n\n`);
      }
      return cashierConfirms(`Transfer of ${f(qr.amountCents)} received?`, opts.confirmed);
    },
    onStatus(s) {
      if (process.stderr.isTTY) process.stderr.write(`  ${s.message}\n`);
    },
  };
}

/**
 * After a sale is committed: open the drawer if cash moved, print the receipt.
 * A device that fails is said on stderr with what to do; the sale stands and
 * the command still succeeds.
 */
export async function afterCommit(ctx: Ctx, dbPath: string, sale: CompletedSale): Promise<void> {
  const [{ Till }, { loadSettings }, { previewFileOf }] = await Promise.all([
    import('../services/till.js'),
    import('../services/config.js'),
    import('../services/devices.js'),
  ]);
  const settings = loadSettings(ctx);
  if (settings['printer.address'] === 'none') return;
  const till = Till.open(ctx, { ...settings, 'register.id': sale.register }, { previewFile: previewFileOf(dbPath) });
  try {
    const r = await till.afterSale(sale);
    if (r.kickError) process.stderr.write(`warning: the drawer did not open: ${r.kickError.message}\nhint: ${r.kickError.hint ?? 'open it with the key'}\n`);
    if (r.print?.error) {
      process.stderr.write(`warning: receipt ${sale.receiptNo} not printed: ${r.print.error.message}\nhint: it waits in the print queue: fix the printer, then kassa devices retry\n`);
    }
  } finally {
    await till.close();
  }
}
