import { describe, expect, it } from 'vitest';
import {
  applyCartAction,
  cartTotals,
  discountAboveLimit,
  dueCents,
  emptyCart,
  planPayments,
  type Cart,
  type CartAction,
  type NewLine,
  type PaymentSpec,
  type TakenPayment,
} from '../../src/core/cart.js';

const policy = { discountApprovalAbovePercent: 10, pricesIncludeVat: true };

const product = (over: Partial<NewLine> = {}): NewLine => ({
  productId: 1,
  code: 'KOEK-001',
  name: 'Stroopwafels',
  unit: 'piece',
  qtyMilli: 1000,
  unitPriceCents: 219,
  listPriceCents: 219,
  vatCode: 'low',
  vatBp: 900,
  ...over,
});

function cartOf(...lines: NewLine[]): Cart {
  return lines.reduce((c, line) => applyCartAction(c, { type: 'add', line }, policy).cart, emptyCart());
}

const card = (amountCents: number): TakenPayment => ({
  method: 'card',
  amountCents,
  tenderedCents: null,
  changeCents: null,
  reference: null,
  brand: null,
  maskedPan: null,
  authCode: null,
  terminalReceipt: [],
});

describe('cart actions and the manager permissions they need', () => {
  const base = cartOf(product(), product({ productId: 2, code: 'WIJN', name: 'Wijn', unitPriceCents: 783, listPriceCents: 783, vatCode: 'high', vatBp: 2100, qtyMilli: 2000 }));
  const paid: Cart = { ...base, payments: [card(500)] };

  it.each<[string, Cart, CartAction, string | null]>([
    ['adding a line', base, { type: 'add', line: product() }, null],
    ['raising a quantity', base, { type: 'quantity', lineNo: 1, qtyMilli: 3000 }, null],
    ['lowering a quantity before payment', base, { type: 'quantity', lineNo: 2, qtyMilli: 1000 }, null],
    ['lowering a quantity after a payment', paid, { type: 'quantity', lineNo: 2, qtyMilli: 1000 }, 'void_after_payment'],
    ['voiding before payment', base, { type: 'void', lineNo: 1 }, null],
    ['voiding after a payment', paid, { type: 'void', lineNo: 1 }, 'void_after_payment'],
    ['a 10 % line discount (the limit)', base, { type: 'line_discount', lineNo: 2, discount: { percentBp: 1000 } }, null],
    ['a 10.01 % line discount', base, { type: 'line_discount', lineNo: 2, discount: { percentBp: 1001 } }, 'discount_above_limit'],
    ['an amount discount of 10 % of the line', base, { type: 'line_discount', lineNo: 2, discount: { amountCents: 156 } }, null],
    ['an amount discount above 10 % of the line', base, { type: 'line_discount', lineNo: 2, discount: { amountCents: 157 } }, 'discount_above_limit'],
    ['a 5 % sale discount', base, { type: 'sale_discount', discount: { percentBp: 500 } }, null],
    ['a 20 % sale discount', base, { type: 'sale_discount', discount: { percentBp: 2000 } }, 'discount_above_limit'],
    ['a price override', base, { type: 'price', lineNo: 1, unitPriceCents: 199 }, 'price_override'],
    ['a line added at another than its list price', base, { type: 'add', line: product({ unitPriceCents: 100 }) }, 'price_override'],
  ])('%s', (_what, cart, action, needs) => {
    expect(applyCartAction(cart, action, policy).needs).toBe(needs);
  });

  it.each<[string, Cart, CartAction, RegExp]>([
    ['half a piece', base, { type: 'quantity', lineNo: 1, qtyMilli: 500 }, /per piece/],
    ['a zero quantity', base, { type: 'quantity', lineNo: 1, qtyMilli: 0 }, /not possible/],
    ['a line that is not there', base, { type: 'void', lineNo: 9 }, /no line 9/],
    ['a voided line', applyCartAction(base, { type: 'void', lineNo: 1 }, policy).cart, { type: 'void', lineNo: 1 }, /voided/],
    ['a discount above the line', base, { type: 'line_discount', lineNo: 1, discount: { amountCents: 220 } }, /more than the line/],
    ['a sale discount above 100 %', base, { type: 'sale_discount', discount: { percentBp: 10001 } }, /percentage from 0 to 100/],
    ['a negative price', base, { type: 'price', lineNo: 1, unitPriceCents: -1 }, /at least zero/],
    ['leaving less to pay than was paid', { ...base, payments: [card(1700)] }, { type: 'void', lineNo: 2 }, /already paid/],
  ])('refuses %s', (_what, cart, action, error) => {
    expect(() => applyCartAction(cart, action, policy)).toThrow(error);
  });

  it('a quantity lowered under an amount discount given earlier pushes it above the limit: a manager', () => {
    // 1.00 off five stroopwafels (10.95) is 9 %; off one (2.19) it is 46 %.
    const five = applyCartAction(cartOf(product({ qtyMilli: 5000 })), { type: 'line_discount', lineNo: 1, discount: { amountCents: 100 } }, policy);
    expect(five.needs).toBeNull();
    expect(applyCartAction(five.cart, { type: 'quantity', lineNo: 1, qtyMilli: 1000 }, policy).needs).toBe('discount_above_limit');
    expect(applyCartAction(five.cart, { type: 'quantity', lineNo: 1, qtyMilli: 6000 }, policy).needs).toBeNull();
  });

  it('a refund line with a fixed total counts that total, whatever price × quantity is', () => {
    const refund: Cart = { ...emptyCart('refund'), lines: [{ ...product({ qtyMilli: -1000 }), lineNo: 1, discount: null, voided: false, originalLineNo: 1, fixedTotalCents: 104 }] };
    expect(cartTotals(refund, policy).totalCents).toBe(-104);
  });

  it('voided lines stop counting but keep their number', () => {
    const c = applyCartAction(base, { type: 'void', lineNo: 1 }, policy).cart;
    expect(cartTotals(c, policy).totalCents).toBe(1566);
    const again = applyCartAction(c, { type: 'add', line: product() }, policy).cart;
    expect(again.lines.map((l) => [l.lineNo, l.voided])).toEqual([
      [1, true],
      [2, false],
      [3, false],
    ]);
  });

  it('what is due is the total less what was paid', () => {
    expect(dueCents(paid, policy)).toBe(219 + 1566 - 500);
  });

  it('a refund mirrors the sale: the same amounts, negated', () => {
    const sale = applyCartAction(base, { type: 'sale_discount', discount: { percentBp: 1000 } }, policy).cart;
    const refund: Cart = { ...sale, kind: 'refund', lines: sale.lines.map((l) => ({ ...l, qtyMilli: -l.qtyMilli })) };
    const s = cartTotals(sale, policy);
    const r = cartTotals(refund, policy);
    expect(r.totalCents).toBe(-s.totalCents);
    expect(r.vat.map((v) => v.vatCents)).toEqual(s.vat.map((v) => -v.vatCents));
  });

  it('the limit is a percentage of the base, compared exactly', () => {
    expect(discountAboveLimit(100, 1000, 10)).toBe(false);
    expect(discountAboveLimit(101, 1000, 10)).toBe(true);
    expect(discountAboveLimit(1, 1000, 0)).toBe(true);
    expect(discountAboveLimit(1000, 1000, 100)).toBe(false);
  });
});

describe('planning payments', () => {
  const pay = (method: PaymentSpec['method'], amountCents: number | null = null): PaymentSpec => ({ method, amountCents });
  const plan = (due: number, ...specs: PaymentSpec[]) =>
    planPayments(due, specs, 5).map((p) => [p.method, p.amountCents, p.tenderedCents, p.changeCents, p.roundingCents]);

  // The Dutch rule on the cash part: 1–2 cents down, 3–4 up, 6–7 down, 8–9 up.
  it.each([
    [1000, 1000, 0],
    [1001, 1000, -1],
    [1002, 1000, -2],
    [1003, 1005, 2],
    [1004, 1005, 1],
    [1005, 1005, 0],
    [1006, 1005, -1],
    [1007, 1005, -2],
    [1008, 1010, 2],
    [1009, 1010, 1],
  ])('cash for %i cents pays %i (rounding %i)', (due, paid, rounding) => {
    expect(plan(due, pay('cash'))).toEqual([['cash', paid, paid, 0, rounding]]);
  });

  it.each([1001, 1002, 1003, 1004, 1006, 1007, 1008, 1009])('a card pays %i cents exactly: never rounded', (due) => {
    expect(plan(due, pay('card'))).toEqual([['card', due, null, null, 0]]);
  });

  it('cash handed over gets change from the rounded amount', () => {
    expect(plan(1042, pay('cash', 2000))).toEqual([['cash', 1040, 2000, 960, -2]]);
  });

  it('split: a card for part, cash settles the rest and only the cash part is rounded', () => {
    expect(plan(1042, pay('card', 500), pay('cash', 2000))).toEqual([
      ['card', 500, null, null, 0],
      ['cash', 540, 2000, 1460, -2],
    ]);
  });

  it('split: cash handed over first, the card pays the exact rest', () => {
    expect(plan(1042, pay('cash', 1000), pay('card'))).toEqual([
      ['cash', 1000, 1000, 0, 0],
      ['card', 42, null, null, 0],
    ]);
  });

  it('split: card and QR with amounts that add up', () => {
    expect(plan(1042, pay('card', 1000), pay('qr'))).toEqual([
      ['card', 1000, null, null, 0],
      ['qr', 42, null, null, 0],
    ]);
  });

  it('a refund pays out: cash rounded the same way, no change', () => {
    expect(plan(-1042, pay('card', 500), pay('cash'))).toEqual([
      ['card', -500, null, null, 0],
      ['cash', -540, -540, 0, 2],
    ]);
  });

  it.each<[string, number, PaymentSpec[], RegExp]>([
    ['not enough cash', 1042, [pay('cash', 1000)], /not enough/],
    ['a card for more than is due', 1042, [pay('card', 1100)], /more than/],
    ['two payments without an amount', 1042, [pay('card'), pay('qr')], /only one/],
    ['cash without an amount next to an open card payment', 1042, [pay('cash'), pay('card')], /how much cash/],
    ['payments that do not reach the total', 1042, [pay('card', 500)], /settle 500 of the 1042/],
    ['two cash payments', 1042, [pay('cash', 500), pay('cash')], /one cash payment/],
    ['a zero amount', 1042, [pay('card', 0)], /not possible/],
    ['nothing left for the open payment', 1042, [pay('card', 1042), pay('qr')], /more than/],
    ['no payment', 1042, [], /needs a payment/],
  ])('refuses %s', (_what, due, specs, error) => {
    expect(() => planPayments(due, specs, 5)).toThrow(error);
  });

  it('a partial card payment may leave a balance when asked for', () => {
    expect(planPayments(1042, [pay('card', 500)], 5, { partial: true })).toHaveLength(1);
  });

  it('with a step of 1 cent cash is exact', () => {
    expect(planPayments(1042, [pay('cash')], 1)[0]).toMatchObject({ amountCents: 1042, roundingCents: 0 });
  });
});
