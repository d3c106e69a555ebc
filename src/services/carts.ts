/**
 * Sales in progress, stored: what the checkout works on and what `kassa cart`
 * drives from a script. Every change is one transaction: the cart's new content
 * and, for a change the journal must show (quantity, void, discount, price, park,
 * resume, cancel), its entry. Payments approved on the terminal are kept at once.
 */
import { randomUUID } from 'node:crypto';
import {
  activeLines,
  applyCartAction,
  cartTotals,
  dueCents,
  emptyCart,
  lineDiscountCents,
  paidCents,
  planPayments,
  type CartAction,
  type Discount,
  type ManagerAction,
  type PaymentSpec,
} from '../core/cart.js';
import { KassaError } from '../core/errors.js';
import { cartById, cartsOf, insertCart, insertCartLine, moveCartStatus, saveCartContent, setCartCashier, setCartStatus, touchCart, type CartStatus, type StoredCart } from '../db/carts.js';
import { userById } from '../db/users.js';
import { checkApproval, journalApproval, type Actor } from './approvals.js';
import { loadSettings } from './config.js';
import type { Ctx } from './context.js';
import { appendJournal } from './journal.js';
import {
  businessDayNow,
  checkPayable,
  commitSale,
  eventOf,
  keepTaken,
  lineForItem,
  releaseCart,
  policyOf,
  takeElectronic,
  type CompletedSale,
  type PaymentDevices,
  type PreparedSale,
  type SaleItem,
} from './sales.js';

export interface CartView {
  cartId: number;
  status: CartStatus;
  kind: 'sale' | 'refund';
  register: string;
  cashierId: number;
  lines: {
    lineNo: number;
    code: string;
    name: string;
    unit: 'piece' | 'kg';
    qtyMilli: number;
    unitPriceCents: number;
    listPriceCents: number;
    discount: Discount | null;
    discountCents: number; // the line's own and its share of the sale discount
    lineTotalCents: number;
    vatBp: number | null;
    voided: boolean;
  }[];
  saleDiscount: Discount | null;
  subtotalCents: number;
  discountCents: number;
  totalCents: number;
  paidCents: number;
  dueCents: number;
  payments: { method: string; amountCents: number; reference: string | null; brand: string | null; maskedPan: string | null; authCode: string | null }[];
}

export type CartChange = CartAction | { type: 'scan'; item: SaleItem };

function stored(ctx: Ctx, cartId: number, allowed: readonly CartStatus[] = ['open']): StoredCart {
  const c = cartById(ctx.db, cartId);
  if (!c) throw new KassaError('CART_NOT_FOUND', `no cart ${cartId}`, 'see `kassa cart list`');
  if (!allowed.includes(c.status)) {
    const hint =
      c.status === 'parked'
        ? `resume it first: kassa cart resume ${cartId}`
        : c.status === 'paying'
          ? `a till is taking a payment for it; if that till stopped, take it up again: kassa cart resume ${cartId}`
          : 'start a new sale';
    throw new KassaError('CART_NOT_OPEN', `cart ${cartId} is ${c.status}`, hint);
  }
  return c;
}

export function viewCart(ctx: Ctx, cartId: number): CartView {
  return toView(stored(ctx, cartId, ['open', 'parked', 'paying', 'completed', 'cancelled']), policyOf(loadSettings(ctx)));
}

function toView(c: StoredCart, policy: ReturnType<typeof policyOf>): CartView {
  const totals = cartTotals(c.cart, policy);
  const active = activeLines(c.cart);
  const index = new Map(active.map((l, i) => [l.lineNo, i]));
  return {
    cartId: c.id,
    status: c.status,
    kind: c.kind,
    register: c.register,
    cashierId: c.cashierId,
    lines: c.cart.lines.map((l) => {
      const i = index.get(l.lineNo);
      const t = i === undefined ? null : totals.lines[i]!;
      return {
        lineNo: l.lineNo,
        code: l.code,
        name: l.name,
        unit: l.unit,
        qtyMilli: l.qtyMilli,
        unitPriceCents: l.unitPriceCents,
        listPriceCents: l.listPriceCents,
        discount: l.discount,
        discountCents: t ? t.lineDiscountCents + t.saleDiscountCents : lineDiscountCents(l),
        lineTotalCents: t ? t.totalCents : 0,
        vatBp: l.vatBp,
        voided: l.voided,
      };
    }),
    saleDiscount: c.cart.saleDiscount,
    subtotalCents: totals.subtotalCents,
    discountCents: totals.discountCents,
    totalCents: totals.totalCents,
    paidCents: paidCents(c.cart),
    dueCents: totals.totalCents - paidCents(c.cart),
    payments: c.cart.payments.map((p) => ({ method: p.method, amountCents: p.amountCents, reference: p.reference, brand: p.brand, maskedPan: p.maskedPan, authCode: p.authCode })),
  };
}

export function listCarts(ctx: Ctx, opts: { register?: string; statuses?: CartStatus[] } = {}): CartView[] {
  const register = opts.register ?? loadSettings(ctx)['register.id'];
  return cartsOf(ctx.db, register, opts.statuses ?? ['open', 'parked', 'paying']).map((c) => viewCart(ctx, c.id));
}

export function openCart(ctx: Ctx, input: { cashierId: number; register?: string }): CartView {
  const settings = loadSettings(ctx);
  if (!userById(ctx.db, input.cashierId)) throw new KassaError('USER_NOT_FOUND', `no user with id ${input.cashierId}`, 'see `kassa users list`');
  const id = ctx.db
    .transaction(() => {
      const { at, day } = businessDayNow(ctx, settings, input.register ?? settings['register.id']);
      const id = insertCart(ctx.db, {
        uuid: randomUUID(),
        register: input.register ?? settings['register.id'],
        cashierId: input.cashierId,
        kind: 'sale',
        originalSaleId: null,
        openedAt: at,
        updatedAt: at,
        businessDay: day,
      });
      saveCartContent(ctx.db, id, emptyCart('sale'), at, day);
      return id;
    })
    .immediate();
  return viewCart(ctx, id);
}

/** Scan an item or change a line or the discount; checked, stored and (but for a scan) journaled together. */
export function changeCart(ctx: Ctx, cartId: number, actor: Actor, change: CartChange): CartView {
  const settings = loadSettings(ctx);
  const policy = policyOf(settings);
  const action: CartAction = change.type === 'scan' ? { type: 'add', line: lineForItem(ctx, change.item) } : change;
  return ctx.db
    .transaction((): CartView => {
      const c = stored(ctx, cartId);
      const r = applyCartAction(c.cart, action, policy);
      const needs = new Set<ManagerAction>(r.needs ? [r.needs] : []);
      const approvedBy = checkApproval(ctx, actor, needs);
      const { at, day } = businessDayNow(ctx, settings, c.register);
      // A scan appends its line; other changes rewrite the cart's lines.
      if (action.type === 'add') {
        touchCart(ctx.db, cartId, r.cart, at, day);
        insertCartLine(ctx.db, cartId, r.cart.lines.at(-1)!);
      } else {
        saveCartContent(ctx.db, cartId, r.cart, at, day);
      }
      const subject = { cart: c.uuid, register: c.register };
      journalApproval(ctx, actor, approvedBy, needs, subject);
      const ev = eventOf(c.cart, action, r.cart, policy);
      if (ev) appendJournal(ctx, ev.type, { ...subject, ...ev.payload, userId: actor.userId, approvedBy });
      return toView({ ...c, cart: r.cart }, policy);
    })
    .immediate();
}

function setStatus(ctx: Ctx, cartId: number, actor: Actor, from: CartStatus[], to: CartStatus, type: 'sale.parked' | 'sale.resumed' | 'sale.cancelled', needs: ManagerAction | null): CartView {
  const settings = loadSettings(ctx);
  ctx.db
    .transaction(() => {
      const c = stored(ctx, cartId, from);
      // Cancelling a sale with nothing on it is no manager's decision.
      const empty = to === 'cancelled' && activeLines(c.cart).length === 0;
      const need = new Set<ManagerAction>(needs && !empty ? [needs] : []);
      const approvedBy = checkApproval(ctx, actor, need);
      if (to === 'cancelled' && c.cart.payments.length > 0) {
        throw new KassaError('ALREADY_PAID', `cart ${cartId} has ${paidCents(c.cart)} cents paid`, 'complete the sale and refund it, so the payment goes back');
      }
      const { at, day } = businessDayNow(ctx, settings, c.register);
      setCartStatus(ctx.db, cartId, to, at, day);
      if (to === 'open') setCartCashier(ctx.db, cartId, actor.userId);
      const subject = { cart: c.uuid, register: c.register };
      journalApproval(ctx, actor, approvedBy, need, subject);
      const totals = cartTotals(c.cart, policyOf(settings));
      appendJournal(ctx, type, { ...subject, userId: actor.userId, approvedBy, lines: activeLines(c.cart).length, totalCents: totals.totalCents });
    })
    .immediate();
  return viewCart(ctx, cartId);
}

export function parkCart(ctx: Ctx, cartId: number, actor: Actor): CartView {
  return setStatus(ctx, cartId, actor, ['open'], 'parked', 'sale.parked', null);
}

/** Resume a parked sale; whoever resumes it sells it on. */
export function resumeCart(ctx: Ctx, cartId: number, actor: Actor): CartView {
  // `paying` too: the till that claimed it may have crashed between payments
  // (the payments it kept stay with the cart).
  return setStatus(ctx, cartId, actor, ['parked', 'paying'], 'open', 'sale.resumed', null);
}

/** Cancel a whole sale (a manager's decision); one with payments taken must be completed and refunded instead. */
export function cancelCart(ctx: Ctx, cartId: number, actor: Actor): CartView {
  return setStatus(ctx, cartId, actor, ['open', 'parked'], 'cancelled', 'sale.cancelled', 'cancel_sale');
}

export interface PayResult {
  sale: CompletedSale | null; // null while a balance is left
  cart: CartView;
}

/**
 * Pay a stored cart: card and QR payments are taken and kept one by one; a
 * card or QR payment with an amount below the balance leaves the rest to pay;
 * cash (or a payment without amount) settles the rest and completes the sale.
 */
export async function payCart(ctx: Ctx, cartId: number, actor: Actor, specs: PaymentSpec[], devices: PaymentDevices | null): Promise<PayResult> {
  const settings = loadSettings(ctx);
  const policy = policyOf(settings);
  // Claim the cart first: while a payment is being taken nobody can change it,
  // pay it a second time or cancel it (a second till gets CART_NOT_OPEN).
  const c = ctx.db
    .transaction(() => {
      const c = stored(ctx, cartId);
      if (activeLines(c.cart).length === 0) throw new KassaError('USAGE', `cart ${cartId} has no lines`, 'scan an item first');
      const plan = planPayments(dueCents(c.cart, policy), specs, settings.cashRounding, { partial: true });
      moveCartStatus(ctx.db, cartId, 'open', 'paying', ctx.clock.now().toISOString());
      return { ...c, plan };
    })
    .immediate();
  const prep: PreparedSale = {
    settings,
    policy,
    uuid: c.uuid,
    register: c.register,
    actor,
    cart: c.cart,
    originalSaleId: c.originalSaleId,
    events: [], // the changes were journaled as they were made
    needs: new Set(),
    approvedBy: null,
    cartId,
  };
  try {
    checkPayable(prep, c.plan, devices);
    for (const p of c.plan.filter((x) => x.method !== 'cash')) {
      keepTaken(ctx, prep, await takeElectronic(ctx, prep, p.method as 'card' | 'qr', p.amountCents, devices));
    }
    const cash = c.plan.filter((p) => p.method === 'cash');
    if (cash.length === 0 && dueCents(prep.cart, policy) !== 0) {
      releaseCart(ctx, prep);
      return { sale: null, cart: viewCart(ctx, cartId) };
    }
    return { sale: commitSale(ctx, prep, cash), cart: viewCart(ctx, cartId) };
  } catch (e) {
    releaseCart(ctx, prep);
    throw e;
  }
}
