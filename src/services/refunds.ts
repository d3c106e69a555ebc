/**
 * Refunds: a sale of kind `refund` with its own receipt number, negative
 * amounts and quantities, stock coming back. Against a receipt it never returns
 * more than was sold minus what earlier refunds returned, at what the customer
 * paid for it (discounts included), and pays back by the original methods.
 * Every refund needs a manager; one without a receipt is a blind return.
 */
import { randomUUID } from 'node:crypto';
import { activeLines, applyCartAction, cartTotals, emptyCart, planPayments, type Cart, type ManagerAction, type NewLine, type PaymentSpec, type PlannedPayment } from '../core/cart.js';
import { KassaError } from '../core/errors.js';
import { distribute, vatOnTop } from '../core/sale.js';
import { mulDivRoundHalfUp } from '../core/money.js';
import { deleteCart, reservedRefundQuantities } from '../db/carts.js';
import { linesOf, paymentsOf, refundedByMethod, refundedQuantities } from '../db/sales.js';
import { userById } from '../db/users.js';
import { checkApproval, type Actor } from './approvals.js';
import { resolveScan } from './products.js';
import { loadSettings } from './config.js';
import type { Ctx } from './context.js';
import {
  checkPayable,
  lineForItem,
  payAndCommit,
  storeCart,
  policyOf,
  saleOf,
  type CompletedSale,
  type PaymentDevices,
  type PreparedSale,
  type SaleItem,
} from './sales.js';

export interface RefundInput {
  register?: string;
  cashierId: number;
  approverId?: number | null;
  /** The original receipt; null for a blind return (priced from the catalogue). */
  receipt: string | null;
  /** What comes back; empty with a receipt: everything not yet refunded. */
  items: SaleItem[];
  /** How the money goes back; empty: the original methods (card to card, the rest in cash). */
  payments: PaymentSpec[];
}

export function prepareRefund(ctx: Ctx, input: RefundInput): { prep: PreparedSale; specs: PaymentSpec[] } {
  const settings = loadSettings(ctx);
  let policy = policyOf(settings);
  let recheck: (() => void) | undefined;
  let prepared: PreparedSale | null = null;
  const cartIdOf = (): number | null => prepared?.cartId ?? null;
  if (!userById(ctx.db, input.cashierId)) throw new KassaError('USER_NOT_FOUND', `no user with id ${input.cashierId}`, 'see `kassa users list`');
  const needs = new Set<ManagerAction>([input.receipt === null ? 'blind_refund' : 'refund']);
  const actor: Actor = { userId: input.cashierId, approverId: input.approverId ?? null };
  const approvedBy = checkApproval(ctx, actor, needs);
  let cart: Cart = emptyCart('refund');
  let originalSaleId: number | null = null;
  let specs = input.payments;
  const add = (line: { type: 'add'; line: NewLine }): void => {
    cart = applyCartAction(cart, line, policy).cart;
  };

  if (input.receipt === null) {
    if (input.items.length === 0) throw new KassaError('USAGE', 'a return without a receipt needs the items', 'kassa refund --item CODE --approver ID ...');
    for (const item of input.items) {
      const l = lineForItem(ctx, item);
      add({ type: 'add', line: { ...l, qtyMilli: -l.qtyMilli } });
    }
    if (specs.length === 0) specs = [{ method: 'cash', amountCents: null }];
  } else {
    const original = saleOf(ctx, input.receipt);
    if (original.kind !== 'sale') throw new KassaError('USAGE', `${input.receipt} is itself a refund`, 'give the receipt of the sale');
    originalSaleId = original.id;
    const lines = linesOf(ctx.db, original.id);
    const paid = paidPerLine(lines, original.pricesIncludeVat);
    // Refunded already, and held back by refunds in progress on other tills.
    const done = sumMaps(refundedQuantities(ctx.db, original.id), reservedRefundQuantities(ctx.db, original.id, null));
    const left = new Map(lines.map((l) => [l.lineNo, l.qtyMilli - (done.get(l.lineNo) ?? 0)]));
    // What to return, per original line: everything left, or the items asked for.
    const take = new Map<number, number>();
    if (input.items.length === 0) {
      for (const [n, q] of left) if (q > 0) take.set(n, q);
      if (take.size === 0) throw new KassaError('NOTHING_TO_REFUND', `everything on ${input.receipt} has been refunded already`, 'see `kassa sales list`');
    }
    for (const item of input.items) {
      const scan = resolveScan(ctx, item.code);
      // The very label scanned at the sale first (a weighed pack), then any line of the product.
      const exact = lines.filter((l) => l.code === item.code);
      const matching = exact.length ? exact : lines.filter((l) => l.productId === scan?.product.id);
      if (matching.length === 0) throw new KassaError('NOT_ON_RECEIPT', `${item.code} is not on ${input.receipt}`, 'check the receipt, or make a return without a receipt (manager)');
      const available = matching.reduce((a, l) => a + (left.get(l.lineNo) ?? 0) - (take.get(l.lineNo) ?? 0), 0);
      // Without a quantity: the weight on the label, one piece, or all of a weighed product.
      let want = item.qtyMilli ?? scan?.qtyMilli ?? (matching[0]!.unit === 'kg' ? available : 1000);
      if (want > available || available <= 0) {
        throw new KassaError('REFUND_TOO_MUCH', `${input.receipt} has ${available / 1000} of ${item.code} left to refund, not ${want / 1000}`, 'refund at most what was sold and not yet refunded');
      }
      for (const l of matching) {
        const can = (left.get(l.lineNo) ?? 0) - (take.get(l.lineNo) ?? 0);
        const n = Math.min(can, want);
        if (n > 0) take.set(l.lineNo, (take.get(l.lineNo) ?? 0) + n);
        want -= n;
      }
    }
    lines.forEach((l, i) => {
      const q = take.get(l.lineNo);
      if (!q) return;
      // At what the customer paid, VAT included: the line's share for the
      // quantity, each part the difference of running totals, so that the parts
      // add up to the sale exactly whatever the rounding.
      const before = done.get(l.lineNo) ?? 0;
      const amount = mulDivRoundHalfUp(paid[i]!, before + q, l.qtyMilli) - mulDivRoundHalfUp(paid[i]!, before, l.qtyMilli);
      add({
        type: 'add',
        line: {
          productId: l.productId,
          code: l.code,
          name: l.name,
          unit: l.unit,
          qtyMilli: -q,
          unitPriceCents: l.unitPriceCents,
          listPriceCents: l.unitPriceCents,
          vatCode: l.vatCode,
          vatBp: l.vatBp,
          originalLineNo: l.lineNo,
          fixedTotalCents: amount,
        },
      });
    });
    // The amounts are VAT included, whatever the store's setting.
    policy = { ...policy, pricesIncludeVat: true };
    recheck = () => {
      const sold = new Map(lines.map((l) => [l.lineNo, l.qtyMilli]));
      const now = sumMaps(refundedQuantities(ctx.db, original.id), reservedRefundQuantities(ctx.db, original.id, cartIdOf()));
      for (const l of activeLines(cart)) {
        const n = l.originalLineNo!;
        if ((now.get(n) ?? 0) + -l.qtyMilli > (sold.get(n) ?? 0)) {
          throw new KassaError('REFUND_TOO_MUCH', `line ${n} of ${input.receipt} was refunded on another till meanwhile`, 'see `kassa sales list`; refund what is left');
        }
      }
    };
    if (specs.length === 0) specs = originalMethods(ctx, original.id, -cartTotals(cart, policy).totalCents);
  }
  prepared = {
    settings,
    policy,
    uuid: randomUUID(),
    register: input.register ?? settings['register.id'],
    actor,
    cart,
    originalSaleId,
    events: [],
    needs,
    approvedBy,
    cartId: null,
    ...(recheck ? { recheck } : {}),
  };
  return { prep: prepared, specs };
}

function sumMaps(a: Map<number, number>, b: Map<number, number>): Map<number, number> {
  const out = new Map(a);
  for (const [k, v] of b) out.set(k, (out.get(k) ?? 0) + v);
  return out;
}

/**
 * What the customer paid per line, VAT included. With prices including VAT that
 * is the line total; in a tax-exclusive store each rate's VAT is shared over its
 * lines by their net amounts (largest remainder), so the lines add up to the total.
 */
function paidPerLine(lines: readonly { lineTotalCents: number; vatCode: string; vatBp: number | null }[], pricesIncludeVat: boolean): number[] {
  if (pricesIncludeVat) return lines.map((l) => l.lineTotalCents);
  const out = lines.map((l) => l.lineTotalCents);
  for (const code of new Set(lines.map((l) => l.vatCode))) {
    const idx = lines.map((l, i) => (l.vatCode === code ? i : -1)).filter((i) => i >= 0);
    const nets = idx.map((i) => lines[i]!.lineTotalCents);
    const vat = vatOnTop(nets.reduce((a, b) => a + b, 0), lines[idx[0]!]!.vatBp);
    distribute(vat, nets).forEach((share, k) => (out[idx[k]!]! += share));
  }
  return out;
}

/**
 * Back the way it came: card payments back to the card (up to what the card
 * paid less earlier card refunds), the rest in cash. A QR transfer cannot be
 * pushed back from the till: that part goes back in cash too.
 */
function originalMethods(ctx: Ctx, saleId: number, refundCents: number): PaymentSpec[] {
  const cardPaid = paymentsOf(ctx.db, saleId).filter((p) => p.method === 'card').reduce((a, p) => a + p.amountCents, 0);
  const cardLeft = cardPaid - (refundedByMethod(ctx.db, saleId).get('card') ?? 0);
  const toCard = Math.min(Math.max(cardLeft, 0), refundCents);
  const specs: PaymentSpec[] = [];
  if (toCard > 0) specs.push({ method: 'card', amountCents: toCard });
  if (refundCents - toCard > 0) specs.push({ method: 'cash', amountCents: null });
  return specs;
}

/** Plan the payout of a prepared refund (negative amounts). */
export function planRefund(prep: PreparedSale, specs: PaymentSpec[]): PlannedPayment[] {
  return planPayments(cartTotals(prep.cart, prep.policy).totalCents, specs, prep.settings.cashRounding);
}

export async function refund(ctx: Ctx, input: RefundInput, devices: PaymentDevices | null): Promise<CompletedSale> {
  // Prepare and store the refund in one transaction: what it returns is held back
  // from refunds on other tills until it completes or fails.
  const { prep, plan } = ctx.db
    .transaction(() => {
      const { prep, specs } = prepareRefund(ctx, input);
      const plan = planRefund(prep, specs);
      checkPayable(prep, plan, devices);
      if (prep.originalSaleId !== null) storeCart(ctx, prep, 'paying');
      return { prep, plan };
    })
    .immediate();
  try {
    return await payAndCommit(ctx, prep, plan, devices);
  } catch (e) {
    // Nothing paid out: forget the refund. Something paid out: it stays open (`kassa cart pay`).
    if (prep.cartId !== null && prep.cart.payments.length === 0) {
      const id = prep.cartId;
      ctx.db.transaction(() => deleteCart(ctx.db, id)).immediate();
    }
    throw e;
  }
}
