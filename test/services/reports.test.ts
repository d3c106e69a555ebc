/**
 * X and Z against a generated day: a few hundred sales with cash (rounded),
 * card, QR and split payments, discounts, refunds, voids, cancelled sales,
 * no-sales, cash in and out and a counted drawer. Every figure of the Z is
 * checked against a sum computed here from the stored sales themselves.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PaymentSpec } from '../../src/core/cart.js';
import { formatAmount } from '../../src/core/money.js';
import { parseItemSpec } from '../../src/core/receipt.js';
import { dayReportPaper } from '../../src/render/report-paper.js';
import { SimulatorTerminal } from '../../src/devices/payment-terminal/simulator.js';
import { iterateJournal } from '../../src/db/journal.js';
import { cancelCart, changeCart, openCart } from '../../src/services/carts.js';
import { setConfig } from '../../src/services/config.js';
import type { Clock, Ctx } from '../../src/services/context.js';
import { openDrawerNoSale } from '../../src/services/drawer.js';
import { importProducts } from '../../src/services/import/import-products.js';
import { verifyJournal } from '../../src/services/journal.js';
import { exportZReports } from '../../src/services/exports.js';
import { refund } from '../../src/services/refunds.js';
import { closeDay, salesReport, showZ, xReport, zReports } from '../../src/services/reports.js';
import { listSales, sell, showSale, type CompletedSale, type PaymentDevices } from '../../src/services/sales.js';
import { closeShift, moveCash, openShift } from '../../src/services/shifts.js';
import { addUser } from '../../src/services/users.js';
import { tempStore } from '../helpers/store.js';

const DEMO = join(import.meta.dirname, '..', '..', 'fixtures', 'demo', 'catalogue.csv');
const CODES = ['8712439011619', 'BROOD-002', 'KOEK-001', '0.350*KAAS-001', '8710739018642', 'BROOD-001'];

let store: ReturnType<typeof tempStore>;
let ctx: Ctx;
let now: Date;
let anna: number;
let bert: number;

beforeEach(async () => {
  store = tempStore();
  now = new Date('2026-11-27T07:00:00.000Z'); // 08:00 in Amsterdam
  const clock: Clock = { now: () => now };
  ctx = { db: store.db, clock };
  await importProducts(ctx, DEMO);
  setConfig(ctx, 'store.iban', 'NL91ABNA0417164300');
  anna = addUser(ctx, { name: 'Anna', role: 'cashier', pin: '1234' }).id;
  bert = addUser(ctx, { name: 'Bert', role: 'manager', pin: '9999' }).id;
});
afterEach(() => store.cleanup());

const devices = (): PaymentDevices => ({
  terminal: new SimulatorTerminal({ outcome: 'approve', delayMs: 0, timeoutMs: 1000 }),
  confirmQr: async () => true,
});

/** A deterministic pseudo-random sequence: the same day every run. */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

/** A day at the till: `n` sales spread over opening hours, with everything a day has. */
async function day(n: number): Promise<{ sales: CompletedSale[]; refunds: CompletedSale[]; cashIn: number; cashOut: number }> {
  const r = rng(42);
  openShift(ctx, { cashierId: anna, floatCents: 15000 });
  const sales: CompletedSale[] = [];
  const refunds: CompletedSale[] = [];
  let cashIn = 0;
  let cashOut = 0;
  for (let i = 0; i < n; i++) {
    now = new Date(now.getTime() + Math.floor(r() * 180_000) + 10_000);
    const items = Array.from({ length: 1 + Math.floor(r() * 4) }, () => parseItemSpec(`${1 + Math.floor(r() * 3)}*${CODES[Math.floor(r() * CODES.length)]!}`.replace(/^\d\*0\.350/, '0.350')));
    const kind = r();
    const payments: PaymentSpec[] = kind < 0.5 ? [{ method: 'cash', amountCents: null }] : kind < 0.8 ? [{ method: 'card', amountCents: null }] : kind < 0.9 ? [{ method: 'qr', amountCents: null }] : [{ method: 'card', amountCents: 100 }, { method: 'cash', amountCents: null }];
    const edits = r() < 0.1 ? [{ type: 'sale_discount' as const, discount: { percentBp: 500 } }] : [];
    const sale = await sell(ctx, { cashierId: r() < 0.7 ? anna : bert, items, payments, edits }, devices());
    sales.push(sale);
    if (i % 40 === 39) refunds.push(await refund(ctx, { cashierId: bert, receipt: sale.receiptNo, items: [], payments: [] }, devices()));
    if (i % 60 === 0) {
      moveCash(ctx, { direction: 'out', amountCents: 5000, reason: 'naar de kluis' });
      cashOut += 5000;
    }
    if (i % 90 === 0) {
      moveCash(ctx, { direction: 'in', amountCents: 2000, reason: 'wisselgeld' });
      cashIn += 2000;
    }
  }
  // A sale with a void, one cancelled, a no-sale.
  const cart = openCart(ctx, { cashierId: anna });
  changeCart(ctx, cart.cartId, { userId: anna, approverId: null }, { type: 'scan', item: parseItemSpec('KOEK-001') });
  changeCart(ctx, cart.cartId, { userId: anna, approverId: null }, { type: 'scan', item: parseItemSpec('BROOD-002') });
  changeCart(ctx, cart.cartId, { userId: anna, approverId: null }, { type: 'void', lineNo: 2 });
  cancelCart(ctx, cart.cartId, { userId: bert, approverId: null });
  openDrawerNoSale(ctx, { userId: bert, approverId: null }, { reason: 'wisselgeld voor de markt' });
  return { sales, refunds, cashIn, cashOut };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('X and Z of a generated day', () => {
  it('every figure equals the sum over the stored sales; the Z is stored, journaled and gapless', async () => {
    const d = await day(300);
    const all = [...d.sales, ...d.refunds];
    const x = xReport(ctx, { countedCents: null });

    const z = closeDay(ctx, { countedCents: x.cashExpectedCents - 35 });
    expect(z).toMatchObject({ kind: 'Z', zNo: 1, register: '1', businessDay: '2026-11-27', receipts: 300, refundReceipts: d.refunds.length });
    // The X before it showed the same day, changing nothing.
    expect({ ...x, kind: 'Z', zNo: 1, to: z.to, cashCountedCents: z.cashCountedCents, cashDifferenceCents: z.cashDifferenceCents }).toEqual(z);

    expect(z.grossCents).toBe(sum(d.sales.map((s) => s.totalCents)));
    expect(z.refundsCents).toBe(-sum(d.refunds.map((s) => s.totalCents)));
    expect(z.netCents).toBe(z.grossCents - z.refundsCents);
    expect(z.discountsCents).toBe(sum(d.sales.map((s) => s.discountCents)));
    expect(z.roundingCents).toBe(sum(all.map((s) => s.roundingCents)));
    // VAT: per receipt per rate, summed — the receipts' own VAT lines.
    for (const v of z.vat) {
      const onReceipts = all.flatMap((s) => showSale(ctx, s.receiptNo).vat.filter((r) => r.vatBp === v.vatBp));
      expect(v).toEqual({ vatBp: v.vatBp, grossCents: sum(onReceipts.map((r) => r.grossCents)), netCents: sum(onReceipts.map((r) => r.netCents)), vatCents: sum(onReceipts.map((r) => r.vatCents)) });
    }
    expect(sum(z.vat.map((v) => v.grossCents))).toBe(z.netCents);
    // Payments: what stayed in the till per method; with the rounding they pay the net turnover.
    const pays = all.flatMap((s) => s.payments);
    for (const p of z.payments) {
      const of = pays.filter((q) => q.method === p.method);
      expect(p).toEqual({ method: p.method, count: of.length, amountCents: sum(of.map((q) => q.amountCents)) });
    }
    expect(sum(z.payments.map((p) => p.amountCents))).toBe(z.netCents + z.roundingCents);
    expect(z.payments.map((p) => p.method).sort()).toEqual(['card', 'cash', 'qr']);
    // Cash: float + cash payments + in − out; the count 35 cents short.
    const cashPaid = sum(pays.filter((p) => p.method === 'cash').map((p) => p.amountCents));
    expect(z).toMatchObject({ cashFloatCents: 15000, cashInCents: d.cashIn, cashOutCents: d.cashOut, cashExpectedCents: 15000 + cashPaid + d.cashIn - d.cashOut, cashDifferenceCents: -35 });
    expect(z).toMatchObject({ noSaleCount: 1, voidedLines: 1, cancelledSales: 1 });
    expect(z.averageBasketCents).toBe(Math.round(z.grossCents / 300));
    expect(sum(z.byHour.map((h) => h.receipts))).toBe(300);
    expect(sum(z.byHour.map((h) => h.grossCents))).toBe(z.netCents);
    expect(sum(z.byCashier.map((c) => c.receipts))).toBe(300);
    expect(z.byCashier.map((c) => c.name).sort()).toEqual(['Anna', 'Bert']);
    expect(z.topProducts.length).toBeGreaterThan(3);
    expect(z.topProducts[0]!.grossCents).toBeGreaterThanOrEqual(z.topProducts[1]!.grossCents);
    expect(z).toMatchObject({ grandTotalSalesCents: z.grossCents, grandTotalRefundsCents: z.refundsCents });

    // Stored as it was; journaled; never changed.
    expect(showZ(ctx, 1)).toEqual(z);
    const entries = [...iterateJournal(store.db)].filter((e) => e.type === 'z.closed');
    expect(entries.map((e) => JSON.parse(e.payload))).toEqual([expect.objectContaining({ zNo: 1, businessDay: '2026-11-27', grossCents: z.grossCents })]);
    expect(() => store.db.prepare('UPDATE z_reports SET gross_cents = 0').run()).toThrow(/never changed/);
    expect(() => store.db.prepare('DELETE FROM z_reports').run()).toThrow(/never deleted/);
    expect(verifyJournal(ctx)).toMatchObject({ ok: true });

    // The books: hledger accepts the export, and its balances are the Z's.
    const exported = exportZReports(ctx, { format: 'hledger', from: z.businessDay, to: z.businessDay, register: null });
    expect(exported).toMatchObject({ zReports: 1, transactions: 1, openDays: [] });
    const file = join(store.dir, 'day.journal');
    writeFileSync(file, exported.data);
    const check = spawnSync('hledger', ['-f', file, 'check', '-s'], { encoding: 'utf8' });
    expect(check.status, check.stderr).toBe(0);
    const bal = spawnSync('hledger', ['-f', file, 'bal', '-O', 'csv', '--no-total'], { encoding: 'utf8' });
    expect(bal.status, bal.stderr).toBe(0);
    const cents = new Map<string, number>();
    for (const line of bal.stdout.trim().split('\n').slice(1)) {
      const [account, amount] = line.split(',').map((f) => f.replace(/"/g, ''));
      cents.set(account!.split(' ')[0]!, Math.round(Number(amount!.replace(/[^0-9.-]/g, '')) * 100));
    }
    const paid = (m: string) => z.payments.find((p) => p.method === m)?.amountCents ?? 0;
    expect(cents.get('1000')).toBe(paid('cash') + d.cashIn - d.cashOut + z.cashDifferenceCents!); // the cash account moved as the drawer did
    expect(cents.get('1920')).toBe(paid('card'));
    expect(cents.get('1930')).toBe(paid('qr'));
    expect(cents.get('4910')).toBe(-z.roundingCents);
    expect(cents.get('4900')).toBe(-z.cashDifferenceCents!);
    for (const v of z.vat) {
      const [turnover, vat] = v.vatBp === 2100 ? ['8000', '1510'] : v.vatBp === 900 ? ['8010', '1520'] : ['8020', null];
      expect(cents.get(turnover)).toBe(-v.netCents);
      if (vat) expect(cents.get(vat)).toBe(-v.vatCents);
    }
  });

  it('a day of two shifts on one drawer: one opening float, the handover in between, and the whole day\'s difference at the Z', async () => {
    const cashSale = async (code: string) => {
      const s = await sell(ctx, { cashierId: anna, items: [parseItemSpec(code)], payments: [{ method: 'cash', amountCents: null }] }, null);
      return s.payments[0]!.amountCents;
    };
    // Anna: float 150.00, a cash sale, counted 2.00 short at 13:00.
    openShift(ctx, { cashierId: anna, floatCents: 15000 });
    now = new Date('2026-11-27T09:00:00.000Z');
    const morning = await cashSale('KOEK-001');
    now = new Date('2026-11-27T12:00:00.000Z');
    const annaCount = 15000 + morning - 200;
    expect(closeShift(ctx, { countedCents: annaCount }).differenceCents).toBe(-200);

    // The cash stays in the drawer: Bert takes over with Anna's count as his float.
    openShift(ctx, { cashierId: bert, floatCents: annaCount });
    now = new Date('2026-11-27T15:00:00.000Z');
    const afternoon = await cashSale('BROOD-002');
    const x = xReport(ctx);
    expect(x).toMatchObject({ cashFloatCents: 15000, cashHandoverCents: 0, cashExpectedCents: 15000 + morning + afternoon });
    // Counted 1.00 short at the Z: the day is 3.00 short, Anna's 2.00 included; Bert's float was not money the drawer should hold twice.
    const zCount = annaCount + afternoon - 100;
    const z = closeDay(ctx, { countedCents: zCount });
    expect(z).toMatchObject({ cashFloatCents: 15000, cashHandoverCents: 0, cashDifferenceCents: -300 });

    // Bert's shift went on through the Z: the next day starts with what the Z counted. He closes in the
    // morning; Anna opens with 150.00 (what was over 150.00 went to the safe). At noon her takings go to
    // the safe too, and Bert comes in with a fresh float of 100.00.
    now = new Date('2026-11-28T07:00:00.000Z');
    closeShift(ctx, { countedCents: zCount });
    openShift(ctx, { cashierId: anna, floatCents: 15000 });
    now = new Date('2026-11-28T09:00:00.000Z');
    const second = await cashSale('KOEK-001');
    now = new Date('2026-11-28T12:00:00.000Z');
    const count2 = 15000 + second + 50; // 0.50 over
    closeShift(ctx, { countedCents: count2 });
    openShift(ctx, { cashierId: bert, floatCents: 10000 });
    now = new Date('2026-11-28T15:00:00.000Z');
    const third = await cashSale('BROOD-002');
    const z2 = closeDay(ctx, { countedCents: 10000 + third });
    expect(z2).toMatchObject({
      businessDay: '2026-11-28',
      cashFloatCents: zCount,
      cashHandoverCents: 15000 - zCount + (10000 - count2), // the takings out, the new floats in
      cashExpectedCents: 15000 + second + third + 10000 - count2,
      cashDifferenceCents: 50, // Anna's 0.50 over is the day's
    });

    // On paper the cash block adds up: float + taken + handovers = expected.
    const paper = dayReportPaper(z2, { lang: 'nl', locale: 'nl-NL', width: 42, storeName: 'Test' }).join('\n');
    const euros = (c: number) => formatAmount(c, 'nl-NL', { symbol: false });
    expect(paper).toMatch(new RegExp(`Wisselgeld begin +${euros(zCount).replace('.', '\\.')}\\n`));
    expect(paper).toMatch(new RegExp(`Dienstwissels +${euros(z2.cashHandoverCents!).replace('.', '\\.')}\\n`));
    expect(paper).toMatch(new RegExp(`Kas verwacht +${euros(z2.cashExpectedCents).replace('.', '\\.')}\\n`));

    // In the books the handover is a transfer, like cash in and out: the cash account moves as the drawer did.
    const books = String(exportZReports(ctx, { format: 'csv', from: '2026-11-28', to: '2026-11-28', register: null }).data);
    const cashAccount = books
      .split('\n')
      .slice(1)
      .map((l) => l.split(','))
      .filter((f) => f[3] === '1000')
      .reduce((t, f) => t + Math.round(Number(f[5] || 0) * 100) - Math.round(Number(f[6] || 0) * 100), 0);
    expect(cashAccount).toBe(second + third + z2.cashHandoverCents! + 50);
  });

  it('after a Z new sales belong to the next business day, grand totals carry on, and an empty Z says so', async () => {
    openShift(ctx, { cashierId: anna, floatCents: 10000 });
    now = new Date('2026-11-27T10:00:00.000Z');
    const first = await sell(ctx, { cashierId: anna, items: [parseItemSpec('KOEK-001')], payments: [{ method: 'cash', amountCents: null }] }, null);
    expect(first.businessDay).toBe('2026-11-27');
    const z1 = closeDay(ctx);
    now = new Date('2026-11-27T16:00:00.000Z'); // same evening, after the Z
    const late = await sell(ctx, { cashierId: anna, items: [parseItemSpec('BROOD-002')], payments: [{ method: 'card', amountCents: null }] }, devices());
    expect(late.businessDay).toBe('2026-11-28');
    const x = xReport(ctx);
    // The shift went on through the Z: what the Z left in the drawer (not counted: expected) is the start.
    expect(x).toMatchObject({ businessDay: '2026-11-28', receipts: 1, grossCents: late.totalCents, cashFloatCents: z1.cashExpectedCents });
    expect(z1.cashExpectedCents).toBe(10000 + first.payments[0]!.amountCents);
    const z2 = closeDay(ctx);
    expect(z2).toMatchObject({ zNo: 2, businessDay: '2026-11-28', grandTotalSalesCents: z1.grossCents + late.totalCents });
    const z3 = closeDay(ctx);
    expect(z3).toMatchObject({ zNo: 3, receipts: 0, grossCents: 0, grandTotalSalesCents: z2.grandTotalSalesCents });
    expect(zReports(ctx, { from: '2026-11-01', to: '2026-11-30' }).map((z) => z.zNo)).toEqual([1, 2, 3]);
    expect(listSales(ctx, { from: '2026-11-28', to: '2026-11-28' }).map((s) => s.receiptNo)).toEqual([late.receiptNo]);
    expect(() => showZ(ctx, 4)).toThrow(/no Z report 4/);
  });

  it('sales reports read the Z summaries and the open day alike', async () => {
    openShift(ctx, { cashierId: anna, floatCents: 0 });
    now = new Date('2026-11-26T10:00:00.000Z');
    const a = await sell(ctx, { cashierId: anna, items: [parseItemSpec('2*KOEK-001')], payments: [{ method: 'cash', amountCents: null }] }, null);
    closeDay(ctx);
    now = new Date('2026-11-27T10:00:00.000Z');
    const b = await sell(ctx, { cashierId: anna, items: [parseItemSpec('KOEK-001'), parseItemSpec('BROOD-002')], payments: [{ method: 'card', amountCents: null }] }, devices());
    const byDay = salesReport(ctx, { from: '2026-11-01', to: '2026-11-30', by: 'day' });
    expect(byDay.rows.map((r) => [r.key, r.receipts, r.grossCents])).toEqual([
      ['2026-11-26', 1, a.totalCents],
      ['2026-11-27', 1, b.totalCents],
    ]);
    expect(byDay.openDays).toEqual(['2026-11-27']);
    expect(byDay.totals.grossCents).toBe(a.totalCents + b.totalCents);
    const byProduct = salesReport(ctx, { from: '2026-11-01', to: '2026-11-30', by: 'product', top: 1 });
    expect(byProduct.rows).toHaveLength(1);
    expect(byProduct.rows[0]).toMatchObject({ qtyMilli: 3000, receipts: 2 });
    expect(byProduct.rows[0]!.label).toMatch(/KOEK-001/);
    const byMonth = salesReport(ctx, { from: '2026-01-01', to: '2026-12-31', by: 'month' });
    expect(byMonth.rows.map((r) => r.key)).toEqual(['2026-11']);
    const byPayment = salesReport(ctx, { from: '2026-11-01', to: '2026-11-30', by: 'payment' });
    expect(Object.fromEntries(byPayment.rows.map((r) => [r.key, r.grossCents]))).toEqual({ cash: a.payments[0]!.amountCents, card: b.totalCents });
  });
});
