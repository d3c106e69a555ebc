import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { businessDayOf, parseItemSpec } from '../../src/core/receipt.js';
import { importProducts } from '../../src/services/import/import-products.js';
import { verifyJournal } from '../../src/services/journal.js';
import { findProduct } from '../../src/services/products.js';
import { completeCashSale, showSale } from '../../src/services/sales.js';
import { addUser } from '../../src/services/users.js';
import { snapshot, tempStore } from '../helpers/store.js';

const DEMO = join(import.meta.dirname, '..', '..', 'fixtures', 'demo', 'catalogue.csv');
let store: ReturnType<typeof tempStore>;
let cashierId: number;
beforeEach(async () => {
  store = tempStore();
  await importProducts(store.ctx, DEMO);
  cashierId = addUser(store.ctx, { name: 'Sanne', role: 'cashier', pin: '4821' }).id;
});
afterEach(() => store.cleanup());

const items = (...specs: string[]) => specs.map(parseItemSpec);
const sell = (specs: string[], tenderedCents: number | null = null) =>
  completeCashSale(store.ctx, { cashierId, items: items(...specs), payments: [{ method: 'cash', tenderedCents }] });

describe('a cash sale', () => {
  it('commits the sale, its lines, payment, stock movements and journal entry together', () => {
    const before = findProduct(store.ctx, 'BROOD-002')!.stockMilli;
    const s = sell(['8712439011619', '2*BROOD-002', '0.350*KAAS-001'], 2000);
    expect(s).toMatchObject({ receiptNo: 'R1-000001', register: '1', businessDay: '2026-11-27', totalCents: 1042, roundingCents: -2, changeCents: 960 });
    expect(s.lines.map((l) => [l.code, l.qtyMilli, l.lineTotalCents])).toEqual([
      ['8712439011619', 1000, 329],
      ['BROOD-002', 2000, 190],
      ['KAAS-001', 350, 523],
    ]);
    expect(s.vat).toEqual([{ vatBp: 900, grossCents: 1042, netCents: 956, vatCents: 86 }]);
    expect(s.payments).toEqual([{ method: 'cash', amountCents: 1040, tenderedCents: 2000, changeCents: 960, reference: null, brand: null, maskedPan: null, authCode: null }]);
    expect(findProduct(store.ctx, 'BROOD-002')!.stockMilli).toBe(before - 2000);
    expect(showSale(store.ctx, 'R1-000001')).toEqual(s);
    expect(verifyJournal(store.ctx)).toMatchObject({ ok: true });
  });

  it('receipt numbers run gapless per register', () => {
    sell(['KOEK-001']);
    sell(['KOEK-001']);
    const other = completeCashSale(store.ctx, { register: '2', cashierId, items: items('KOEK-001'), payments: [{ method: 'cash', tenderedCents: null }] });
    expect(other.receiptNo).toBe('R2-000001');
    expect(sell(['KOEK-001']).receiptNo).toBe('R1-000003');
  });

  it.each([
    ['not enough cash', ['KOEK-001'], 200, /not enough/],
    ['an unknown product', ['NOPE'], null, /no product/],
    ['a weighed product without a weight', ['KAAS-001'], null, /sold by weight/],
    ['half a piece', ['0.5*KOEK-001'], null, /per piece/],
  ])('%s is refused and the store stays exactly as it was', (_why, specs, tendered, error) => {
    const before = snapshot(store.db, ['products', 'stock_movements', 'sales', 'sale_lines', 'payments', 'journal', 'receipt_counters']);
    expect(() => sell(specs as string[], tendered as number | null)).toThrow(error as RegExp);
    expect(snapshot(store.db, ['products', 'stock_movements', 'sales', 'sale_lines', 'payments', 'journal', 'receipt_counters'])).toBe(before);
  });

  it('audit verify notices a receipt number that went missing', () => {
    sell(['KOEK-001']);
    sell(['KOEK-001']);
    sell(['KOEK-001']);
    const raw = new Database(store.path);
    raw.pragma('foreign_keys = OFF');
    raw.exec("DELETE FROM payments WHERE sale_id = 2; DELETE FROM sale_lines WHERE sale_id = 2; DELETE FROM sales WHERE id = 2");
    raw.close();
    expect(verifyJournal(store.ctx)).toMatchObject({ ok: false, problem: { check: 'receipts' } });
    expect(verifyJournal(store.ctx).problem!.message).toContain('register 1 has 2 receipts numbered 1 to 3');
  });
});

describe('business days', () => {
  it.each([
    ['2026-11-27T03:59:00', 4, '2026-11-26'],
    ['2026-11-27T04:00:00', 4, '2026-11-27'],
    ['2026-11-27T23:59:00', 4, '2026-11-27'],
    ['2026-11-27T00:30:00', 0, '2026-11-27'],
  ])('a sale at %s local, days from %i:00 → %s', (local, hour, day) => {
    expect(businessDayOf(new Date(local), hour)).toBe(day);
  });

  it.each([
    ['2026-10-25T02:30:00.000Z', '2026-10-24'], // 03:30 after the clocks went back: before the 04:00 start
    ['2026-10-25T03:30:00.000Z', '2026-10-25'], // 04:30
    ['2026-03-29T02:30:00.000Z', '2026-03-29'], // 04:30 after the clocks went forward
    ['2026-03-29T01:30:00.000Z', '2026-03-28'], // 03:30
  ])('in Amsterdam on the nights the clocks change, %s with days from 04:00 → %s', (iso, day) => {
    const tz = process.env.TZ;
    process.env.TZ = 'Europe/Amsterdam';
    try {
      expect(businessDayOf(new Date(iso), 4)).toBe(day);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });
});
