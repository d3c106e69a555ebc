/**
 * Upgrading a store that has Z reports made before migration 009: each old Z
 * is given the ids it covered (its register's sales, no-sales and cash
 * movements up to its business day), so the first X after the upgrade shows
 * only what came after the last Z, and the journal still verifies.
 */
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseItemSpec } from '../../src/core/receipt.js';
import { openDatabase } from '../../src/db/database.js';
import type { Clock, Ctx } from '../../src/services/context.js';
import { importProducts } from '../../src/services/import/import-products.js';
import { appendJournal, verifyJournal } from '../../src/services/journal.js';
import { closeDay, xReport } from '../../src/services/reports.js';
import { sell } from '../../src/services/sales.js';
import { addUser } from '../../src/services/users.js';
import { tempDir } from '../helpers/store.js';

const SRC = join(import.meta.dirname, '..', '..', 'src', 'db', 'migrations');
const DEMO = join(import.meta.dirname, '..', '..', 'fixtures', 'demo', 'catalogue.csv');
const t = tempDir();
afterAll(() => t.cleanup());

describe('migration 009 on a store with Z reports of 008', () => {
  it('backfills what each old Z covered; the next X and Z start after it', async () => {
    const migrations = join(t.dir, 'migrations');
    mkdirSync(migrations);
    for (const f of readdirSync(SRC).filter((f) => f < '009')) cpSync(join(SRC, f), join(migrations, f));
    const path = join(t.dir, 'old.db');
    let now = new Date('2026-11-26T10:00:00.000Z');
    const clock: Clock = { now: () => now };
    const old = openDatabase(path, { create: true, migrationsDir: migrations });
    const ctx8: Ctx = { db: old, clock };
    await importProducts(ctx8, DEMO);
    const anna = addUser(ctx8, { name: 'Anna', role: 'cashier', pin: '1234' }).id;
    const a = await sell(ctx8, { cashierId: anna, items: [parseItemSpec('KOEK-001')], payments: [{ method: 'cash', amountCents: null }] }, null);
    // The Z as version 008 stored it.
    old.transaction(() => {
      const e = appendJournal(ctx8, 'z.closed', { register: '1', zNo: 1, businessDay: '2026-11-26' });
      old
        .prepare(
          `INSERT INTO z_reports (register, z_no, business_day, from_day, closed_at, receipts, gross_cents, refunds_cents, grand_total_sales_cents, grand_total_refunds_cents, totals, journal_seq)
           VALUES ('1', 1, '2026-11-26', '2026-11-26', '2026-11-26T17:00:00.000Z', 1, ?, 0, ?, 0, ?, ?)`,
        )
        .run(a.totalCents, a.totalCents, JSON.stringify({ cashExpectedCents: 0, cashCountedCents: null }), e.seq);
    })();
    now = new Date('2026-11-27T10:00:00.000Z');
    const b = await sell(ctx8, { cashierId: anna, items: [parseItemSpec('2*KOEK-001')], payments: [{ method: 'cash', amountCents: null }] }, null);
    old.close();

    const db = openDatabase(path); // the real migrations, 009 included
    const ctx: Ctx = { db, clock };
    const firstId = (db.prepare("SELECT id FROM sales WHERE register = '1' AND receipt_no = 1").get() as { id: number }).id;
    expect(db.prepare('SELECT sales_upto AS s FROM z_reports WHERE z_no = 1').get()).toEqual({ s: firstId });
    // Its per-day totals, from what 008 kept.
    expect(db.prepare('SELECT business_day AS d, receipts, gross_cents AS g FROM z_day_totals').all()).toEqual([{ d: '2026-11-26', receipts: 1, g: a.totalCents }]);
    expect(xReport(ctx)).toMatchObject({ receipts: 1, grossCents: b.totalCents, businessDay: '2026-11-27' });
    expect(closeDay(ctx)).toMatchObject({ zNo: 2, receipts: 1, grandTotalSalesCents: a.totalCents + b.totalCents });
    expect(verifyJournal(ctx).ok).toBe(true);
    db.close();
  });
});
