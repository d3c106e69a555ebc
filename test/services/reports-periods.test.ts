/**
 * Which Z a change goes on, and which business day it is counted on: a Z
 * covers what no earlier Z of its register covered; two Z reports on one day,
 * a Z forgotten until the next morning, a second register without any Z, a
 * store whose prices exclude VAT and payments on carts not yet completed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseItemSpec } from '../../src/core/receipt.js';
import { SimulatorTerminal } from '../../src/devices/payment-terminal/simulator.js';
import { changeCart, openCart, payCart } from '../../src/services/carts.js';
import { setConfig } from '../../src/services/config.js';
import type { Clock, Ctx } from '../../src/services/context.js';
import { importProducts } from '../../src/services/import/import-products.js';
import { verifyJournal } from '../../src/services/journal.js';
import { closeDay, salesReport, xReport } from '../../src/services/reports.js';
import { sell, type PaymentDevices } from '../../src/services/sales.js';
import { openShift } from '../../src/services/shifts.js';
import { addUser } from '../../src/services/users.js';
import { join } from 'node:path';
import { tempStore } from '../helpers/store.js';

const DEMO = join(import.meta.dirname, '..', '..', 'fixtures', 'demo', 'catalogue.csv');

let store: ReturnType<typeof tempStore>;
let ctx: Ctx;
let now: Date;
let anna: number;

beforeEach(async () => {
  store = tempStore();
  now = new Date('2026-11-27T07:00:00.000Z'); // 08:00 in Amsterdam
  const clock: Clock = { now: () => now };
  ctx = { db: store.db, clock };
  await importProducts(ctx, DEMO);
  anna = addUser(ctx, { name: 'Anna', role: 'cashier', pin: '1234' }).id;
  openShift(ctx, { cashierId: anna, floatCents: 0 });
});
afterEach(() => store.cleanup());

const devices = (): PaymentDevices => ({
  terminal: new SimulatorTerminal({ outcome: 'approve', delayMs: 0, timeoutMs: 1000 }),
  confirmQr: async () => true,
});
const at = (iso: string) => {
  now = new Date(iso);
};
const cash = (code: string, register?: string) =>
  sell(ctx, { ...(register ? { register } : {}), cashierId: anna, items: [parseItemSpec(code)], payments: [{ method: 'cash', amountCents: null }] }, null);

describe('business days and Z reports', () => {
  it('an empty Z in the morning and a second Z the same day push no later day forward', async () => {
    at('2026-11-27T07:30:00.000Z');
    const morning = closeDay(ctx);
    expect(morning).toMatchObject({ zNo: 1, businessDay: '2026-11-27', receipts: 0 });
    at('2026-11-27T10:00:00.000Z');
    const a = await cash('KOEK-001');
    expect(a.businessDay).toBe('2026-11-27'); // an empty Z did not close the day
    at('2026-11-27T17:00:00.000Z');
    const evening = closeDay(ctx);
    expect(evening).toMatchObject({ zNo: 2, businessDay: '2026-11-27', receipts: 1, grossCents: a.totalCents });
    at('2026-11-27T18:00:00.000Z'); // after the day's Z: tomorrow's
    const late = await cash('BROOD-002');
    expect(late.businessDay).toBe('2026-11-28');
    at('2026-11-27T19:00:00.000Z'); // a third Z the same evening, for the late sale
    expect(closeDay(ctx)).toMatchObject({ zNo: 3, businessDay: '2026-11-28', receipts: 1 });
    at('2026-11-28T10:00:00.000Z'); // the next day is that day, not the day after
    const next = await cash('KOEK-001');
    expect(next.businessDay).toBe('2026-11-28');
    at('2026-11-28T17:00:00.000Z');
    expect(closeDay(ctx)).toMatchObject({ zNo: 4, businessDay: '2026-11-28', receipts: 1, grossCents: next.totalCents });
    at('2026-11-29T10:00:00.000Z');
    expect((await cash('KOEK-001')).businessDay).toBe('2026-11-29');
    // Every sale is on exactly one Z: by day, the two Z reports of the 28th add up.
    const byDay = salesReport(ctx, { from: '2026-11-01', to: '2026-11-30', by: 'day' });
    expect(byDay.rows.map((r) => [r.key, r.receipts])).toEqual([
      ['2026-11-27', 1],
      ['2026-11-28', 2],
      ['2026-11-29', 1],
    ]);
    expect(byDay.openDays).toEqual(['2026-11-29']);
  });

  it('a Z forgotten until the next morning is dated the day it closes, and that morning sells on its own day', async () => {
    at('2026-11-27T10:00:00.000Z');
    const a = await cash('KOEK-001');
    at('2026-11-28T06:30:00.000Z'); // 07:30 the next morning
    expect(xReport(ctx).businessDay).toBe('2026-11-27');
    const z = closeDay(ctx);
    expect(z).toMatchObject({ zNo: 1, businessDay: '2026-11-27', fromDay: '2026-11-27', grossCents: a.totalCents });
    at('2026-11-28T10:00:00.000Z');
    expect((await cash('KOEK-001')).businessDay).toBe('2026-11-28');
  });

  it('days left unclosed are each counted on their own day, and all are named open', async () => {
    at('2026-11-26T10:00:00.000Z');
    const a = await cash('KOEK-001');
    at('2026-11-27T10:00:00.000Z');
    const b = await cash('2*KOEK-001');
    const byDay = salesReport(ctx, { from: '2026-11-01', to: '2026-11-30', by: 'day' });
    expect(byDay.rows.map((r) => [r.key, r.grossCents])).toEqual([
      ['2026-11-26', a.totalCents],
      ['2026-11-27', b.totalCents],
    ]);
    expect(byDay.openDays).toEqual(['2026-11-26', '2026-11-27']);
    // Only the 26th asked for: the 27th's sale is not in it.
    expect(salesReport(ctx, { from: '2026-11-26', to: '2026-11-26', by: 'product' }).totals.grossCents).toBe(a.totalCents);
    // One Z closes both; it is kept per day, so reports still split them.
    expect(closeDay(ctx)).toMatchObject({ businessDay: '2026-11-27', fromDay: '2026-11-26', receipts: 2 });
    const closed = salesReport(ctx, { from: '2026-11-01', to: '2026-11-30', by: 'day' });
    expect(closed.rows.map((r) => [r.key, r.receipts, r.grossCents])).toEqual([
      ['2026-11-26', 1, a.totalCents],
      ['2026-11-27', 1, b.totalCents],
    ]);
    expect(closed.openDays).toEqual([]);
    const hours = salesReport(ctx, { from: '2026-11-27', to: '2026-11-27', by: 'hour' });
    expect(hours.totals.grossCents).toBe(b.totalCents);
    const products = salesReport(ctx, { from: '2026-11-26', to: '2026-11-26', by: 'product' });
    expect(products.rows.map((r) => [r.label, r.qtyMilli])).toEqual([[expect.stringMatching(/KOEK-001/), 1000]]);
  });

  it('a Z that closes a day left open and today closes both; the next day is not held back, and reports keep each sale on its day', async () => {
    at('2026-11-26T16:00:00.000Z');
    await cash('KOEK-001');
    at('2026-11-27T10:00:00.000Z');
    await cash('BROOD-002');
    at('2026-11-27T17:00:00.000Z'); // the evening: yesterday's Z was forgotten
    expect(closeDay(ctx)).toMatchObject({ zNo: 1, fromDay: '2026-11-26', businessDay: '2026-11-27', receipts: 2 });
    at('2026-11-27T17:30:00.000Z');
    expect((await cash('KOEK-001')).businessDay).toBe('2026-11-28'); // after the day's Z
    at('2026-11-28T10:00:00.000Z');
    expect((await cash('KOEK-001')).businessDay).toBe('2026-11-28');
    at('2026-11-28T17:00:00.000Z');
    expect(closeDay(ctx)).toMatchObject({ zNo: 2, fromDay: '2026-11-28', businessDay: '2026-11-28', receipts: 2 });
    at('2026-11-28T17:30:00.000Z');
    expect((await cash('KOEK-001')).businessDay).toBe('2026-11-29');
    const byDay = salesReport(ctx, { from: '2026-11-01', to: '2026-11-30', by: 'day' });
    expect(byDay.rows.map((r) => [r.key, r.receipts])).toEqual([
      ['2026-11-26', 1],
      ['2026-11-27', 1],
      ['2026-11-28', 2],
      ['2026-11-29', 1],
    ]);
    // By cashier and by payment too: each closed day from the Z's rows for that day.
    const byPayment = salesReport(ctx, { from: '2026-11-26', to: '2026-11-26', by: 'payment' });
    expect(byPayment.rows.map((r) => [r.key, r.receipts])).toEqual([['cash', 1]]);
    const byCashier = salesReport(ctx, { from: '2026-11-27', to: '2026-11-27', by: 'cashier' });
    expect(byCashier.totals.receipts).toBe(1);
  });

  it('every register that sold is in the sales report, and margins are not counted once per register', async () => {
    at('2026-11-27T10:00:00.000Z');
    const one = await cash('KOEK-001', '1'); // cost 0.85 in the demo catalogue? whatever it is, it is known
    const two = await cash('2*BROOD-002', '2');
    const open = salesReport(ctx, { from: '2026-11-27', to: '2026-11-27', by: 'day' });
    expect(open.rows[0]).toMatchObject({ receipts: 2, grossCents: one.totalCents + two.totalCents });
    const costOpen = open.rows[0]!.costCents;
    expect(costOpen).not.toBeNull();
    at('2026-11-27T17:00:00.000Z');
    closeDay(ctx, { register: '1' });
    closeDay(ctx, { register: '2' });
    const closed = salesReport(ctx, { from: '2026-11-27', to: '2026-11-27', by: 'day' });
    expect(closed.rows[0]).toMatchObject({ receipts: 2, grossCents: one.totalCents + two.totalCents, costCents: costOpen });
    expect(closed.openDays).toEqual([]);
    const byProduct = salesReport(ctx, { from: '2026-11-27', to: '2026-11-27', by: 'product' });
    expect(byProduct.totals.costCents).toBe(costOpen);
  });

  it('voided lines and cancelled sales are counted on the Z they happened before, once', async () => {
    at('2026-11-27T10:00:00.000Z');
    const cart = openCart(ctx, { cashierId: anna });
    const actor = { userId: anna, approverId: null };
    changeCart(ctx, cart.cartId, actor, { type: 'scan', item: parseItemSpec('KOEK-001') });
    changeCart(ctx, cart.cartId, actor, { type: 'scan', item: parseItemSpec('BROOD-002') });
    changeCart(ctx, cart.cartId, actor, { type: 'void', lineNo: 2 });
    at('2026-11-27T17:00:00.000Z');
    expect(closeDay(ctx).voidedLines).toBe(1);
    at('2026-11-28T10:00:00.000Z'); // the cart goes on the next day
    changeCart(ctx, cart.cartId, actor, { type: 'scan', item: parseItemSpec('KOEK-001') });
    await payCart(ctx, cart.cartId, actor, [{ method: 'cash', amountCents: null }], null);
    at('2026-11-28T17:00:00.000Z');
    expect(closeDay(ctx)).toMatchObject({ voidedLines: 0, receipts: 1 });
  });

  it('a card payment taken on a cart not completed is on no report, and both X and Z say so', async () => {
    at('2026-11-27T10:00:00.000Z');
    const cart = openCart(ctx, { cashierId: anna });
    const actor = { userId: anna, approverId: null };
    changeCart(ctx, cart.cartId, actor, { type: 'scan', item: parseItemSpec('BROOD-001') });
    await payCart(ctx, cart.cartId, actor, [{ method: 'card', amountCents: 100 }], devices());
    const x = xReport(ctx);
    expect(x.unfinishedPayments).toEqual([{ cartId: cart.cartId, status: 'open', paidCents: 100, methods: ['card'] }]);
    expect(x.payments).toEqual([]);
    expect(closeDay(ctx).unfinishedPayments).toHaveLength(1);
  });
});

describe('a product sold under two price rules on one day', () => {
  it('is one product on as many receipts as it was, open and closed', async () => {
    at('2026-11-27T10:00:00.000Z');
    await cash('KOEK-001');
    setConfig(ctx, 'prices.includeVat', 'false');
    await cash('KOEK-001');
    const open = salesReport(ctx, { from: '2026-11-27', to: '2026-11-27', by: 'product' });
    expect(open.rows.map((r) => [r.qtyMilli, r.receipts])).toEqual([[2000, 2]]);
    closeDay(ctx);
    const closed = salesReport(ctx, { from: '2026-11-27', to: '2026-11-27', by: 'product' });
    expect(closed.rows.map((r) => [r.qtyMilli, r.receipts, r.grossCents])).toEqual([[2000, 2, open.rows[0]!.grossCents]]);
  });
});

describe('a store whose prices exclude VAT', () => {
  it('counts products with VAT on top, so product totals add up to the turnover', async () => {
    setConfig(ctx, 'prices.includeVat', 'false');
    at('2026-11-27T10:00:00.000Z');
    const s = await sell(ctx, { cashierId: anna, items: [parseItemSpec('3*KOEK-001'), parseItemSpec('BROOD-001')], payments: [{ method: 'card', amountCents: null }] }, devices());
    const x = xReport(ctx);
    expect(x.grossCents).toBe(s.totalCents);
    const byProduct = salesReport(ctx, { from: '2026-11-27', to: '2026-11-27', by: 'product' });
    // Per product VAT is rounded per product, per receipt by rate: a cent apart at most per product.
    expect(Math.abs(byProduct.totals.grossCents - x.netCents)).toBeLessThanOrEqual(byProduct.rows.length);
    expect(byProduct.totals.netCents).toBe(x.vat.reduce((t, v) => t + v.netCents, 0));
    closeDay(ctx);
    const closed = salesReport(ctx, { from: '2026-11-27', to: '2026-11-27', by: 'product' });
    expect(closed.totals).toMatchObject({ grossCents: byProduct.totals.grossCents, netCents: byProduct.totals.netCents });
  });
});

describe('a closed Z is never changed', () => {
  it('the triggers refuse changes to its summaries, and audit verify finds a Z changed behind them', async () => {
    at('2026-11-27T10:00:00.000Z');
    await cash('KOEK-001');
    closeDay(ctx);
    expect(() => store.db.prepare('UPDATE z_hour_totals SET gross_cents = 0').run()).toThrow(/never changed/);
    expect(() => store.db.prepare('DELETE FROM z_product_totals').run()).toThrow(/never deleted/);
    expect(verifyJournal(ctx).ok).toBe(true);
    store.db.exec('DROP TRIGGER z_reports_no_update');
    store.db.prepare(`UPDATE z_reports SET totals = replace(totals, '"receipts":1', '"receipts":2')`).run();
    expect(verifyJournal(ctx)).toMatchObject({ ok: false, problem: { check: 'z', message: expect.stringMatching(/Z 1 of register 1 was changed/) } });
  });
});
