import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, kassa, type CliResult } from '../helpers/cli.js';
import { tempDir } from '../helpers/store.js';

interface Payment {
  method: string;
  amountCents: number;
  tenderedCents: number | null;
  changeCents: number | null;
  reference: string | null;
  brand: string | null;
  maskedPan: string | null;
  authCode: string | null;
}
interface Sale {
  receiptNo: string;
  kind: 'sale' | 'refund';
  originalReceiptNo: string | null;
  businessDay: string;
  cashierId: number;
  lines: { code: string; qtyMilli: number; unitPriceCents: number; discountCents: number; lineTotalCents: number }[];
  discountCents: number;
  totalCents: number;
  payments: Payment[];
  roundingCents: number;
  changeCents: number;
}
interface Cart {
  cartId: number;
  status: string;
  cashierId: number;
  lines: { lineNo: number; qtyMilli: number; voided: boolean; discountCents: number }[];
  totalCents: number;
  paidCents: number;
  dueCents: number;
  payments: Payment[];
}
interface Entry {
  seq: number;
  type: string;
  payload: Record<string, unknown>;
}

const t = tempDir();
const db = join(t.dir, 'selling.db');
const pinFile = (name: string, pin: string): string => {
  const f = join(t.dir, name);
  writeFileSync(f, `${pin}\n`);
  return f;
};
const k = (args: string[], input?: string): CliResult => kassa(['--db', db, ...args], input === undefined ? {} : { input });
const SANNE = ['--cashier', '1', '--pin-file', pinFile('sanne.pin', '1234')]; // cashier
const MARIEKE = ['--cashier', '2', '--pin-file', pinFile('marieke.pin', '9999')]; // manager
const PIET = ['--cashier', '3', '--pin-file', pinFile('piet.pin', '2468')]; // cashier
const BY_MANAGER = ['--approver', '2', '--approver-pin-file', pinFile('marieke-approves.pin', '9999')];
const BY_CASHIER = ['--approver', '3', '--approver-pin-file', pinFile('piet-approves.pin', '2468')];
const WRONG_MANAGER_PIN = ['--approver', '2', '--approver-pin-file', pinFile('wrong.pin', '0000')];
// 3,29 + 2 × 0,95 + 0,350 kg × 14,95: a total of 10,42, not a multiple of 5 cents.
const BASKET = ['8712439011619', '2*BROOD-002', '0.350*KAAS-001'];

const set = (key: string, value: string): void => {
  const r = k(['config', 'set', key, value]);
  expect(r.code, r.stderr).toBe(0);
};
const sold = (r: CliResult): Sale => {
  expect(r.code, r.stderr).toBe(0);
  return json<Sale>(r);
};
const journal = (): Entry[] => json<Entry[]>(k(['audit', 'log', '--json']));
const stock = (code: string): number => json<{ stockMilli: number }>(k(['products', 'show', code, '--json'])).stockMilli;
const allSales = (): Sale[] => json<Sale[]>(k(['sales', 'list', '--from', '2000-01-01', '--to', '2099-12-31', '--json']));
const carts = (): Cart[] => json<Cart[]>(k(['cart', 'list', '--json']));
const receiptNumber = (receipt: string): number => Number(/^R1-(\d{6})$/.exec(receipt)![1]);

/** What a failed sale must leave exactly as it was; the journal may only gain login entries. */
function storeState(): { sales: string; carts: string; stock: string[]; journal: Entry[] } {
  return {
    sales: k(['sales', 'list', '--from', '2000-01-01', '--to', '2099-12-31', '--json']).stdout,
    carts: k(['cart', 'list', '--json']).stdout,
    stock: json<{ sku: string; stockMilli: number }[]>(k(['products', 'list', '--json'])).map((p) => `${p.sku} ${p.stockMilli}`),
    journal: journal(),
  };
}
function expectUnchanged(before: ReturnType<typeof storeState>): void {
  const after = storeState();
  expect(after.sales).toBe(before.sales);
  expect(after.carts).toBe(before.carts);
  expect(after.stock).toEqual(before.stock);
  expect(after.journal.slice(0, before.journal.length)).toEqual(before.journal);
  const added = after.journal.slice(before.journal.length).map((e) => e.type);
  expect(added.filter((type) => !type.startsWith('user.login'))).toEqual([]);
}

beforeAll(() => {
  // The demo's staff: Anna, cashier 1, PIN 1234; Bert, manager 2, PIN 9999. Piet is 3.
  expect(k(['demo']).code).toBe(0);
  k(['users', 'add', '--name', 'Piet', '--role', 'cashier', '--pin-file', '-'], '2468\n');
  set('terminal.driver', 'simulator');
  set('terminal.timeoutSeconds', '1');
});
afterAll(() => t.cleanup());

describe('card payments (simulator terminal)', () => {
  it('an approved card pays the exact total, with the card on the sale, and stock goes down', () => {
    set('terminal.simulator.outcome', 'approve');
    const before = ['8712439011619', 'BROOD-002', 'KAAS-001'].map(stock);
    const sale = sold(k(['sell', ...BASKET, ...SANNE, '--pay', 'card', '--json']));
    expect(sale.totalCents).toBe(1042);
    expect(sale.roundingCents).toBe(0);
    expect(sale.payments).toHaveLength(1);
    expect(sale.payments[0]).toMatchObject({ method: 'card', amountCents: 1042, brand: 'Maestro', maskedPan: '670367******1234' });
    expect(sale.payments[0]!.authCode).toMatch(/^[A-Z0-9]{6}$/);
    expect(['8712439011619', 'BROOD-002', 'KAAS-001'].map(stock)).toEqual([before[0]! - 1000, before[1]! - 2000, before[2]! - 350]);
    expect(json(k(['sales', 'show', sale.receiptNo, '--json']))).toEqual(sale);
    const v = k(['audit', 'verify', '--json']);
    expect(v.code).toBe(0);
    expect(json(v)).toMatchObject({ ok: true });
  });

  it.each([
    ['decline', /declined/],
    ['cancel', /cancelled/],
    ['timeout', /timeout|timed out|no answer/],
  ])('a card that ends in %s as the only payment: exit 1 and the store as it was', (outcome, message) => {
    set('terminal.simulator.outcome', outcome);
    const before = storeState();
    const r = k(['sell', ...BASKET, 'KOEK-001', ...SANNE, '--pay', 'card']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('Nothing was recorded');
    expectUnchanged(before);
    expect(journal().slice(before.journal.length).map((e) => e.type)).not.toContain('payment.taken');
  });

  it('split: card for part, cash for the rest, rounded on the cash part only', () => {
    set('terminal.simulator.outcome', 'approve');
    const sale = sold(k(['sell', ...BASKET, ...SANNE, '--pay', 'card:5.00', '--pay', 'cash', '--json']));
    expect(sale.totalCents).toBe(1042);
    expect(sale.payments.map((p) => [p.method, p.amountCents])).toEqual([
      ['card', 500],
      ['cash', 540],
    ]);
    expect(sale.roundingCents).toBe(-2);
    expect(sale.changeCents).toBe(0);
  });

  it('a card approved and the next one declined keeps the sale open with the card paid; cash then completes it', () => {
    set('terminal.simulator.outcome', 'approve');
    const cart = json<Cart>(k(['cart', 'new', ...SANNE, '--json']));
    expect(k(['cart', 'add', String(cart.cartId), ...BASKET, ...SANNE]).code).toBe(0);
    const part = json<{ sale: Sale | null; cart: Cart }>(k(['cart', 'pay', String(cart.cartId), '--pay', 'card:5.00', ...SANNE, '--json']));
    expect(part.sale).toBeNull();
    expect(part.cart).toMatchObject({ status: 'open', paidCents: 500, dueCents: 542 });

    set('terminal.simulator.outcome', 'decline');
    const r = k(['cart', 'pay', String(cart.cartId), '--pay', 'card', ...SANNE]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('declined');
    expect(r.stderr).toContain(`cart ${cart.cartId}`);
    expect(r.stderr).toContain(`kassa cart pay ${cart.cartId} --pay cash`);
    const open = carts().find((c) => c.cartId === cart.cartId)!;
    expect(open).toMatchObject({ status: 'open', paidCents: 500 });
    expect(open.payments).toEqual([expect.objectContaining({ method: 'card', amountCents: 500, brand: 'Maestro' })]);

    const done = json<{ sale: Sale; cart: Cart }>(k(['cart', 'pay', String(cart.cartId), '--pay', 'cash', ...SANNE, '--json']));
    expect(done.sale.receiptNo).toMatch(/^R1-\d{6}$/);
    expect(done.sale.totalCents).toBe(1042);
    expect(done.sale.payments.map((p) => [p.method, p.amountCents])).toEqual([
      ['card', 500],
      ['cash', 540],
    ]);
    expect(done.sale.roundingCents).toBe(-2);
    expect(carts().some((c) => c.cartId === cart.cartId)).toBe(false);
  });

  it('the manual terminal without a terminal to ask needs --confirmed, and with it the card is taken', () => {
    set('terminal.driver', 'manual');
    try {
      const before = storeState();
      const r = k(['sell', 'KOEK-001', ...SANNE, '--pay', 'card']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--confirmed');
      expectUnchanged(before);
      const sale = sold(k(['sell', 'KOEK-001', ...SANNE, '--pay', 'card', '--confirmed', '--json']));
      expect(sale.payments).toMatchObject([{ method: 'card', amountCents: 219 }]);
    } finally {
      set('terminal.driver', 'simulator');
    }
  });
});

describe('QR transfers', () => {
  it('with --confirmed the transfer pays the exact total', () => {
    const sale = sold(k(['sell', ...BASKET, ...SANNE, '--pay', 'qr', '--confirmed', '--json']));
    expect(sale.payments).toMatchObject([{ method: 'qr', amountCents: 1042 }]);
    expect(sale.payments[0]!.reference).toMatch(/^Kassa 1 /);
    expect(sale.roundingCents).toBe(0);
  });

  it('without --confirmed and no terminal: exit 2 naming --confirmed, nothing written', () => {
    const before = storeState();
    const r = k(['sell', 'KOEK-001', ...SANNE, '--pay', 'qr']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--confirmed');
    expectUnchanged(before);
  });

  it('a card before an unconfirmable QR transfer is not charged', () => {
    set('terminal.simulator.outcome', 'approve');
    const before = storeState();
    const r = k(['sell', 'KOEK-001', ...SANNE, '--pay', 'card:1.00', '--pay', 'qr']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--confirmed');
    expectUnchanged(before);
  });

  it('is refused without the store’s IBAN, before a card in the same sale is charged', () => {
    set('store.iban', '');
    try {
      const before = storeState();
      const alone = k(['sell', 'KOEK-001', ...SANNE, '--pay', 'qr', '--confirmed']);
      expect(alone.code).toBe(1);
      expect(alone.stderr).toContain('IBAN');
      expectUnchanged(before);

      set('terminal.simulator.outcome', 'approve');
      const split = k(['sell', 'KOEK-001', ...SANNE, '--pay', 'card:1.00', '--pay', 'qr', '--confirmed']);
      expect(split.code).toBe(1);
      expect(split.stderr).toContain('IBAN');
      expectUnchanged(before); // no card taken for a sale that cannot be completed
    } finally {
      set('store.iban', 'NL91ABNA0417164300');
    }
  });
});

describe('manager approvals', () => {
  it('a cashier alone giving 20% off: exit 1, needs a manager, nothing written', () => {
    const before = storeState();
    const r = k(['sell', 'KOEK-001', ...SANNE, '--discount', '20%']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('needs a manager');
    expectUnchanged(before);
  });

  it('with a manager approving, the discount is given and the approval journaled with both names', () => {
    const sale = sold(k(['sell', 'KOEK-001', ...SANNE, ...BY_MANAGER, '--discount', '20%', '--pay', 'card', '--json']));
    expect(sale.discountCents).toBe(44);
    expect(sale.totalCents).toBe(175);
    // Paid by card, the sale was kept as a cart while paying: the approval is journaled under that cart.
    const completed = journal().find((e) => e.type === 'sale.completed' && e.payload.receiptNo === sale.receiptNo);
    const approval = journal().find((e) => e.type === 'approval.granted' && e.payload.cart === completed?.payload.cart);
    expect(completed?.payload.cart).toEqual(expect.any(String));
    expect(approval?.payload).toMatchObject({ approverId: 2, userId: 1, actions: ['discount_above_limit'] });
  });

  it('a cashier cannot approve, and a wrong approver PIN sells nothing', () => {
    let before = storeState();
    const byCashier = k(['sell', 'KOEK-001', ...SANNE, ...BY_CASHIER, '--discount', '20%']);
    expect(byCashier.code).toBe(1);
    expect(byCashier.stderr).toContain('cashier and cannot approve');
    expectUnchanged(before);

    before = storeState();
    const wrongPin = k(['sell', 'KOEK-001', ...SANNE, ...WRONG_MANAGER_PIN, '--discount', '20%']);
    expect(wrongPin.code).toBe(1);
    expect(wrongPin.stderr).toContain('wrong PIN');
    expectUnchanged(before);
  });

  it('a price override needs a manager too', () => {
    const before = storeState();
    const alone = k(['sell', 'KOEK-001', ...SANNE, '--price', '1=1.00']);
    expect(alone.code).toBe(1);
    expect(alone.stderr).toContain('price override needs a manager');
    expectUnchanged(before);

    const sale = sold(k(['sell', 'KOEK-001', ...SANNE, ...BY_MANAGER, '--price', '1=1.00', '--json']));
    expect(sale.lines[0]).toMatchObject({ unitPriceCents: 100, lineTotalCents: 100 });
    const entries = journal().filter((e) => e.payload.receiptNo === sale.receiptNo);
    expect(entries.find((e) => e.type === 'approval.granted')?.payload).toMatchObject({ approverId: 2, userId: 1, actions: ['price_override'] });
    expect(entries.find((e) => e.type === 'sale.price_overridden')?.payload).toMatchObject({ fromCents: 219, toCents: 100 });
  });

  it('5% off needs no approver, and a manager selling gives 20% alone', () => {
    const small = sold(k(['sell', '2*KOEK-001', ...SANNE, '--discount', '5%', '--json']));
    expect(small.discountCents).toBe(22);
    expect(small.totalCents).toBe(416);
    expect(journal().some((e) => e.type === 'approval.granted' && e.payload.receiptNo === small.receiptNo)).toBe(false);
    expect(sold(k(['sell', 'KOEK-001', ...MARIEKE, '--discount', '20%', '--json'])).totalCents).toBe(175);
  });
});

describe('kassa cart, step by step', () => {
  it('new, add, qty, void, discounts, park, resume by another cashier, pay: each change journaled', () => {
    const start = journal().length;
    const cart = json<Cart>(k(['cart', 'new', ...SANNE, '--json']));
    const id = String(cart.cartId);
    expect(cart).toMatchObject({ status: 'open', cashierId: 1, totalCents: 0 });
    const added = json<Cart>(k(['cart', 'add', id, 'KOEK-001', '2*BROOD-002', 'ZUIV-001', ...SANNE, '--json']));
    expect(added.totalCents).toBe(219 + 190 + 119);
    expect(json<Cart>(k(['cart', 'qty', id, '2', '3', ...SANNE, '--json'])).totalCents).toBe(219 + 285 + 119);
    const voided = json<Cart>(k(['cart', 'void', id, '3', ...SANNE, '--json']));
    expect(voided.lines[2]).toMatchObject({ voided: true });
    expect(voided.totalCents).toBe(219 + 285);
    expect(json<Cart>(k(['cart', 'discount', id, '10%', '--line', '1', ...SANNE, '--json'])).totalCents).toBe(197 + 285);
    expect(json<Cart>(k(['cart', 'discount', id, '0.20', ...SANNE, '--json'])).totalCents).toBe(197 + 285 - 20);
    expect(json<Cart>(k(['cart', 'park', id, ...SANNE, '--json'])).status).toBe('parked');

    const whileParked = k(['cart', 'add', id, 'KOEK-001', ...SANNE]);
    expect(whileParked.code).toBe(1);
    expect(whileParked.stderr).toContain('parked');

    const resumed = json<Cart>(k(['cart', 'resume', id, ...PIET, '--json']));
    expect(resumed).toMatchObject({ status: 'open', cashierId: 3 });
    const paid = json<{ sale: Sale; cart: Cart }>(k(['cart', 'pay', id, '--pay', 'cash:5', ...PIET, '--json']));
    expect(paid.sale).toMatchObject({ totalCents: 462, cashierId: 3, roundingCents: -2, changeCents: 40 });
    expect(paid.sale.lines.map((l) => [l.code, l.qtyMilli])).toEqual([
      ['KOEK-001', 1000],
      ['BROOD-002', 3000],
    ]);
    expect(paid.cart.status).toBe('completed');

    const types = journal()
      .slice(start)
      .map((e) => e.type)
      .filter((type) => !type.startsWith('user.login'));
    expect(types).toEqual([
      'sale.quantity_changed',
      'sale.line_voided',
      'sale.discount_given',
      'sale.discount_given',
      'sale.parked',
      'sale.resumed',
      'sale.completed',
    ]);
  });

  it('after a card payment, voiding a line needs a manager', () => {
    set('terminal.simulator.outcome', 'approve');
    const id = String(json<Cart>(k(['cart', 'new', ...SANNE, '--json'])).cartId);
    k(['cart', 'add', id, 'KOEK-001', 'BROOD-001', ...SANNE]);
    expect(k(['cart', 'pay', id, '--pay', 'card:1.00', ...SANNE]).code).toBe(0);
    const alone = k(['cart', 'void', id, '2', ...SANNE]);
    expect(alone.code).toBe(1);
    expect(alone.stderr).toContain('voiding a line after a payment needs a manager');
    expect(carts().find((c) => c.cartId === Number(id))!.lines[1]!.voided).toBe(false);
    const voided = json<Cart>(k(['cart', 'void', id, '2', ...SANNE, ...BY_MANAGER, '--json']));
    expect(voided).toMatchObject({ totalCents: 219, paidCents: 100, dueCents: 119 });
    expect(journal().at(-1)).toMatchObject({ type: 'sale.line_voided', payload: { lineNo: 2, afterPayment: true, approvedBy: 2 } });
    const paid = json<{ sale: Sale }>(k(['cart', 'pay', id, '--pay', 'cash', ...SANNE, '--json']));
    expect(paid.sale).toMatchObject({ totalCents: 219, roundingCents: 1 }); // the cash part, 1,19, rounds to 1,20
    expect(paid.sale.payments.map((p) => [p.method, p.amountCents])).toEqual([
      ['card', 100],
      ['cash', 120],
    ]);
    expect(paid.sale.lines.map((l) => l.code)).toEqual(['KOEK-001']);
  });

  it('cancelling needs a manager', () => {
    const id = String(json<Cart>(k(['cart', 'new', ...SANNE, '--json'])).cartId);
    k(['cart', 'add', id, 'KOEK-001', ...SANNE]);
    const alone = k(['cart', 'cancel', id, ...SANNE]);
    expect(alone.code).toBe(1);
    expect(alone.stderr).toContain('needs a manager');
    expect(carts().find((c) => c.cartId === Number(id))?.status).toBe('open');

    const start = journal().length;
    expect(json<Cart>(k(['cart', 'cancel', id, ...SANNE, ...BY_MANAGER, '--json'])).status).toBe('cancelled');
    expect(carts().some((c) => c.cartId === Number(id))).toBe(false);
    const entries = journal().slice(start).filter((e) => !e.type.startsWith('user.login'));
    expect(entries.map((e) => e.type)).toEqual(['approval.granted', 'sale.cancelled']);
    expect(entries[0]!.payload).toMatchObject({ approverId: 2, userId: 1, actions: ['cancel_sale'] });
  });
});

describe('kassa refund', () => {
  it('a manager refunds a whole receipt: negative total, the next receipt number, stock back', () => {
    const sale = sold(k(['sell', '3*KOEK-001', 'BROOD-001', ...SANNE, '--pay', 'cash:20', '--json']));
    const stockSold = [stock('KOEK-001'), stock('BROOD-001')];
    const refund = sold(k(['refund', '--receipt', sale.receiptNo, ...MARIEKE, '--json']));
    expect(refund).toMatchObject({ kind: 'refund', originalReceiptNo: sale.receiptNo, totalCents: -sale.totalCents });
    expect(receiptNumber(refund.receiptNo)).toBe(receiptNumber(sale.receiptNo) + 1);
    expect(refund.payments.map((p) => p.method)).toEqual(['cash']);
    expect([stock('KOEK-001'), stock('BROOD-001')]).toEqual([stockSold[0]! + 3000, stockSold[1]! + 1000]);
    const nothing = k(['refund', '--receipt', sale.receiptNo, ...MARIEKE]);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain('refunded already');
  });

  it('partial refunds never return more than was sold, and add up to the sale', () => {
    // With a line discount and a sale discount, so the refunds must share them out exactly.
    const sale = sold(k(['sell', '3*KOEK-001', 'BROOD-001', ...SANNE, '--line-discount', '1=5%', '--discount', '0.30', '--pay', 'cash:20', '--json']));
    const first = sold(k(['refund', '--receipt', sale.receiptNo, '--item', '1*KOEK-001', ...MARIEKE, '--json']));
    expect(first.lines.map((l) => [l.code, l.qtyMilli])).toEqual([['KOEK-001', -1000]]);

    const before = storeState();
    const tooMuch = k(['refund', '--receipt', sale.receiptNo, '--item', '3*KOEK-001', ...MARIEKE]);
    expect(tooMuch.code).toBe(1);
    expect(tooMuch.stderr).toContain('2 of KOEK-001 left');
    expectUnchanged(before);

    const rest = sold(k(['refund', '--receipt', sale.receiptNo, ...MARIEKE, '--json']));
    expect(rest.lines.map((l) => [l.code, l.qtyMilli])).toEqual([
      ['KOEK-001', -2000],
      ['BROOD-001', -1000],
    ]);
    expect(first.totalCents + rest.totalCents).toBe(-sale.totalCents);
    const third = k(['refund', '--receipt', sale.receiptNo, ...MARIEKE]);
    expect(third.code).toBe(1);
    expect(third.stderr).toContain('refunded already');
  });

  it('a card sale goes back to the card', () => {
    set('terminal.simulator.outcome', 'approve');
    const sale = sold(k(['sell', 'KOEK-001', ...SANNE, '--pay', 'card', '--json']));
    const refund = sold(k(['refund', '--receipt', sale.receiptNo, ...MARIEKE, '--json']));
    expect(refund.payments).toEqual([expect.objectContaining({ method: 'card', amountCents: -219, brand: 'Maestro' })]);
    expect(refund.roundingCents).toBe(0);
  });

  it('a cashier without an approver cannot refund; with one, the approval is journaled', () => {
    const sale = sold(k(['sell', 'KOEK-001', ...SANNE, '--json']));
    const before = storeState();
    const r = k(['refund', '--receipt', sale.receiptNo, ...SANNE]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('needs a manager');
    expectUnchanged(before);
    const refund = sold(k(['refund', '--receipt', sale.receiptNo, ...SANNE, ...BY_MANAGER, '--json']));
    // A refund against a receipt is held as a cart while it pays out: the approval is journaled under it.
    const completed = journal().find((e) => e.type === 'refund.completed' && e.payload.receiptNo === refund.receiptNo);
    expect(journal().find((e) => e.type === 'approval.granted' && e.payload.cart === completed?.payload.cart)?.payload).toMatchObject({
      approverId: 2,
      userId: 1,
      actions: ['refund'],
    });
  });

  it('a return without a receipt needs a manager and is priced from the catalogue', () => {
    const before = storeState();
    const koek = stock('KOEK-001');
    const r = k(['refund', '--item', 'KOEK-001', ...SANNE]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('without a receipt needs a manager');
    expectUnchanged(before);
    const refund = sold(k(['refund', '--item', '2*KOEK-001', ...MARIEKE, '--pay', 'cash', '--json']));
    expect(refund).toMatchObject({ kind: 'refund', originalReceiptNo: null, totalCents: -438 });
    expect(refund.lines[0]).toMatchObject({ code: 'KOEK-001', qtyMilli: -2000, unitPriceCents: 219 });
    expect(stock('KOEK-001')).toBe(koek + 2000);
  });

  it('receipt numbers stay gapless over sales and refunds, and the journal verifies', () => {
    const numbers = allSales()
      .map((s) => receiptNumber(s.receiptNo))
      .sort((a, b) => a - b);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    expect(json(k(['audit', 'verify', '--json']))).toMatchObject({ ok: true });
  });
});

describe('kassa receipt show', () => {
  let receipt = '';
  beforeAll(() => {
    set('terminal.simulator.outcome', 'approve');
    const sale = sold(k(['sell', ...BASKET, '3*KOEK-001', ...SANNE, '--line-discount', '4=10%', '--pay', 'card:5.00', '--pay', 'cash:20', '--json']));
    receipt = sale.receiptNo;
  });

  it('is Dutch by default, with TOTAAL and the receipt number', () => {
    const r = k(['receipt', 'show', receipt]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^TOTAAL .*16,33$/m);
    expect(r.stdout).toContain(receipt);
    expect(r.stdout).toContain('Anna');
    expect(r.stdout).not.toContain('KOPIE');
  });

  it('--lang en speaks English', () => {
    const r = k(['receipt', 'show', receipt, '--lang', 'en']);
    expect(r.stdout).toMatch(/^TOTAL /m);
    expect(r.stdout).not.toContain('TOTAAL');
  });

  it('--copy marks the copy and journals it', () => {
    const r = k(['receipt', 'show', receipt, '--copy']);
    expect(r.stdout).toContain('*** KOPIE ***');
    expect(journal().at(-1)).toMatchObject({ type: 'receipt.copy_printed', payload: { receiptNo: receipt } });
  });

  it('--width 32 keeps every line within 32 characters', () => {
    const r = k(['receipt', 'show', receipt, '--width', '32']);
    const lines = r.stdout.split('\n');
    expect(lines.length).toBeGreaterThan(15);
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(32);
  });
});

describe('kassa sales list', () => {
  it('lists the business day of the sales as a JSON array', () => {
    const sale = sold(k(['sell', 'KOEK-001', ...SANNE, '--json']));
    const day = sale.businessDay;
    const rows = json<Sale[]>(k(['sales', 'list', '--from', day, '--to', day, '--json']));
    expect(rows.map((s) => s.receiptNo)).toContain(sale.receiptNo);
    expect(rows.find((s) => s.receiptNo === sale.receiptNo)).toEqual(sale);
    expect(allSales().some((s) => s.kind === 'refund')).toBe(true);
    expect(json<Sale[]>(k(['sales', 'list', '--json'])).map((s) => s.receiptNo)).toContain(sale.receiptNo); // today's business day
    expect(json<Sale[]>(k(['sales', 'list', '--from', '2001-01-01', '--json']))).toEqual([]);
  });
});

describe('kassa drawer open', () => {
  it('a cashier alone may not; a manager may, and it is journaled', () => {
    const before = journal().length;
    const r = k(['drawer', 'open', '--reason', 'wisselgeld', ...SANNE]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('needs a manager');
    expect(journal().slice(before).every((e) => e.type.startsWith('user.login'))).toBe(true);

    const ok = k(['drawer', 'open', '--reason', 'wisselgeld', ...MARIEKE, '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(json(ok)).toMatchObject({ approvedBy: 2 });
    expect(journal().at(-1)).toMatchObject({ type: 'drawer.opened', payload: { userId: 2, approvedBy: 2, reason: 'wisselgeld' } });
  });
});
