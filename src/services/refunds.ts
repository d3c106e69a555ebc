/**
 * Refunds: a sale of kind `refund` with its own receipt number, negative
 * amounts and quantities, stock coming back. Against a receipt it never returns
 * more than was sold minus what earlier refunds returned, at what the customer
 * paid for it (discounts included), and pays back by the original methods.
 * Every refund needs a manager; one without a receipt is a blind return.
 */
import { randomUUID } from 'node:crypto';
import { applyCartAction, cartTotals, emptyCart, type Cart, type ManagerAction, type PaymentSpec, type PlannedPayment, planPayments } from '../core/cart.js';
import { KassaError } from '../core/errors.js';
import { lineGrossCents } from '../core/sale.js';
import { mulDivRoundHalfUp } from '../core/money.js';
import { linesOf, paymentsOf, refundedByMethod, refundedQuantities } from '../db/sales.js';
import { userById } from '../db/users.js';
import { checkApproval, type Actor } from './approvals.js';
import { resolveScan } from './products.js';
import { loadSettings } from './config.js';
import type { Ctx } from './context.js';
import {
  lineForItem,
  payAndCommit,
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
  const policy = policyOf(settings);
  if (!userById(ctx.db, input.cashierId)) throw new KassaError('USER_NOT_FOUND', `no user with id ${input.cashierId}`, 'see `kassa users list`');
  const needs = new Set<ManagerAction>([input.receipt === null ? 'blind_refund' : 'refund']);
  const actor: Actor = { userId: input.cashierId, approverId: input.approverId ?? null };
  const approvedBy = checkApproval(ctx, actor, needs);
  let cart: Cart = emptyCart('refund');
  let originalSaleId: number | null = null;
  let specs = input.payments;
  const add = (line: Parameters<typeof applyCartAction>[1] & { type: 'add' }) => {
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
    const refunded = refundedQuantities(ctx.db, original.id);
    const left = new Map(lines.map((l) => [l.lineNo, l.qtyMilli - (refunded.get(l.lineNo) ?? 0)]));
    // What to return, per original line: everything left, or the items asked for.
    const take = new Map<number, number>();
    if (input.items.length === 0) {
      for (const [n, q] of left) if (q > 0) take.set(n, q);
      if (take.size === 0) throw new KassaError('NOTHING_TO_REFUND', `everything on ${input.receipt} has been refunded already`, 'see `kassa sales list`');
    }
    for (const item of input.items) {
      const productId = resolveScan(ctx, item.code)?.product.id;
      const matching = lines.filter((l) => l.code === item.code || l.productId === productId);
      if (matching.length === 0) throw new KassaError('NOT_ON_RECEIPT', `${item.code} is not on ${input.receipt}`, 'check the receipt, or make a return without a receipt (manager)');
      const available = matching.reduce((a, l) => a + (left.get(l.lineNo) ?? 0) - (take.get(l.lineNo) ?? 0), 0);
      // Without a quantity: one piece, or all of a weighed product.
      let want = item.qtyMilli ?? (matching[0]!.unit === 'kg' ? available : 1000);
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
    for (const l of lines) {
      const q = take.get(l.lineNo);
      if (!q) continue;
      // At what the customer paid: the line's total for the quantity, the last
      // part getting the remainder so that refunds add up to the sale exactly.
      const refundedBefore = refunded.get(l.lineNo) ?? 0;
      const paidBefore = mulDivRoundHalfUp(l.lineTotalCents, refundedBefore, l.qtyMilli);
      const paidUpTo = mulDivRoundHalfUp(l.lineTotalCents, refundedBefore + q, l.qtyMilli);
      const amount = paidUpTo - paidBefore;
      const gross = lineGrossCents(l.unitPriceCents, q);
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
        },
      });
      if (gross !== amount) {
        const lineNo = cart.lines.length;
        cart = { ...cart, lines: cart.lines.map((x) => (x.lineNo === lineNo ? { ...x, discount: { amountCents: gross - amount } } : x)) };
      }
    }
    if (specs.length === 0) specs = originalMethods(ctx, original.id, -cartTotals(cart, policy).totalCents);
  }
  return {
    prep: {
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
    },
    specs,
  };
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
  const { prep, specs } = prepareRefund(ctx, input);
  return payAndCommit(ctx, prep, planRefund(prep, specs), devices);
}
