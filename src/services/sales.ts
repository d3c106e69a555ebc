import { randomUUID } from 'node:crypto';
import {
  activeLines,
  applyCartAction,
  cartTotals,
  dueCents,
  emptyCart,
  paidCents,
  planPayments,
  type Cart,
  type CartAction,
  type CartPolicy,
  type ManagerAction,
  type NewLine,
  type PaymentSpec,
  type PlannedPayment,
  type TakenPayment,
} from '../core/cart.js';
import { epcQrPayload } from '../core/epc-qr.js';
import { KassaError } from '../core/errors.js';
import { formatAmount } from '../core/money.js';
import { formatReceiptNo, parseReceiptNo } from '../core/receipt.js';
import { businessDayNow } from './business-day.js';
import { vatBreakdown } from '../core/sale.js';
import type { Settings } from '../core/settings.js';
import { insertPrintJob } from '../db/print-jobs.js';
import type { PaymentTerminal, TerminalStatus } from '../devices/payment-terminal/types.js';
import { cartById, insertCart, insertCartPayment, moveCartStatus, saveCartContent, setCartStatus } from '../db/carts.js';
import {
  insertPayment,
  insertSale,
  insertSaleLine,
  insertStockMovement,
  lastReceiptOf,
  linesOf,
  nextReceiptNo,
  paymentsOf,
  saleById,
  saleByReceipt,
  salesBetween,
  type StoredSale,
} from '../db/sales.js';
import { userById } from '../db/users.js';
import { checkApproval, journalApproval, type Actor } from './approvals.js';
import { loadSettings } from './config.js';
import type { Ctx } from './context.js';
import { appendJournal, type JournalType } from './journal.js';
import { resolveScan } from './products.js';

export interface SaleItem {
  code: string;
  qtyMilli: number | null; // null: one piece (weighed products need a weight)
}

/** A payment as asked for: `PaymentSpec`, or the cash shape `{ method: 'cash', tenderedCents }`. */
export type PaymentInput = PaymentSpec | { method: 'cash'; tenderedCents: number | null };

export interface SaleInput {
  register?: string;
  cashierId: number;
  approverId?: number | null;
  items: SaleItem[];
  /** Changes after the items are added, by line number: discounts, price overrides, voids. */
  edits?: CartAction[];
  payments: PaymentInput[];
}

/** What a card or QR payment needs from the till: the terminal, and the cashier for QR. */
export interface PaymentDevices {
  terminal: PaymentTerminal;
  /** Show the EPC QR code; resolves true once the cashier has seen the transfer arrive. */
  confirmQr(qr: { payload: string; amountCents: number; reference: string }, signal?: AbortSignal): Promise<boolean>;
  onStatus?(s: TerminalStatus): void;
  signal?: AbortSignal;
}

/** The JSON contract of a completed sale (`kassa sell --json`, `kassa sales show --json`). */
export interface CompletedSale {
  receiptNo: string;
  kind: 'sale' | 'refund';
  originalReceiptNo: string | null;
  register: string;
  businessDay: string;
  completedAt: string;
  cashierId: number;
  lines: {
    lineNo: number;
    code: string;
    name: string;
    unit: 'piece' | 'kg';
    qtyMilli: number;
    unitPriceCents: number;
    discountCents: number;
    lineTotalCents: number;
    vatBp: number | null;
  }[];
  subtotalCents: number;
  discountCents: number;
  totalCents: number;
  pricesIncludeVat: boolean;
  vat: { vatBp: number | null; grossCents: number; netCents: number; vatCents: number }[];
  payments: {
    method: string;
    amountCents: number;
    tenderedCents: number | null;
    changeCents: number | null;
    reference: string | null;
    brand: string | null;
    maskedPan: string | null;
    authCode: string | null;
  }[];
  roundingCents: number;
  changeCents: number;
}

export function policyOf(settings: Settings): CartPolicy {
  return { discountApprovalAbovePercent: settings['discount.approvalAbovePercent'], pricesIncludeVat: settings['prices.includeVat'] };
}

/** A cart line for a scanned or typed code: the product, its quantity and price (embedded codes carry their own). */
export function lineForItem(ctx: Ctx, item: SaleItem): NewLine {
  const scan = resolveScan(ctx, item.code);
  if (!scan) throw new KassaError('PRODUCT_NOT_FOUND', `no product with SKU or barcode "${item.code}"`, 'look it up with `kassa products search`');
  const p = scan.product;
  let qtyMilli = item.qtyMilli ?? scan.qtyMilli;
  if (item.qtyMilli !== null && scan.qtyMilli !== null) {
    throw new KassaError('INVALID_QUANTITY', `${item.code} carries its own weight`, `scan it without a quantity: ${item.code}`);
  }
  if (qtyMilli === null) {
    if (p.unit === 'kg' && scan.priceCents === null) {
      throw new KassaError('INVALID_QUANTITY', `${p.name} is sold by weight`, `give the weight in kg: 0.350*${item.code}`);
    }
    qtyMilli = 1000;
  }
  // A price-embedded code prices the whole line: one unit at that price.
  const unit = scan.priceCents !== null ? 'piece' : p.unit;
  const price = scan.priceCents ?? p.priceCents;
  return {
    productId: p.id,
    code: item.code,
    name: p.name,
    unit,
    qtyMilli,
    unitPriceCents: price,
    listPriceCents: price,
    vatCode: p.vatCode,
    vatBp: p.vatBp,
  };
}

export interface JournalEvent {
  type: JournalType;
  payload: Record<string, unknown>;
}

/** The journal entry of a cart change; adding a line is not one (the completed sale lists its lines). */
export function eventOf(before: Cart, action: CartAction, after: Cart, policy: CartPolicy): JournalEvent | null {
  const line = (n: number) => before.lines.find((l) => l.lineNo === n)!;
  switch (action.type) {
    case 'add':
      return null;
    case 'quantity':
      return { type: 'sale.quantity_changed', payload: { lineNo: action.lineNo, code: line(action.lineNo).code, fromMilli: line(action.lineNo).qtyMilli, toMilli: action.qtyMilli } };
    case 'void': {
      const l = line(action.lineNo);
      return { type: 'sale.line_voided', payload: { lineNo: l.lineNo, code: l.code, qtyMilli: l.qtyMilli, afterPayment: before.payments.length > 0 } };
    }
    case 'line_discount':
    case 'sale_discount': {
      const t = cartTotals(after, policy);
      return {
        type: 'sale.discount_given',
        payload: {
          lineNo: action.type === 'line_discount' ? action.lineNo : null,
          ...(action.discount ?? { amountCents: 0 }),
          saleDiscountCents: t.discountCents,
        },
      };
    }
    case 'price': {
      const l = line(action.lineNo);
      return { type: 'sale.price_overridden', payload: { lineNo: l.lineNo, code: l.code, fromCents: l.unitPriceCents, toCents: action.unitPriceCents, listPriceCents: l.listPriceCents } };
    }
  }
}

/** A sale about to be paid: the cart, who sells it and what the changes need. */
export interface PreparedSale {
  settings: Settings;
  policy: CartPolicy;
  uuid: string;
  register: string;
  actor: Actor;
  cart: Cart;
  originalSaleId: number | null;
  events: JournalEvent[];
  needs: Set<ManagerAction>;
  approvedBy: number | null;
  cartId: number | null; // a stored cart (checkout, `kassa cart`), else null
  /** Checks to run again inside the commit's transaction, where no other till can interfere. */
  recheck?: () => void;
}

export function prepareSale(ctx: Ctx, input: SaleInput): PreparedSale {
  const settings = loadSettings(ctx);
  const policy = policyOf(settings);
  if (!userById(ctx.db, input.cashierId)) throw new KassaError('USER_NOT_FOUND', `no user with id ${input.cashierId}`, 'see `kassa users list`');
  if (input.items.length === 0) throw new KassaError('USAGE', 'a sale needs at least one item', 'kassa sell CODE... --pay cash');
  let cart = emptyCart('sale');
  const needs = new Set<ManagerAction>();
  const events: JournalEvent[] = [];
  const actions: CartAction[] = [...input.items.map((item): CartAction => ({ type: 'add', line: lineForItem(ctx, item) })), ...(input.edits ?? [])];
  for (const action of actions) {
    const r = applyCartAction(cart, action, policy);
    const ev = eventOf(cart, action, r.cart, policy);
    if (ev) events.push(ev);
    if (r.needs) needs.add(r.needs);
    cart = r.cart;
  }
  const actor = { userId: input.cashierId, approverId: input.approverId ?? null };
  return {
    settings,
    policy,
    uuid: randomUUID(),
    register: input.register ?? settings['register.id'],
    actor,
    cart,
    originalSaleId: null,
    events,
    needs,
    approvedBy: checkApproval(ctx, actor, needs),
    cartId: null,
  };
}

export function normalisePayments(payments: readonly PaymentInput[]): PaymentSpec[] {
  return payments.map((p) => ('tenderedCents' in p ? { method: 'cash', amountCents: p.tenderedCents } : p));
}

/** The text a QR transfer and a card terminal carry, to find the sale again on a bank statement. */
export function paymentReference(register: string, uuid: string): string {
  return `Kassa ${register} ${uuid.slice(0, 8).toUpperCase()}`;
}

/**
 * Complete a sale paid in cash only, synchronously: the sale, its lines,
 * payment, stock movements (reason `sale`), the register's next gapless receipt
 * number and the journal entry, in one IMMEDIATE transaction. Nothing is
 * printed or opened before it commits; anything wrong leaves the store as it was.
 */
export function completeCashSale(ctx: Ctx, input: SaleInput): CompletedSale {
  const specs = normalisePayments(input.payments);
  if (specs.some((p) => p.method !== 'cash')) throw new Error('completeCashSale takes cash only: use sell()');
  const prep = prepareSale(ctx, input);
  const plan = planPayments(dueCents(prep.cart, prep.policy), specs, prep.settings.cashRounding);
  return commitSale(ctx, prep, plan);
}

/**
 * Sell: prepare, take the card and QR payments through the terminal and the
 * cashier, then commit with the cash. A declined, cancelled or unanswered card
 * payment before anything was taken leaves the store as it was; once a payment
 * has been approved, the sale is kept as an open cart with that payment, so no
 * approved payment is ever forgotten.
 */
export async function sell(ctx: Ctx, input: SaleInput, devices: PaymentDevices | null): Promise<CompletedSale> {
  const prep = prepareSale(ctx, input);
  const plan = planPayments(dueCents(prep.cart, prep.policy), normalisePayments(input.payments), prep.settings.cashRounding);
  return payAndCommit(ctx, prep, plan, devices);
}

/** Take the planned card and QR payments in order, then commit the sale with the rest (cash). */
export async function payAndCommit(ctx: Ctx, prep: PreparedSale, plan: PlannedPayment[], devices: PaymentDevices | null): Promise<CompletedSale> {
  checkPayable(prep, plan, devices);
  try {
    for (const p of plan.filter((x) => x.method !== 'cash')) {
      keepTaken(ctx, prep, await takeElectronic(ctx, prep, p.method as 'card' | 'qr', p.amountCents, devices));
    }
    return commitSale(
      ctx,
      prep,
      plan.filter((p) => p.method === 'cash'),
    );
  } catch (e) {
    releaseCart(ctx, prep);
    throw e;
  }
}

/**
 * Refuse, before the first payment is taken, what a later payment of the same
 * plan would refuse: a card charged and then a QR payment found impossible would
 * leave the customer paying twice on a retry.
 */
export function checkPayable(prep: PreparedSale, plan: readonly PlannedPayment[], devices: PaymentDevices | null): void {
  for (const p of plan) {
    if (p.method === 'cash') continue;
    if (!devices) throw new KassaError('NO_TERMINAL', `a ${p.method} payment needs a payment terminal`, 'pay in cash, or use the checkout');
    if (p.method === 'qr' && prep.cart.kind === 'refund') throw new KassaError('USAGE', 'a QR payment cannot pay money back', 'refund it in cash or by card: --pay cash');
    if (p.method === 'qr' && !prep.settings['store.iban']) {
      throw new KassaError('NO_IBAN', "QR payments need the store's IBAN", 'kassa config set store.iban NL91ABNA0417164300');
    }
  }
}

/**
 * One card or QR payment. Returns what was taken, or throws PAYMENT_DECLINED /
 * PAYMENT_CANCELLED / PAYMENT_TIMEOUT. On a refund the amount is negative and
 * the terminal is asked for a refund.
 */
export async function takeElectronic(ctx: Ctx, prep: PreparedSale, method: 'card' | 'qr', amountCents: number, devices: PaymentDevices | null): Promise<TakenPayment> {
  checkPayable(prep, [{ method, amountCents, tenderedCents: null, changeCents: null, roundingCents: 0 }], devices);
  if (!devices) throw new Error('checkPayable lets no card or QR payment through without devices');
  const reference = paymentReference(prep.register, prep.uuid);
  const locale = prep.settings.locale;
  const keptNote = () =>
    prep.cart.payments.length > 0 || prep.cartId !== null
      ? ` The sale stays open as cart ${prep.cartId} with ${formatAmount(paidCents(prep.cart), locale)} paid: finish it with \`kassa cart pay ${prep.cartId} --pay cash\`.`
      : ' Nothing was recorded.';
  const base = { tenderedCents: null, changeCents: null, reference, brand: null, maskedPan: null, authCode: null, terminalReceipt: [] as string[] };
  if (method === 'qr') {
    const payload = epcQrPayload({ name: prep.settings['store.name'], iban: prep.settings['store.iban'], amountCents, remittance: reference });
    const ok = await devices.confirmQr({ payload, amountCents, reference }, devices.signal);
    if (!ok) throw new KassaError('PAYMENT_CANCELLED', `the QR payment of ${formatAmount(amountCents, locale)} was not confirmed.${keptNote()}`, 'pay another way, or try again');
    return { ...base, method: 'qr', amountCents };
  }
  const outcome = await devices.terminal.pay(
    { kind: amountCents < 0 ? 'refund' : 'payment', amountCents: Math.abs(amountCents), currency: prep.settings.currency, reference },
    { ...(devices.signal ? { signal: devices.signal } : {}), ...(devices.onStatus ? { onStatus: devices.onStatus } : {}) },
  );
  if (outcome.status === 'approved') {
    return { ...base, method: 'card', amountCents, brand: outcome.brand, maskedPan: outcome.maskedPan, authCode: outcome.authCode, terminalReceipt: outcome.terminalReceipt };
  }
  const code = outcome.status === 'declined' ? 'PAYMENT_DECLINED' : outcome.status === 'cancelled' ? 'PAYMENT_CANCELLED' : 'PAYMENT_TIMEOUT';
  const hint =
    outcome.status === 'timeout'
      ? 'check the terminal: if it shows the payment approved, do not charge again; ask a manager'
      : 'try the card again, or pay another way';
  const what = { declined: 'declined', cancelled: 'cancelled', timeout: 'timed out' }[outcome.status];
  throw new KassaError(code, `card payment of ${formatAmount(Math.abs(amountCents), locale)} ${what}: ${outcome.reason}.${keptNote()}`, hint);
}

/**
 * Store a cart that so far lived in memory (with `status`), journaling in the
 * same transaction the approval and the changes that made it: once stored, the
 * sale can be finished later (`kassa cart pay`) and nothing it went through may
 * be missing from the journal. Call inside a transaction.
 */
export function storeCart(ctx: Ctx, prep: PreparedSale, status: 'paying' | 'open'): number {
  const { at, day } = businessDayNow(ctx, prep.settings, prep.register);
  const id = insertCart(ctx.db, {
    uuid: prep.uuid,
    register: prep.register,
    cashierId: prep.actor.userId,
    kind: prep.cart.kind,
    status,
    originalSaleId: prep.originalSaleId,
    openedAt: at,
    updatedAt: at,
    businessDay: day,
  });
  saveCartContent(ctx.db, id, prep.cart, at, day);
  const subject = { cart: prep.uuid, register: prep.register };
  journalApproval(ctx, prep.actor, prep.approvedBy, prep.needs, subject);
  for (const e of prep.events) appendJournal(ctx, e.type, { ...subject, ...e.payload });
  prep.needs.clear();
  prep.events = [];
  prep.cartId = id;
  return id;
}

/**
 * Keep an approved payment: durably, at once, so that a crash or a later decline
 * cannot forget money taken. The first one stores the cart (claimed: `paying`).
 */
export function keepTaken(ctx: Ctx, prep: PreparedSale, taken: TakenPayment): void {
  const at = ctx.clock.now().toISOString();
  ctx.db
    .transaction(() => {
      if (prep.cartId === null) storeCart(ctx, prep, 'paying');
      else if (cartById(ctx.db, prep.cartId)?.status !== 'paying') throw new Error(`cart ${prep.cartId} is not claimed for payment`);
      insertCartPayment(ctx.db, prep.cartId!, taken, at);
      appendJournal(ctx, 'payment.taken', { cart: prep.uuid, method: taken.method, amountCents: taken.amountCents, authCode: taken.authCode, reference: taken.reference });
    })
    .immediate();
  prep.cart = { ...prep.cart, payments: [...prep.cart.payments, taken] };
}

/** After a failure: a claimed cart goes back to open, so it can be paid or changed again. */
export function releaseCart(ctx: Ctx, prep: PreparedSale): void {
  if (prep.cartId === null) return;
  const id = prep.cartId;
  ctx.db.transaction(() => moveCartStatus(ctx.db, id, 'paying', 'open', ctx.clock.now().toISOString())).immediate();
}

/**
 * The commit: one IMMEDIATE transaction with the sale, its lines, the payments
 * (those taken before and the cash now), stock movements, the next gapless
 * receipt number of the register, the approval and change entries and the
 * sale's journal entry; a stored cart is marked completed in it too.
 */
export function commitSale(ctx: Ctx, prep: PreparedSale, cashPlan: readonly PlannedPayment[]): CompletedSale {
  const totals = cartTotals(prep.cart, prep.policy);
  const lines = activeLines(prep.cart);
  if (lines.length === 0) throw new KassaError('USAGE', 'the sale has no lines left', 'add an item, or cancel the sale');
  const cash: TakenPayment[] = cashPlan.map((p) => ({
    method: 'cash',
    amountCents: p.amountCents,
    tenderedCents: p.tenderedCents,
    changeCents: p.changeCents,
    reference: null,
    brand: null,
    maskedPan: null,
    authCode: null,
    terminalReceipt: [],
  }));
  const roundingCents = cashPlan.reduce((a, p) => a + p.roundingCents, 0);
  const payments = [...prep.cart.payments, ...cash];
  const paid = payments.reduce((a, p) => a + p.amountCents, 0);
  if (paid - roundingCents !== totals.totalCents) {
    throw new KassaError('INSUFFICIENT_PAYMENT', `the payments settle ${paid - roundingCents} of ${totals.totalCents} cents`, 'pay the rest');
  }
  const changeCents = cash.reduce((a, p) => a + (p.changeCents ?? 0), 0);
  const kind = prep.cart.kind;
  const saleDiscountCents = totals.lines.reduce((a, l) => a + l.saleDiscountCents, 0);
  const originalReceiptNo = prep.originalSaleId === null ? null : receiptNoOf(ctx, prep.originalSaleId);
  return ctx.db
    .transaction((): CompletedSale => {
      prep.recheck?.(); // e.g. a refund: still no more than was sold, now that the store is locked
      // Inside the transaction: a Z closing this register's day is either before this sale or after it.
      const { at: completedAt, day: businessDay } = businessDayNow(ctx, prep.settings, prep.register);
      const no = nextReceiptNo(ctx.db, prep.register);
      const receiptNo = formatReceiptNo(prep.register, no);
      const saleId = insertSale(ctx.db, {
        uuid: prep.uuid,
        register: prep.register,
        receiptNo: no,
        businessDay,
        kind,
        cashierId: prep.actor.userId,
        completedAt,
        subtotalCents: totals.subtotalCents,
        discountCents: totals.discountCents,
        totalCents: totals.totalCents,
        roundingCents,
        changeCents,
        originalSaleId: prep.originalSaleId,
        pricesIncludeVat: prep.policy.pricesIncludeVat,
        saleDiscountCents,
      });
      lines.forEach((l, i) => {
        const t = totals.lines[i]!;
        insertSaleLine(ctx.db, saleId, {
          lineNo: i + 1,
          productId: l.productId,
          code: l.code,
          name: l.name,
          qtyMilli: l.qtyMilli,
          unitPriceCents: l.unitPriceCents,
          discountCents: t.lineDiscountCents + t.saleDiscountCents,
          vatCode: t.vatCode,
          vatBp: t.vatBp,
          lineTotalCents: t.totalCents,
          unit: l.unit,
          listPriceCents: l.listPriceCents,
          discountLabel: l.discount && 'percentBp' in l.discount ? `${l.discount.percentBp / 100}%` : null,
          originalLineNo: l.originalLineNo,
          saleDiscountShareCents: t.saleDiscountCents,
        });
        insertStockMovement(ctx.db, l.productId, -l.qtyMilli, kind, receiptNo, completedAt);
      });
      for (const p of payments) insertPayment(ctx.db, saleId, p);
      if (prep.cartId !== null) {
        // Only the till that claimed the cart completes it: no second sale from one cart.
        if (cartById(ctx.db, prep.cartId)?.status !== 'paying') {
          throw new KassaError('CART_NOT_OPEN', `cart ${prep.cartId} is no longer being paid here`, 'see `kassa cart show`');
        }
        setCartStatus(ctx.db, prep.cartId, 'completed', completedAt, businessDay, saleId);
      }
      // The receipt waits in the print queue from the same instant the sale exists.
      if (prep.settings['printer.address'] !== 'none') insertPrintJob(ctx.db, { register: prep.register, kind: 'receipt', receiptNo, at: completedAt });
      const subject = { receiptNo, register: prep.register };
      journalApproval(ctx, prep.actor, prep.approvedBy, prep.needs, subject);
      for (const e of prep.events) appendJournal(ctx, e.type, { ...subject, ...e.payload });
      const completed: CompletedSale = {
        receiptNo,
        kind,
        originalReceiptNo,
        register: prep.register,
        businessDay,
        completedAt,
        cashierId: prep.actor.userId,
        lines: lines.map((l, i) => {
          const t = totals.lines[i]!;
          return {
            lineNo: i + 1,
            code: l.code,
            name: l.name,
            unit: l.unit,
            qtyMilli: l.qtyMilli,
            unitPriceCents: l.unitPriceCents,
            discountCents: t.lineDiscountCents + t.saleDiscountCents,
            lineTotalCents: t.totalCents,
            vatBp: t.vatBp,
          };
        }),
        subtotalCents: totals.subtotalCents,
        discountCents: totals.discountCents,
        totalCents: totals.totalCents,
        pricesIncludeVat: prep.policy.pricesIncludeVat,
        vat: totals.vat.map(({ vatBp, grossCents, netCents, vatCents }) => ({ vatBp, grossCents, netCents, vatCents })),
        payments: payments.map(({ terminalReceipt: _t, ...p }) => p),
        roundingCents,
        changeCents,
      };
      appendJournal(ctx, kind === 'refund' ? 'refund.completed' : 'sale.completed', {
        ...subject,
        // The cart the sale was kept in while paying: its approval and changes were journaled under it.
        cart: prep.cartId === null ? null : prep.uuid,
        businessDay,
        cashierId: prep.actor.userId,
        approvedBy: prep.approvedBy,
        originalReceiptNo,
        totalCents: totals.totalCents,
        roundingCents,
        lines: lines.length,
        payments: payments.map((p) => ({ method: p.method, amountCents: p.amountCents })),
      });
      // Built from what was written rather than read back: `kassa sales show` gives the same (tested).
      return completed;
    })
    .immediate();
}

function receiptNoOf(ctx: Ctx, saleId: number): string {
  const s = saleById(ctx.db, saleId)!;
  return formatReceiptNo(s.register, s.receiptNo);
}

export function saleOf(ctx: Ctx, receipt: string): StoredSale {
  const { register, no } = parseReceiptNo(receipt);
  const s = saleByReceipt(ctx.db, register, no);
  if (!s) throw new KassaError('SALE_NOT_FOUND', `no sale ${receipt}`, 'see `kassa sales list`');
  return s;
}

export function showSale(ctx: Ctx, receipt: string): CompletedSale {
  return toCompleted(ctx, saleOf(ctx, receipt));
}

/** Sales by business day, `from` to `to` inclusive (YYYY-MM-DD). */
export function listSales(ctx: Ctx, range: { from: string; to: string; register?: string | null }): CompletedSale[] {
  return salesBetween(ctx.db, range.from, range.to, range.register ?? null).map((s) => toCompleted(ctx, s));
}

function toCompleted(ctx: Ctx, s: StoredSale): CompletedSale {
  const lines = linesOf(ctx.db, s.id);
  return {
    receiptNo: formatReceiptNo(s.register, s.receiptNo),
    kind: s.kind,
    originalReceiptNo: s.originalSaleId === null ? null : receiptNoOf(ctx, s.originalSaleId),
    register: s.register,
    businessDay: s.businessDay,
    completedAt: s.completedAt,
    cashierId: s.cashierId,
    lines: lines.map((l) => ({
      lineNo: l.lineNo,
      code: l.code,
      name: l.name,
      unit: l.unit,
      qtyMilli: l.qtyMilli,
      unitPriceCents: l.unitPriceCents,
      discountCents: l.discountCents,
      lineTotalCents: l.lineTotalCents,
      vatBp: l.vatBp,
    })),
    subtotalCents: s.subtotalCents,
    discountCents: s.discountCents,
    totalCents: s.totalCents,
    pricesIncludeVat: s.pricesIncludeVat,
    vat: vatBreakdown(
      lines.map((l) => ({ totalCents: l.lineTotalCents, vatCode: l.vatCode, vatBp: l.vatBp })),
      { pricesIncludeVat: s.pricesIncludeVat },
    ).map(({ vatBp, grossCents, netCents, vatCents }) => ({ vatBp, grossCents, netCents, vatCents })),
    payments: paymentsOf(ctx.db, s.id).map(({ terminalReceipt: _t, ...p }) => p),
    roundingCents: s.roundingCents,
    changeCents: s.changeCents,
  };
}

/** Now, and the business day it belongs to. */
export { businessDayNow } from './business-day.js';

/** The register's last receipt number (a sale or a refund), for a reprint; null before the first. */
export function lastReceiptNo(ctx: Ctx, register?: string): string | null {
  const r = register ?? loadSettings(ctx)['register.id'];
  const no = lastReceiptOf(ctx.db, r);
  return no === null ? null : formatReceiptNo(r, no);
}
