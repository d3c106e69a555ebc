/**
 * A sale before it is completed: its lines, discounts and the payments taken so
 * far. Pure: every change is an action applied by `applyCartAction`, which says
 * which manager permission the change needs; the service checks the people,
 * stores the cart and journals the change. The checkout screen and `kassa sell`
 * go through the same rules.
 */
import { KassaError } from './errors.js';
import { parseAmount, type AmountParseOptions } from './money.js';
import { lineGrossCents, percentOf, roundToCashStep, saleTotals, type SaleTotals } from './sale.js';

export type Discount = { percentBp: number } | { amountCents: number };

export interface CartLine {
  lineNo: number; // 1-based, stable: a voided line keeps its number
  productId: number;
  code: string; // what was scanned or typed
  name: string;
  unit: 'piece' | 'kg';
  qtyMilli: number; // negative on a refund
  unitPriceCents: number; // the price sold at
  listPriceCents: number; // the catalogue price: differs after a price override
  vatCode: string;
  vatBp: number | null;
  discount: Discount | null;
  voided: boolean;
  originalLineNo: number | null; // a refund line: the line of the original sale
  /**
   * A refund line: what the customer paid for this quantity (positive), its
   * discounts and VAT included. It replaces price × quantity, so that the parts
   * of a sale refunded one by one add up to the sale exactly.
   */
  fixedTotalCents: number | null;
}

export type PaymentMethod = 'cash' | 'card' | 'qr';

export interface TakenPayment {
  method: PaymentMethod;
  amountCents: number; // what this payment settles (cash: after rounding)
  tenderedCents: number | null; // cash handed over
  changeCents: number | null;
  reference: string | null;
  brand: string | null;
  maskedPan: string | null;
  authCode: string | null;
  terminalReceipt: string[];
}

export interface Cart {
  kind: 'sale' | 'refund';
  lines: CartLine[];
  saleDiscount: Discount | null;
  payments: TakenPayment[];
}

/** What a cashier may not do alone (issue 3, "Permissions by role"). */
export type ManagerAction =
  | 'void_after_payment'
  | 'cancel_sale'
  | 'refund'
  | 'blind_refund'
  | 'price_override'
  | 'discount_above_limit'
  | 'no_sale';

export const MANAGER_ACTION_TEXT: Record<ManagerAction, string> = {
  void_after_payment: 'voiding a line after a payment',
  cancel_sale: 'cancelling a sale',
  refund: 'a refund',
  blind_refund: 'a return without a receipt',
  price_override: 'a price override',
  discount_above_limit: 'a discount above the limit',
  no_sale: 'opening the drawer without a sale',
};

export interface CartPolicy {
  discountApprovalAbovePercent: number;
  pricesIncludeVat: boolean;
}

export type NewLine = Omit<CartLine, 'lineNo' | 'voided' | 'discount' | 'originalLineNo' | 'fixedTotalCents'> & {
  originalLineNo?: number | null;
  fixedTotalCents?: number | null;
};

export type CartAction =
  | { type: 'add'; line: NewLine }
  | { type: 'quantity'; lineNo: number; qtyMilli: number }
  | { type: 'void'; lineNo: number }
  | { type: 'line_discount'; lineNo: number; discount: Discount | null }
  | { type: 'sale_discount'; discount: Discount | null }
  | { type: 'price'; lineNo: number; unitPriceCents: number };

/** A discount as a person writes it: `10%` (up to two decimals) or an amount, `2.50` / `2,50`. */
export function parseDiscount(text: string, opts?: AmountParseOptions): Discount {
  const t = text.trim();
  const pct = /^(\d{1,3})(?:[.,](\d{1,2}))?\s*%$/.exec(t);
  if (pct) return { percentBp: Number(pct[1]) * 100 + Number((pct[2] ?? '').padEnd(2, '0')) };
  return { amountCents: parseAmount(t, opts) };
}

export function emptyCart(kind: Cart['kind'] = 'sale'): Cart {
  return { kind, lines: [], saleDiscount: null, payments: [] };
}

export function activeLines(cart: Cart): CartLine[] {
  return cart.lines.filter((l) => !l.voided);
}

/** A line's own discount in cents: a percentage of its gross, half up. */
export function lineDiscountCents(line: Pick<CartLine, 'unitPriceCents' | 'qtyMilli' | 'discount'>): number {
  if (!line.discount) return 0;
  const gross = lineGrossCents(line.unitPriceCents, line.qtyMilli);
  return 'percentBp' in line.discount ? percentOf(gross, line.discount.percentBp) : line.discount.amountCents;
}

export function cartTotals(cart: Cart, policy: Pick<CartPolicy, 'pricesIncludeVat'>): SaleTotals {
  const lines = activeLines(cart);
  const sign = cart.kind === 'refund' ? -1 : 1;
  // A refund is computed on positive amounts and negated, so that rounding and
  // the spread of discounts mirror the original sale exactly.
  const totals = saleTotals(
    lines.map((l) =>
      l.fixedTotalCents !== null
        ? { unitPriceCents: l.fixedTotalCents, qtyMilli: 1000, discountCents: 0, vatCode: l.vatCode, vatBp: l.vatBp }
        : {
            unitPriceCents: l.unitPriceCents,
            qtyMilli: sign * l.qtyMilli,
            discountCents: lineDiscountCents({ ...l, qtyMilli: sign * l.qtyMilli }),
            vatCode: l.vatCode,
            vatBp: l.vatBp,
          },
    ),
    cart.saleDiscount ?? undefined,
    { pricesIncludeVat: policy.pricesIncludeVat },
  );
  return sign === 1 ? totals : negateTotals(totals);
}

function negateTotals(t: SaleTotals): SaleTotals {
  const n = (x: number) => (x === 0 ? 0 : -x);
  return {
    lines: t.lines.map((l) => ({
      ...l,
      grossCents: n(l.grossCents),
      lineDiscountCents: n(l.lineDiscountCents),
      saleDiscountCents: n(l.saleDiscountCents),
      totalCents: n(l.totalCents),
    })),
    subtotalCents: n(t.subtotalCents),
    discountCents: n(t.discountCents),
    totalCents: n(t.totalCents),
    vat: t.vat.map((v) => ({ ...v, grossCents: n(v.grossCents), netCents: n(v.netCents), vatCents: n(v.vatCents) })),
  };
}

export function paidCents(cart: Cart): number {
  return cart.payments.reduce((a, p) => a + p.amountCents, 0);
}

/** What is still to be paid (negative on a refund: still to be paid out). */
export function dueCents(cart: Cart, policy: Pick<CartPolicy, 'pricesIncludeVat'>): number {
  return cartTotals(cart, policy).totalCents - paidCents(cart);
}

function line(cart: Cart, lineNo: number): CartLine {
  const l = cart.lines.find((x) => x.lineNo === lineNo);
  if (!l) throw new KassaError('LINE_NOT_FOUND', `there is no line ${lineNo}`, `lines are numbered 1 to ${cart.lines.length}`);
  if (l.voided) throw new KassaError('LINE_NOT_FOUND', `line ${lineNo} (${l.name}) is voided`, 'add the product again instead');
  return l;
}

function checkQuantity(l: Pick<CartLine, 'unit' | 'name' | 'code'>, qtyMilli: number, kind: Cart['kind']): void {
  const q = kind === 'refund' ? -qtyMilli : qtyMilli;
  if (!Number.isSafeInteger(q) || q <= 0) {
    throw new KassaError('INVALID_QUANTITY', `a quantity of ${q / 1000} is not possible`, 'give a quantity above zero');
  }
  if (l.unit === 'piece' && q % 1000 !== 0) {
    throw new KassaError('INVALID_QUANTITY', `${l.name} is sold per piece, not ${q / 1000}`, `give whole pieces: 2*${l.code}`);
  }
}

function checkDiscount(d: Discount | null): void {
  if (!d) return;
  if ('percentBp' in d ? !(Number.isSafeInteger(d.percentBp) && d.percentBp >= 0 && d.percentBp <= 10000) : !(Number.isSafeInteger(d.amountCents) && d.amountCents >= 0)) {
    throw new KassaError('INVALID_DISCOUNT', 'a discount is a percentage from 0 to 100 or an amount of at least zero', 'e.g. 10% or 2.50');
  }
}

/** Does a discount of `discountCents` on `baseCents` go above the limit a cashier may give alone? */
export function discountAboveLimit(discountCents: number, baseCents: number, limitPercent: number): boolean {
  return Math.abs(discountCents) * 100 > Math.abs(baseCents) * limitPercent;
}

/** A percentage is judged as given (10 % is 10 % whatever the cents round to); an amount against its base. */
function aboveLimit(d: Discount, cents: number, baseCents: number, limitPercent: number): boolean {
  return 'percentBp' in d ? d.percentBp > limitPercent * 100 : discountAboveLimit(cents, baseCents, limitPercent);
}

/**
 * Apply one change. Returns the new cart and the manager permission the change
 * needs, if any. Refuses what no one may do: a quantity of half a piece, a
 * discount above the line, a change that leaves less to pay than was paid.
 */
export function applyCartAction(cart: Cart, action: CartAction, policy: CartPolicy): { cart: Cart; needs: ManagerAction | null } {
  let needs: ManagerAction | null = null;
  let next: Cart;
  const replace = (lineNo: number, change: Partial<CartLine>): CartLine[] =>
    cart.lines.map((l) => (l.lineNo === lineNo ? { ...l, ...change } : l));
  switch (action.type) {
    case 'add': {
      checkQuantity(action.line, action.line.qtyMilli, cart.kind);
      const lineNo = cart.lines.length + 1;
      const added: CartLine = {
        ...action.line,
        lineNo,
        discount: null,
        voided: false,
        originalLineNo: action.line.originalLineNo ?? null,
        fixedTotalCents: action.line.fixedTotalCents ?? null,
      };
      next = { ...cart, lines: [...cart.lines, added] };
      if (action.line.unitPriceCents !== action.line.listPriceCents) needs = 'price_override';
      break;
    }
    case 'quantity': {
      const l = line(cart, action.lineNo);
      if (l.fixedTotalCents !== null) throw new KassaError('USAGE', 'a refunded line keeps the quantity it was refunded with', 'void it and refund again');
      checkQuantity(l, action.qtyMilli, cart.kind);
      next = { ...cart, lines: replace(l.lineNo, { qtyMilli: action.qtyMilli }) };
      if (Math.abs(action.qtyMilli) < Math.abs(l.qtyMilli) && cart.payments.length > 0) needs = 'void_after_payment';
      break;
    }
    case 'void': {
      const l = line(cart, action.lineNo);
      next = { ...cart, lines: replace(l.lineNo, { voided: true }) };
      if (cart.payments.length > 0) needs = 'void_after_payment';
      break;
    }
    case 'line_discount': {
      const l = line(cart, action.lineNo);
      checkDiscount(action.discount);
      const changed = { ...l, discount: action.discount };
      const cents = lineDiscountCents({ ...changed, qtyMilli: Math.abs(changed.qtyMilli) });
      const gross = lineGrossCents(l.unitPriceCents, Math.abs(l.qtyMilli));
      if (cents > gross) {
        throw new KassaError('INVALID_DISCOUNT', `a discount of ${cents} cents is more than the line (${gross} cents)`, 'give a smaller discount');
      }
      next = { ...cart, lines: replace(l.lineNo, { discount: action.discount }) };
      if (action.discount && aboveLimit(action.discount, cents, gross, policy.discountApprovalAbovePercent)) needs = 'discount_above_limit';
      break;
    }
    case 'sale_discount': {
      checkDiscount(action.discount);
      next = { ...cart, saleDiscount: action.discount };
      const t = cartTotals(next, policy); // throws when the discount is more than the sale
      const saleShare = t.lines.reduce((a, x) => a + x.saleDiscountCents, 0);
      const base = t.lines.reduce((a, x) => a + x.grossCents - x.lineDiscountCents, 0);
      if (action.discount && aboveLimit(action.discount, saleShare, base, policy.discountApprovalAbovePercent)) needs = 'discount_above_limit';
      break;
    }
    case 'price': {
      const l = line(cart, action.lineNo);
      if (!Number.isSafeInteger(action.unitPriceCents) || action.unitPriceCents < 0) {
        throw new KassaError('INVALID_AMOUNT', 'a price is an amount of at least zero', 'e.g. 1.99');
      }
      next = { ...cart, lines: replace(l.lineNo, { unitPriceCents: action.unitPriceCents }) };
      needs = 'price_override';
      break;
    }
  }
  // Adding a line to an unpaid cart cannot break a discount or a payment: skip the
  // check on the scan path, which runs on every scan and in every sale.
  if (action.type === 'add' && cart.payments.length === 0) return { cart: next, needs };
  // A quantity, a void or a price can push an amount discount given earlier above
  // the limit (1.00 off five pieces is 9 %, off one it is 46 %): that needs a manager too.
  if (needs === null && action.type !== 'line_discount' && action.type !== 'sale_discount') {
    const before = discountsAboveLimit(cart, policy);
    if (discountsAboveLimit(next, policy).some((k) => !before.includes(k))) needs = 'discount_above_limit';
  }
  const t = cartTotals(next, policy); // validates discounts against the new amounts
  const paid = paidCents(next);
  if (cart.payments.length > 0 && Math.abs(t.totalCents) < Math.abs(paid)) {
    throw new KassaError(
      'ALREADY_PAID',
      `this change leaves ${t.totalCents} cents to pay, but ${paid} cents were already paid`,
      'complete the sale and refund the difference',
    );
  }
  return { cart: next, needs };
}

/** Which discounts of the cart are above the limit: `line:N` and `sale`. */
export function discountsAboveLimit(cart: Cart, policy: CartPolicy): string[] {
  const out: string[] = [];
  const t = cartTotals(cart, policy);
  activeLines(cart).forEach((l, i) => {
    if (l.discount && aboveLimit(l.discount, t.lines[i]!.lineDiscountCents, t.lines[i]!.grossCents, policy.discountApprovalAbovePercent)) out.push(`line:${l.lineNo}`);
  });
  if (cart.saleDiscount) {
    const share = t.lines.reduce((a, x) => a + x.saleDiscountCents, 0);
    const base = t.lines.reduce((a, x) => a + x.grossCents - x.lineDiscountCents, 0);
    if (aboveLimit(cart.saleDiscount, share, base, policy.discountApprovalAbovePercent)) out.push('sale');
  }
  return out;
}

// ---- payments ----

/** A payment as asked for: cash with what was handed over (null: exact), card or QR with an amount (null: the rest). */
export interface PaymentSpec {
  method: PaymentMethod;
  amountCents: number | null;
}

export interface PlannedPayment {
  method: PaymentMethod;
  amountCents: number;
  tenderedCents: number | null;
  changeCents: number | null;
  roundingCents: number; // only ever on the cash payment that settles the rest
}

/**
 * Plan how `dueCents` is paid by `specs`, in order. At most one payment without
 * an amount: it settles the rest. Cash that settles the rest is rounded to the
 * cash step (the rounding is the sale's); cash alongside an open payment pays
 * exactly what was handed over. Card and QR are never rounded and never pay more
 * than is due. Works on refunds (negative amounts) by planning the payout.
 * With `partial`, card and QR payments with amounts may leave a balance.
 */
export function planPayments(dueCents: number, specs: readonly PaymentSpec[], cashStepCents: number, opts: { partial?: boolean } = {}): PlannedPayment[] {
  const sign = dueCents < 0 ? -1 : 1;
  const due = Math.abs(dueCents);
  const open = specs.filter((s) => s.amountCents === null && s.method !== 'cash');
  const cash = specs.filter((s) => s.method === 'cash');
  if (open.length > 1) {
    throw new KassaError('USAGE', 'only one card or QR payment may go without an amount: it pays the rest', 'give the others an amount: --pay card:10.00');
  }
  if (cash.length > 1) throw new KassaError('USAGE', 'one cash payment per sale', 'add up what the customer hands over');
  if (specs.length === 0) throw new KassaError('USAGE', 'a sale needs a payment', 'e.g. --pay cash');
  for (const s of specs) {
    if (s.amountCents !== null && !(Number.isSafeInteger(s.amountCents) && s.amountCents > 0)) {
      throw new KassaError('INVALID_AMOUNT', `a ${s.method} payment of ${s.amountCents} cents is not possible`, 'give an amount above zero');
    }
  }
  // Cash settles the rest unless a card or QR payment goes without an amount.
  const cashSettles = cash.length === 1 && open.length === 0;
  const fixed = specs.filter((s) => s.method !== 'cash' && s.amountCents !== null).reduce((a, s) => a + s.amountCents!, 0);
  const cashFixed = !cashSettles && cash.length === 1 ? (cash[0]!.amountCents ?? null) : 0;
  if (cashFixed === null) {
    throw new KassaError('USAGE', 'say how much cash the customer hands over when a card or QR payment pays the rest', 'e.g. --pay cash:10.00 --pay card');
  }
  const rest = due - fixed - cashFixed;
  if (rest < 0 || (rest === 0 && !cashSettles && open.length === 1)) {
    throw new KassaError('OVERPAID', `the payments add up to more than the ${due} cents due`, 'give smaller amounts, or let one payment settle the rest');
  }
  const signed = (x: number): number => (x === 0 ? 0 : sign * x); // never -0
  const out: PlannedPayment[] = [];
  for (const s of specs) {
    const base = { method: s.method, tenderedCents: null, changeCents: null, roundingCents: 0 };
    if (s.method !== 'cash') {
      out.push({ ...base, amountCents: signed(s.amountCents ?? rest) });
    } else if (!cashSettles) {
      out.push({ ...base, amountCents: signed(cashFixed), tenderedCents: signed(cashFixed), changeCents: 0 });
    } else {
      const rounded = roundToCashStep(rest, cashStepCents);
      const tendered = s.amountCents ?? rounded;
      if (sign === 1 && tendered < rounded) {
        throw new KassaError('INSUFFICIENT_PAYMENT', `${tendered} cents is not enough: ${rounded} cents are due in cash`, 'hand over more cash, or pay the rest by card');
      }
      const paidOut = sign === -1 ? rounded : tendered; // a payout is exact: no change on a refund
      out.push({ ...base, amountCents: signed(rounded), tenderedCents: signed(paidOut), changeCents: signed(paidOut - rounded), roundingCents: signed(rounded - rest) });
    }
  }
  const settled = out.reduce((a, p) => a + p.amountCents - p.roundingCents, 0);
  // A partial payment (a card for part now, the rest later) leaves a balance; anything else settles exactly.
  const partialOk = opts.partial === true && cash.length === 0 && open.length === 0 && Math.abs(settled) < due;
  if (settled !== dueCents && !partialOk) {
    throw new KassaError('INSUFFICIENT_PAYMENT', `the payments settle ${Math.abs(settled)} of the ${due} cents due`, 'add --pay cash or --pay card for the rest');
  }
  return out;
}
