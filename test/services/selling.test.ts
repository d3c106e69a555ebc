import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PaymentSpec } from '../../src/core/cart.js';
import { parseItemSpec } from '../../src/core/receipt.js';
import type { SimulatorOutcome } from '../../src/core/settings.js';
import { SimulatorTerminal } from '../../src/devices/payment-terminal/simulator.js';
import { iterateJournal } from '../../src/db/journal.js';
import { cancelCart, changeCart, listCarts, openCart, parkCart, payCart, resumeCart, viewCart } from '../../src/services/carts.js';
import { setConfig } from '../../src/services/config.js';
import { openDrawerNoSale } from '../../src/services/drawer.js';
import { importProducts } from '../../src/services/import/import-products.js';
import { verifyJournal } from '../../src/services/journal.js';
import { findProduct } from '../../src/services/products.js';
import { receiptText } from '../../src/services/receipts.js';
import { refund } from '../../src/services/refunds.js';
import { completeCashSale, listSales, sell, showSale, type PaymentDevices, type SaleInput } from '../../src/services/sales.js';
import { addUser } from '../../src/services/users.js';
import { snapshot, tempStore } from '../helpers/store.js';

const DEMO = join(import.meta.dirname, '..', '..', 'fixtures', 'demo', 'catalogue.csv');
const TABLES = ['products', 'stock_movements', 'sales', 'sale_lines', 'payments', 'carts', 'cart_lines', 'cart_payments', 'journal', 'receipt_counters', 'no_sales'];

let store: ReturnType<typeof tempStore>;
let cashier: number;
let manager: number;
let qrShown: { payload: string; amountCents: number }[];
beforeEach(async () => {
  store = tempStore();
  await importProducts(store.ctx, DEMO);
  setConfig(store.ctx, 'store.iban', 'NL91ABNA0417164300');
  setConfig(store.ctx, 'store.name', 'Buurtwinkel De Hoek');
  cashier = addUser(store.ctx, { name: 'Anna', role: 'cashier', pin: '1234' }).id;
  manager = addUser(store.ctx, { name: 'Bert', role: 'manager', pin: '9999' }).id;
  qrShown = [];
});
afterEach(() => store.cleanup());

/** A simulator terminal answering `outcomes` in turn; the QR transfer confirmed or not. */
function devices(outcomes: SimulatorOutcome[] = ['approve'], qrConfirmed = true): PaymentDevices & { asked: number[] } {
  const asked: number[] = [];
  let i = 0;
  const terminal = new SimulatorTerminal({ outcome: () => outcomes[Math.min(i++, outcomes.length - 1)]!, delayMs: 0, timeoutMs: 30 });
  return {
    asked,
    terminal: {
      driver: 'simulator',
      pay: (req, opts) => {
        asked.push(req.kind === 'refund' ? -req.amountCents : req.amountCents);
        return terminal.pay(req, opts);
      },
    },
    confirmQr: async (qr) => {
      qrShown.push(qr);
      return qrConfirmed;
    },
  };
}

const items = (...specs: string[]) => specs.map(parseItemSpec);
const pay = (method: PaymentSpec['method'], amountCents: number | null = null): PaymentSpec => ({ method, amountCents });
const input = (specs: string[], payments: PaymentSpec[], more: Partial<SaleInput> = {}): SaleInput => ({ cashierId: cashier, items: items(...specs), payments, ...more });
const journalTypes = () => [...iterateJournal(store.db)].map((e) => e.type);
const journal = (type: string) => [...iterateJournal(store.db)].filter((e) => e.type === type).map((e) => JSON.parse(e.payload) as Record<string, unknown>);
const stock = (code: string) => findProduct(store.ctx, code)!.stockMilli;

// 8712439011619 Pindakaas 3.29 + 2 × croissant 0.95 + 0.350 kg kaas at 14.95 (5.23) = 10.42, all at 9 %.
const BASKET = ['8712439011619', '2*BROOD-002', '0.350*KAAS-001'];

describe('card, QR and split payments', () => {
  it('a card pays the exact total: never rounded, with what the terminal said', async () => {
    const d = devices();
    const s = await sell(store.ctx, input(BASKET, [pay('card')]), d);
    expect(d.asked).toEqual([1042]);
    expect(showSale(store.ctx, s.receiptNo)).toEqual(s);
    expect(s).toMatchObject({ receiptNo: 'R1-000001', totalCents: 1042, roundingCents: 0, changeCents: 0 });
    expect(s.payments).toEqual([
      { method: 'card', amountCents: 1042, tenderedCents: null, changeCents: null, reference: expect.stringMatching(/^Kassa 1 [0-9A-F]{8}$/), brand: 'Maestro', maskedPan: '670367******1234', authCode: expect.stringMatching(/^\w{6}$/) },
    ]);
    expect(verifyJournal(store.ctx)).toMatchObject({ ok: true });
  });

  it.each<SimulatorOutcome>(['decline', 'cancel', 'timeout'])('a card that says %s leaves the store exactly as it was', async (outcome) => {
    const before = snapshot(store.db, TABLES);
    await expect(sell(store.ctx, input(BASKET, [pay('card')]), devices([outcome]))).rejects.toThrow(/card payment of € 10,42 (declined|cancelled|timed out).*Nothing was recorded/);
    expect(snapshot(store.db, TABLES)).toBe(before);
  });

  it('split: card for part, cash settles the rest; only the cash part is rounded', async () => {
    const s = await sell(store.ctx, input(BASKET, [pay('card', 500), pay('cash', 2000)]), devices());
    expect(s.payments.map((p) => [p.method, p.amountCents, p.tenderedCents, p.changeCents])).toEqual([
      ['card', 500, null, null],
      ['cash', 540, 2000, 1460],
    ]);
    expect(s).toMatchObject({ totalCents: 1042, roundingCents: -2, changeCents: 1460 });
  });

  it('a card approved, then a second declined: the sale stays open with the approved payment, and cash finishes it', async () => {
    const before = stock('BROOD-002');
    await expect(sell(store.ctx, input(BASKET, [pay('card', 500), pay('card')]), devices(['approve', 'decline']))).rejects.toThrow(
      /declined.*stays open as cart 1 with € 5,00 paid/,
    );
    const [open] = listCarts(store.ctx);
    expect(open).toMatchObject({ cartId: 1, status: 'open', totalCents: 1042, paidCents: 500, dueCents: 542 });
    expect(journal('payment.taken')).toHaveLength(1);
    expect(stock('BROOD-002')).toBe(before); // nothing sold yet

    const r = await payCart(store.ctx, 1, { userId: cashier }, [pay('cash')], null);
    expect(r.sale).toMatchObject({ receiptNo: 'R1-000001', totalCents: 1042, roundingCents: -2 });
    expect(r.sale!.payments.map((p) => [p.method, p.amountCents])).toEqual([
      ['card', 500],
      ['cash', 540],
    ]);
    expect(r.cart.status).toBe('completed');
    expect(showSale(store.ctx, 'R1-000001')).toEqual(r.sale);
    expect(stock('BROOD-002')).toBe(before - 2000);
    expect(verifyJournal(store.ctx)).toMatchObject({ ok: true });
  });

  it('QR: the EPC code carries the IBAN, the amount and the reference; confirmed, it pays', async () => {
    const s = await sell(store.ctx, input(BASKET, [pay('qr')]), devices());
    expect(qrShown).toHaveLength(1);
    const lines = qrShown[0]!.payload.split('\n');
    expect(lines.slice(0, 4)).toEqual(['BCD', '002', '1', 'SCT']);
    expect(lines).toContain('NL91ABNA0417164300');
    expect(lines).toContain('EUR10.42');
    expect(lines).toContain(s.payments[0]!.reference);
    expect(s.payments[0]).toMatchObject({ method: 'qr', amountCents: 1042 });
  });

  it('QR not confirmed, or without an IBAN: nothing is recorded', async () => {
    const before = snapshot(store.db, TABLES);
    await expect(sell(store.ctx, input(BASKET, [pay('qr')]), devices(['approve'], false))).rejects.toThrow(/not confirmed/);
    expect(snapshot(store.db, TABLES)).toBe(before);
    setConfig(store.ctx, 'store.iban', '');
    await expect(sell(store.ctx, input(BASKET, [pay('qr')]), devices())).rejects.toThrow(/IBAN/);
  });

  it('a card payment without a terminal is refused before anything happens', async () => {
    await expect(sell(store.ctx, input(BASKET, [pay('card')]), null)).rejects.toThrow(/needs a payment terminal/);
  });
});

describe('discounts, price overrides and manager approval', () => {
  it('a 10 % sale discount is the cashier\'s to give; 20 % needs a manager, and nothing happens without one', async () => {
    const ok = completeCashSale(store.ctx, input(['KOEK-001'], [pay('cash')], { edits: [{ type: 'sale_discount', discount: { percentBp: 1000 } }] }));
    expect(ok).toMatchObject({ totalCents: 197, discountCents: 22 });
    const before = snapshot(store.db, TABLES);
    expect(() => completeCashSale(store.ctx, input(['KOEK-001'], [pay('cash')], { edits: [{ type: 'sale_discount', discount: { percentBp: 2000 } }] }))).toThrow(
      /a discount above the limit needs a manager/,
    );
    expect(snapshot(store.db, TABLES)).toBe(before);
  });

  it('a manager approves: the sale carries the discount and the journal says who approved what', () => {
    const s = completeCashSale(
      store.ctx,
      input(['KOEK-001', 'BROOD-002'], [pay('cash')], { approverId: manager, edits: [{ type: 'line_discount', lineNo: 1, discount: { percentBp: 5000 } }, { type: 'price', lineNo: 2, unitPriceCents: 50 }] }),
    );
    expect(s.lines.map((l) => [l.code, l.unitPriceCents, l.discountCents, l.lineTotalCents])).toEqual([
      ['KOEK-001', 219, 110, 109],
      ['BROOD-002', 50, 0, 50],
    ]);
    expect(journal('approval.granted')).toEqual([{ approverId: manager, userId: cashier, actions: ['discount_above_limit', 'price_override'], receiptNo: 'R1-000001', register: '1' }]);
    expect(journal('sale.price_overridden')).toEqual([expect.objectContaining({ receiptNo: 'R1-000001', code: 'BROOD-002', fromCents: 95, toCents: 50 })]);
    expect(journal('sale.discount_given')).toHaveLength(1);
  });

  it('a cashier cannot approve, nor approve their own', () => {
    const other = addUser(store.ctx, { name: 'Cas', role: 'cashier', pin: '5555' }).id;
    const edits = [{ type: 'price' as const, lineNo: 1, unitPriceCents: 100 }];
    expect(() => completeCashSale(store.ctx, input(['KOEK-001'], [pay('cash')], { approverId: other, edits }))).toThrow(/is a cashier and cannot approve/);
    expect(() => completeCashSale(store.ctx, input(['KOEK-001'], [pay('cash')], { approverId: cashier, edits }))).toThrow(/own request/);
  });

  it('a manager selling needs no approver, and no approval entry is written', () => {
    completeCashSale(store.ctx, { ...input(['KOEK-001'], [pay('cash')]), cashierId: manager, edits: [{ type: 'price', lineNo: 1, unitPriceCents: 100 }] });
    expect(journal('approval.granted')).toHaveLength(0);
    expect(journal('sale.completed')[0]).toMatchObject({ cashierId: manager, approvedBy: manager });
  });

  it('the limit is a setting', () => {
    setConfig(store.ctx, 'discount.approvalAbovePercent', '25');
    expect(completeCashSale(store.ctx, input(['KOEK-001'], [pay('cash')], { edits: [{ type: 'sale_discount', discount: { percentBp: 2000 } }] })).discountCents).toBe(44);
  });
});

describe('a sale step by step: carts', () => {
  const anna = () => ({ userId: cashier });

  it('scan, change, void, discount, park, resume by another cashier, pay: every change journaled', async () => {
    const other = addUser(store.ctx, { name: 'Cas', role: 'cashier', pin: '5555' }).id;
    const { cartId } = openCart(store.ctx, { cashierId: cashier });
    for (const code of ['KOEK-001', 'BROOD-002', 'TAS-001']) changeCart(store.ctx, cartId, anna(), { type: 'scan', item: { code, qtyMilli: null } });
    changeCart(store.ctx, cartId, anna(), { type: 'quantity', lineNo: 2, qtyMilli: 3000 });
    changeCart(store.ctx, cartId, anna(), { type: 'void', lineNo: 3 });
    changeCart(store.ctx, cartId, anna(), { type: 'line_discount', lineNo: 1, discount: { amountCents: 19 } });
    expect(parkCart(store.ctx, cartId, anna()).status).toBe('parked');
    expect(() => changeCart(store.ctx, cartId, anna(), { type: 'void', lineNo: 1 })).toThrow(/parked/);
    const resumed = resumeCart(store.ctx, cartId, { userId: other });
    expect(resumed).toMatchObject({ status: 'open', cashierId: other, totalCents: 200 + 285, dueCents: 485 });
    const r = await payCart(store.ctx, cartId, { userId: other }, [pay('cash', 500)], null);
    expect(r.sale).toMatchObject({ receiptNo: 'R1-000001', cashierId: other, totalCents: 485, roundingCents: 0, changeCents: 15 });
    expect(r.sale!.lines.map((l) => l.code)).toEqual(['KOEK-001', 'BROOD-002']);
    expect(journalTypes().filter((t) => t.startsWith('sale.'))).toEqual([
      'sale.quantity_changed',
      'sale.line_voided',
      'sale.discount_given',
      'sale.parked',
      'sale.resumed',
      'sale.completed',
    ]);
    expect(verifyJournal(store.ctx)).toMatchObject({ ok: true });
  });

  it('a partial card payment leaves a balance; a void after it needs a manager', async () => {
    const { cartId } = openCart(store.ctx, { cashierId: cashier });
    changeCart(store.ctx, cartId, anna(), { type: 'scan', item: { code: 'DRANK-004', qtyMilli: 2000 } });
    changeCart(store.ctx, cartId, anna(), { type: 'scan', item: { code: 'KOEK-001', qtyMilli: null } });
    const r = await payCart(store.ctx, cartId, anna(), [pay('card', 500)], devices());
    expect(r).toMatchObject({ sale: null, cart: { paidCents: 500, dueCents: 1298 + 219 - 500 } });
    expect(() => changeCart(store.ctx, cartId, anna(), { type: 'void', lineNo: 2 })).toThrow(/needs a manager/);
    changeCart(store.ctx, cartId, { userId: cashier, approverId: manager }, { type: 'void', lineNo: 2 });
    expect(journal('approval.granted')[0]).toMatchObject({ actions: ['void_after_payment'], approverId: manager });
    expect(viewCart(store.ctx, cartId).dueCents).toBe(798);
  });

  it('cancelling needs a manager, is journaled and sells nothing', () => {
    const { cartId } = openCart(store.ctx, { cashierId: cashier });
    changeCart(store.ctx, cartId, anna(), { type: 'scan', item: { code: 'KOEK-001', qtyMilli: null } });
    expect(() => cancelCart(store.ctx, cartId, anna())).toThrow(/cancelling a sale needs a manager/);
    expect(cancelCart(store.ctx, cartId, { userId: cashier, approverId: manager }).status).toBe('cancelled');
    expect(journal('sale.cancelled')[0]).toMatchObject({ approvedBy: manager, totalCents: 219, lines: 1 });
    expect(listCarts(store.ctx)).toEqual([]);
    expect(store.db.prepare('SELECT count(*) FROM sales').pluck().get()).toBe(0);
  });

  it('a cart being paid cannot be paid again or changed from another till', async () => {
    const { cartId } = openCart(store.ctx, { cashierId: cashier });
    changeCart(store.ctx, cartId, anna(), { type: 'scan', item: { code: 'KOEK-001', qtyMilli: null } });
    const slow = { ...devices(), terminal: new SimulatorTerminal({ outcome: 'approve', delayMs: 40, timeoutMs: 1000 }) };
    const paying = payCart(store.ctx, cartId, anna(), [pay('card')], slow);
    await expect(payCart(store.ctx, cartId, anna(), [pay('card')], devices())).rejects.toThrow(/is paying/);
    expect(() => changeCart(store.ctx, cartId, anna(), { type: 'scan', item: { code: 'KOEK-001', qtyMilli: null } })).toThrow(/is paying/);
    expect((await paying).sale).toMatchObject({ totalCents: 219, payments: [expect.objectContaining({ method: 'card', amountCents: 219 })] });
    expect(journal('payment.taken')).toHaveLength(1);
  });

  it('a declined card leaves the cart open and unchanged', async () => {
    const { cartId } = openCart(store.ctx, { cashierId: cashier });
    changeCart(store.ctx, cartId, anna(), { type: 'scan', item: { code: 'KOEK-001', qtyMilli: null } });
    const before = viewCart(store.ctx, cartId);
    await expect(payCart(store.ctx, cartId, anna(), [pay('card')], devices(['decline']))).rejects.toThrow(/declined/);
    expect(viewCart(store.ctx, cartId)).toEqual(before);
  });

  it('a sale kept as a cart while paying has its approval and changes in the journal, even when another till completes it', async () => {
    const edits = [{ type: 'price' as const, lineNo: 1, unitPriceCents: 50 }];
    await expect(sell(store.ctx, input(['KOEK-001', 'BROOD-002'], [pay('card', 100), pay('card')], { approverId: manager, edits }), devices(['approve', 'decline']))).rejects.toThrow(/declined/);
    const [kept] = listCarts(store.ctx);
    const r = await payCart(store.ctx, kept!.cartId, anna(), [pay('cash')], null);
    expect(r.sale).toMatchObject({ totalCents: 145 });
    const cart = journal('sale.completed')[0]!.cart;
    expect(journal('approval.granted')).toEqual([expect.objectContaining({ cart, approverId: manager, actions: ['price_override'] })]);
    expect(journal('sale.price_overridden')).toEqual([expect.objectContaining({ cart, fromCents: 219, toCents: 50 })]);
  });

  it('a cart with a payment cannot be cancelled: the money would be forgotten', async () => {
    const { cartId } = openCart(store.ctx, { cashierId: manager });
    changeCart(store.ctx, cartId, { userId: manager }, { type: 'scan', item: { code: 'KOEK-001', qtyMilli: null } });
    await payCart(store.ctx, cartId, { userId: manager }, [pay('card', 100)], devices());
    expect(() => cancelCart(store.ctx, cartId, { userId: manager })).toThrow(/paid/);
  });
});

describe('refunds', () => {
  const boss = () => ({ cashierId: cashier, approverId: manager });

  it('a whole receipt back: kind refund, its own receipt number, negative amounts, stock back, cash by the same rounding', async () => {
    const sale = completeCashSale(store.ctx, input(BASKET, [pay('cash', 2000)]));
    const stockBefore = stock('KAAS-001');
    const r = await refund(store.ctx, { ...boss(), receipt: sale.receiptNo, items: [], payments: [] }, null);
    expect(r).toMatchObject({ receiptNo: 'R1-000002', kind: 'refund', originalReceiptNo: 'R1-000001', totalCents: -1042, roundingCents: 2 });
    expect(r.payments.map((p) => [p.method, p.amountCents])).toEqual([['cash', -1040]]);
    expect(r.lines.map((l) => [l.code, l.qtyMilli, l.lineTotalCents])).toEqual([
      ['8712439011619', -1000, -329],
      ['BROOD-002', -2000, -190],
      ['KAAS-001', -350, -523],
    ]);
    expect(r.vat).toEqual([{ vatBp: 900, grossCents: -1042, netCents: -956, vatCents: -86 }]);
    expect(showSale(store.ctx, r.receiptNo)).toEqual(r);
    expect(stock('KAAS-001')).toBe(stockBefore + 350);
    await expect(refund(store.ctx, { ...boss(), receipt: sale.receiptNo, items: [], payments: [] }, null)).rejects.toThrow(/refunded already/);
    expect(verifyJournal(store.ctx)).toMatchObject({ ok: true });
  });

  it('part by part: never more than sold, discounts returned in proportion, the parts add up to the sale', async () => {
    const sale = completeCashSale(store.ctx, input(['3*KOEK-001'], [pay('cash')], { edits: [{ type: 'sale_discount', discount: { amountCents: 10 } }] }));
    expect(sale.totalCents).toBe(647);
    const one = await refund(store.ctx, { ...boss(), receipt: sale.receiptNo, items: items('KOEK-001'), payments: [pay('cash')] }, null);
    expect(one.totalCents).toBe(-216); // 647 × 1/3, half up
    await expect(refund(store.ctx, { ...boss(), receipt: sale.receiptNo, items: items('3*KOEK-001'), payments: [] }, null)).rejects.toThrow(/has 2 of KOEK-001 left/);
    const rest = await refund(store.ctx, { ...boss(), receipt: sale.receiptNo, items: items('2*KOEK-001'), payments: [] }, null);
    expect(one.totalCents + rest.totalCents).toBe(-647);
  });

  it('paid by card, refunded to the card through the terminal; the rest in cash', async () => {
    const d = devices();
    const sale = await sell(store.ctx, input(BASKET, [pay('card', 500), pay('cash')]), d);
    const r = await refund(store.ctx, { ...boss(), receipt: sale.receiptNo, items: [], payments: [] }, d);
    expect(d.asked).toEqual([500, -500]);
    expect(r.payments.map((p) => [p.method, p.amountCents])).toEqual([
      ['card', -500],
      ['cash', -540],
    ]);
  });

  it('a cashier alone cannot refund; a return without receipt needs a manager too and uses catalogue prices', async () => {
    const sale = completeCashSale(store.ctx, input(['KOEK-001'], [pay('cash')]));
    const before = snapshot(store.db, TABLES);
    await expect(refund(store.ctx, { cashierId: cashier, receipt: sale.receiptNo, items: [], payments: [] }, null)).rejects.toThrow(/a refund needs a manager/);
    await expect(refund(store.ctx, { cashierId: cashier, receipt: null, items: items('KOEK-001'), payments: [] }, null)).rejects.toThrow(/without a receipt needs a manager/);
    expect(snapshot(store.db, TABLES)).toBe(before);
    const blind = await refund(store.ctx, { ...boss(), receipt: null, items: items('2*KOEK-001'), payments: [] }, null);
    expect(blind).toMatchObject({ kind: 'refund', originalReceiptNo: null, totalCents: -438 });
    expect(journal('refund.completed')[0]).toMatchObject({ approvedBy: manager, totalCents: -438 });
  });

  it('a refund in progress holds back what it returns: a second till cannot refund it too', async () => {
    const sale = await sell(store.ctx, input(['KOEK-001'], [pay('card')]), devices());
    const slow = { ...devices(), terminal: new SimulatorTerminal({ outcome: 'approve', delayMs: 40, timeoutMs: 1000 }) };
    const first = refund(store.ctx, { ...boss(), receipt: sale.receiptNo, items: [], payments: [] }, slow);
    await expect(refund(store.ctx, { ...boss(), receipt: sale.receiptNo, items: [], payments: [] }, devices())).rejects.toThrow(/refunded already/);
    expect((await first).totalCents).toBe(-219);
    expect(store.db.prepare("SELECT count(*) FROM sales WHERE kind = 'refund'").pluck().get()).toBe(1);
  });

  it('a refund whose payout is declined leaves nothing behind, and can be made again', async () => {
    const sale = await sell(store.ctx, input(['KOEK-001'], [pay('card')]), devices());
    const tables = TABLES.filter((t) => t !== 'journal');
    const before = snapshot(store.db, tables);
    const entries = journalTypes().length;
    await expect(refund(store.ctx, { ...boss(), receipt: sale.receiptNo, items: [], payments: [] }, devices(['decline']))).rejects.toThrow(/declined/);
    expect(snapshot(store.db, tables)).toBe(before);
    // The manager's approval was given, and stays on record; nothing else happened.
    expect(journalTypes().slice(entries)).toEqual(['approval.granted']);
    expect((await refund(store.ctx, { ...boss(), receipt: sale.receiptNo, items: [], payments: [] }, devices())).totalCents).toBe(-219);
  });

  it('a tax-exclusive sale refunded piece by piece adds up to what was paid, not a cent more', async () => {
    setConfig(store.ctx, 'prices.includeVat', 'false');
    const sale = completeCashSale(store.ctx, input(['2*BROOD-002'], [pay('cash')])); // 1.90 net + 0.17 VAT
    expect(sale.totalCents).toBe(207);
    const a = await refund(store.ctx, { ...boss(), receipt: sale.receiptNo, items: items('BROOD-002'), payments: [] }, null);
    const b = await refund(store.ctx, { ...boss(), receipt: sale.receiptNo, items: items('BROOD-002'), payments: [] }, null);
    expect(a.totalCents + b.totalCents).toBe(-207);
    expect(a.vat[0]!.vatCents + b.vat[0]!.vatCents).toBeGreaterThanOrEqual(-18);
  });

  it('half of a weighed line comes back at half of what was paid', async () => {
    const sale = completeCashSale(store.ctx, input(['0.220*KAAS-001'], [pay('cash')])); // 3.289 → 3.29
    const half = await refund(store.ctx, { ...boss(), receipt: sale.receiptNo, items: items('0.110*KAAS-001'), payments: [] }, null);
    const rest = await refund(store.ctx, { ...boss(), receipt: sale.receiptNo, items: items('0.110*KAAS-001'), payments: [] }, null);
    expect([half.totalCents, rest.totalCents]).toEqual([-165, -164]);
  });

  it('scanning one weight label refunds that pack, not every pack of the product', async () => {
    setConfig(store.ctx, 'barcode.29', 'item=5 weight=5 decimals=3');
    const body = '290045600000';
    const check = (b: string) => b + String((10 - ([...b].reduce((a, d, i) => a + Number(d) * (i % 2 ? 3 : 1), 0) % 10)) % 10);
    store.db.prepare("INSERT INTO barcodes (code, product_id) SELECT ?, id FROM products WHERE sku = 'KAAS-001'").run(check(body));
    const packA = check('290045603500');
    const packB = check('290045605000');
    const sale = completeCashSale(store.ctx, input([packA, packB], [pay('cash')]));
    const r = await refund(store.ctx, { ...boss(), receipt: sale.receiptNo, items: items(packA), payments: [] }, null);
    expect(r.lines.map((l) => [l.code, l.qtyMilli])).toEqual([[packA, -3500]]);
  });

  it('an item not on the receipt is refused', async () => {
    const sale = completeCashSale(store.ctx, input(['KOEK-001'], [pay('cash')]));
    await expect(refund(store.ctx, { ...boss(), receipt: sale.receiptNo, items: items('BROOD-002'), payments: [] }, null)).rejects.toThrow(/not on R1-000001/);
  });
});

describe('drawer, receipts and the list of sales', () => {
  it('the drawer opens without a sale only for a manager, recorded and journaled', () => {
    expect(() => openDrawerNoSale(store.ctx, { userId: cashier }, { reason: 'wisselgeld' })).toThrow(/needs a manager/);
    const n = openDrawerNoSale(store.ctx, { userId: cashier, approverId: manager }, { reason: 'wisselgeld' });
    expect(n).toMatchObject({ register: '1', approvedBy: manager });
    expect(journal('drawer.opened')).toEqual([expect.objectContaining({ reason: 'wisselgeld', approvedBy: manager, userId: cashier })]);
  });

  it('a receipt reads as the customer gets it, in Dutch or English; a copy says so and is journaled', () => {
    const sale = completeCashSale(store.ctx, input(BASKET, [pay('cash', 2000)]));
    const nl = receiptText(store.ctx, sale.receiptNo).join('\n');
    expect(nl).toContain('Buurtwinkel De Hoek');
    expect(nl).toMatch(/TOTAAL\s+EUR\s+10,42/);
    expect(nl).toMatch(/Afronding\s+-0,02/);
    expect(nl).toMatch(/Terug\s+9,60/);
    expect(nl).toMatch(/0,350 kg x 14,95 \/kg\s+5,23/);
    expect(nl).toContain('Kassière: Anna');
    expect(journal('receipt.copy_printed')).toHaveLength(0);
    const en = receiptText(store.ctx, sale.receiptNo, { lang: 'en', copy: true, width: 32 });
    expect(en[0]).toContain('*** COPY ***');
    expect(en.join('\n')).toMatch(/TOTAL\s+EUR\s+10.42|TOTAL\s+EUR\s+10,42/);
    expect(Math.max(...en.map((l) => [...l].length))).toBeLessThanOrEqual(32);
    expect(journal('receipt.copy_printed')).toEqual([{ receiptNo: 'R1-000001', register: '1', userId: null }]);
  });

  it('sales list by business day, sales and refunds alike', async () => {
    const a = completeCashSale(store.ctx, input(['KOEK-001'], [pay('cash')]));
    await refund(store.ctx, { cashierId: manager, receipt: a.receiptNo, items: [], payments: [] }, null);
    expect(listSales(store.ctx, { from: '2026-11-27', to: '2026-11-27' }).map((s) => [s.receiptNo, s.kind, s.totalCents])).toEqual([
      ['R1-000001', 'sale', 219],
      ['R1-000002', 'refund', -219],
    ]);
    expect(listSales(store.ctx, { from: '2026-11-28', to: '2026-11-30' })).toEqual([]);
    expect(showSale(store.ctx, 'R1-000002').originalReceiptNo).toBe('R1-000001');
  });
});

describe('a tax-exclusive store', () => {
  it('adds VAT per rate on top of the net prices, and the stored sale reads back the same', () => {
    setConfig(store.ctx, 'prices.includeVat', 'false');
    // KOEK-001 2.19 net at 9 %, DRANK-004 6.49 net at 21 %: VAT 0.20 + 1.36.
    const s = completeCashSale(store.ctx, input(['KOEK-001', 'DRANK-004'], [pay('cash')]));
    expect(s).toMatchObject({ pricesIncludeVat: false, subtotalCents: 868, totalCents: 868 + 20 + 136, roundingCents: 1 }); // 10.24 paid as 10.25 in cash
    expect(s.vat).toEqual([
      { vatBp: 2100, grossCents: 785, netCents: 649, vatCents: 136 },
      { vatBp: 900, grossCents: 239, netCents: 219, vatCents: 20 },
    ]);
    expect(showSale(store.ctx, s.receiptNo)).toEqual(s);
    expect(receiptText(store.ctx, s.receiptNo).join('\n')).toMatch(/TOTAAL\s+EUR\s+10,24/);
  });
});

describe('embedded barcodes in a sale', () => {
  it('a price-embedded label sells at its price, a weight-embedded one at its weight', () => {
    setConfig(store.ctx, 'barcode.28', 'item=5 price=5 decimals=2');
    setConfig(store.ctx, 'barcode.29', 'item=5 weight=5 decimals=3');
    // Give two products the scale's item codes: 28 00123 00000 c and 29 00456 00000 c.
    const body = (p: string) => p + '0'.repeat(12 - p.length);
    const withCheck = (b: string) => b + String((10 - ([...b].reduce((a, d, i) => a + Number(d) * (i % 2 ? 3 : 1), 0) % 10)) % 10);
    const price = withCheck(body('2800123'));
    const weight = withCheck(body('2900456'));
    store.db.prepare("INSERT INTO barcodes (code, product_id) SELECT ?, id FROM products WHERE sku = 'BROOD-001'").run(price);
    store.db.prepare("INSERT INTO barcodes (code, product_id) SELECT ?, id FROM products WHERE sku = 'KAAS-001'").run(weight);
    const s = completeCashSale(store.ctx, input([withCheck('280012300123'), withCheck('290045600350')], [pay('cash')]));
    expect(s.lines.map((l) => [l.name, l.qtyMilli, l.unitPriceCents, l.lineTotalCents])).toEqual([
      ['Volkorenbrood heel', 1000, 123, 123],
      ['Jong belegen kaas', 350, 1495, 523],
    ]);
  });
});
