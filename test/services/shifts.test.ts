import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseItemSpec } from '../../src/core/receipt.js';
import { importProducts } from '../../src/services/import/import-products.js';
import { journalLog, verifyJournal } from '../../src/services/journal.js';
import { completeCashSale } from '../../src/services/sales.js';
import { closeShift, moveCash, openShift } from '../../src/services/shifts.js';
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

describe('shifts', () => {
  it('expected cash is float + cash sales (as rounded) + in − out; the difference is recorded', () => {
    openShift(store.ctx, { cashierId, floatCents: 15000 });
    completeCashSale(store.ctx, { cashierId, items: [parseItemSpec('KOEK-001')], payments: [{ method: 'cash', tenderedCents: 500 }] }); // 2.19 → 2.20
    moveCash(store.ctx, { direction: 'in', amountCents: 5000, reason: 'wisselgeld van de bank' });
    moveCash(store.ctx, { direction: 'out', amountCents: 2000, reason: 'naar de kluis' });
    const closed = closeShift(store.ctx, { countedCents: 18210 });
    expect(closed).toMatchObject({ floatCents: 15000, cashSalesCents: 220, cashInCents: 5000, cashOutCents: 2000, expectedCents: 18220, countedCents: 18210, differenceCents: -10 });
    expect(closed.closedAt).not.toBeNull();
    const types = [...journalLog(store.ctx)].map((e) => e.type).filter((t) => /^(shift|cash)\./.test(t));
    expect(types).toEqual(['shift.opened', 'cash.in', 'cash.out', 'shift.closed']);
    expect(verifyJournal(store.ctx).ok).toBe(true);
  });

  it('one open shift per register; no cash movements or close without one', () => {
    openShift(store.ctx, { cashierId, floatCents: 0 });
    expect(() => openShift(store.ctx, { cashierId, floatCents: 0 })).toThrow(/already has an open shift/);
    expect(openShift(store.ctx, { cashierId, floatCents: 100, register: '2' }).register).toBe('2');
    closeShift(store.ctx, { countedCents: 0 });
    const before = snapshot(store.db, ['shifts', 'cash_movements', 'journal']);
    expect(() => moveCash(store.ctx, { direction: 'out', amountCents: 100, reason: 'x' })).toThrow(/no open shift/);
    expect(() => closeShift(store.ctx, { countedCents: 0 })).toThrow(/no open shift/);
    expect(snapshot(store.db, ['shifts', 'cash_movements', 'journal'])).toBe(before);
  });

  it.each([
    [{ direction: 'out' as const, amountCents: 0, reason: 'x' }, /more than zero/],
    [{ direction: 'in' as const, amountCents: 100, reason: '  ' }, /need a reason/],
  ])('refuses %j', (input, error) => {
    openShift(store.ctx, { cashierId, floatCents: 0 });
    expect(() => moveCash(store.ctx, input)).toThrow(error);
  });
});
